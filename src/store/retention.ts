import { Cron } from "croner";
import type { Kysely } from "kysely";
import type { Logger } from "../logger.js";
import type { Database } from "./schema.js";

/** How long what is kept about people and deliveries stays (docs/privacy.md#retention). */
export interface RetentionPolicy {
  /** Audit entries (AUDIT_RETENTION_DAYS). */
  auditDays: number;
  /** Delivered (or given-up) outbox rows, and finished jobs. */
  deliveredDays: number;
}

export type PurgeCounts = Record<"audit_log" | "outbox" | "kv" | "bulk_jobs", number>;

const DAY = 86_400_000;

/** Delete what is past its retention; returns how many rows each table lost. */
export async function purgeExpired(db: Kysely<Database>, policy: RetentionPolicy, now = Date.now()): Promise<PurgeCounts> {
  const audit = await db.deleteFrom("audit_log").where("at", "<", now - policy.auditDays * DAY).executeTakeFirst();
  const outbox = await db
    .deleteFrom("outbox")
    .where("status", "in", ["sent", "dead"])
    .where("created_at", "<", now - policy.deliveredDays * DAY)
    .executeTakeFirst();
  // Conversation state (and anything else given an expiry) that nobody came back to.
  const kv = await db.deleteFrom("kv").where("expires_at", "is not", null).where("expires_at", "<=", now).executeTakeFirst();
  // Finished /cekmassal jobs (their rows went when they finished; any left over go with them).
  const oldJobs = db.selectFrom("bulk_jobs").select("id").where("status", "!=", "running").where("updated_at", "<", now - policy.deliveredDays * DAY);
  await db.deleteFrom("bulk_rows").where("job_id", "in", oldJobs).execute();
  const jobs = await db.deleteFrom("bulk_jobs").where("status", "!=", "running").where("updated_at", "<", now - policy.deliveredDays * DAY).executeTakeFirst();
  return { audit_log: Number(audit.numDeletedRows), outbox: Number(outbox.numDeletedRows), kv: Number(kv.numDeletedRows), bulk_jobs: Number(jobs.numDeletedRows) };
}

export interface RetentionScheduleOptions {
  db: Kysely<Database>;
  policy: RetentionPolicy;
  /** Cron (WIB) of the daily purge. */
  cron: string;
  timezone: string;
  /** Only the leader purges: one instance does it, once. */
  isLeader: () => boolean;
  logger: Logger;
  onPurged?: (counts: PurgeCounts) => void;
}

/** The daily purge, on the leader; also run once soon after start (a long-stopped bot catches up). */
export function scheduleRetention(o: RetentionScheduleOptions): { stop(): void; runNow(): Promise<PurgeCounts | undefined> } {
  const runNow = async () => {
    if (!o.isLeader()) return undefined;
    try {
      const counts = await purgeExpired(o.db, o.policy);
      o.logger.info({ purged: counts, auditDays: o.policy.auditDays, deliveredDays: o.policy.deliveredDays }, "retention: expired rows purged");
      o.onPurged?.(counts);
      return counts;
    } catch (err) {
      o.logger.error({ err }, "retention: purge failed");
      return undefined;
    }
  };
  const cron = new Cron(o.cron, { timezone: o.timezone, protect: true }, () => void runNow());
  const first = setTimeout(() => void runNow(), 60_000);
  first.unref();
  return {
    stop() {
      cron.stop();
      clearTimeout(first);
    },
    runNow,
  };
}
