/**
 * Background OMSPAN sync (docs/architecture.md#the-path-of-an-omspan-sync, docs/upstream.md#omspan-sync).
 *
 * One run: DIPA, DataFA and the three IK endpoints once each, then RealisasiKL in row ranges
 * of `pageSize` (sequential, with a pause and a page cap; with `parseWorker`, read and summed
 * in a worker thread while this one fetches, the next page fetched meanwhile), each page folded into a
 * RealisasiAggregator and dropped — memory is bounded by the page size plus the number of
 * satker × akun × month keys, not by the row count. The result is written and swapped in by
 * BudgetStore.commit in one transaction; a failure leaves the last good data active and is
 * recorded with its error.
 *
 * Only one run at a time per process: a second trigger joins the running one. Scheduled runs
 * (croner, Asia/Jakarta) and the run at start happen only on the leader.
 */
import { Cron } from "croner";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { OmspanClient, OmspanKeyInfo } from "../upstream/omspan.js";
import { isUpstreamError, type UpstreamErrorKind } from "../upstream/errors.js";
import { RealisasiAggregator } from "./aggregate.js";
import { aggregateInWorker, type RealisasiTotals } from "./realisasi-worker.js";
import type { BudgetSnapshot, SyncListener } from "./reader.js";
import { aggregateDipa, aggregateFa } from "./aggregate-lines.js";
import type { BudgetSnapshotImpl, PaguMinusEntry } from "./snapshot.js";
import type { BudgetStore, SyncTrigger } from "./store.js";
import type { IkRow, Sen, Ymd } from "../domain/budget.js";

export type { SyncTrigger } from "./store.js";

export interface SyncChanges {
  /** Satker + akun in pagu minus now that were not before. */
  paguMinusBaru: PaguMinusEntry[];
  /** Satker + akun no longer in pagu minus. */
  paguMinusSelesai: PaguMinusEntry[];
  /** Σ realisasi of the ministry, new − previous. */
  realisasiDeltaSen: Sen;
  satkerBefore: number;
  /** MAXDATE of the previous data set. */
  previousDataDate?: Ymd;
}

export interface SyncResult {
  datasetId: number;
  trigger: SyncTrigger;
  rows: number;
  satker: number;
  durationMs: number;
  dataDate?: Ymd;
  /** Compared with the previous data set (absent on the first sync). */
  changes?: SyncChanges;
  /** Rows read per endpoint. */
  endpoints: Record<string, number>;
  /** Listeners that threw (logged; the sync itself succeeded). */
  listenerErrors: number;
}

export interface SyncProgress {
  trigger: SyncTrigger;
  startedAt: number;
  phase: "dipa" | "fa" | "ik" | "realisasi" | "simpan" | "evaluasi";
  pages: number;
  rows: number;
}

/** Why a run failed, for the bot's messages. */
export class SyncFailure extends Error {
  constructor(
    readonly kind: UpstreamErrorKind | "umum" | "dihentikan" | "tidak_dikonfigurasi",
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "SyncFailure";
  }
}

/** How the sync tells administrators about a rejected key (UpstreamIncidents fits). */
export interface SyncIncidents {
  unauthorized(upstream: string, now?: Date, extra?: string): Promise<void>;
  ok(upstream: string): Promise<void>;
}

export interface BudgetSyncOptions {
  store: BudgetStore;
  /** Undefined when OMSPAN_API_TOKEN is not configured: every run fails with "tidak_dikonfigurasi". */
  client: OmspanClient | undefined;
  logger: Logger;
  metrics?: Metrics;
  pageSize: number;
  pageCap: number;
  pauseMs?: number;
  /** RealisasiKL read and summed in a worker thread (realisasi-worker.ts) instead of this one. */
  parseWorker?: boolean;
  /** Text of the admin note on a rejected key (key year and a warning when it is not this year). */
  keyNote?: (info: OmspanKeyInfo, currentYear: number) => string;
  /** Where a rejected key (and the recovery) is reported: administrators are told once per incident. */
  incidents?: SyncIncidents;
  now?: () => Date;
}

export class BudgetSync {
  private readonly listeners = new Set<SyncListener>();
  private running: Promise<SyncResult> | undefined;
  private progressState: SyncProgress | undefined;
  private cron: Cron | undefined;
  private stopping = false;
  private unsubscribeLeader: (() => void) | undefined;
  constructor(private readonly opts: BudgetSyncOptions) {}

  get configured(): boolean {
    return this.opts.client !== undefined;
  }

