/**
 * Matching what an officer types after /desa against the desa found in the data:
 * case-, space- and hyphen-insensitive (nameKey), tolerant of small typos.
 */
import { nameKey } from "../domain/wilayah.js";

/**
 * Optimal-string-alignment Damerau–Levenshtein distance (insert, delete, substitute,
 * swap of two neighbours). With `max`, stops early and returns max + 1 once it is exceeded.
 */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const w = b.length + 1;
  let prev2 = new Array<number>(w).fill(0);
  let prev = Array.from({ length: w }, (_, j) => j);
  let cur = new Array<number>(w).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  // Bounded: anything beyond `max` is reported as max + 1 (rows may end with min ≤ max but a larger last cell).
  return Math.min(prev[b.length]!, max + 1);
}

/** Words officers put before a name: "Desa Cowek", "Kel. Bendomungal", "ds. Raci". */
const PREFIX = /^(desa|ds|kelurahan|kel|kalurahan)\b\.?\s*/i;

/** A typed desa name without the prefix word ("Desa Kraton" → "Kraton"), spaces folded. */
export function desaQueryName(input: string): string {
  const t = input.trim().replace(/\s+/g, " ");
  const stripped = t.replace(PREFIX, "");
  return stripped.length > 0 ? stripped : t;
}

/** The comparison key of a typed desa name (prefix word dropped, then nameKey). */
export function desaQueryKey(input: string): string {
  return nameKey(desaQueryName(input));
}

/** Typos allowed for a key of this length: none for very short names, then 1, then 2. */
export function allowedTypos(keyLength: number): number {
  if (keyLength <= 3) return 0;
  if (keyLength <= 6) return 1;
  return 2;
}

export interface MatchResult<T> {
  /** true when the matches are exact (same key), not typo or prefix guesses. */
  exact: boolean;
  /** Best first: exact; else by typo distance, then prefix matches; ties by name. */
  matches: T[];
}

/**
 * Entries whose key equals the query's; if none, those within the typo budget of the
 * closest distance found, plus names that start with the query (4+ characters: "Winongan"
 * → Winongan Lor, Winongan Kidul).
 */
export function matchDesa<T extends { key: string; nama: string }>(input: string, entries: readonly T[]): MatchResult<T> {
  const q = desaQueryKey(input);
  if (q.length === 0) return { exact: false, matches: [] };
  const byName = (a: T, b: T) => a.nama.localeCompare(b.nama, "id") || a.key.localeCompare(b.key);
  const exact = entries.filter((e) => e.key === q);
  if (exact.length > 0) return { exact: true, matches: [...exact].sort(byName) };

  const budget = allowedTypos(q.length);
  const scored: { e: T; d: number }[] = [];
  for (const e of entries) {
    const d = damerauLevenshtein(q, e.key, budget);
    if (d <= budget) scored.push({ e, d });
  }
  const best = scored.reduce((m, s) => Math.min(m, s.d), Infinity);
  const fuzzy = scored.filter((s) => s.d === best).map((s) => s.e).sort(byName);
  const seen = new Set(fuzzy);
  const prefix = q.length >= 4 ? entries.filter((e) => !seen.has(e) && e.key.startsWith(q)).sort(byName) : [];
  return { exact: false, matches: [...fuzzy, ...prefix] };
}

/** A typed kode_kemdagri (dots and spaces allowed) → 10 digits, or undefined when the text is not a code. */
export function parseKodeInput(input: string): string | undefined {
  const t = input.trim();
  if (!/^[\d\s.]+$/.test(t)) return undefined;
  const d = t.replace(/\D/g, "");
  return d.length === 10 ? d : undefined;
}

/**
 * Whether typed text can be a desa or kecamatan name: letters first, then letters, spaces and
 * the punctuation of names ("Oro-Oro Ombo", "Kec. Bangil", "Pohjentrek (Kota)"), at most 60
 * characters, no digits. Only such text becomes an upstream parameter or a cache key.
 */
export function isDesaName(input: string): boolean {
  return /^\p{L}[\p{L}\s'’.\-()/]{1,59}$/u.test(input.trim());
}
