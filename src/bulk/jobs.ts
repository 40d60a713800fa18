/**
 * /cekmassal jobs outside any chat update (docs/cekmassal.md#pekerjaan-job): started from an
 * upload, persisted row by row (keyed hashes, never NIKs), held by one instance through a lease
 * renewed while it runs, resumed after a restart or by another instance once the lease
 * expires, stopped by /batal. What the officer sees (progress, result, audit) is the `io` of
 * the bot layer.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";
import type { Scope } from "../domain/scope.js";
import type { SippClient } from "../upstream/sipp.js";
import type { BulkJob, BulkJobRepo, BulkLookupRow } from "../store/bulk-jobs.js";
import { lookupCount, planRows, runLookups, type CellNik, type RowPlan } from "./engine.js";
import { countOutcomes, flatCounts, outcomes, type BulkCounts, type RowOutcome } from "./outcome.js";

/** What the engine needs of a read list (list-file.ts ListTable has it). */
export interface BulkTable {
  format: string;
  rows: string[][];
  nikColumn: number;
}

/** The officer's side, given by the bot layer. */
export interface BulkJobIo<T extends BulkTable> {
  /** The list again (download by file_id and read); undefined: cannot be read any more (pasted text). */
  reload(job: BulkJob): Promise<T | undefined>;
  /** Lookups done so far (throttled by the io). */
  progress(job: BulkJob, done: number, total: number): void;
  /**
   * Audit, then the result document and summary; `finished` marks the job done (called once the
   * document is out, before the summary: an officer who answers the summary at once finds no job running).
   */
  deliver(job: BulkJob, table: T, plans: readonly RowPlan[], rows: readonly RowOutcome[], counts: BulkCounts, finished: () => Promise<void>): Promise<void>;
  /** A run ended without a result (stopped, cancelled, lease lost): no more progress edits from here. */
  paused(job: BulkJob): Promise<void>;
  /** A job that cannot be resumed (pasted text after a restart, file gone, officer removed). */
  interrupted(job: BulkJob, why: "teks" | "berkas" | "petugas"): Promise<void>;
}

export interface BulkJobsOptions {
  repo: BulkJobRepo;
  sipp: Pick<SippClient, "tracking">;
  /** Keyed hash of a NIK (the audit key). */
  hash: (nik: string) => string;
  readCell: (cell: string) => CellNik;
  /** The officer's current access (re-read at resume: a scope change or removal applies). */
  access: (officerId: number) => Promise<{ officer: boolean; scope: Scope | undefined }>;
  logger: Logger;
  concurrency: number;
  leaseMs: number;
  retryDelayMs: number;
  /** How often running jobs are saved and their progress reported. */
  flushMs?: number;
  onError?: (e: unknown) => void;
}

interface Running {
  abort: AbortController;
  finished: Promise<void>;
}

export type StartResult = { ok: true; job: BulkJob } | { ok: false; reason: "sibuk" };

