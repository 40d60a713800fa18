import { describeMachine, type MachineInfo } from "./machine.js";
import { round } from "./stats.js";
import { goalMet, ratioOf, type FigureOutcome, type Goal, type Row } from "./types.js";

export interface FigureRecord {
  id: string;
  title: string;
  /** the goals in words, shown for figures that were not measured */
  goal?: string;
  seconds: number;
  /** 1-minute load average when the figure started */
  load: number;
  outcome: FigureOutcome;
  /** which of the run's repetitions of this figure (1-based), and how many there were */
  repetition?: { n: number; of: number };
}

/** " (run 2 of 2)" when a figure was measured more than once in the run. */
function repetitionText(f: FigureRecord): string {
  return f.repetition && f.repetition.of > 1 ? ` (run ${f.repetition.n} of ${f.repetition.of})` : "";
}

export interface RunRecord {
  date: string;
  mode: "quick" | "full";
  machine: MachineInfo;
  /** os.loadavg() when the run started: other work on the machine skews timings */
  loadAtStart: number[];
  figures: FigureRecord[];
}

export function formatNumber(v: number): string {
  return round(v).toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function withUnit(v: number, unit: string): string {
  return unit === "" ? formatNumber(v) : `${formatNumber(v)} ${unit}`;
}

function goalText(g: Goal): string {
  const op = g.op === "<=" ? "≤" : "≥";
  return g.on === "ratio" ? `ratio ${op} ${formatNumber(g.limit)}` : `${op} ${withUnit(g.limit, g.unit ?? "")}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

function rowCells(r: Row, f: FigureRecord, machine: string, date: string): string[] {
  const ratio = ratioOf(r);
  const met = goalMet(r);
  return [
    `${r.id} ${r.label}${repetitionText(f)}`,
    withUnit(r.value, r.unit),
    r.reference ? `${withUnit(r.reference.value, r.reference.unit)} (${r.reference.what})` : "—",
    ratio === undefined ? "—" : formatNumber(ratio),
    r.goal ? `${goalText(r.goal)} — ${met ? "met" : "**missed**"}` : "—",
    f.load.toFixed(2),
    machine,
    date,
  ];
}

/** bench/results.md: the table the issue asks for, then how each figure was measured and what bounds it. */
export function renderMarkdown(run: RunRecord): string {
  const machine = describeMachine(run.machine);
  const rows: string[][] = [];
  for (const f of run.figures) {
    if (f.outcome.status === "measured") {
      for (const r of f.outcome.rows) rows.push(rowCells(r, f, machine, run.date));
    } else {
      rows.push([`${f.id} ${f.title}${repetitionText(f)}`, `not measured: ${f.outcome.reason}`, "—", "—", f.goal ?? "—", f.load.toFixed(2), machine, run.date]);
    }
  }
  const out: string[] = [
    "# pantau benchmark results",
    "",
    `Written by \`npm run bench${run.mode === "quick" ? " -- --quick" : ""}\` (${run.mode} run) on ${run.date}.`,
    `Machine: ${run.machine.cpuModel}, ${run.machine.cores} logical cores, ${run.machine.memoryGiB} GiB, ` +
      `Node ${run.machine.node}, ${run.machine.os}. Load average at the start: ${run.loadAtStart.map((l) => l.toFixed(2)).join(" / ")} (1 / 5 / 15 min) — ` +
      "anything else running on the machine shows in the figures.",
    "",
    "Every reference is measured in the same run as its value; ratio = value ÷ reference. " +
      "The simulators (sim/) run in the runner's process; each bot runs in a child process of its own " +
      "(bench/lib/bot-host.ts), so bot and simulators do not share an event loop. " +
      "Benchmarks are not tests: `npm test` asserts no timings. A full run measures every figure twice " +
      "(`--repeat`), one after the other, so that the spread shows; Load is the 1-minute load average when that measurement started.",
    "",
    renderTable(["Figure", "Value", "Reference", "Ratio", "Goal", "Load", "Machine", "Date"], rows),
  ];
  for (const f of run.figures) {
    out.push("", `## ${f.id}. ${f.title}${repetitionText(f)}`, "");
    const o = f.outcome;
    if (o.status === "not measured") {
      out.push(`Not measured: ${o.reason}`);
      if (o.method?.length) out.push("", ...o.method.map((m) => `- ${m}`));
      continue;
    }
    out.push("How it is measured:", "", ...o.method.map((m) => `- ${m}`));
    out.push("", "What bounds it:", "", ...o.bounds.map((b) => `- ${b}`));
    if (o.notes?.length) out.push("", "Notes:", "", ...o.notes.map((n) => `- ${n}`));
    out.push("", `(${formatNumber(f.seconds)} s; load average ${f.load.toFixed(2)} at the start of the figure)`);
  }
  return out.join("\n") + "\n";
}

/** bench/results.json: the same, machine-readable, with each row's ratio and goal outcome. */
export function renderJson(run: RunRecord): string {
  const figures = run.figures.map((f) => {
    const o = f.outcome;
    if (o.status === "not measured") return { id: f.id, title: f.title, goal: f.goal, status: o.status, reason: o.reason };
    return {
      id: f.id,
      title: f.title,
      ...(f.repetition ? { repetition: f.repetition } : {}),
      status: o.status,
      seconds: round(f.seconds),
      load: round(f.load),
      rows: o.rows.map((r) => {
        const ratio = ratioOf(r);
        return {
          ...r,
          value: round(r.value),
          ...(r.reference ? { reference: { ...r.reference, value: round(r.reference.value) } } : {}),
          ...(ratio === undefined ? {} : { ratio: Math.round(ratio * 1000) / 1000 }),
          ...(r.goal ? { met: goalMet(r) } : {}),
        };
      }),
      method: o.method,
      bounds: o.bounds,
      ...(o.notes ? { notes: o.notes } : {}),
      ...(o.details ? { details: o.details } : {}),
    };
  });
  return JSON.stringify({ date: run.date, mode: run.mode, machine: run.machine, loadAtStart: run.loadAtStart.map(round), figures }, null, 2) + "\n";
}
