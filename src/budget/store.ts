/**
 * Local store of the synced OMSPAN data (SPEC §5, §7), on Kysely: the same code on SQLite and
 * PostgreSQL (tables of migration 0002_budget).
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
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Store } from "../store/db.js";
import type { BudgetDatasetTable, Database } from "../store/schema.js";
import type { Logger } from "../logger.js";
import type { RealisasiCell } from "./aggregate.js";
import { computeIkpa, latestIkRow, type IkpaResult } from "./ikpa.js";
import type { BudgetReader, BudgetSnapshot, SatkerInfo } from "./reader.js";
import { buildAnggaranSummary, type AnggaranSummary, type FaInput, type PaguMinusAkun } from "./summary.js";
import { DEFAULT_TARGETS, jenisBelanja, realisasiPersen, type TargetTable } from "./targets.js";
import { addSen, type IkLevel, type IkRow, type Sen, type Ymd } from "../domain/budget.js";

const SLOT = "omspan";
/** Rows per INSERT (≤ 12 columns × 400 = 4 800 parameters: far below both dialects' limits). */
const BATCH = 400;
/** Sync-run records kept (their data is deleted long before). */
const KEEP_RUNS = 200;

export type SyncTrigger = "jadwal" | "start" | "admin";

export interface SyncRunRecord {
  id: number;
  status: "building" | "active" | "failed" | "superseded";
  trigger: string;
  startedAt: Date;
  finishedAt?: Date;
  rows?: number;
  satker?: number;
  durationMs?: number;
  error?: string;
  maxdate?: Ymd;
}

/** A DIPA line as far as the store needs it. */
export interface DipaLineInput {
  kdsatker: string;
  akun: string;
  amountSen: Sen;
}

/** A DataFA line as far as the store needs it (the client's FaLine satisfies it). */
export interface FaLineInput {
  satker: string;
  akun: string;
  dipaSen: Sen;
  kontrakSen: Sen;
  blokirSen: Sen;
  actualSen: Sen;
  balancingSen: Sen;
  balancingDerived?: boolean;
}

export interface DipaAgg {
  kdsatker: string;
  akun: string;
  amountSen: Sen;
  lines: number;
}

export interface FaAgg {
  kdsatker: string;
  akun: string;
  dipaSen: Sen;
  kontrakSen: Sen;
  blokirSen: Sen;
  actualSen: Sen;
  balancingSen: Sen;
  /** Σ of the negative BALANCING_AMT lines (≤ 0). */
  minusSen: Sen;
  minusLines: number;
  lines: number;
  identityMismatches: number;
}

/** DIPA lines → Σ per satker × akun. */
export function aggregateDipa(lines: Iterable<DipaLineInput>): DipaAgg[] {
  const m = new Map<string, DipaAgg>();
  for (const l of lines) {
    const k = `${l.kdsatker}|${l.akun}`;
    const e = m.get(k);
    if (e) {
      e.amountSen = addSen(e.amountSen, l.amountSen);
      e.lines++;
    } else m.set(k, { kdsatker: l.kdsatker, akun: l.akun, amountSen: l.amountSen, lines: 1 });
  }
  return [...m.values()];
}

/**
 * DataFA lines → Σ per satker × akun. Pagu minus is detected on each line FIRST (a negative
 * line is never offset by a positive line of the same akun under another output): its
 * negative BALANCING_AMT goes into `minusSen`, whatever the akun's total balance.
 */
