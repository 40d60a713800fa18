/**
 * Which column holds the NIK, and whether the first row is a header
 * (docs/cekmassal.md#berkas-daftar-file-formats).
 */
import { looksLikeNikCell } from "./cell-nik.js";

/** Header text → comparable words: lower case, punctuation as spaces, single spaces. */
export function headerKey(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Headers that name the NIK exactly. */
const EXACT = new Set([
  "nik",
  "no nik",
  "nomor nik",
  "nik ktp",
  "no ktp",
  "nomor ktp",
  "ktp",
  "no induk",
  "nomor induk",
  "no induk kependudukan",
  "nomor induk kependudukan",
  "nik penduduk",
]);

/** 2: a NIK header; 1: a header that mentions NIK or KTP ("NIK Penerima"); 0: anything else. */
export function headerScore(cell: string): number {
  const key = headerKey(cell);
  // "N.I.K." and "N I K" spell the same word.
  if (EXACT.has(key) || key.replace(/ /g, "") === "nik") return 2;
  const words = key.split(" ");
  if (words.includes("nik") || words.includes("ktp") || key.includes("induk kependudukan")) return 1;
  return 0;
}

/** Share of the non-empty cells of `column` that look like a NIK (0 when all are empty). */
function nikShare(rows: readonly (readonly string[])[], column: number): { share: number; hits: number } {
  let filled = 0;
  let hits = 0;
  for (const r of rows) {
    const c = r[column] ?? "";
    if (c.trim() === "") continue;
    filled++;
    if (looksLikeNikCell(c)) hits++;
  }
  return { share: filled === 0 ? 0 : hits / filled, hits };
}

/** The column where most cells are NIKs: at least half of its non-empty cells; the highest share wins, then the leftmost. */
export function nikColumnByContent(rows: readonly (readonly string[])[], width: number): number | undefined {
  let best: number | undefined;
  let bestShare = 0;
  for (let c = 0; c < width; c++) {
    const { share, hits } = nikShare(rows, c);
    if (hits > 0 && share >= 0.5 && share > bestShare) {
      best = c;
      bestShare = share;
    }
  }
  return best;
}

export type ColumnChoice = { hasHeader: boolean; nikColumn: number } | undefined;

/**
 * The first row is a header when one of its cells names the NIK (the best name wins; between
 * equal names, the column with more NIKs below it). Otherwise the column is found by content;
 * if the first row's cell in that column is itself NIK-like, the file has no header row.
 */
export function chooseNikColumn(rows: readonly (readonly string[])[], width: number): ColumnChoice {
  const first = rows[0];
  if (first === undefined) return undefined;
  const body = rows.slice(1);
  let best: { column: number; score: number; share: number } | undefined;
  for (let c = 0; c < width; c++) {
    const score = headerScore(first[c] ?? "");
    if (score === 0) continue;
    const { share } = nikShare(body, c);
    if (!best || score > best.score || (score === best.score && share > best.share)) best = { column: c, score, share };
  }
  const byBody = body.length > 0 ? nikColumnByContent(body, width) : undefined;
  if (best && (best.score === 2 || best.share >= 0.5 || byBody === undefined)) return { hasHeader: true, nikColumn: best.column };
  // A header that merely mentions KTP ("Status KTP") gives way to a column full of NIKs.
  if (best && byBody !== undefined) return { hasHeader: true, nikColumn: byBody };
  if (byBody !== undefined) return { hasHeader: !looksLikeNikCell(first[byBody] ?? ""), nikColumn: byBody };
  const byAll = nikColumnByContent(rows, width);
  return byAll === undefined ? undefined : { hasHeader: false, nikColumn: byAll };
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
