/** The contract between the runner (bench/run.ts) and the figures (bench/figures/figN.ts). */

export interface RunOptions {
  /** `--quick`: fewer samples, one repetition; for a smoke run well under a minute. */
  quick: boolean;
  /** Scratch directory for databases etc.; the runner removes it at the end. */
  scratchDir: string;
  /** When set (`--profile`), bot child processes write V8 CPU profiles here. */
  profileDir?: string;
  /** Progress lines for the console (not part of the results). */
  log(line: string): void;
}

/** A goal on a row's value or on its ratio (value ÷ reference). */
export interface Goal {
  on: "value" | "ratio";
  op: "<=" | ">=";
  limit: number;
  /** unit of the limit when `on` is "value" */
  unit?: string;
}

export interface Reference {
  /** what the value is compared with, e.g. "SIPP time p50" */
  what: string;
  value: number;
  unit: string;
}

export interface Row {
  /** "1a", "1b", … */
  id: string;
  label: string;
  value: number;
  unit: string;
  reference?: Reference;
  goal?: Goal;
}

export interface Measured {
  status: "measured";
  rows: Row[];
  /** how the figure was measured, one sentence per entry */
  method: string[];
  /** what bounds the figure (the answer to "why is it this number and not better") */
  bounds: string[];
  notes?: string[];
  /** raw numbers for results.json (distributions, counts, per-repetition values) */
  details?: Record<string, unknown>;
}

export interface NotMeasured {
  status: "not measured";
  reason: string;
  method?: string[];
}

export type FigureOutcome = Measured | NotMeasured;

export interface Figure {
  id: string;
  title: string;
  /** the goals in words (shown when the figure could not be measured) */
  goal: string;
  run(opts: RunOptions): Promise<FigureOutcome>;
}

/** value ÷ reference, when there is a reference. */
export function ratioOf(row: Row): number | undefined {
  if (!row.reference || row.reference.value === 0) return undefined;
  return row.value / row.reference.value;
}

export function goalMet(row: Row): boolean | undefined {
  if (!row.goal) return undefined;
  const x = row.goal.on === "value" ? row.value : ratioOf(row);
  if (x === undefined) return undefined;
  return row.goal.op === "<=" ? x <= row.goal.limit : x >= row.goal.limit;
}
