/**
 * IK (IKPA) rows of the synthetic OMSPAN data: indicator values and weights per period, the
 * worked example of OMSPAN's documentation, and an independent score for the reference.
 */
import { mix32 } from "./omspan-catalog.js";
import { Rng } from "./random.js";

// ---- IK (IKPA) ------------------------------------------------------------------------

export const IK_VALUE_KEYS = [
  "IK_DISPENSASI_SPM",
  "IK_UP",
  "IK_DATA_KONTRAK",
  "IK_KESALAHAN_SPM",
  "IK_RETUR",
  "IK_HAL3_DIPA",
  "IK_REVISI_DIPA",
  "IK_KEMAJUAN_TAGIHAN",
  "IK_REKON_LPJ",
  "IK_REALISASI",
  "IK_RENKAS",
  "IK_PAGU_MINUS",
  "IK_CAPAIAN_OUTPUT",
] as const;

/** Weight key of each value key (same order as IK_VALUE_KEYS). */
export const IK_WEIGHT_KEYS = [
  "BBT_IND_DIS_SPM",
  "BBT_IND_UP",
  "BBT_IND_KONTRAK",
  "BBT_IND_SPM_SLH",
  "BBT_IND_RETUR",
  "BBT_IND_HAL3_DIPA",
  "BBT_IND_REV_DIPA",
  "BBT_IND_KMJ_TAGIHAN",
  "BBT_IND_REKON_LPJ",
  "BBT_IND_REALISASI",
  "BBT_IND_RENKAS",
  "BBT_IND_PAGU_MINUS",
  "BBT_IND_CAP_OUTPUT",
] as const;

/** Weights of the 2020 document's satker example (Σ 75). */
const W_2020: Record<string, number> = {
  BBT_IND_UP: 0, BBT_IND_KONTRAK: 15, BBT_IND_SPM_SLH: 6, BBT_IND_RETUR: 6, BBT_IND_HAL3_DIPA: 5, BBT_IND_REV_DIPA: 5,
  BBT_IND_KMJ_TAGIHAN: 0, BBT_IND_REKON_LPJ: 5, BBT_IND_REALISASI: 20, BBT_IND_RENKAS: 5, BBT_IND_CAP_OUTPUT: 0,
  BBT_IND_PAGU_MINUS: 4, BBT_IND_DIS_SPM: 4,
};
/** Close to the eselon I example, gaps filled (Σ 99). */
const W_MID: Record<string, number> = {
  BBT_IND_UP: 8, BBT_IND_KONTRAK: 15, BBT_IND_SPM_SLH: 6, BBT_IND_RETUR: 5, BBT_IND_HAL3_DIPA: 10, BBT_IND_REV_DIPA: 0,
  BBT_IND_KMJ_TAGIHAN: 10, BBT_IND_REKON_LPJ: 5, BBT_IND_REALISASI: 15, BBT_IND_RENKAS: 5, BBT_IND_CAP_OUTPUT: 10,
  BBT_IND_PAGU_MINUS: 5, BBT_IND_DIS_SPM: 5,
};
/** PER-5/PB/2024 (Σ 100); Dispensasi SPM is a deduction there, weight 0 in the row. */
const W_2024: Record<string, number> = {
  BBT_IND_UP: 10, BBT_IND_KONTRAK: 10, BBT_IND_SPM_SLH: 0, BBT_IND_RETUR: 0, BBT_IND_HAL3_DIPA: 15, BBT_IND_REV_DIPA: 10,
  BBT_IND_KMJ_TAGIHAN: 10, BBT_IND_REKON_LPJ: 0, BBT_IND_REALISASI: 20, BBT_IND_RENKAS: 0, BBT_IND_CAP_OUTPUT: 25,
  BBT_IND_PAGU_MINUS: 0, BBT_IND_DIS_SPM: 0,
};

function weightsFor(periode: number): Record<string, number> {
  return periode <= 3 ? W_2020 : periode <= 6 ? W_MID : W_2024;
}

