/**
 * How OMSPAN writes a field, and how we read it (docs/upstream.md, OMSPAN): every value may
 * arrive as a string, a number, "" or null, with Oracle CHAR padding.
 *
 * - Keys are normalised (trim, upper case, whitespace → "_"): `ACTUAL AMT` = `ACTUAL_AMT`.
 * - Amounts become integer sen (parseAmountSen), exact: no float ever accumulates.
 * - Dates `DD-MON-RR` (English or Indonesian month abbreviations, 2- or 4-digit year) → Ymd.
 * - Codes are trimmed and, when short and numeric, left-padded to their width.
 */
import type { Sen, Ymd } from "../domain/budget.js";

const keyCache = new Map<string, string>();

/** `"actual amt "` → `"ACTUAL_AMT"`: trim, upper case, runs of whitespace → "_". */
export function normalizeOmspanKey(k: string): string {
  let n = keyCache.get(k);
  if (n === undefined) {
    n = k.trim().toUpperCase().replace(/\s+/g, "_");
    if (keyCache.size < 10_000) keyCache.set(k, n);
  }
  return n;
}

/** A row with normalised keys (the same object when nothing needs renaming). */
export function normalizeOmspanRow(o: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(o);
  let clean = true;
  for (const k of keys) {
    if (normalizeOmspanKey(k) !== k) {
      clean = false;
      break;
    }
  }
  if (clean) return o; // the common case: nothing to rename, no copy
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = o[k];
    const nk = normalizeOmspanKey(k);
    // Two spellings of one key ("ACTUAL AMT" and "ACTUAL_AMT"): the first non-empty wins.
    if (out[nk] === undefined || out[nk] === null || out[nk] === "") out[nk] = v;
  }
  return out;
}

const INT_RE = /^-?\d{1,15}$/;
const DEC_RE = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * An OMSPAN amount as integer sen, exactly: "3600000" → 360000000, "-150000" → −15000000,
 * "1234.5" → 123450, "1234.565" → 123457 (half away from zero at the third decimal). Also
 * tolerates thousands separators ("3,600,000.00", "3.600.000,00", "150.000", "1.500,50"), a leading
 * "+", "Rp", and accounting negatives "(150000)" / "150000-".
 * ""/null/garbage → undefined. Numbers beyond 2^53 sen → undefined (never silently rounded).
 */
export function parseAmountSen(v: unknown): Sen | undefined {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return undefined;
    const s = Math.round(v * 100);
    return Number.isSafeInteger(s) ? s : undefined;
  }
  if (typeof v !== "string") return undefined;
  let s = v.trim();
  if (INT_RE.test(s)) {
    const n = Number(s) * 100;
    return Number.isSafeInteger(n) ? n + 0 : undefined; // + 0 turns −0 into 0
  }
  s = s.replace(/\s+/g, "");
  // Accounting negatives: "(150.000)", "150000-" (Oracle's PR / MI formats).
  let negWrap = false;
  const paren = /^\((.+)\)$/.exec(s);
  if (paren) [negWrap, s] = [true, paren[1]!];
  else if (/^[^-].*\d-$/.test(s)) [negWrap, s] = [true, s.slice(0, -1)];
  s = s.replace(/^(-?)rp\.?/i, "$1");
  if (s.startsWith("+")) s = s.slice(1);
  if (negWrap && s.startsWith("-")) return undefined;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  // "1.500", "3.600.000", "1.500,50": dot-grouped thousands (rupiah never carries 3 decimals);
  // "0.500" stays a decimal (a group never starts with 0).
  else if (/^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  const m = DEC_RE.exec(s);
  if (!m) return undefined;
  const neg = (m[1] === "-") !== negWrap;
  const frac = m[3] ?? "";
  let sen = Number(m[2]) * 100 + Number((frac.slice(0, 2) + "00").slice(0, 2));
  if ((frac[2] ?? "0") >= "5") sen += 1;
  if (!Number.isSafeInteger(sen)) return undefined;
  return neg && sen !== 0 ? -sen : sen;
}

