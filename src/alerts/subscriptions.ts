/**
 * Groups, their satker subscriptions (/langganan, /berhenti) and the alert state (which
 * conditions each group has been told about). Methods taking `db` accept a transaction.
 *
 * A group that removes or blocks the bot is deactivated, not deleted: its subscriptions stay,
 * are skipped while it is inactive, and apply again when the bot is added back.
 */
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { AlertKind, StateEntry } from "./rules.js";

type Db = Kysely<Database>;

export interface AlertGroup {
  chatId: number;
  title: string | null;
  active: boolean;
  deactivatedAt: number | null;
  deactivatedReason: string | null;
}

export interface Subscription {
  chatId: number;
  kdsatker: string;
  createdBy: number;
  createdAt: number;
}

/** Most satker one group may follow (one alert message per group and sync stays readable). */
export const MAX_SATKER_PER_GROUP = 25;

export class SubscriptionRepo {
  constructor(readonly db: Db) {}

  async group(chatId: number, db: Db = this.db): Promise<AlertGroup | undefined> {
    const r = await db.selectFrom("alert_groups").selectAll().where("chat_id", "=", chatId).executeTakeFirst();
    return r
      ? { chatId: Number(r.chat_id), title: r.title, active: Number(r.active) === 1, deactivatedAt: r.deactivated_at === null ? null : Number(r.deactivated_at), deactivatedReason: r.deactivated_reason }
      : undefined;
  }

  /** The group exists and the bot is in it: active, with its current title. Returns whether it was inactive before. */
  async activateGroup(chatId: number, title: string | null, now = Date.now(), db: Db = this.db): Promise<{ wasInactive: boolean }> {
    const before = await this.group(chatId, db);
    await db
      .insertInto("alert_groups")
      .values({ chat_id: chatId, title, active: 1, updated_at: now, deactivated_at: null, deactivated_reason: null })
      .onConflict((oc) => oc.column("chat_id").doUpdateSet({ title: title ?? before?.title ?? null, active: 1, updated_at: now, deactivated_at: null, deactivated_reason: null }))
      .execute();
    return { wasInactive: before !== undefined && !before.active };
  }