export function aggregateFa(lines: Iterable<FaLineInput>): FaAgg[] {
  const m = new Map<string, FaAgg>();
  for (const l of lines) {
    const k = `${l.satker}|${l.akun}`;
    let e = m.get(k);
    if (!e) {
      e = { kdsatker: l.satker, akun: l.akun, dipaSen: 0, kontrakSen: 0, blokirSen: 0, actualSen: 0, balancingSen: 0, minusSen: 0, minusLines: 0, lines: 0, identityMismatches: 0 };
      m.set(k, e);
    }
    e.dipaSen = addSen(e.dipaSen, l.dipaSen);
    e.kontrakSen = addSen(e.kontrakSen, l.kontrakSen);
    e.blokirSen = addSen(e.blokirSen, l.blokirSen);
    e.actualSen = addSen(e.actualSen, l.actualSen);
    e.balancingSen = addSen(e.balancingSen, l.balancingSen);
    e.lines++;
    if (l.balancingSen < 0) {
      e.minusSen = addSen(e.minusSen, l.balancingSen);
      e.minusLines++;
    }
    if (!l.balancingDerived && l.dipaSen - l.actualSen - l.kontrakSen - l.blokirSen !== l.balancingSen) e.identityMismatches++;
  }
  return [...m.values()];
}

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

export interface SatkerOverview {
  kdsatker: string;
  nama?: string;
  paguSen: Sen;
  realisasiSen: Sen;
  persen?: number;
  ikpa?: { periode: number; score?: number; kategori?: string };
}

export interface AkunDetail {
  akun: string;
  jenis: string;
  jenisNama: string;
  paguSen: Sen;
  realisasiSen: Sen;
  persen?: number;
  kontrakSen: Sen;
  blokirSen: Sen;
  sisaSen: Sen;
  /** Σ of the akun's negative DataFA lines (0 when none). */
  paguMinusSen: Sen;
}

export interface PaguMinusEntry extends PaguMinusAkun {
  nama?: string;
}

