/**
 * What a list cell says about a NIK, without guessing (docs/cekmassal.md#berkas-daftar-file-formats):
 * spreadsheets turn a 16-digit NIK typed as a number into `3.51401E+15` or drop digits, and
 * the digits that are gone cannot be recovered.
 */
import { normalizeNik } from "../domain/nik.js";

/** The cell's NIK candidate: the 16-digit string, or why it cannot be read without guessing. */
export type CellNik = { kind: "nik"; value: string } | { kind: "unreadable"; reason: "scientific" | "digits-lost" | "not-a-number" | "empty" };

/** `3.51401E+15`, `3,51401E+15` (Indonesian decimal comma), `3.514E15`. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$/;
/** Quotes, apostrophes (Excel's "this is text" mark), brackets, punctuation around the number. */
const EDGE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * A cell's digits: 16 → the NIK; 15 → "digits-lost" (a leading digit or the last one went
 * missing in a spreadsheet); scientific notation → "scientific"; any other run of digits is
 * returned as it is, so that the /cek rules name what is wrong with it (length); anything
 * else → "not-a-number". Spaces, dots and hyphens inside the number are allowed.
 */
export function nikFromCell(cell: string): CellNik {
  const trimmed = cell.replace(EDGE, "");
  if (trimmed === "") return { kind: "unreadable", reason: "empty" };
  if (SCIENTIFIC.test(trimmed.replace(/\s/g, ""))) return { kind: "unreadable", reason: "scientific" };
  const digits = normalizeNik(trimmed);
  if (!/^\d+$/.test(digits)) return { kind: "unreadable", reason: "not-a-number" };
  if (digits.length === 15) return { kind: "unreadable", reason: "digits-lost" };
  return { kind: "nik", value: digits };
}

/** Whether a cell is what a NIK column holds: a NIK, or a NIK a spreadsheet has damaged. */
export function looksLikeNikCell(cell: string): boolean {
  const r = nikFromCell(cell);
  if (r.kind === "nik") return r.value.length === 16;
  if (r.reason === "digits-lost") return true;
  if (r.reason !== "scientific") return false;
  const n = Number(cell.replace(EDGE, "").replace(/\s/g, "").replace(",", "."));
  return n >= 1e14 && n < 1e17;
}