  /** Register a listener called after every successful swap; returns an unsubscribe function. */
  onSynced(listener: SyncListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The run in progress, if any. */
  get inProgress(): Promise<SyncResult> | undefined {
    return this.running;
  }

  progress(): SyncProgress | undefined {
    return this.progressState ? { ...this.progressState } : undefined;
  }

  /** Run now, or join the run in progress. Rejects with SyncFailure when the run fails. */
  run(trigger: SyncTrigger): Promise<SyncResult> {
    if (this.running) return this.running;
    const p = this.doRun(trigger).finally(() => {
      if (this.running === p) this.running = undefined;
      this.progressState = undefined;
    });
    this.running = p;
    return p;
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private async doRun(trigger: SyncTrigger): Promise<SyncResult> {
    const { store, logger, metrics } = this.opts;
    const client = this.opts.client;
    if (!client) throw new SyncFailure("tidak_dikonfigurasi", "OMSPAN_API_TOKEN belum diisi");
    const t0 = Date.now();
    const id = await store.begin(trigger, this.now().getTime());
    const prog: SyncProgress = { trigger, startedAt: t0, phase: "dipa", pages: 0, rows: 0 };
    this.progressState = prog;
    logger.info({ trigger, dataset: id }, "omspan sync started");
    const endpoints: Record<string, number> = {};
    try {
      const dipa = await client.dipa();
      endpoints.DipaBelanjaKL = dipa.rows.length;
      const dipaAgg = aggregateDipa(dipa.rows);
      this.checkStop();
      prog.phase = "fa";
      const fa = await client.dataFa();
      endpoints.DataFA = fa.rows.length;
      const faAgg = aggregateFa(fa.rows);
      this.checkStop();
      prog.phase = "ik";
      const ik: IkRow[] = [];
      for (const [name, call] of [
        ["CapaianIKSatkerRe", () => client.ikSatker()],
        ["CapaianIKEselon1Re", () => client.ikEselon1()],
        ["CapaianIKKLRe", () => client.ikKl()],
      ] as const) {
        // Only the satker rows feed the bot: a failing eselon I / KL endpoint (but a rejected key) is logged, not fatal.
        const r = await call().catch((e: unknown) => {
          if (name === "CapaianIKSatkerRe" || (isUpstreamError(e) && e.kind === "unauthorized")) throw e;
          logger.warn({ endpoint: name, err: e }, "omspan IK endpoint failed; its rows are skipped");
          return { rows: [] as IkRow[] };
        });
        endpoints[name] = r.rows.length;
        ik.push(...r.rows);
        this.checkStop();
      }
      prog.phase = "realisasi";
      const paging = { pageCap: this.opts.pageCap, pauseMs: this.opts.pauseMs ?? 0 };
      let rowsSoFar = 0;
      const onPage = (page: { page: number; rows: unknown; received: number; rejected: number }) => {
        prog.pages = page.page;
        prog.rows = rowsSoFar += page.received - page.rejected;
        this.checkStop();
      };
      let agg: RealisasiTotals;
      if (this.opts.parseWorker) {
        // Read and summed in a worker thread; this one only fetches the pages (realisasi-worker.ts).
        agg = await aggregateInWorker(client, this.opts.pageSize, paging, onPage);
      } else {
        const inThread = new RealisasiAggregator();
        for await (const page of client.realisasiPages(this.opts.pageSize, paging)) {
          inThread.add(page.rows); // the page is dropped after this
          onPage(page);
        }
        const dataDate = inThread.dataDate;
        agg = { cells: inThread.cells(), rows: inThread.rows, keyCount: inThread.keyCount, ...(dataDate ? { dataDate } : {}) };
      }
      endpoints.RealisasiKL = agg.rows;
      prog.phase = "simpan";
      const durationMs = Date.now() - t0;
      const previous = await store.current();
      const { previousId, satker } = await store.commit(id, { dipa: dipaAgg, fa: faAgg, realisasi: agg.cells, ik, rows: agg.rows, ...(agg.dataDate ? { maxdate: agg.dataDate } : {}) }, { durationMs, now: this.now().getTime() });
      await store.prune(previousId !== undefined ? [id, previousId] : [id]).catch((e: unknown) => logger.warn({ err: e }, "pruning old budget data failed"));
      const snapshot = (await store.current()) as BudgetSnapshotImpl;
      const prevSnap = previous && previous.datasetId === previousId ? previous : undefined;
      const changes = prevSnap ? await diff(prevSnap, snapshot).catch(() => undefined) : undefined;
      metrics?.syncDuration.observe({ outcome: "ok" }, durationMs / 1000);
      for (const [k, v] of Object.entries(endpoints)) metrics?.syncRows.set({ endpoint: k }, v);
      logger.info({ trigger, dataset: id, rows: agg.rows, satker, keys: agg.keyCount, durationMs }, "omspan sync done");
      await this.opts.incidents?.ok("omspan").catch(() => undefined);
      prog.phase = "evaluasi";
      const listenerErrors = await this.notify(snapshot, prevSnap, trigger);
      return {
        datasetId: id,
        trigger,
        rows: agg.rows,
        satker,
        durationMs,
        ...(agg.dataDate ? { dataDate: agg.dataDate } : {}),
        ...(changes ? { changes } : {}),
        endpoints,
        listenerErrors,
      };
    } catch (e) {
      const durationMs = Date.now() - t0;
      const failure = toFailure(e);
      metrics?.syncDuration.observe({ outcome: failure.kind }, durationMs / 1000);
      await store.fail(id, `${failure.kind}: ${failure.message}`, durationMs, this.now().getTime()).catch((err: unknown) => logger.error({ err }, "cannot record the failed sync"));
      logger.warn({ trigger, dataset: id, kind: failure.kind, err: e, durationMs }, "omspan sync failed; the previous data stays active");
      if (failure.kind === "unauthorized" && client) {
        const note = this.opts.keyNote?.(client.keyInfo(), wibYear(this.now()));
        await this.opts.incidents?.unauthorized("omspan", this.now(), note).catch(() => undefined);
      }
      throw failure;
    }
  }

  private checkStop(): void {
    if (this.stopping) throw new SyncFailure("dihentikan", "aplikasi berhenti");
  }

  private async notify(snapshot: BudgetSnapshot, previous: BudgetSnapshot | undefined, trigger: SyncTrigger): Promise<number> {
    let errors = 0;
    for (const l of this.listeners) {
      try {
        await l({ snapshot, ...(previous ? { previous } : {}), trigger });
      } catch (err) {
        errors++;
        this.opts.logger.error({ err }, "sync listener failed");
      }
    }
    return errors;
  }

  /**
   * Schedule (cron in WIB) and the run at start. Runs only while `isLeader()`; at start (and
   * when this instance becomes the leader) a run happens when there is no data or the data is
   * older than the schedule's interval.
   */
  start(schedule: { cron: string; timezone?: string; isLeader: () => boolean; onLeaderChange?: (fn: (leader: boolean) => void) => () => void }): void {
    if (!this.configured) {
      this.opts.logger.warn("OMSPAN_API_TOKEN kosong: sinkronisasi anggaran tidak dijalankan");
      return;
    }
    this.stopping = false;
    const timezone = schedule.timezone ?? "Asia/Jakarta";
    this.cron = new Cron(schedule.cron, { timezone, protect: true }, () => {
      if (!schedule.isLeader()) return;
      this.run("jadwal").catch(() => undefined); // recorded and logged by the run
    });
    const intervalMs = cronIntervalMs(this.cron);
    const maybeStart = () => {
      if (!schedule.isLeader() || this.stopping) return;
      if (this.running) return;
      // A run left "building" by a crashed leader never committed anything: record it as failed.
      void this.opts.store
        .failInterrupted(this.now().getTime())
        .then(() => this.isStale(intervalMs))
        .then((stale) => (stale && !this.stopping ? this.run("start") : undefined))
        .catch(() => undefined);
    };
    maybeStart();
    this.unsubscribeLeader = schedule.onLeaderChange?.((leader) => {
      if (leader) maybeStart();
    });
  }

  /** No data, or the last successful sync is older than `intervalMs`. */
  async isStale(intervalMs: number): Promise<boolean> {
    const snap = await this.opts.store.current();
    if (!snap) return true;
    return this.now().getTime() - snap.syncedAt.getTime() > intervalMs;
  }

  /** Stop the schedule; a run in progress stops at its next page and is recorded as failed. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    this.cron?.stop();
    this.cron = undefined;
    this.unsubscribeLeader?.();
    this.unsubscribeLeader = undefined;
    const r = this.running;
    if (r) await Promise.race([r.catch(() => undefined), new Promise((res) => setTimeout(res, timeoutMs).unref())]);
  }
}

function toFailure(e: unknown): SyncFailure {
  if (e instanceof SyncFailure) return e;
  if (isUpstreamError(e)) return new SyncFailure(e.kind, e.message, e);
  return new SyncFailure("umum", e instanceof Error ? e.message : String(e), e);
}

function wibYear(d: Date): number {
  return new Date(d.getTime() + 7 * 3_600_000).getUTCFullYear();
}

/** Shortest gap between the schedule's next runs (default 2 h when it cannot tell). */
export function cronIntervalMs(cron: Cron): number {
  const runs = cron.nextRuns(6);
  let min = Infinity;
  for (let i = 1; i < runs.length; i++) min = Math.min(min, runs[i]!.getTime() - runs[i - 1]!.getTime());
  return Number.isFinite(min) && min > 0 ? min : 2 * 3_600_000;
}

async function diff(prev: BudgetSnapshotImpl, next: BudgetSnapshotImpl): Promise<SyncChanges> {
  const [a, b] = [await prev.paguMinus(), await next.paguMinus()];
  const key = (x: PaguMinusEntry) => `${x.satker}|${x.akun}`;
  const before = new Set(a.map(key));
  const after = new Set(b.map(key));
  const [oa, ob] = [await prev.overview(), await next.overview()];
  const sum = (l: { realisasiSen: Sen }[]) => l.reduce((s, x) => s + x.realisasiSen, 0);
  return {
    paguMinusBaru: b.filter((x) => !before.has(key(x))),
    paguMinusSelesai: a.filter((x) => !after.has(key(x))),
    realisasiDeltaSen: sum(ob) - sum(oa),
    satkerBefore: oa.length,
    ...(prev.dataDate ? { previousDataDate: prev.dataDate } : {}),
  };
}
