/**
 * A BLT Dana Desa candidate list built from the SIPP simulator's people, as a facilitator would
 * send it to /cekmassal (CSV or XLSX): people in P3KE of several desil, with and without
 * bantuan, people with bantuan but not in P3KE, people in neither, an invalid NIK, a
 * duplicate, a NIK a spreadsheet turned into 3.51401E+15 and one that lost a digit.
 * Simulated people only; deterministic for a dataset.
 */
import { Workbook } from "@cj-tech-master/excelts";
import { DUSUN } from "./sipp-catalog.js";
import { personName } from "./sipp-people.js";
import { Rng } from "./random.js";
import type { P3keRecord, SippDataset } from "./sipp-records.js";

export type SampleRowKind = "p3ke" | "bantuan-only" | "unknown" | "invalid" | "duplicate" | "scientific" | "digits-lost";

export interface SampleListRow {
  no: number;
  nama: string;
  /** The person's true NIK (for "digits-lost" and "scientific": the NIK before the spreadsheet damaged it). */
  nik: string;
  /** What the NIK cell holds as text: the NIK, or its damaged form ("3.51401E+15", 15 digits). */
  nikText: string;
  alamat: string;
  dusunRt: string;
  keterangan: string;
  kind: SampleRowKind;
  /** For "duplicate": the `no` of the row it repeats. */
  duplicateOf?: number;
}

export const SAMPLE_LIST_HEADER = ["No", "Nama", "NIK", "Alamat", "Dusun/RT", "Keterangan"] as const;

const KETERANGAN = ["Calon BLT DD 2027", "Usulan musdes", "Lansia tunggal", "Disabilitas", "Usulan RT", ""] as const;

/** Excel's General format for a 16-digit number: six significant digits. */
function scientific(nik: string): string {
  return `${Number(nik).toExponential(5).replace(/\.?0+e/, "e").replace("e+", "E+")}`;
}

/** A structurally valid NIK (Bangil, born 1 Jan of `year`) that is neither in P3KE nor in the bantuan data. */
function outsideNik(taken: ReadonlySet<string>, year: number, serial: number): string {
  for (let s = serial; s < 10_000; s++) {
    const nik = `351414${"0101"}${String(year % 100).padStart(2, "0")}${String(s).padStart(4, "0")}`;
    if (!taken.has(nik)) return nik;
  }
  throw new Error("sample list: no free NIK");
}

/**
 * The rows of the list. The first rows are the interesting ones (one of each kind); with
 * `rows` above that, more P3KE people follow, then structurally valid NIKs outside P3KE, so
 * a 10,000-row list exists for any dataset.
 */
export function sampleListRows(ds: SippDataset, opts: { rows?: number } = {}): SampleListRow[] {
  const rng = new Rng(ds.seed ^ 0x5eed);
  const withBantuan = new Set(ds.bantuan.map((b) => b.nik));
  const inP3ke = new Set(ds.p3ke.map((r) => r.nik));
  const taken = new Set([...inP3ke, ...withBantuan]);
  const desaName = new Map(ds.desa.map((d) => [d.kode_kemdagri, `DESA ${d.nama}, KEC. ${d.kecamatan}`]));
  const out: SampleListRow[] = [];
  const used = new Set<string>();
  const push = (r: Omit<SampleListRow, "no" | "keterangan" | "nikText"> & { nikText?: string }): void => {
    out.push({ ...r, no: out.length + 1, nikText: r.nikText ?? r.nik, keterangan: KETERANGAN[out.length % KETERANGAN.length]! });
    used.add(r.nik);
  };
  const fromP3ke = (p: P3keRecord, kind: SampleRowKind = "p3ke", nikText?: string): void => {
    push({ nama: p.nama, nik: p.nik, alamat: desaName.get(p.kode_kemdagri) ?? "", dusunRt: p.alamat, kind, ...(nikText === undefined ? {} : { nikText }) });
  };
  const someoneElse = (nik: string, kind: SampleRowKind): void => {
    const desa = rng.pick(ds.desa);
    push({ nama: personName(rng, rng.chance(0.5)), nik, alamat: `DESA ${desa.nama}, KEC. ${desa.kecamatan}`, dusunRt: `DUSUN ${rng.pick(DUSUN)} RT 00${rng.int(1, 9)} RW 00${rng.int(1, 5)}`, kind });
  };

  // Heads of families first: a BLT list names one person per household. Per desil, one with bantuan and one without.
  const heads = ds.p3ke.filter((p) => p.hubungan_dengan_kepala_keluarga === "Kepala Keluarga");
  for (const desil of [1, 2, 3, 4, 5, 6]) {
    for (const wants of [false, true]) {
      const p = heads.find((h) => h.desil_kesejahteraan === desil && withBantuan.has(h.nik) === wants && !used.has(h.nik));
      if (p) fromP3ke(p);
    }
  }
  const bantuanOnly = [...withBantuan].filter((n) => !inP3ke.has(n)).slice(0, 2);
  for (const nik of bantuanOnly) someoneElse(nik, "bantuan-only");
  someoneElse(outsideNik(taken, 1990, 9001), "unknown");
  someoneElse(outsideNik(taken, 1975, 9101), "unknown");
  someoneElse("3514013213900001", "invalid"); // day 32, month 13
  const first = out[0];
  if (first) push({ nama: first.nama, nik: first.nik, alamat: first.alamat, dusunRt: first.dusunRt, kind: "duplicate", duplicateOf: first.no });
  const rest = ds.p3ke.filter((p) => !used.has(p.nik));
  const sci = rest.shift();
  if (sci) fromP3ke(sci, "scientific", scientific(sci.nik));
  const lost = rest.shift();
  if (lost) fromP3ke(lost, "digits-lost", lost.nik.slice(0, 15));

  const total = opts.rows ?? out.length;
  for (const p of rest) {
    if (out.length >= total) break;
    fromP3ke(p);
  }
  for (let i = 0; out.length < total; i++) {
    const year = 1950 + (i % 50);
    someoneElse(outsideNik(taken, year, 1 + Math.floor(i / 50)), "unknown");
  }
  return out.slice(0, total);
}

const cells = (r: SampleListRow): string[] => [String(r.no), r.nama, r.nikText, r.alamat, r.dusunRt, r.keterangan];

/** The list as a CSV a spreadsheet saves: UTF-8 with BOM, `;` by default (Excel with Indonesian settings), CRLF. */
export function sampleListCsv(rows: readonly SampleListRow[], opts: { delimiter?: "," | ";" } = {}): Buffer {
  const d = opts.delimiter ?? ";";
  const field = (s: string): string => (s.includes(d) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [SAMPLE_LIST_HEADER.map(field).join(d), ...rows.map((r) => cells(r).map(field).join(d))];
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/**
 * The list as an XLSX: NIKs typed as text, except the "scientific" row, whose NIK was typed
 * as a number (Excel keeps 15 digits of it and shows 3.51401E+15), and the "digits-lost" row.
 */
export async function sampleListXlsx(rows: readonly SampleListRow[], opts: { sheetName?: string } = {}): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = "pantau simulator";
  const ws = wb.addWorksheet(opts.sheetName ?? "Calon BLT");
  ws.addRow([...SAMPLE_LIST_HEADER]);
  for (const r of rows) {
    const nik: string | number = r.kind === "scientific" ? Number(r.nik.slice(0, 15)) * 10 : r.kind === "digits-lost" ? Number(r.nikText) : r.nikText;
    ws.addRow([r.no, r.nama, nik, r.alamat, r.dusunRt, r.keterangan]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
