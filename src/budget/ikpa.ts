/**
 * IKPA score from one OMSPAN IK row (docs/domain.md, IKPA).
 *
 * The rows carry their own weights (`BBT_IND_*`), which change with the period and the rule
 * version, so the score is computed from the weights IN THE ROW, never from a fixed table:
 *
 *   score  = Σ IK_x × BBT_x / Σ BBT_x     over x with BBT_x > 0 and IK_x present (0–100)
 *   loss_x = (100 − IK_x) × BBT_x / Σ BBT_x
 *
 * rounded to two decimals (half up), then classified. No deduction is applied (the rows carry
 * none); Dispensasi SPM with weight 0 is shown for information only. The result is "dihitung
 * dari data OMSPAN": the official figure may differ.
 *
 * Arithmetic is done in integers (values in millionths, so a value with more decimals than the
 * usual two enters unrounded) so that 4238.96 / 75 gives exactly 56.52.
 */
import { INDICATORS, type IndicatorDef, type IndicatorId, type IkRow } from "../domain/budget.js";

export type IkpaKategori = "Sangat Baik" | "Baik" | "Cukup" | "Kurang";

/** Sangat Baik ≥ 95, Baik 89–<95, Cukup 70–<89, Kurang < 70 (on the rounded score). */
export function kategoriIkpa(score: number): IkpaKategori {
  if (score >= 95) return "Sangat Baik";
  if (score >= 89) return "Baik";
  if (score >= 70) return "Cukup";
  return "Kurang";
}

/** Rank of a category, higher is better (for "category dropped" alerts). */
export function kategoriRank(k: IkpaKategori): number {
  return k === "Sangat Baik" ? 3 : k === "Baik" ? 2 : k === "Cukup" ? 1 : 0;
}

export interface IndicatorResult {
  id: IndicatorId;
  label: string;
  nilai?: number;
  bobot: number;
  /** Counted in the score: weight > 0 and a value within 0–100. */
  counted: boolean;
  /** Why not counted. */
  reason?: "zero_weight" | "no_value" | "out_of_range";
  /** Points lost, 2 decimals (counted indicators only). */
  loss?: number;
}

export interface IkpaResult {
  periode: number;
  /** 0–100, two decimals; undefined when no indicator counts. */
  score?: number;
  kategori?: IkpaKategori;
  /** Σ of the weights that counted. */
  totalBobot: number;
  /** Every known indicator, in INDICATORS order. */
  indicators: IndicatorResult[];
  /** Counted indicators that lost points, largest loss first (ties: larger weight, then label). */
  losses: { id: IndicatorId; label: string; nilai: number; bobot: number; loss: number }[];
  /** Shown for information only (Dispensasi SPM with weight 0 and a value). */
  informasi: { id: IndicatorId; label: string; nilai: number }[];
  /** Values outside 0–100 that were left out (the caller logs them). */
  outOfRange: { id: IndicatorId; nilai: number }[];
}

/** Round a non-negative ratio num/den to an integer, half up, without float drift for integer inputs. */
function roundRatio(num: number, den: number): number {
  if (Number.isSafeInteger(num) && Number.isSafeInteger(den)) {
    const q = Math.floor(num / den);
    const r = num - q * den;
    return 2 * r >= den ? q + 1 : q;
  }
  return Math.round(num / den);
}

const MICRO = 1_000_000;

export function computeIkpa(row: Pick<IkRow, "periode" | "values" | "weights">): IkpaResult {
  const indicators: IndicatorResult[] = [];
  const outOfRange: IkpaResult["outOfRange"] = [];
  const informasi: IkpaResult["informasi"] = [];
  let num = 0; // Σ IK(millionths) × BBT
  let den = 0; // Σ BBT
  const counted: { def: IndicatorDef; u: number; w: number; v: number }[] = [];
  for (const def of INDICATORS) {
    const v = row.values[def.id];
    const wRaw = row.weights[def.id];
    const w = wRaw !== undefined && Number.isFinite(wRaw) && wRaw > 0 ? wRaw : 0;
    const res: IndicatorResult = { id: def.id, label: def.label, bobot: w, counted: false };
    if (v !== undefined && Number.isFinite(v)) res.nilai = v;
    if (w === 0) {
      res.reason = "zero_weight";
      if (def.id === "dispensasi_spm" && res.nilai !== undefined) informasi.push({ id: def.id, label: def.label, nilai: res.nilai });
    } else if (res.nilai === undefined) {
      res.reason = "no_value"; // "no data for this indicator": excluded, not counted as 0
    } else if (res.nilai < 0 || res.nilai > 100) {
      res.reason = "out_of_range";
      outOfRange.push({ id: def.id, nilai: res.nilai });
    } else {
      res.counted = true;
      const u = Math.round(res.nilai * MICRO);
      counted.push({ def, u, w, v: res.nilai });
      num += u * w;
      den += w;
    }
    indicators.push(res);
  }
  const result: IkpaResult = { periode: row.periode, totalBobot: den, indicators, losses: [], informasi, outOfRange };
  if (den === 0) return result;
  // millionths / Σ BBT → hundredths: divide by Σ BBT × 10 000, rounding half up once, at the end.
  const score = roundRatio(num, den * 10_000) / 100;
  result.score = score;
  result.kategori = kategoriIkpa(score);
  for (const c of counted) {
    const loss = roundRatio((100 * MICRO - c.u) * c.w, den * 10_000) / 100;
    const ind = indicators.find((x) => x.id === c.def.id);
    if (ind) ind.loss = loss;
    if (loss > 0) result.losses.push({ id: c.def.id, label: c.def.label, nilai: c.v, bobot: c.w, loss });
  }
  result.losses.sort((a, b) => b.loss - a.loss || b.bobot - a.bobot || a.label.localeCompare(b.label));
  return result;
}

/** The row with the highest PERIODE (ties: the later one in the input). */
export function latestIkRow<T extends Pick<IkRow, "periode">>(rows: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const r of rows) if (!best || r.periode >= best.periode) best = r;
  return best;
}
