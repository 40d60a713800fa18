import type { Selectable } from "kysely";
import type { Store } from "./db.js";
import type { BulkJobTable, BulkRowTable } from "./schema.js";

/** A /cekmassal job as stored (docs/cekmassal.md#pekerjaan-job): no NIK, no file bytes. */
export interface BulkJob {
  id: number;
  officerId: number;
  chatId: number;
  status: BulkJobStatus;
  fileId: string | null;
  fileName: string | null;
  format: string;
  totalRows: number;
  lookupsTotal: number;
  lookupsDone: number;
  counts: Record<string, number> | undefined;
  progressMessageId: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export type BulkJobStatus = "running" | "done" | "cancelled" | "interrupted" | "failed";

/** The stored result of one looked-up row (the first row of each distinct valid NIK). */
export interface BulkLookupRow {
  rowIndex: number;
  nikHash: string;
  state: "done" | "gagal";
  inP3ke: boolean | undefined;
  outOfScope: boolean;
  kodeDesa: string | undefined;
  desa: string | undefined;
  kecamatan: string | undefined;
  desil: number | undefined;
  bantuan: number | undefined;
  opds: string[];
  error: string | undefined;
}

export interface NewBulkJob {
  officerId: number;
  chatId: number;
  fileId: string | null;
  fileName: string | null;
  format: string;
  totalRows: number;
  lookupsTotal: number;
  /** The creating instance holds the job from the start. */
  leaseOwner: string;
  leaseUntil: number;
}

/**
 * Jobs and their rows. One running job per officer is held by the database (a partial unique
 * index), so two uploads racing on two instances cannot both start. The lease says which
 * instance runs a job: claimed with one conditional update, so of several instances one wins.
 */
export class BulkJobRepo {
  constructor(private readonly store: Store) {}

