/** Filtering, sorting and paging of a desa's families, in the page (pure; docs/panel.md). */
import type { PanelFamily } from "../../src/panel/types.js";

export type SortKey = "desil" | "nama" | "anggota" | "dusun";

export interface FamilyFilter {
  /** Part of the head's name. */
  q: string;
  /** "" all, "1".."10", "none" without desil. */
  desil: string;
  /** "" all, "ya" with bantuan, "tidak" without. */
  bantuan: string;
  /** "" all, or one dusun. */
  dusun: string;
  sort: SortKey;
}

export const NO_FILTER: FamilyFilter = { q: "", desil: "", bantuan: "", dusun: "", sort: "desil" };
export const PAGE_SIZE = 50;

const collator = new Intl.Collator("id", { sensitivity: "base", numeric: true });
const byName = (a: PanelFamily, b: PanelFamily) => collator.compare(a.n ?? "\uffff", b.n ?? "\uffff");
const norm = (s: string) => s.toLocaleLowerCase("id").normalize("NFKD").replace(/[^\p{L}\p{N} ]+/gu, "").replace(/\s+/g, " ").trim();

const SORTS: Record<SortKey, (a: PanelFamily, b: PanelFamily) => number> = {
  desil: (a, b) => (a.desil ?? 99) - (b.desil ?? 99) || byName(a, b),
  nama: byName,
  anggota: (a, b) => b.a - a.a || byName(a, b),
  dusun: (a, b) => collator.compare(a.dusun ?? "\uffff", b.dusun ?? "\uffff") || Number(a.rt ?? 999) - Number(b.rt ?? 999) || byName(a, b),
};

export function applyFilter(rows: readonly PanelFamily[], f: FamilyFilter): PanelFamily[] {
  const q = norm(f.q);
  const out = rows.filter(
    (r) =>
      (f.desil === "" || (f.desil === "none" ? r.desil === undefined : r.desil === Number(f.desil))) &&
      (f.bantuan === "" || (f.bantuan === "ya") === r.p > 0) &&
      (f.dusun === "" || r.dusun === f.dusun) &&
      (q === "" || norm(r.n ?? "").includes(q)),
  );
  return out.sort(SORTS[f.sort]);
}

/** Distinct values for the filter menus. */
export function options(rows: readonly PanelFamily[]): { desil: number[]; noDesil: boolean; dusun: string[] } {
  const desil = new Set<number>();
  const dusun = new Set<string>();
  let noDesil = false;
  for (const r of rows) {
    if (r.desil === undefined) noDesil = true;
    else desil.add(r.desil);
    if (r.dusun) dusun.add(r.dusun);
  }
  return { desil: [...desil].sort((a, b) => a - b), noDesil, dusun: [...dusun].sort(collator.compare) };
}

export function page<T>(rows: readonly T[], n: number): { rows: T[]; pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, n), pages);
  return { rows: rows.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE), pages, page: p };
}
