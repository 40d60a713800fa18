/**
 * Expected texts of the end-to-end tests, written out here and NOT built with src/domain's
 * formatters and masking: a test whose expectation comes from the code under test cannot
 * catch a bug in it. Only what the data decide (which NIK, which amount) is computed; the
 * format is spelled out (docs/privacy.md: first 4 and last 4 digits; Indonesian grouping).
 */

/** `3514********0002`: first four digits, eight asterisks, last four. */
export function masked(nik: string): string {
  if (!/^\d{16}$/.test(nik)) throw new Error(`not a 16-digit NIK: ${nik}`);
  return `${nik.slice(0, 4)}********${nik.slice(12)}`;
}

/** `1.234.567`: groups of three digits separated by dots. */
export function angka(n: number): string {
  if (!Number.isInteger(n)) throw new Error(`not an integer: ${n}`);
  const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return n < 0 ? `-${s}` : s;
}

/** `Rp 1.234.567`, `-Rp 150.000` (whole rupiah). */
export function rupiah(n: number): string {
  const r = Math.round(n);
  return `${r < 0 ? "-" : ""}Rp ${angka(Math.abs(r))}`;
}

/** `45,3%`, `100,0%`: one decimal, decimal comma. */
export function persen(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1).replace(".", ",")}%`;
}

/** `45,3%` of part / whole. */
export function persenDari(part: number, whole: number): string {
  return persen((part / whole) * 100);
}

/** `96,25`: two decimals, decimal comma (IKPA scores below 1 000). */
export function desimal2(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2).replace(".", ",");
}