/** The satker example of the OMSPAN document (period 01): 4238.96 / 75 = 56.52, Kurang. */
export const WORKED_EXAMPLE: Readonly<Record<string, string>> = {
  PERIODE: "01",
  IK_DISPENSASI_SPM: "100.00",
  IK_UP: "0.00",
  IK_DATA_KONTRAK: "18.00",
  IK_KESALAHAN_SPM: "100.00",
  IK_RETUR: "100.00",
  IK_HAL3_DIPA: "54.60",
  IK_REVISI_DIPA: "100.00",
  IK_KEMAJUAN_TAGIHAN: "0.00",
  IK_REKON_LPJ: "100.00",
  IK_REALISASI: "9.80",
  IK_RENKAS: "100.00",
  IK_PAGU_MINUS: "99.99",
  BBT_IND_UP: "0",
  BBT_IND_KONTRAK: "15",
  BBT_IND_SPM_SLH: "6",
  BBT_IND_RETUR: "6",
  BBT_IND_HAL3_DIPA: "5",
  BBT_IND_REV_DIPA: "5",
  BBT_IND_KMJ_TAGIHAN: "0",
  BBT_IND_REKON_LPJ: "5",
  BBT_IND_REALISASI: "20",
  BBT_IND_RENKAS: "5",
  BBT_IND_CAP_OUTPUT: "0",
  BBT_IND_PAGU_MINUS: "4",
  BBT_IND_DIS_SPM: "4",
};

/** One IK row in canonical key spelling; every value a string, as on the wire. */
export interface SimIkRow {
  /** KDSATKER, 5-digit eselon I code, or BA. */
  kode: string;
  periode: number;
  fields: Record<string, string>;
}

/** The IK rows of one satker / eselon I / BA for periods 1..`periods`, around `quality`. */
export function ikRowsFor(kode: string, identity: Record<string, string>, seed: number, periods: number, quality: number, opts: { worked?: boolean; missingKontrak?: boolean; outOfRange?: boolean } = {}): SimIkRow[] {
  const rng = new Rng(mix32(seed, Number(kode.replace(/\D/g, "")) + 0x1c));
  const base = IK_VALUE_KEYS.map(() => Math.min(100, Math.max(0, quality + (rng.float() - 0.5) * 40)));
  const rows: SimIkRow[] = [];
  for (let p = 1; p <= periods; p++) {
    const periode = String(p).padStart(2, "0");
    if (opts.worked && p === 1) {
      rows.push({ kode, periode: 1, fields: { ...identity, ...WORKED_EXAMPLE } });
      continue;
    }
    const fields: Record<string, string> = { ...identity, PERIODE: periode };
    const w = weightsFor(p);
    IK_VALUE_KEYS.forEach((key, k) => {
      let v: number;
      if (key === "IK_DISPENSASI_SPM") v = rng.chance(0.85) ? 100 : 80 + rng.float() * 20;
      else if (key === "IK_REALISASI") v = Math.min(100, 35 + (p / 12) * 55 + rng.float() * 15);
      else if (key === "IK_PAGU_MINUS") v = rng.chance(0.8) ? 100 : 95 + rng.float() * 5;
      else v = Math.min(100, Math.max(0, (base[k] ?? 80) + (rng.float() - 0.5) * 10));
      if (key === "IK_CAPAIAN_OUTPUT" && p <= 3) return; // not reported under the old rules
      if (key === "IK_DATA_KONTRAK" && opts.missingKontrak && p % 2 === 0) return; // weight > 0, no value
      fields[key] = v.toFixed(2);
    });
    if (opts.outOfRange && p === 2) fields.IK_RETUR = "120.00";
    for (const wk of IK_WEIGHT_KEYS) fields[wk] = String(w[wk] ?? 0);
    rows.push({ kode, periode: p, fields });
  }
  return rows;
}

/** Σ IK×BBT / Σ BBT over weighted indicators with a value in 0–100, in hundredths, half up. */
export function referenceScore(fields: Record<string, string>): number | undefined {
  let num = 0;
  let den = 0;
  IK_VALUE_KEYS.forEach((vk, k) => {
    const w = Number(fields[IK_WEIGHT_KEYS[k]!] ?? "0");
    const raw = fields[vk];
    if (!(w > 0) || raw === undefined || raw.trim() === "") return;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || v > 100) return;
    num += Math.round(v * 100) * w;
    den += w;
  });
  if (den === 0) return undefined;
  return Math.floor(num / den + 0.5) / 100;
}
