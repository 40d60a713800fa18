/**
 * Shared value types of the budget domain.
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

export function rupiahToSen(rupiah: number): Sen {
  return Math.round(rupiah * 100);
}

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

/** Add two sen amounts, refusing to lose precision. */
export function addSen(a: Sen, b: Sen): Sen {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError("amount overflow (beyond 2^53 sen)");
  return s;
}