  /** Creates a running job; undefined when the officer already has one running. */
  async create(j: NewBulkJob, now = Date.now()): Promise<BulkJob | undefined> {
    if (await this.running(j.officerId)) return undefined;
    try {
      const row = await this.store.db
        .insertInto("bulk_jobs")
        .values({
          officer_id: j.officerId,
          chat_id: j.chatId,
          status: "running",
          file_id: j.fileId,
          file_name: j.fileName,
          format: j.format,
          total_rows: j.totalRows,
          lookups_total: j.lookupsTotal,
          lookups_done: 0,
          counts_json: null,
          progress_message_id: null,
          lease_owner: j.leaseOwner,
          lease_until: j.leaseUntil,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(row);
    } catch (e) {
      // Lost a race with another upload of the same officer (the unique index said no).
      if (await this.running(j.officerId)) return undefined;
      throw e;
    }
  }

  async get(id: number): Promise<BulkJob | undefined> {
    const r = await this.store.db.selectFrom("bulk_jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toJob(r) : undefined;
  }

  /** The officer's running job, if any. */
  async running(officerId: number): Promise<BulkJob | undefined> {
    const r = await this.store.db.selectFrom("bulk_jobs").selectAll().where("officer_id", "=", officerId).where("status", "=", "running").executeTakeFirst();
    return r ? toJob(r) : undefined;
  }

  /** Running jobs whose lease has expired (their instance stopped or crashed). */
  async abandoned(now = Date.now()): Promise<BulkJob[]> {
    const rows = await this.store.db
      .selectFrom("bulk_jobs")
      .selectAll()
      .where("status", "=", "running")
      .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", now)]))
      .orderBy("id")
      .execute();
    return rows.map(toJob);
  }

  /** Takes (or renews) the lease; true when `owner` holds it afterwards. One conditional update: of racing instances one wins. */
  async claim(id: number, owner: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    const r = await this.store.db
      .updateTable("bulk_jobs")
      .set({ lease_owner: owner, lease_until: now + leaseMs, updated_at: now })
      .where("id", "=", id)
      .where("status", "=", "running")
      .where((eb) => eb.or([eb("lease_owner", "=", owner), eb("lease_until", "is", null), eb("lease_until", "<", now)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Gives the lease up at once (a graceful stop): another instance, or the next start, resumes the job. */
  async release(id: number, owner: string): Promise<void> {
    await this.store.db.updateTable("bulk_jobs").set({ lease_until: 0 }).where("id", "=", id).where("lease_owner", "=", owner).execute();
  }

  async setProgress(id: number, lookupsDone: number, progressMessageId?: number, now = Date.now()): Promise<void> {
    await this.store.db
      .updateTable("bulk_jobs")
      .set({ lookups_done: lookupsDone, updated_at: now, ...(progressMessageId !== undefined ? { progress_message_id: progressMessageId } : {}) })
      .where("id", "=", id)
      .execute();
  }

  /** Stores looked-up rows (again: replaces). */
  async saveRows(jobId: number, rows: readonly BulkLookupRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const values = rows.slice(i, i + 200).map((r) => fromLookup(jobId, r));
      await this.store.db
        .insertInto("bulk_rows")
        .values(values)
        .onConflict((oc) =>
          oc.columns(["job_id", "row_index"]).doUpdateSet((eb) => ({
            nik_hash: eb.ref("excluded.nik_hash"),
            state: eb.ref("excluded.state"),
            in_p3ke: eb.ref("excluded.in_p3ke"),
            out_of_scope: eb.ref("excluded.out_of_scope"),
            kode_desa: eb.ref("excluded.kode_desa"),
            desa: eb.ref("excluded.desa"),
            kecamatan: eb.ref("excluded.kecamatan"),
            desil: eb.ref("excluded.desil"),
            bantuan: eb.ref("excluded.bantuan"),
            opds_json: eb.ref("excluded.opds_json"),
            error: eb.ref("excluded.error"),
          })),
        )
        .execute();
    }
  }

  async deleteRows(jobId: number): Promise<void> {
    await this.store.db.deleteFrom("bulk_rows").where("job_id", "=", jobId).execute();
  }

  async rows(jobId: number): Promise<BulkLookupRow[]> {
    const rows = await this.store.db.selectFrom("bulk_rows").selectAll().where("job_id", "=", jobId).orderBy("row_index").execute();
    return rows.map(toLookup);
  }

  /**
   * Ends a job: its status and counts stay (until the retention purge), its rows go at once —
   * the result has been delivered (or never will be) and the audit log holds the keyed hashes.
   * False when the job was not running any more (ended elsewhere).
   */
  async finish(id: number, status: Exclude<BulkJobStatus, "running">, counts?: Record<string, number>, now = Date.now()): Promise<boolean> {
    const r = await this.store.db
      .updateTable("bulk_jobs")
      .set({ status, counts_json: counts ? JSON.stringify(counts) : null, lease_owner: null, lease_until: null, updated_at: now })
      .where("id", "=", id)
      .where("status", "=", "running")
      .executeTakeFirst();
    await this.deleteRows(id);
    return Number(r.numUpdatedRows) > 0;
  }
}

function toJob(r: Selectable<BulkJobTable>): BulkJob {
  return {
    id: Number(r.id),
    officerId: Number(r.officer_id),
    chatId: Number(r.chat_id),
    status: r.status as BulkJobStatus,
    fileId: r.file_id,
    fileName: r.file_name,
    format: r.format,
    totalRows: Number(r.total_rows),
    lookupsTotal: Number(r.lookups_total),
    lookupsDone: Number(r.lookups_done),
    counts: r.counts_json ? (JSON.parse(r.counts_json) as Record<string, number>) : undefined,
    progressMessageId: r.progress_message_id === null ? null : Number(r.progress_message_id),
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toLookup(r: Selectable<BulkRowTable>): BulkLookupRow {
  return {
    rowIndex: Number(r.row_index),
    nikHash: r.nik_hash,
    state: r.state === "gagal" ? "gagal" : "done",
    inP3ke: r.in_p3ke === null ? undefined : Number(r.in_p3ke) === 1,
    outOfScope: Number(r.out_of_scope) === 1,
    kodeDesa: opt(r.kode_desa),
    desa: opt(r.desa),
    kecamatan: opt(r.kecamatan),
    desil: r.desil === null ? undefined : Number(r.desil),
    bantuan: r.bantuan === null ? undefined : Number(r.bantuan),
    opds: r.opds_json ? (JSON.parse(r.opds_json) as string[]) : [],
    error: opt(r.error),
  };
}

function fromLookup(jobId: number, r: BulkLookupRow): BulkRowTable {
  return {
    job_id: jobId,
    row_index: r.rowIndex,
    nik_hash: r.nikHash,
    state: r.state,
    in_p3ke: r.inP3ke === undefined ? null : r.inP3ke ? 1 : 0,
    out_of_scope: r.outOfScope ? 1 : 0,
    kode_desa: r.kodeDesa ?? null,
    desa: r.desa ?? null,
    kecamatan: r.kecamatan ?? null,
    desil: r.desil ?? null,
    bantuan: r.bantuan ?? null,
    opds_json: r.opds.length > 0 ? JSON.stringify(r.opds) : null,
    error: r.error ?? null,
  };
}
