/**
 * `npm run bench` — measures the figures of docs/architecture.md#simulators-and-benchmarks on the simulators, each against its
 * reference in the same run, and writes bench/results.md and bench/results.json.
 *
 *   npm run bench                 full run (a few minutes)
 *   npm run bench -- --quick      short run (well under a minute)
 *   npm run bench -- --repeat 3   each figure measured 3 times (default: 2 in a full run, 1 quick)
 *   npm run bench -- --only 1,3   only these figures; printed, results files left alone
 *   npm run bench -- --profile    bot processes write V8 CPU profiles to bench/tmp/profiles/
 *
 * Benchmarks are not tests: nothing here fails on a missed goal.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as fig1 from "./figures/fig1.js";
import * as fig2 from "./figures/fig2.js";
import * as fig3 from "./figures/fig3.js";
import * as fig4 from "./figures/fig4.js";
import * as fig5 from "./figures/fig5.js";
import * as fig6 from "./figures/fig6.js";
import { describeMachine, machineInfo, runDate } from "./lib/machine.js";
import { formatNumber, renderJson, renderMarkdown, renderTable, type FigureRecord, type RunRecord } from "./lib/report.js";
import { goalMet, ratioOf, type Figure, type FigureOutcome } from "./lib/types.js";

const FIGURES: Figure[] = [fig1, fig2, fig3, fig4, fig5, fig6];
const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
/** What follows this line in results.md is written by hand (analysis, what was tried): a run keeps it. */
const NOTES_MARK = "<!-- hand-written notes below: kept by npm run bench -->";

function keptNotes(file: string): string {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const at = text.indexOf(NOTES_MARK);
  return at < 0 ? "" : "\n" + text.slice(at);
}

interface Args {
  quick: boolean;
  only?: Set<string>;
  profile: boolean;
  repeat?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") args.quick = true;
    else if (a === "--profile") args.profile = true;
    else if (a === "--repeat" || a.startsWith("--repeat=")) {
      const n = Number(a.includes("=") ? a.slice("--repeat=".length) : argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error("--repeat needs a whole number ≥ 1");
      args.repeat = n;
    }
    else if (a === "--only" || a.startsWith("--only=")) {
      const list = a.includes("=") ? a.slice("--only=".length) : argv[++i];
      if (!list) throw new Error("--only needs a list of figure ids, e.g. --only 1,3");
      args.only = new Set(list.split(",").map((s) => s.trim()));
    } else throw new Error(`unknown argument ${a} (use --quick, --only 1,3, --repeat N, --profile)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const figures = FIGURES.filter((f) => !args.only || args.only.has(f.id));
  const machine = machineInfo();
  const date = runDate();
  const loadAtStart = loadavg();
  const scratch = mkdtempSync(join(tmpdir(), "pantau-bench-"));
  const profileDir = args.profile ? join(BENCH_DIR, "tmp", "profiles") : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  console.log(`pantau bench (${args.quick ? "quick" : "full"}) — ${describeMachine(machine)} — ${date} — load ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}`);

  const records: FigureRecord[] = [];
  let failed = false;
  // Twice in a full run: one measurement shows no margin (docs in bench/results.md).
  const repeat = args.repeat ?? (args.quick ? 1 : 2);
  try {
    for (const f of figures) for (let n = 1; n <= repeat; n++) {
      console.log(`\n[${f.id}] ${f.title}${repeat > 1 ? ` — run ${n} of ${repeat}` : ""}`);
      const dir = join(scratch, `fig${f.id}-${n}`);
      mkdirSync(dir, { recursive: true });
      const started = performance.now();
      const load = loadavg()[0]!;
      let outcome: FigureOutcome;
      try {
        outcome = await f.run({ quick: args.quick, scratchDir: dir, profileDir, log: (l) => console.log(l) });
      } catch (e) {
        failed = true;
        console.error(e);
        outcome = { status: "not measured", reason: `the measurement failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
      }
      const seconds = (performance.now() - started) / 1000;
      records.push({ id: f.id, title: f.title, goal: f.goal, seconds, load, outcome, repetition: { n, of: repeat } });
      if (outcome.status === "not measured") console.log(`  not measured: ${outcome.reason}`);
      else {
        for (const r of outcome.rows) {
          const ratio = ratioOf(r);
          const met = goalMet(r);
          console.log(
            `  ${r.id} ${r.label}: ${formatNumber(r.value)} ${r.unit}` +
              (ratio === undefined ? "" : ` (ratio ${formatNumber(ratio)})`) +
              (met === undefined ? "" : met ? " — goal met" : " — GOAL MISSED"),
          );
        }
        if (args.only) for (const b of [...outcome.bounds, ...(outcome.notes ?? [])]) console.log(`  · ${b}`);
      }
      console.log(`  (${formatNumber(seconds)} s)`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const run: RunRecord = { date, mode: args.quick ? "quick" : "full", machine, loadAtStart, figures: records };
  if (args.only) {
    console.log("\n--only: results files not written.");
  } else {
    const results = join(BENCH_DIR, "results.md");
    writeFileSync(results, renderMarkdown(run) + keptNotes(results));
    writeFileSync(join(BENCH_DIR, "results.json"), renderJson(run));
    console.log(`\nWrote bench/results.md and bench/results.json.`);
  }
  const summary = records.map((r) => [r.id, r.title, r.outcome.status === "measured" ? `${r.outcome.rows.filter((x) => goalMet(x) === false).length} missed` : r.outcome.status]);
  console.log("\n" + renderTable(["Figure", "Title", "Goals"], summary));
  if (profileDir) console.log(`CPU profiles in ${profileDir}`);
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