/** A decimal such as an IK value or weight ("54.60", "54,60", "15") → number; else undefined. */
export function parseDecimal(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().replace(",", ".");
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1, FEB: 2, PEB: 2, MAR: 3, APR: 4, MAY: 5, MEI: 5, JUN: 6, JUL: 7,
  AUG: 8, AGU: 8, AGT: 8, AGS: 8, AGUS: 8, SEP: 9, SEPT: 9, OCT: 10, OKT: 10,
  NOV: 11, NOP: 11, DEC: 12, DES: 12,
  // full names, English and Indonesian (a client-side NLS setting can print them)
  JANUARY: 1, JANUARI: 1, FEBRUARY: 2, FEBRUARI: 2, PEBRUARI: 2, MARCH: 3, MARET: 3, APRIL: 4,
  JUNE: 6, JUNI: 6, JULY: 7, JULI: 7, AUGUST: 8, AGUSTUS: 8, SEPTEMBER: 9, OCTOBER: 10, OKTOBER: 10,
  NOVEMBER: 11, NOPEMBER: 11, DECEMBER: 12, DESEMBER: 12,
};
const MON_EN = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
// Optional time part, also Oracle's TIMESTAMP default `12.00.00.000000 AM`.
const ORACLE_RE = /^(\d{1,2})[-\s/.]([A-Za-z]{3,9})[-\s/.](\d{2}|\d{4})(?:[\sT]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d{1,9})?)?(?:\s*[AaPp][Mm])?)?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/;

function validYmd(year: number, month: number, day: number): Ymd | undefined {
  if (!(month >= 1 && month <= 12) || day < 1) return undefined;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= dim ? { year, month, day } : undefined;
}

/**
 * Oracle `DD-MON-RR` → {year, month, day}: `04-FEB-26` → 2026-02-04. Month abbreviations in
 * English or Indonesian (MEI, AGU/AGT, OKT, NOP, DES), any case; a two-digit year is 20YY; a
 * four-digit year, a time part and `YYYY-MM-DD` are accepted defensively. Impossible dates
 * (31-APR-26) → undefined.
 */
export function parseOracleDate(v: unknown): Ymd | undefined {
  if (typeof v !== "string") return undefined;
  // A year of realisasi has a few hundred distinct dates across a million rows: memoise them.
  const hit = dateCache.get(v);
  if (hit !== undefined || dateCache.has(v)) return hit;
  const d = parseOracleDateUncached(v);
  if (dateCache.size >= 4_096) dateCache.clear();
  dateCache.set(v, d ? Object.freeze(d) : undefined);
  return d;
}

const dateCache = new Map<string, Readonly<Ymd> | undefined>();

function parseOracleDateUncached(v: string): Ymd | undefined {
  const s = v.trim();
  const m = ORACLE_RE.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toUpperCase()];
    if (month === undefined) return undefined;
    const y = m[3]!;
    return validYmd(y.length === 2 ? 2000 + Number(y) : Number(y), month, Number(m[1]));
  }
  const iso = ISO_RE.exec(s);
  if (iso) return validYmd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

/** {2026, 2, 4} → `04-FEB-26` (English, as OMSPAN prints it); `fourDigitYear` → `04-FEB-2026`. */
export function formatOracleDate(d: Ymd, fourDigitYear = false): string {
  const yy = fourDigitYear ? String(d.year) : String(d.year % 100).padStart(2, "0");
  return `${String(d.day).padStart(2, "0")}-${MON_EN[d.month - 1]}-${yy}`;
}

/** Code field: trimmed string; numeric input or a short all-digit string is left-padded to `width`. */
export function code(v: unknown, width?: number): string | undefined {
  let s: string;
  if (typeof v === "string") s = v.trim();
  else if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) s = String(v);
  else return undefined;
  if (s === "") return undefined;
  if (width !== undefined && s.length < width && /^\d+$/.test(s)) s = s.padStart(width, "0");
  return s;
}

/** Free text: trimmed, inner whitespace collapsed (Oracle CHAR padding). */
export function text(v: unknown): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim().replace(/\s+/g, " ");
  return t === "" ? undefined : t;
}

/** A non-negative integer such as ROWNUM or PERIODE, as a number or a digit string. */
export function intOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}
