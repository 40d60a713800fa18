/**
 * CSV cells that a spreadsheet opens safely (docs/privacy.md#exports): RFC 4180 quoting, and
 * text that a spreadsheet would run as a formula neutralised with a leading apostrophe.
 */

/** Formula starters, also full-width and small forms, which spreadsheets treat alike. */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63]/;
/** What spreadsheets skip before reading a formula: whitespace, control and zero-width characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is skipped
const LEADING_SKIPPED = /^[\s\u0000-\u001f\u007f\u00a0\u200b-\u200f\u2028\u2029\u2060\ufeff]+/;
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;

/** Text as a spreadsheet may show it but never evaluate: `=1+2`, ` =1+2`, `\t=…`, `＝…` get a leading `'`. */
export function neutralizeFormula(text: string): string {
  const lead = text.match(LEADING_SKIPPED)?.[0] ?? "";
  const rest = text.slice(lead.length);
  if (lead === "" && PLAIN_NUMBER.test(rest)) return text; // a negative number stays a number
  if (FORMULA_START.test(rest) || /[\t\r\n]/.test(lead)) return `'${text}`;
  return text;
}

/** One CSV field: numbers as they are, text neutralised and quoted when it holds the delimiter, quotes or line breaks. */
export function csvField(v: string | number, delimiter = ","): string {
  if (typeof v === "number") return String(v);
  const s = neutralizeFormula(v);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
