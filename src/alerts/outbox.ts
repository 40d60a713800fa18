/**
 * The persisted outbox (docs/architecture.md, the path of an alert): every alert, digest and
 * administrator notice is a row in `outbox`, written in the same transaction as the alert-state
 * change that caused it, and delivered by one paced sender on the leader instance
 * (outbox-sender.ts).
 *
 * Row life: pending → sending (claimed, with a lease) → sent; a transient failure → failed
 * (retried at next_attempt_at with exponential backoff) → … → dead after OUTBOX_MAX_ATTEMPTS;
 * 429 → pending again at now + retry_after (not counted as a failure); 403 / chat not found →
 * dead, and the group is deactivated (hooks.chatGone); 400 migrate_to_chat_id → the group's
 * rows move to the new chat id and the row is sent there at once (hooks.chatMigrated).
 * Duplicates from enqueueing are impossible: every row has a unique dedupe key and enqueueing
 * is `insert … on conflict do nothing`.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import type { Database, OutboxTable } from "../store/schema.js";

/** What a message is: an alert, a digest or a notice to administrators. */
export type OutboxKind = "alert" | "digest" | "admin";
/** Where a row is in its life (see above). */
export type OutboxStatus = "pending" | "sending" | "sent" | "failed" | "dead";

/** A message to enqueue. */
export interface OutboxMessage {
  chatId: number;
  /** HTML (parse_mode HTML), ≤ 4096 characters after parsing. */
  text: string;
  kind: OutboxKind;
  /** Unique per message: enqueueing the same key again does nothing. */
  dedupeKey: string;
}

/** A row of the outbox as the sender and the tests see it. */
export interface OutboxRow {
  id: number;
  chatId: number;
  text: string;
  kind: string;
  dedupeKey: string;
  status: OutboxStatus;
  attempts: number;
  failures: number;
  nextAttemptAt: number;
  createdAt: number;
  sentAt: number | null;
  lastError: string | null;
}

type Db = Kysely<Database>;
const WAITING: OutboxStatus[] = ["pending", "failed"];
const OPEN: OutboxStatus[] = ["pending", "failed", "sending"];

function toRow(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: Number(r.id),
    chatId: Number(r.chat_id),
    text: r.text,
    kind: r.kind,
    dedupeKey: r.dedupe_key,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    failures: Number(r.failures),
    nextAttemptAt: Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    lastError: r.last_error,
  };
}

/** The `outbox` table. Methods taking `db` accept a transaction, so rows commit with the change that caused them. */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Inserts the messages whose dedupe key is new; returns how many were inserted. */
  async enqueue(messages: readonly OutboxMessage[], now = Date.now(), db: Db = this.db): Promise<number> {
    let n = 0;
    for (const m of messages) {
      const r = await db
        .insertInto("outbox")
        .values({
          chat_id: m.chatId,
          text: m.text,
          kind: m.kind,
          dedupe_key: m.dedupeKey,
          status: "pending",
          attempts: 0,
          failures: 0,
          next_attempt_at: now,
          lease_until: null,
          claimed_by: null,
          created_at: now,
          sent_at: null,
          message_id: null,
          last_error: null,
        })
        .onConflict((oc) => oc.column("dedupe_key").doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    return n;
  }

  /** Rows waiting to be sent whose time has come, oldest first. */
  async due(now: number, limit = 500): Promise<OutboxRow[]> {
    const rows = await this.db
      .selectFrom("outbox")
      .selectAll()
      .where("status", "in", WAITING)
      .where("next_attempt_at", "<=", now)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  /** Claim a waiting row for sending (atomic: only one claimer wins). */
  async claim(id: number, token: string, leaseUntil: number): Promise<boolean> {
    const r = await this.db
      .updateTable("outbox")
      .set((eb) => ({ status: "sending", claimed_by: token, lease_until: leaseUntil, attempts: eb("attempts", "+", 1) }))
      .where("id", "=", id)
      .where("status", "in", WAITING)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async markSent(id: number, token: string, now: number, messageId: number | null): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set({ status: "sent", sent_at: now, message_id: messageId, lease_until: null, last_error: null })
      .where("id", "=", id)
      .where("claimed_by", "=", token)
      .execute();
  }

  /** Back to waiting at `at` (429, migration: `countFailure` false; transient errors: true → "failed"). */
  async reschedule(id: number, token: string, at: number, error: string, countFailure: boolean): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set((eb) => ({
        status: countFailure ? "failed" : "pending",
        next_attempt_at: at,
        lease_until: null,
        last_error: error.slice(0, 500),
        failures: countFailure ? eb("failures", "+", 1) : eb.ref("failures"),
      }))
      .where("id", "=", id)
      .where("claimed_by", "=", token)
      .execute();
  }

  async markDead(id: number, token: string, error: string): Promise<void> {
    await this.db
      .updateTable("outbox")
      .set((eb) => ({ status: "dead", lease_until: null, last_error: error.slice(0, 500), failures: eb("failures", "+", 1) }))
      .where("id", "=", id)
      .where("claimed_by", "=", token)
      .execute();
  }

  /**
   * Rows whose sender died mid-send (lease expired while "sending"): back to pending. These are
   * the rows "in doubt" (see the header: they are sent again, at-least-once). Returns them.
   */
  async recoverExpired(now: number): Promise<{ id: number; chatId: number }[]> {
    const rows = await this.db.selectFrom("outbox").select(["id", "chat_id"]).where("status", "=", "sending").where("lease_until", "<", now).execute();
    if (rows.length === 0) return [];
    await this.db
      .updateTable("outbox")
      .set({ status: "pending", next_attempt_at: now, lease_until: null, last_error: "in doubt: sender stopped mid-send" })
      .where("status", "=", "sending")
      .where("lease_until", "<", now)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), chatId: Number(r.chat_id) }));
  }

  /** Give up every waiting row of a chat (deactivated group, ended subscription). */
  async cancelChat(chatId: number, reason: string, db: Db = this.db, kinds?: OutboxKind[]): Promise<number> {
    let q = db.updateTable("outbox").set({ status: "dead", last_error: reason.slice(0, 500) }).where("chat_id", "=", chatId).where("status", "in", WAITING);
    if (kinds) q = q.where("kind", "in", kinds);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Group became a supergroup: its open rows go to the new id. */
  async moveChat(oldId: number, newId: number, db: Db = this.db): Promise<number> {
    const r = await db.updateTable("outbox").set({ chat_id: newId }).where("chat_id", "=", oldId).where("status", "in", OPEN).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Messages waiting or being sent (the outbox depth gauge). */
  async depth(): Promise<number> {
    const r = await this.db.selectFrom("outbox").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "in", OPEN).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Sends recorded since `since` (to seed the pacing windows after a restart). */
  async sentSince(since: number): Promise<{ chatId: number; sentAt: number }[]> {
    const rows = await this.db.selectFrom("outbox").select(["chat_id", "sent_at"]).where("status", "=", "sent").where("sent_at", ">=", since).execute();
    return rows.map((r) => ({ chatId: Number(r.chat_id), sentAt: Number(r.sent_at) }));
  }

  async byStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom("outbox").select(["status", sql<number>`count(*)`.as("n")]).groupBy("status").execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async list(filter: { chatId?: number; status?: OutboxStatus } = {}): Promise<OutboxRow[]> {
    let q = this.db.selectFrom("outbox").selectAll().orderBy("id");
    if (filter.chatId !== undefined) q = q.where("chat_id", "=", filter.chatId);
    if (filter.status !== undefined) q = q.where("status", "=", filter.status);
    return (await q.execute()).map(toRow);
  }
}
