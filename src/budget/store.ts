/**
 * Local store of the synced OMSPAN data (docs/architecture.md), on Kysely: the same code on
 * SQLite and PostgreSQL (tables of migration 0002_budget).
 *
 * - Every sync run is a row of `budget_datasets` (status building → active | failed), which is
 *   also the record of sync runs (start, end, rows, satker, duration, error, trigger, MAXDATE).
 * - A data set's aggregates are keyed by its id: realisasi per satker × akun × month, DIPA and
 *   DataFA per satker × akun (with pagu minus detected per DataFA LINE before summing), IK rows
 *   per level × unit × period, satker names.
 * - `commit` writes all aggregates AND flips the one-row pointer `budget_active` in ONE
 *   transaction. A reader resolves the pointer once (`current()`) and then reads only rows of
 *   that id, so it sees the old set or the new one, never a mix.
 * - After the swap, the data of older sets is deleted; the previous set is kept (listeners
 *   compare with it, and readers that resolved it a moment ago can finish).
 *
 * The reads of one data set are in snapshot.ts, the sums written here in aggregate.ts and
 * aggregate-lines.ts.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Store } from "../store/db.js";
import type { BudgetDatasetTable, Database } from "../store/schema.js";
import type { Logger } from "../logger.js";
import { ymdFromText, ymdToText, type IkRow, type Ymd } from "../domain/budget.js";
import type { RealisasiCell } from "./aggregate.js";
import type { DipaAgg, FaAgg } from "./aggregate-lines.js";
import type { BudgetReader } from "./reader.js";
import { BudgetSnapshotImpl, type SyncRunRecord } from "./snapshot.js";
import { DEFAULT_TARGETS, type TargetTable } from "./targets.js";

const SLOT = "omspan";
/** Rows per INSERT (≤ 12 columns × 400 = 4 800 parameters: far below both dialects' limits). */
const BATCH = 400;
/** Sync-run records kept (their data is deleted long before). */
const KEEP_RUNS = 200;

/** What started a sync: the schedule, the start of the process, or an administrator. */
export type SyncTrigger = "jadwal" | "start" | "admin";

/** Everything one sync writes. */
export interface BudgetDataSet {
  dipa: DipaAgg[];
  fa: FaAgg[];
  realisasi: readonly RealisasiCell[];
  ik: Iterable<IkRow>;
  /** RealisasiKL rows read. */
  rows: number;
  maxdate?: Ymd;
  year?: number;
}

type DatasetRow = Selectable<BudgetDatasetTable>;