export class BulkJobs<T extends BulkTable> {
  /** This instance's name in leases. */
  readonly owner = randomUUID();
  private readonly active = new Map<number, Running>();
  private io: BulkJobIo<T> | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly o: BulkJobsOptions) {}

  get repo(): BulkJobRepo {
    return this.o.repo;
  }

  /** The bot layer plugs in what the officer sees. */
  attach(io: BulkJobIo<T>): void {
    this.io = io;
  }

  /** Plans the rows (no upstream call) and creates the job; then runs it in the background. */
  async start(who: { officerId: number; chatId: number; scope: Scope | undefined }, table: T, file: { fileId: string | null; fileName: string | null }): Promise<StartResult> {
    const plans = this.plan(table);
    const job = await this.o.repo.create({
      officerId: who.officerId,
      chatId: who.chatId,
      fileId: file.fileId,
      fileName: file.fileName,
      format: table.format,
      totalRows: table.rows.length,
      lookupsTotal: lookupCount(plans),
      leaseOwner: this.owner,
      leaseUntil: Date.now() + this.o.leaseMs,
    });
    if (!job) return { ok: false, reason: "sibuk" };
    this.launch(job, table, plans, who.scope);
    return { ok: true, job };
  }

  /** The officer's running job (on any instance), if any. */
  runningOf(officerId: number): Promise<BulkJob | undefined> {
    return this.o.repo.running(officerId);
  }

  /** Stops the officer's running job (here or on another instance); returns it as it ended, with lookups done. */
  async cancel(officerId: number): Promise<BulkJob | undefined> {
    const job = await this.o.repo.running(officerId);
    if (!job) return undefined;
    const local = this.active.get(job.id);
    if (local) {
      local.abort.abort();
      await local.finished;
    }
    await this.o.repo.finish(job.id, "cancelled");
    return (await this.o.repo.get(job.id)) ?? job;
  }

  /** Resumes jobs whose lease expired now and every `intervalMs` (another instance may have died). */
  startResuming(intervalMs = Math.max(1000, this.o.leaseMs)): void {
    void this.resumeAbandoned();
    this.scanTimer = setInterval(() => void this.resumeAbandoned(), intervalMs);
    this.scanTimer.unref();
  }

  /** Claims and resumes every abandoned job this instance can get. */
  async resumeAbandoned(): Promise<number> {
    if (this.stopping || !this.io) return 0;
    let resumed = 0;
    try {
      for (const job of await this.o.repo.abandoned()) {
        if (this.active.has(job.id) || !(await this.o.repo.claim(job.id, this.owner, this.o.leaseMs))) continue;
        resumed++;
        await this.resume(job);
      }
    } catch (err) {
      this.o.logger.error({ err }, "cekmassal: resume failed");
    }
    return resumed;
  }

  /** Graceful stop: no new lookups, rows done so far saved, leases given up at once (the next start resumes). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.scanTimer);
    const all = [...this.active.entries()];
    for (const [, r] of all) r.abort.abort();
    await Promise.all(all.map(([, r]) => r.finished));
    for (const [id] of all) await this.o.repo.release(id, this.owner).catch(() => undefined);
  }

  /** Number of jobs running on this instance. */
  get running(): number {
    return this.active.size;
  }

  private plan(table: T): RowPlan[] {
    return planRows(
      table.rows.map((r) => r[table.nikColumn] ?? ""),
      this.o.readCell,
      this.o.hash,
    );
  }

  private async resume(job: BulkJob): Promise<void> {
    const io = this.io!;
    const access = await this.o.access(job.officerId);
    const end = async (why: "teks" | "berkas" | "petugas") => {
      if (await this.o.repo.finish(job.id, "interrupted")) await io.interrupted(job, why).catch((err: unknown) => this.o.logger.warn({ err, job: job.id }, "cekmassal: interruption not told"));
    };
    if (!access.officer) return end("petugas");
    if (!job.fileId) return end("teks");
    let table: T | undefined;
    try {
      table = await io.reload(job);
    } catch (err) {
      this.o.logger.warn({ err, job: job.id }, "cekmassal: list not readable again");
    }
    if (!table) return end("berkas");
    this.o.logger.info({ job: job.id, rows: table.rows.length }, "cekmassal: job resumed");
    this.launch(job, table, this.plan(table), access.scope);
  }

  private launch(job: BulkJob, table: T, plans: RowPlan[], scope: Scope | undefined): void {
    const abort = new AbortController();
    const finished = this.execute(job, table, plans, scope, abort).catch((err: unknown) => this.o.logger.error({ err, job: job.id }, "cekmassal: job failed"));
    this.active.set(job.id, { abort, finished });
    void finished.finally(() => this.active.delete(job.id));
  }

  private async execute(job: BulkJob, table: T, plans: RowPlan[], scope: Scope | undefined, abort: AbortController): Promise<void> {
    const io = this.io!;
    const { repo } = this.o;
    const lookups = new Map<number, BulkLookupRow>();
    for (const r of await repo.rows(job.id)) lookups.set(r.rowIndex, r);
    const total = lookupCount(plans);
    const doneCount = () => plans.reduce((n, p, i) => n + (p.kind === "lookup" && lookups.get(i)?.nikHash === p.hash ? 1 : 0), 0);
    let done = doneCount();
    io.progress(job, done, total);

    let pending: BulkLookupRow[] = [];
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      const batch = pending;
      pending = [];
      flushing = flushing.then(async () => {
        if (batch.length > 0) await repo.saveRows(job.id, batch);
        await repo.setProgress(job.id, done);
      });
      return flushing;
    };
    const flushTimer = setInterval(() => {
      if (pending.length > 0) void flush().catch((err: unknown) => this.o.logger.warn({ err, job: job.id }, "cekmassal: rows not saved"));
    }, this.o.flushMs ?? 1000);
    // The lease is renewed while the job runs; losing it (cancelled elsewhere, or taken after a stall) stops this run.
    const leaseTimer = setInterval(() => {
      void repo.claim(job.id, this.owner, this.o.leaseMs).then(
        (held) => held || abort.abort(),
        (err: unknown) => this.o.logger.warn({ err, job: job.id }, "cekmassal: lease not renewed"),
      );
    }, Math.max(200, Math.floor(this.o.leaseMs / 3)));
    try {
      await runLookups(plans, lookups, {
        sipp: this.o.sipp,
        concurrency: this.o.concurrency,
        retryDelayMs: this.o.retryDelayMs,
        scope,
        signal: abort.signal,
        onError: this.o.onError,
        onRow: (row) => {
          lookups.set(row.rowIndex, row);
          pending.push(row);
          done++;
          io.progress(job, done, total);
        },
      });
    } finally {
      clearInterval(flushTimer);
      clearInterval(leaseTimer);
      await flush();
    }
    if (abort.signal.aborted) {
      // Ended elsewhere (/batal on another instance) while rows were still being saved here: they go too.
      const now = await repo.get(job.id);
      if (now && now.status !== "running") await repo.deleteRows(job.id);
      return io.paused(job);
    }
    const rows = outcomes(plans, lookups);
    const counts = countOutcomes(rows);
    const current = await repo.get(job.id);
    if (current?.status !== "running" || current.leaseOwner !== this.owner) return io.paused(job); // cancelled or taken meanwhile
    let ended = false;
    const finished = async () => {
      if (!ended) await repo.finish(job.id, "done", flatCounts(counts));
      ended = true;
    };
    try {
      await io.deliver(current, table, plans, rows, counts, finished);
      await finished();
    } catch (err) {
      // Telegram refused (the officer blocked the bot, the chat is gone): trying again after the
      // lease expires would fail the same way, so the job ends here (transient errors were retried by the API layer).
      this.o.logger.warn({ err, job: job.id }, "cekmassal: result not delivered");
      if (!ended) await repo.finish(job.id, "failed", flatCounts(counts));
    }
  }
}
