/**
 * Budget vocabulary shared by the OMSPAN client and the budget modules (docs/domain.md):
 * money, dates, the DataFA amounts of a line and the IKPA indicators of an IK row. Pure: no
 * I/O, no upstream column names (those live in the client).
 *
 * Money is carried as **integer sen** (1 rupiah = 100 sen) in plain numbers: OMSPAN amounts are
 * decimal strings, possibly with decimals, and summing a million rows as floats would drift.
 * Integers stay exact up to 2^53 sen ≈ Rp 90 triliun, far above a ministry's total (ATR/BPN's
 * yearly budget is some Rp 7–10 triliun); aggregations still check `Number.isSafeInteger`.
 */

/** Integer amount in sen. */
export type Sen = number;

/** A calendar date without time zone, as OMSPAN prints it (`04-FEB-26`). */
export interface Ymd {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** Rupiah (possibly fractional) for display, e.g. `formatRupiah(senToRupiah(x))`. */
export function senToRupiah(sen: Sen): number {
  return sen / 100;
}

/** Rupiah → sen, rounded to the nearest sen. */
export function rupiahToSen(rupiah: number): Sen {
  return Math.round(rupiah * 100);
}

/** Add two sen amounts, refusing to lose precision. */
export function addSen(a: Sen, b: Sen): Sen {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError("amount overflow (beyond 2^53 sen)");
  return s;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareYmd(a: Ymd, b: Ymd): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Later of two dates (either may be missing). */
export function maxYmd(a: Ymd | undefined, b: Ymd | undefined): Ymd | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareYmd(a, b) >= 0 ? a : b;
}

/** `Date` at midnight WIB of that day (for formatTanggal and friends). */
export function ymdToDate(d: Ymd): Date {
  return new Date(Date.UTC(d.year, d.month - 1, d.day) - 7 * 3_600_000);
}

/** `2026-02-04`: how a date is stored in a text column. */
export function ymdToText(d: Ymd): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The inverse of ymdToText; anything else (or nothing) → undefined. */
export function ymdFromText(s: string | null | undefined): Ymd | undefined {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

/** The amounts of a DataFA line (or of their sum): pagu, realisasi, kontrak, blokir, sisa. */
export interface FaAmounts {
  dipaSen: Sen;
  actualSen: Sen;
  kontrakSen: Sen;
  blokirSen: Sen;
  /** BALANCING_AMT, the sisa dana; negative = pagu minus. */
  balancingSen: Sen;
}

// ---- IKPA ---------------------------------------------------------------------------------

/** The IKPA indicators (Indikator Kinerja Pelaksanaan Anggaran), by a stable id of ours. */
export type IndicatorId =
  | "revisi_dipa"
  | "hal3_dipa"
  | "realisasi"
  | "data_kontrak"
  | "kemajuan_tagihan"
  | "up"
  | "dispensasi_spm"
  | "capaian_output"
  | "kesalahan_spm"
  | "retur"
  | "rekon_lpj"
  | "renkas"
  | "pagu_minus";

export interface IndicatorDef {
  id: IndicatorId;
  /** Indonesian label for the bot. */
  label: string;
}

/** Every indicator, in the order the bot lists them. */
export const INDICATORS: readonly IndicatorDef[] = [
  { id: "revisi_dipa", label: "Revisi DIPA" },
  { id: "hal3_dipa", label: "Deviasi Halaman III DIPA" },
  { id: "realisasi", label: "Penyerapan Anggaran" },
  { id: "data_kontrak", label: "Belanja Kontraktual" },
  { id: "kemajuan_tagihan", label: "Penyelesaian Tagihan" },
  { id: "up", label: "Pengelolaan UP/TUP" },
  { id: "dispensasi_spm", label: "Dispensasi SPM" },
  { id: "capaian_output", label: "Capaian Output" },
  { id: "kesalahan_spm", label: "Kesalahan SPM" },
  { id: "retur", label: "Retur SP2D" },
  { id: "rekon_lpj", label: "Rekonsiliasi LPJ Bendahara" },
  { id: "renkas", label: "Rencana Penarikan Dana (Renkas)" },
  { id: "pagu_minus", label: "Pagu Minus" },
];

export const INDICATOR_BY_ID: ReadonlyMap<IndicatorId, IndicatorDef> = new Map(INDICATORS.map((d) => [d.id, d]));

/** Whose IK row: a satker, an eselon I unit or the whole ministry (K/L). */
export type IkLevel = "satker" | "eselon1" | "kl";

/** One IK row (Capaian IK of a satker, eselon I or K/L for one period). */
export interface IkRow {
  level: IkLevel;
  /** KDSATKER (6 digits), eselon I code (5 digits) or BA (3 digits). */
  kode: string;
  nama?: string;
  kdkppn?: string;
  /** Month 1–12. */
  periode: number;
  /** Indicator values as given (not range-checked here; computeIkpa excludes values outside 0–100). */
  values: Partial<Record<IndicatorId, number>>;
  /** Indicator weights as given (they change with the period and the rule version). */
  weights: Partial<Record<IndicatorId, number>>;
}