function toRecord(r: DatasetRow): SyncRunRecord {
  const maxdate = ymdFromText(r.maxdate);
  return {
    id: Number(r.id),
    status: r.status as SyncRunRecord["status"],
    trigger: r.trigger,
    startedAt: new Date(Number(r.started_at)),
    ...(r.finished_at !== null ? { finishedAt: new Date(Number(r.finished_at)) } : {}),
    ...(r.rows !== null ? { rows: Number(r.rows) } : {}),
    ...(r.satker !== null ? { satker: Number(r.satker) } : {}),
    ...(r.duration_ms !== null ? { durationMs: Number(r.duration_ms) } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
    ...(maxdate ? { maxdate } : {}),
  };
}

async function insertBatched<T>(items: Iterable<T>, write: (batch: T[]) => Promise<unknown>): Promise<number> {
  let batch: T[] = [];
  let n = 0;
  for (const it of items) {
    batch.push(it);
    if (batch.length >= BATCH) {
      await write(batch);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await write(batch);
    n += batch.length;
  }
  return n;
}

/** The target table the snapshots judge realisasi by, and a logger. */
export interface BudgetStoreOptions {
  targets?: TargetTable;
  logger?: Logger;
}

/** The sync runs and their data sets: begin, commit (the atomic swap), fail, prune; and the active snapshot. */
export class BudgetStore implements BudgetReader {
  private readonly db: Kysely<Database>;
  private readonly targets: TargetTable;
  private cached: BudgetSnapshotImpl | undefined;

  constructor(
    store: Store,
    private readonly opts: BudgetStoreOptions = {},
  ) {
    this.db = store.db;
    this.targets = opts.targets ?? DEFAULT_TARGETS;
  }

  /** The active data set (one pointer read + one record read). */
  async current(): Promise<BudgetSnapshotImpl | undefined> {
    const row = await this.db
      .selectFrom("budget_active as a")
      .innerJoin("budget_datasets as d", "d.id", "a.dataset_id")
      .selectAll("d")
      .where("a.slot", "=", SLOT)
      .executeTakeFirst();
    if (!row) return undefined;
    const id = Number(row.id);
    if (this.cached?.datasetId === id) return this.cached;
    const rec = toRecord(row as DatasetRow);
    const snap = new BudgetSnapshotImpl(this.db, id, rec.finishedAt ?? rec.startedAt, rec, this.targets);
    this.cached = snap;
    return snap;
  }

  /** Snapshot of a given (still stored) data set. */
  async snapshot(id: number): Promise<BudgetSnapshotImpl | undefined> {
    const row = await this.db.selectFrom("budget_datasets").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row || row.status !== "active") return undefined;
    const rec = toRecord(row as DatasetRow);
    return new BudgetSnapshotImpl(this.db, id, rec.finishedAt ?? rec.startedAt, rec, this.targets);
  }

  /** The newest sync run (any status). */
  async lastRun(): Promise<SyncRunRecord | undefined> {
    const r = await this.db.selectFrom("budget_datasets").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
    return r ? toRecord(r as DatasetRow) : undefined;
  }

  async runs(limit = 20): Promise<SyncRunRecord[]> {
    const rows = await this.db.selectFrom("budget_datasets").selectAll().orderBy("id", "desc").limit(limit).execute();
    return rows.map((r) => toRecord(r as DatasetRow));
  }

  /** Runs left "building" by a process that died are failed (their partial data is nothing: it was never committed). */
  async failInterrupted(now = Date.now()): Promise<number> {
    const r = await this.db
      .updateTable("budget_datasets")
      .set({ status: "failed", error: "terputus (proses berhenti di tengah sinkronisasi)", finished_at: now })
      .where("status", "=", "building")
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Record the start of a sync run; returns the id its data will carry. */
  async begin(trigger: SyncTrigger, now = Date.now()): Promise<number> {
    const r = await this.db.insertInto("budget_datasets").values({ status: "building", trigger, started_at: now }).returning("id").executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async fail(id: number, error: string, durationMs: number, now = Date.now()): Promise<void> {
    await this.db.updateTable("budget_datasets").set({ status: "failed", error: error.slice(0, 500), finished_at: now, duration_ms: durationMs }).where("id", "=", id).execute();
  }

  /**
   * Write the data set and make it the active one, in one transaction. Returns the id that was
   * active before (kept; older sets are deleted by `prune`).
   */
  async commit(id: number, data: BudgetDataSet, meta: { durationMs: number; now?: number }): Promise<{ previousId?: number; satker: number }> {
    const now = meta.now ?? Date.now();
    // Satker: every code seen in any source; names from the IK satker rows (latest period wins).
    const names = new Map<string, string | undefined>();
    const ikLatest = new Map<string, number>();
    const see = (kd: string) => {
      if (!names.has(kd)) names.set(kd, undefined);
    };
    for (const d of data.dipa) see(d.kdsatker);
    for (const f of data.fa) see(f.kdsatker);
    for (const c of data.realisasi) see(c.kdsatker);
    const ik: IkRow[] = [...data.ik];
    for (const r of ik) {
      if (r.level !== "satker") continue;
      const p = ikLatest.get(r.kode);
      if (p === undefined || r.periode >= p) {
        ikLatest.set(r.kode, r.periode);
        if (r.nama) names.set(r.kode, r.nama);
        else see(r.kode);
      }
    }
    const previous = await this.db.transaction().execute(async (trx) => {
      await writeRows(trx, id, data, ik, names);
      const prev = await trx.selectFrom("budget_active").select("dataset_id").where("slot", "=", SLOT).executeTakeFirst();
      await trx
        .updateTable("budget_datasets")
        .set({
          status: "active",
          finished_at: now,
          duration_ms: meta.durationMs,
          rows: data.rows,
          satker: names.size,
          maxdate: data.maxdate ? ymdToText(data.maxdate) : null,
          year: data.year ?? data.maxdate?.year ?? null,
          error: null,
        })
        .where("id", "=", id)
        .execute();
      await trx
        .insertInto("budget_active")
        .values({ slot: SLOT, dataset_id: id, updated_at: now })
        .onConflict((oc) => oc.column("slot").doUpdateSet({ dataset_id: id, updated_at: now }))
        .execute();
      return prev ? Number(prev.dataset_id) : undefined;
    });
    return { ...(previous !== undefined ? { previousId: previous } : {}), satker: names.size };
  }

  /** Delete the data of every set but `keep` (the active one and the one before); trim old run records. */
  async prune(keep: number[]): Promise<void> {
    const old = await this.db.selectFrom("budget_datasets").select("id").where("status", "=", "active").where("id", "not in", keep.length ? keep : [-1]).execute();
    for (const { id } of old) {
      const n = Number(id);
      await this.db.transaction().execute(async (trx) => {
        for (const t of ["budget_realisasi", "budget_dipa", "budget_fa", "budget_ik", "budget_satker"] as const) await trx.deleteFrom(t).where("dataset_id", "=", n).execute();
        await trx.updateTable("budget_datasets").set({ status: "superseded" }).where("id", "=", n).execute();
      });
    }
    // Failed runs never committed data, but a crash inside a transaction is rolled back anyway.
    const cutoff = await this.db.selectFrom("budget_datasets").select("id").orderBy("id", "desc").offset(KEEP_RUNS).limit(1).executeTakeFirst();
    if (cutoff) await this.db.deleteFrom("budget_datasets").where("id", "<=", Number(cutoff.id)).where("status", "in", ["failed", "superseded"]).execute();
    this.opts.logger?.debug({ pruned: old.length }, "budget data sets pruned");
  }
}

async function writeRows(trx: Transaction<Database>, id: number, data: BudgetDataSet, ik: IkRow[], names: Map<string, string | undefined>): Promise<void> {
  for (const t of ["budget_realisasi", "budget_dipa", "budget_fa", "budget_ik", "budget_satker"] as const) await trx.deleteFrom(t).where("dataset_id", "=", id).execute();
  await insertBatched(data.realisasi, (b) =>
    trx
      .insertInto("budget_realisasi")
      .values(b.map((c) => ({ dataset_id: id, kdsatker: c.kdsatker, akun: c.akun, year: c.year, month: c.month, amount_sen: c.amountSen, rows: c.rows })))
      .execute(),
  );
  await insertBatched(data.dipa, (b) =>
    trx.insertInto("budget_dipa").values(b.map((d) => ({ dataset_id: id, kdsatker: d.kdsatker, akun: d.akun, amount_sen: d.amountSen, lines: d.lines }))).execute(),
  );
  await insertBatched(data.fa, (b) =>
    trx
      .insertInto("budget_fa")
      .values(
        b.map((f) => ({
          dataset_id: id,
          kdsatker: f.kdsatker,
          akun: f.akun,
          dipa_sen: f.dipaSen,
          kontrak_sen: f.kontrakSen,
          blokir_sen: f.blokirSen,
          actual_sen: f.actualSen,
          balancing_sen: f.balancingSen,
          minus_sen: f.minusSen,
          minus_lines: f.minusLines,
          lines: f.lines,
          identity_mismatches: f.identityMismatches,
        })),
      )
      .execute(),
  );
  // One row per level × unit × period (a duplicate period in the feed: the later row wins).
  const ikByKey = new Map<string, IkRow>();
  for (const r of ik) ikByKey.set(`${r.level}|${r.kode}|${r.periode}`, r);
  await insertBatched(ikByKey.values(), (b) =>
    trx
      .insertInto("budget_ik")
      .values(
        b.map((r) => ({
          dataset_id: id,
          level: r.level,
          kode: r.kode,
          periode: r.periode,
          nama: r.nama ?? null,
          kdkppn: r.kdkppn ?? null,
          values_json: JSON.stringify(r.values),
          weights_json: JSON.stringify(r.weights),
        })),
      )
      .execute(),
  );
  await insertBatched(names.entries(), (b) => trx.insertInto("budget_satker").values(b.map(([kdsatker, nama]) => ({ dataset_id: id, kdsatker, nama: nama ?? null }))).execute());
}