export function ymdToText(d: Ymd): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export function ymdFromText(s: string | null | undefined): Ymd | undefined {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
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

export interface BudgetStoreOptions {
  targets?: TargetTable;
  logger?: Logger;
}

/** Snapshot of one data set: every read filters on its id. */
export class BudgetSnapshotImpl implements BudgetSnapshot {
  constructor(
    private readonly db: Kysely<Database>,
    readonly datasetId: number,
    readonly syncedAt: Date,
    readonly record: SyncRunRecord,
    private readonly targets: TargetTable,
  ) {}

  /** RealisasiKL MAXDATE ("data OMSPAN per …"). */
  get dataDate(): Ymd | undefined {
    return this.record.maxdate;
  }

  get rows(): number {
    return this.record.rows ?? 0;
  }

  get satkerCount(): number {
    return this.record.satker ?? 0;
  }

  async satker(): Promise<SatkerInfo[]> {
    const rows = await this.db.selectFrom("budget_satker").select(["kdsatker", "nama"]).where("dataset_id", "=", this.datasetId).orderBy("kdsatker").execute();
    return rows.map((r) => ({ kdsatker: r.kdsatker, ...(r.nama ? { nama: r.nama } : {}) }));
  }

  async nama(kdsatker: string): Promise<string | undefined> {
    const r = await this.db.selectFrom("budget_satker").select("nama").where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).executeTakeFirst();
    return r?.nama ?? undefined;
  }

  private async ikRows(level: IkLevel, kode: string): Promise<IkRow[]> {
    const rows = await this.db
      .selectFrom("budget_ik")
      .selectAll()
      .where("dataset_id", "=", this.datasetId)
      .where("level", "=", level)
      .where("kode", "=", kode)
      .orderBy("periode")
      .execute();
    return rows.map((r) => ({
      level,
      kode: r.kode,
      ...(r.nama ? { nama: r.nama } : {}),
      ...(r.kdkppn ? { kdkppn: r.kdkppn } : {}),
      periode: Number(r.periode),
      values: JSON.parse(r.values_json) as IkRow["values"],
      weights: JSON.parse(r.weights_json) as IkRow["weights"],
    }));
  }

  private async faOf(kdsatker: string) {
    return this.db.selectFrom("budget_fa").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).orderBy("akun").execute();
  }

  private async dipaOf(kdsatker: string) {
    return this.db.selectFrom("budget_dipa").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).orderBy("akun").execute();
  }

  private async realisasiOf(kdsatker: string) {
    return this.db.selectFrom("budget_realisasi").selectAll().where("dataset_id", "=", this.datasetId).where("kdsatker", "=", kdsatker).execute();
  }

  async summary(kdsatker: string, now: Date): Promise<AnggaranSummary | undefined> {
    const [dipa, fa, real, ik, nama] = [await this.dipaOf(kdsatker), await this.faOf(kdsatker), await this.realisasiOf(kdsatker), await this.ikRows("satker", kdsatker), await this.nama(kdsatker)];
    if (!dipa.length && !fa.length && !real.length && !ik.length) return undefined;
    const faInput: FaInput[] = fa.map((f) => ({
      satker: f.kdsatker,
      akun: f.akun,
      dipaSen: Number(f.dipa_sen),
      actualSen: Number(f.actual_sen),
      kontrakSen: Number(f.kontrak_sen),
      blokirSen: Number(f.blokir_sen),
      balancingSen: Number(f.balancing_sen),
    }));
    const s = buildAnggaranSummary({
      kdsatker,
      ...(nama ? { nama } : {}),
      dipa: dipa.map((d) => ({ kdsatker: d.kdsatker, akun: d.akun, amountSen: Number(d.amount_sen) })),
      fa: faInput,
      realisasi: real.map((c) => ({ kdsatker: c.kdsatker, akun: c.akun, year: Number(c.year), month: Number(c.month), amountSen: Number(c.amount_sen) })),
      ik,
      ...(this.record.maxdate ? { dataDate: this.record.maxdate, year: this.record.maxdate.year } : {}),
      syncedAt: this.syncedAt,
      now,
      targets: this.targets,
    });
    // Pagu minus and the identity check come from the per-LINE detection done at sync time;
    // the stored per-akun sums could hide a negative line behind a positive one.
    s.paguMinus = fa
      .filter((f) => Number(f.minus_lines) > 0)
      .map((f) => ({ satker: f.kdsatker, akun: f.akun, amountSen: Number(f.minus_sen), lines: Number(f.minus_lines) }))
      .sort((a, b) => a.amountSen - b.amountSen || a.akun.localeCompare(b.akun));
    const mismatches = fa.reduce((n, f) => n + Number(f.identity_mismatches), 0);
    s.crossCheck.identityMismatches = mismatches;
    s.crossCheck.consistent = fa.length === 0 || (s.crossCheck.paguSelisihSen === 0 && s.crossCheck.realisasiSelisihSen === 0 && mismatches === 0);
    return s;
  }

  async ikpaHistory(kdsatker: string): Promise<{ periode: string; ikpa: IkpaResult }[]> {
    const rows = await this.ikRows("satker", kdsatker);
    return rows.map((r) => ({ periode: String(r.periode).padStart(2, "0"), ikpa: computeIkpa(r) }));
  }

  /** Per-akun detail of one satker (DIPA ∪ DataFA ∪ realisasi akun), sorted by akun. */
  async akunDetail(kdsatker: string): Promise<AkunDetail[]> {
    const [dipa, fa, real] = [await this.dipaOf(kdsatker), await this.faOf(kdsatker), await this.realisasiOf(kdsatker)];
    const m = new Map<string, AkunDetail>();
    const get = (akun: string) => {
      let e = m.get(akun);
      if (!e) {
        const j = jenisBelanja(akun);
        m.set(akun, (e = { akun, jenis: j.kode, jenisNama: j.nama, paguSen: 0, realisasiSen: 0, kontrakSen: 0, blokirSen: 0, sisaSen: 0, paguMinusSen: 0 }));
      }
      return e;
    };
    for (const d of dipa) get(d.akun).paguSen += Number(d.amount_sen);
    for (const c of real) get(c.akun).realisasiSen += Number(c.amount_sen);
    for (const f of fa) {
      const e = get(f.akun);
      e.kontrakSen += Number(f.kontrak_sen);
      e.blokirSen += Number(f.blokir_sen);
      e.sisaSen += Number(f.balancing_sen);
      e.paguMinusSen += Number(f.minus_sen);
    }
    return [...m.values()]
      .map((e) => {
        const persen = realisasiPersen(e.realisasiSen, e.paguSen);
        return persen === undefined ? e : { ...e, persen };
      })
      .sort((a, b) => a.akun.localeCompare(b.akun));
  }

  /** Pagu, realisasi, % and latest IKPA of every satker (rankings). */
  async overview(): Promise<SatkerOverview[]> {
    const id = this.datasetId;
    const [satker, pagu, real, ik] = [
      await this.satker(),
      await this.db.selectFrom("budget_dipa").select(["kdsatker", (eb) => eb.fn.sum<number>("amount_sen").as("sen")]).where("dataset_id", "=", id).groupBy("kdsatker").execute(),
      await this.db.selectFrom("budget_realisasi").select(["kdsatker", (eb) => eb.fn.sum<number>("amount_sen").as("sen")]).where("dataset_id", "=", id).groupBy("kdsatker").execute(),
      await this.db.selectFrom("budget_ik").selectAll().where("dataset_id", "=", id).where("level", "=", "satker").execute(),
    ];
    const paguOf = new Map(pagu.map((r) => [r.kdsatker, Number(r.sen)]));
    const realOf = new Map(real.map((r) => [r.kdsatker, Number(r.sen)]));
    const ikOf = new Map<string, { periode: number; values_json: string; weights_json: string }[]>();
    for (const r of ik) {
      const list = ikOf.get(r.kode) ?? [];
      list.push({ periode: Number(r.periode), values_json: r.values_json, weights_json: r.weights_json });
      ikOf.set(r.kode, list);
    }
    return satker.map((s) => {
      const paguSen = paguOf.get(s.kdsatker) ?? 0;
      const realisasiSen = realOf.get(s.kdsatker) ?? 0;
      const persen = realisasiPersen(realisasiSen, paguSen);
      const latest = latestIkRow(ikOf.get(s.kdsatker) ?? []);
      let ikpa: SatkerOverview["ikpa"];
      if (latest) {
        const r = computeIkpa({ periode: latest.periode, values: JSON.parse(latest.values_json) as IkRow["values"], weights: JSON.parse(latest.weights_json) as IkRow["weights"] });
        ikpa = { periode: r.periode, ...(r.score !== undefined ? { score: r.score } : {}), ...(r.kategori ? { kategori: r.kategori } : {}) };
      }
      return { ...s, paguSen, realisasiSen, ...(persen !== undefined ? { persen } : {}), ...(ikpa ? { ikpa } : {}) };
    });
  }

  /** Every satker + akun in pagu minus (per-line detection), by satker then most negative. */
  async paguMinus(): Promise<PaguMinusEntry[]> {
    const rows = await this.db
      .selectFrom("budget_fa as f")
      .leftJoin("budget_satker as s", (j) => j.onRef("s.dataset_id", "=", "f.dataset_id").onRef("s.kdsatker", "=", "f.kdsatker"))
      .select(["f.kdsatker", "f.akun", "f.minus_sen", "f.minus_lines", "s.nama"])
      .where("f.dataset_id", "=", this.datasetId)
      .where("f.minus_lines", ">", 0)
      .execute();
    return rows
      .map((r) => ({ satker: r.kdsatker, akun: r.akun, amountSen: Number(r.minus_sen), lines: Number(r.minus_lines), ...(r.nama ? { nama: r.nama } : {}) }))
      .sort((a, b) => a.satker.localeCompare(b.satker) || a.amountSen - b.amountSen || a.akun.localeCompare(b.akun));
  }

  /** Satker whose code or name matches a free-text query (all words, case-insensitive). */
  async search(query: string, limit = 50): Promise<SatkerInfo[]> {
    const q = normalizeName(query);
    if (!q) return [];
    const words = q.split(" ");
    const all = await this.satker();
    const hits = all.filter((s) => {
      const name = normalizeName(s.nama ?? "");
      return s.kdsatker === q || words.every((w) => name.split(" ").some((n) => n.startsWith(w)) || (w.length >= 4 && name.includes(w)));
    });
    return hits.slice(0, limit);
  }
}

export function normalizeName(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\bkab\b/g, "kabupaten")
    .replace(/\s+/g, " ");
}

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
