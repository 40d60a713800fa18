/**
 * The /cekmassal engine (docs/cekmassal.md#pekerjaan-job): every row of a list validated as
 * /cek validates, duplicates found, and the distinct valid NIKs looked up through the cached
 * SIPP client with bounded concurrency. A failed lookup is tried again after the others; one
 * that keeps failing is marked "gagal" and never fails the job.
 */
import { parseNik, type NikError } from "../domain/nik.js";
import { hasAreaScope, recordInArea, type Scope } from "../domain/scope.js";
import { isUpstreamError } from "../upstream/errors.js";
import type { SippClient } from "../upstream/sipp.js";
import type { TrackingResult } from "../upstream/sipp-rows.js";
import type { BulkLookupRow } from "../store/bulk-jobs.js";

import type { CellNik } from "./list-file.js";
export type { CellNik };

/** Why a row is invalid: /cek's reasons, an empty cell, or a cell a spreadsheet mangled. */
export type InvalidReason = NikError | "kosong" | "tidak-terbaca";

/** What is done with one row, before any lookup. */
export type RowPlan =
  | { kind: "invalid"; reason: InvalidReason; detail?: string }
  | { kind: "lookup"; nik: string; hash: string }
  /** Same NIK as the row at index `of` (looked up once, there). */
  | { kind: "duplicate"; of: number; hash: string };

/** Validates every row and finds the duplicates; costs no upstream call. */
export function planRows(cells: readonly string[], readCell: (cell: string) => CellNik, hash: (nik: string) => string, today = new Date()): RowPlan[] {
  const first = new Map<string, number>();
  return cells.map((cell, i): RowPlan => {
    if (cell.trim() === "") return { kind: "invalid", reason: "kosong" };
    const read = readCell(cell);
    if (read.kind === "unreadable") {
      if (read.reason === "empty") return { kind: "invalid", reason: "kosong" };
      if (read.reason === "not-a-number") return { kind: "invalid", reason: "bukan_angka" };
      return { kind: "invalid", reason: "tidak-terbaca", detail: read.reason };
    }
    const parsed = parseNik(read.value, today);
    if (!parsed.ok) return { kind: "invalid", reason: parsed.error };
    const nik = parsed.value.nik;
    const h = hash(nik);
    const seen = first.get(nik);
    if (seen !== undefined) return { kind: "duplicate", of: seen, hash: h };
    first.set(nik, i);
    return { kind: "lookup", nik, hash: h };
  });
}

/** The distinct lookups of a plan. */
export function lookupCount(plans: readonly RowPlan[]): number {
  return plans.filter((p) => p.kind === "lookup").length;
}

/** A person is in the area when their P3KE profile lies there; someone not in P3KE, when a bantuan record does (as /cek). */
function inArea(scope: Scope | undefined, r: TrackingResult): boolean {
  if (!hasAreaScope(scope)) return true;
  return r.profile ? recordInArea(scope, r.profile) : r.bantuan.some((b) => recordInArea(scope, b));
}

/** What is kept of a tracking answer: no name, no NIK; nothing at all but the flag when out of scope. */
export function lookupRow(rowIndex: number, nikHash: string, r: TrackingResult, scope: Scope | undefined): BulkLookupRow {
  const empty = { rowIndex, nikHash, state: "done" as const, error: undefined };
  if (!inArea(scope, r)) {
    return { ...empty, inP3ke: undefined, outOfScope: true, kodeDesa: undefined, desa: undefined, kecamatan: undefined, desil: undefined, bantuan: undefined, opds: [] };
  }
  const p = r.profile;
  const perOpd = new Map<string, number>();
  for (const b of r.bantuan) perOpd.set(b.namaOpd, (perOpd.get(b.namaOpd) ?? 0) + 1);
  const opds = [...perOpd.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o]) => o);
  return {
    ...empty,
    inP3ke: p !== null,
    outOfScope: false,
    kodeDesa: p?.kodeKemdagri,
    desa: p?.desa,
    kecamatan: p?.kecamatan,
    desil: p?.desil,
    bantuan: r.bantuan.length,
    opds,
  };
}

export function failedRow(rowIndex: number, nikHash: string, error: string): BulkLookupRow {
  return {
    rowIndex,
    nikHash,
    state: "gagal",
    inP3ke: undefined,
    outOfScope: false,
    kodeDesa: undefined,
    desa: undefined,
    kecamatan: undefined,
    desil: undefined,
    bantuan: undefined,
    opds: [],
    error,
  };
}

export interface LookupOptions {
  sipp: Pick<SippClient, "tracking">;
  concurrency: number;
  /** Extra passes over the rows that failed (default 2). */
  retries?: number;
  /** Pause before a retry pass when the upstream gave no Retry-After (an open breaker: its cooldown). */
  retryDelayMs: number;
  scope: Scope | undefined;
  signal: AbortSignal;
  /** Each row's final result (done or gagal), as it comes. */
  onRow: (row: BulkLookupRow) => void;
  /** Told of a lookup that failed (e.g. to report a rejected key). */
  onError?: (e: unknown) => void;
}

/**
 * Looks up the rows of `plans` that are not in `done` yet (same index and same keyed hash), at
 * most `concurrency` at a time. Stops early (without a result for the rest) when `signal` aborts.
 */
export async function runLookups(plans: readonly RowPlan[], done: ReadonlyMap<number, BulkLookupRow>, o: LookupOptions): Promise<void> {
  let todo: { index: number; nik: string; hash: string }[] = [];
  plans.forEach((p, index) => {
    if (p.kind === "lookup" && done.get(index)?.nikHash !== p.hash) todo.push({ index, nik: p.nik, hash: p.hash });
  });
  const passes = 1 + (o.retries ?? 2);
  for (let pass = 0; pass < passes && todo.length > 0 && !o.signal.aborted; pass++) {
    const last = pass === passes - 1;
    const failed: typeof todo = [];
    let waitMs = 0;
    const lookup = async (t: (typeof todo)[number]) => {
      try {
        const r = await o.sipp.tracking(t.nik);
        o.onRow(lookupRow(t.index, t.hash, r.value, o.scope));
      } catch (e) {
        o.onError?.(e);
        const kind = isUpstreamError(e) ? e.kind : "umum";
        if (last) return o.onRow(failedRow(t.index, t.hash, kind));
        failed.push(t);
        const after = isUpstreamError(e) ? (e.detail.retryAfterMs ?? (e.detail.circuitOpen ? o.retryDelayMs : 0)) : 0;
        waitMs = Math.max(waitMs, after);
      }
    };
    // `concurrency` workers take the next row in turn: at most that many lookups in flight, and no
    // promise per row waiting in a queue (a 10,000-row list stays small in memory).
    let next = 0;
    const queue = todo;
    const worker = async () => {
      while (next < queue.length && !o.signal.aborted) await lookup(queue[next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, queue.length)) }, worker));
    // The rest first, then the failures again, in row order, after what the upstream asked for.
    todo = failed.sort((a, b) => a.index - b.index);
    if (todo.length > 0 && !o.signal.aborted) await pause(Math.min(Math.max(waitMs, 200), 60_000), o.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
