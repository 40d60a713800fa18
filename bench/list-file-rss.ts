/**
 * Peak memory of the /cekmassal list file side on a 10,000-row XLSX (SPEC figure 6, second
 * half): a fresh process reads the upload (readListFile) and writes the result
 * (writeResultFile). Prints one JSON line; the figure runner may spawn it, or run it by hand:
 *
 *   npx tsx bench/list-file-rss.ts [rows]
 *
 * RSS is the whole process (Node, tsx's transpiler, the modules): `baselineMb` is after the
 * imports, `peakMb` the operating system's maximum resident set size at the end.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readListFile, writeResultFile } from "../src/bulk/list-file.js";
import { generateSippData } from "../sim/sipp-data.js";
import { sampleListRows, sampleListXlsx } from "../sim/sipp-sample-list.js";

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

export interface ListFileRss {
  rows: number;
  fileMb: number;
  baselineMb: number;
  peakMb: number;
  ms: number;
}

/** In the child: read, write a result with eight added columns, report. */
async function child(path: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  const started = performance.now();
  const bytes = readFileSync(path);
  const table = await readListFile(bytes, "daftar.xlsx");
  const added = { headers: ["Status", "Di P3KE", "Desa", "Kecamatan", "Desil", "Jumlah bantuan", "OPD", "Tanda"] };
  const result = table.rows.map((r, i) => ({
    nikMasked: "3514********0001",
    extra: ["valid", "ya", "PAREREJO", "PURWODADI", String(1 + (i % 6)), "2", "DINAS SOSIAL; DINAS KESEHATAN", i % 3 === 0 ? "desil 1–2 tanpa bantuan" : ""],
    highlight: i % 3 === 0,
  }));
  const out = await writeResultFile(table, added, result);
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  const report: ListFileRss = { rows: table.rows.length, fileMb: mb(bytes.length), baselineMb: mb(baseline), peakMb: mb(peak), ms: Math.round(ms) };
  if (out.bytes.length === 0) throw new Error("empty result");
  console.log(JSON.stringify(report));
}

/** Builds the list in this process, measures in a fresh one. */
export async function measureListFileRss(rows = 10_000): Promise<ListFileRss> {
  const dir = mkdtempSync(join(tmpdir(), "pantau-listrss-"));
  try {
    const ds = generateSippData({ seed: 42, kecamatan: ["01", "14"], desaPerKecamatan: [3, 4], peoplePerDesa: [30, 60] });
    const path = join(dir, "daftar.xlsx");
    writeFileSync(path, await sampleListXlsx(sampleListRows(ds, { rows })));
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ["--import", "tsx", self, "--child", path], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as ListFileRss;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--child") await child(process.argv[3]!);
  else console.log(JSON.stringify(await measureListFileRss(Number(process.argv[2] ?? 10_000))));
}
