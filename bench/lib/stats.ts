/** Summary statistics for timing samples (milliseconds unless said otherwise). */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The p-th percentile (0–100) of `values`, by linear interpolation between the closest
 * ranks (numpy's default, "type 7"). Throws on an empty list: a figure without samples
 * is a measuring error, not a zero.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summary of no samples");
  let sum = 0;
  for (const v of values) sum += v;
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: Math.max(...values),
    mean: sum / values.length,
  };
}

/** Rounds for reports: 2 decimals below 10, 1 below 100, integers above. */
export function round(v: number): number {
  const abs = Math.abs(v);
  const digits = abs < 10 ? 2 : abs < 100 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function roundSummary(s: Summary): Summary {
  return {
    n: s.n,
    min: round(s.min),
    p50: round(s.p50),
    p95: round(s.p95),
    p99: round(s.p99),
    max: round(s.max),
    mean: round(s.mean),
  };
}
