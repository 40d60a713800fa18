/** Each row's outcome and the job's counts, from the plan and the looked-up rows. */
import type { BulkLookupRow } from "../store/bulk-jobs.js";
import type { InvalidReason, RowPlan } from "./engine.js";

/** Flags for a second look (docs/cekmassal.md). */
export type BulkFlag = "desil12-tanpa-bantuan" | "tidak-p3ke" | "desil4" | "luar-wilayah";
export const FLAGS: readonly BulkFlag[] = ["desil12-tanpa-bantuan", "tidak-p3ke", "desil4", "luar-wilayah"];

export type RowOutcome =
  | { status: "invalid"; reason: InvalidReason; detail?: string; flags: BulkFlag[] }
  | { status: "valid"; lookup: BulkLookupRow; flags: BulkFlag[] }
  /** `ofRow`: the 0-based index of the row it repeats; the result is that row's. */
  | { status: "duplikat"; ofRow: number; lookup: BulkLookupRow | undefined; flags: BulkFlag[] }
  | { status: "gagal"; error: string; flags: BulkFlag[] };

export function flagsOf(l: BulkLookupRow | undefined): BulkFlag[] {
  if (!l || l.state !== "done") return [];
  if (l.outOfScope) return ["luar-wilayah"];
  const flags: BulkFlag[] = [];
  if (l.inP3ke === false) flags.push("tidak-p3ke");
  if (l.inP3ke && l.desil !== undefined && l.desil <= 2 && (l.bantuan ?? 0) === 0) flags.push("desil12-tanpa-bantuan");
  if (l.desil !== undefined && l.desil >= 4) flags.push("desil4");
  return flags;
}

/** One outcome per row; a lookup missing from `lookups` (job stopped early) counts as gagal. */
export function outcomes(plans: readonly RowPlan[], lookups: ReadonlyMap<number, BulkLookupRow>): RowOutcome[] {
  return plans.map((p, i): RowOutcome => {
    if (p.kind === "invalid") return { status: "invalid", reason: p.reason, ...(p.detail ? { detail: p.detail } : {}), flags: [] };
    if (p.kind === "duplicate") {
      const l = lookups.get(p.of);
      return { status: "duplikat", ofRow: p.of, lookup: l, flags: flagsOf(l) };
    }
    const l = lookups.get(i);
    if (!l || l.nikHash !== p.hash) return { status: "gagal", error: "umum", flags: [] };
    if (l.state === "gagal") return { status: "gagal", error: l.error ?? "umum", flags: [] };
    return { status: "valid", lookup: l, flags: flagsOf(l) };
  });
}

export interface BulkCounts {
  rows: number;
  valid: number;
  invalid: number;
  duplikat: number;
  gagal: number;
  /** Valid rows found in P3KE. */
  p3ke: number;
  flags: Record<BulkFlag, number>;
}

/** Counts per status and flag (a duplicate counts once, as duplicate; its flags are not counted again). */
export function countOutcomes(rows: readonly RowOutcome[]): BulkCounts {
  const c: BulkCounts = { rows: rows.length, valid: 0, invalid: 0, duplikat: 0, gagal: 0, p3ke: 0, flags: { "desil12-tanpa-bantuan": 0, "tidak-p3ke": 0, desil4: 0, "luar-wilayah": 0 } };
  for (const r of rows) {
    c[r.status]++;
    if (r.status !== "valid") continue;
    if (r.lookup.inP3ke) c.p3ke++;
    for (const f of r.flags) c.flags[f]++;
  }
  return c;
}

/** Flat counts for the job row and the audit entry. */
export function flatCounts(c: BulkCounts): Record<string, number> {
  return { baris: c.rows, valid: c.valid, invalid: c.invalid, duplikat: c.duplikat, gagal: c.gagal, p3ke: c.p3ke, ...c.flags };
}