  /** Deactivate (kicked, blocked, gone). Returns false when it was not active (nothing changed). */
  async deactivateGroup(chatId: number, reason: string, now = Date.now(), db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable("alert_groups")
      .set({ active: 0, updated_at: now, deactivated_at: now, deactivated_reason: reason })
      .where("chat_id", "=", chatId)
      .where("active", "=", 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Adds subscriptions; returns which were new and which existed. */
  async subscribe(chatId: number, kds: readonly string[], by: number, now = Date.now(), db: Db = this.db): Promise<{ added: string[]; existing: string[] }> {
    const have = new Set(await this.list(chatId, db));
    const added: string[] = [];
    const existing: string[] = [];
    for (const kd of kds) {
      if (have.has(kd)) {
        existing.push(kd);
        continue;
      }
      await db
        .insertInto("alert_subscriptions")
        .values({ chat_id: chatId, kdsatker: kd, created_by: by, created_at: now })
        .onConflict((oc) => oc.columns(["chat_id", "kdsatker"]).doNothing())
        .execute();
      have.add(kd);
      added.push(kd);
    }
    return { added, existing };
  }

  /** Ends subscriptions (all when `kds` is undefined) and forgets their alert state; returns those removed. */
  async unsubscribe(chatId: number, kds: readonly string[] | undefined, db: Db = this.db): Promise<string[]> {
    const have = await this.list(chatId, db);
    const remove = kds === undefined ? have : have.filter((kd) => kds.includes(kd));
    if (remove.length === 0) return [];
    await db.deleteFrom("alert_subscriptions").where("chat_id", "=", chatId).where("kdsatker", "in", remove).execute();
    await db.deleteFrom("alert_state").where("chat_id", "=", chatId).where("kdsatker", "in", remove).execute();
    return remove;
  }

  /** Satker codes a group follows, sorted. */
  async list(chatId: number, db: Db = this.db): Promise<string[]> {
    const rows = await db.selectFrom("alert_subscriptions").select("kdsatker").where("chat_id", "=", chatId).orderBy("kdsatker").execute();
    return rows.map((r) => r.kdsatker);
  }

  /** Every active group with its satker (sorted), for the evaluation after a sync and the digest. */
  async activeGroups(db: Db = this.db): Promise<{ chatId: number; title: string | null; kds: string[] }[]> {
    const rows = await db
      .selectFrom("alert_subscriptions as s")
      .innerJoin("alert_groups as g", "g.chat_id", "s.chat_id")
      .select(["s.chat_id", "s.kdsatker", "g.title"])
      .where("g.active", "=", 1)
      .orderBy("s.chat_id")
      .orderBy("s.kdsatker")
      .execute();
    const out = new Map<number, { chatId: number; title: string | null; kds: string[] }>();
    for (const r of rows) {
      const id = Number(r.chat_id);
      let g = out.get(id);
      if (!g) out.set(id, (g = { chatId: id, title: r.title, kds: [] }));
      g.kds.push(r.kdsatker);
    }
    return [...out.values()];
  }

  // ---- alert state -------------------------------------------------------------------------

  /** In key order on every backend: two evaluators must list the same cleared conditions alike (the alert's dedupe key and text). */
  async state(chatId: number, db: Db = this.db): Promise<StateEntry[]> {
    const rows = await db.selectFrom("alert_state").selectAll().where("chat_id", "=", chatId).orderBy("cond_key").execute();
    return rows.map((r) => ({ key: r.cond_key, kdsatker: r.kdsatker, kind: r.kind as AlertKind, data: JSON.parse(r.data_json) as unknown }));
  }

  async addState(chatId: number, entries: readonly (StateEntry & { data: unknown })[], now = Date.now(), db: Db = this.db): Promise<void> {
    for (const e of entries) {
      await db
        .insertInto("alert_state")
        .values({ chat_id: chatId, cond_key: e.key, kdsatker: e.kdsatker, kind: e.kind, data_json: JSON.stringify(e.data), since: now })
        .onConflict((oc) => oc.columns(["chat_id", "cond_key"]).doNothing())
        .execute();
    }
  }

  async removeState(chatId: number, keys: readonly string[], db: Db = this.db): Promise<void> {
    if (keys.length === 0) return;
    await db.deleteFrom("alert_state").where("chat_id", "=", chatId).where("cond_key", "in", keys).execute();
  }

  /**
   * The group became supergroup `newId` (400 migrate_to_chat_id, or the migration service
   * message): group, subscriptions and state move; what the new id already has is kept.
   */
  async moveChat(oldId: number, newId: number, now = Date.now(), db: Db = this.db): Promise<boolean> {
    const old = await this.group(oldId, db);
    if (!old) return false;
    const target = await this.group(newId, db);
    if (!target) {
      await db
        .insertInto("alert_groups")
        .values({ chat_id: newId, title: old.title, active: old.active ? 1 : 0, updated_at: now, deactivated_at: old.deactivatedAt, deactivated_reason: old.deactivatedReason })
        .execute();
    } else if (old.active && !target.active) {
      await this.activateGroup(newId, target.title ?? old.title, now, db);
    }
    const subs = await db.selectFrom("alert_subscriptions").selectAll().where("chat_id", "=", oldId).execute();
    for (const s of subs) {
      await db
        .insertInto("alert_subscriptions")
        .values({ chat_id: newId, kdsatker: s.kdsatker, created_by: s.created_by, created_at: s.created_at })
        .onConflict((oc) => oc.columns(["chat_id", "kdsatker"]).doNothing())
        .execute();
    }
    const state = await db.selectFrom("alert_state").selectAll().where("chat_id", "=", oldId).execute();
    for (const s of state) {
      await db
        .insertInto("alert_state")
        .values({ ...s, chat_id: newId })
        .onConflict((oc) => oc.columns(["chat_id", "cond_key"]).doNothing())
        .execute();
    }
    await db.deleteFrom("alert_state").where("chat_id", "=", oldId).execute();
    await db.deleteFrom("alert_subscriptions").where("chat_id", "=", oldId).execute();
    await db.deleteFrom("alert_groups").where("chat_id", "=", oldId).execute();
    return true;
  }
}
