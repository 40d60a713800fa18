import { createHmac } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { StorageAdapter } from "grammy";
import type { Store } from "./db.js";
import { sql, type Kysely, type Selectable } from "kysely";
import type { AuditTable, Database, OfficerTable } from "./schema.js";
import { hasAreaScope, hasSatkerScope, type Scope } from "../domain/scope.js";

export interface Officer {
  telegramId: number;
  nama: string | null;
  addedBy: number;
  addedAt: number;
  /** Undefined: not limited (the whole kabupaten, every satker). */
  scope: Scope | undefined;
}

function parseScope(json: string | null): Scope | undefined {
  if (!json) return undefined;
  const s = JSON.parse(json) as Partial<Scope>;
  const scope: Scope = { kecamatan: s.kecamatan ?? [], desa: s.desa ?? [], satker: s.satker ?? [] };
  return hasAreaScope(scope) || hasSatkerScope(scope) ? scope : undefined;
}

function freezeScope(s: Scope | undefined): Scope | undefined {
  if (s) for (const list of [s.kecamatan, s.desa, s.satker]) Object.freeze(list);
  return s && Object.freeze(s);
}

const scopeJson = (s: Scope | undefined): string | null => (s && (hasAreaScope(s) || hasSatkerScope(s)) ? JSON.stringify({ kecamatan: s.kecamatan, desa: s.desa, satker: s.satker }) : null);

/**
 * Officers (petugas) whitelisted by administrators, asked on every update.
 *
 * The answers are kept in a small in-process cache (LRU, 60 s at most), dropped for an officer
 * at every change, so a change holds at the next update
 * (docs/architecture.md#the-path-of-an-update). On SQLite the database belongs to one instance
 * and every change goes through this repository. On PostgreSQL, shared by instances, a change
 * is announced with NOTIFY in its own transaction and every instance drops the entry when the
 * notice arrives (milliseconds later); the cache is used only while the instance is listening
 * (`Store.changes.live`), and emptied whenever the listening connection was lost. A read that
 * was under way while a change was made or announced is not kept.
 */
export interface OfficerAccess {
  officer: boolean;
  scope: Scope | undefined;
}

/** The NOTIFY channel of officer changes (payload: the Telegram id). */
const OFFICER_CHANNEL = "pantau_officers";

export class OfficerRepo {
  private readonly cache: LRUCache<number, OfficerAccess> | undefined;
  /** Changes made so far: a read that saw a change happen meanwhile is not cached. */
  private changes = 0;

  constructor(private readonly store: Store) {
    this.cache = store.sqlite || store.changes ? new LRUCache({ max: 10_000, ttl: 60_000 }) : undefined;
    store.changes?.subscribe(
      OFFICER_CHANNEL,
      (payload) => this.forget(Number(payload)),
      () => {
        this.changes++;
        this.cache?.clear();
      },
    );
  }

  /** The cache may be used now (on PostgreSQL: only while other instances' changes are heard). */
  private get cacheUsable(): boolean {
    return this.cache !== undefined && (this.store.changes?.live ?? true);
  }

  /** After every change of an officer's row, ours or announced: the next update reads it afresh. */
  private forget(id: number): void {
    this.changes++;
    this.cache?.delete(id);
  }

  /** A write of officer `id`'s row; on PostgreSQL announced to every instance when it commits. */
  private async write<T>(id: number, run: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    try {
      if (!this.store.changes) return await run(this.store.db);
      return await this.store.db.transaction().execute(async (trx) => {
        const r = await run(trx);
        await sql`select pg_notify(${this.store.changes!.channel(OFFICER_CHANNEL)}, ${String(id)})`.execute(trx);
        return r;
      });
    } finally {
      this.forget(id);
    }
  }

  async isOfficer(id: number): Promise<boolean> {
    return (await this.access(id)).officer;
  }

  /** Whether `id` is an officer, and their scope: asked on every update, answered from the cache while it is usable (a change applies at the next update). */
  async access(id: number): Promise<OfficerAccess> {
    const cached = this.cacheUsable ? this.cache!.get(id) : undefined;
    if (cached) return cached;
    const changes = this.changes;
    const fast = this.store.sqlite;
    const row =
      fast && !fast.inTransaction
        ? (fast.prepare("select scope from officers where telegram_id = ?").get(id) as { scope: string | null } | undefined)
        : await this.store.db.selectFrom("officers").select("scope").where("telegram_id", "=", id).executeTakeFirst();
    // Frozen: one answer serves many updates.
    const access: OfficerAccess = Object.freeze(row ? { officer: true, scope: freezeScope(parseScope(row.scope)) } : { officer: false, scope: undefined });
    if (this.cacheUsable && changes === this.changes) this.cache!.set(id, access);
    return access;
  }

  /** The officer's scope (undefined: not an officer, or not limited). */
  async scope(id: number): Promise<Scope | undefined> {
    return (await this.access(id)).scope;
  }

  /** Adds or renames (a null name keeps the old one); `scope` given: replaces it. Returns whether the officer is new. */
  async add(id: number, nama: string | null, by: number, now = Date.now(), scope?: Scope): Promise<boolean> {
    const existed = await this.isOfficer(id);
    await this.write(id, async (db) => {
      if (existed) {
        await db
          .updateTable("officers")
          .set({ ...(nama !== null ? { nama } : {}), ...(scope !== undefined ? { scope: scopeJson(scope) } : {}) })
          .where("telegram_id", "=", id)
          .execute();
      } else {
        await db.insertInto("officers").values({ telegram_id: id, nama, added_by: by, added_at: now, scope: scopeJson(scope) }).execute();
      }
    });
    return !existed;
  }

  /** Replaces the scope of an existing officer; false when `id` is not one. */
  async setScope(id: number, scope: Scope | undefined): Promise<boolean> {
    const r = await this.write(id, (db) => db.updateTable("officers").set({ scope: scopeJson(scope) }).where("telegram_id", "=", id).executeTakeFirst());
    return Number(r.numUpdatedRows) > 0;
  }

  async get(id: number): Promise<Officer | undefined> {
    const r = await this.store.db.selectFrom("officers").selectAll().where("telegram_id", "=", id).executeTakeFirst();
    return r ? toOfficer(r) : undefined;
  }

  async remove(id: number): Promise<boolean> {
    const r = await this.write(id, (db) => db.deleteFrom("officers").where("telegram_id", "=", id).executeTakeFirst());
    return Number(r.numDeletedRows) > 0;
  }

  async list(): Promise<Officer[]> {
    const rows = await this.store.db.selectFrom("officers").selectAll().orderBy("added_at").execute();
    return rows.map(toOfficer);
  }
}

function toOfficer(r: Selectable<OfficerTable>): Officer {
  return { telegramId: Number(r.telegram_id), nama: r.nama, addedBy: Number(r.added_by), addedAt: Number(r.added_at), scope: parseScope(r.scope) };
}

export interface AuditEntry {
  at: number;
  userId: number;
  chatId: number;
  action: string;
  subject: string | null;
  subjectHash: string | null;
  outcome: string;
  /** Which key made subjectHash (AuditRepo.keyId); null for entries without a hash. */
  keyId: string | null;
}

/** An audit_log row as inserted (the id is generated). */
type AuditRow = Omit<Selectable<AuditTable>, "id">;

/** An entry to record: `hashOf` is hashed with the audit key, `at` defaults to now. */
type NewAuditEntry = Omit<AuditEntry, "at" | "subjectHash" | "keyId"> & { at?: number; hashOf?: string };

const INSERT_AUDIT = "insert into audit_log (at, user_id, chat_id, action, subject, subject_hash, outcome, key_id) values (?, ?, ?, ?, ?, ?, ?, ?)";

/** A key's public name: 8 hex of an HMAC of a fixed label, which reveals nothing of the key. */
export function auditKeyId(key: string): string {
  return createHmac("sha256", key).update("pantau audit key id").digest("hex").slice(0, 8);
}

/** The processing record UU 27/2022 asks for: who looked up what, when, with what outcome. */
export class AuditRepo {
  /** Names the key in each entry, so a rotated key keeps older entries verifiable with the old one. */
  readonly keyId: string;

  constructor(
    private readonly store: Store,
    private readonly hmacKey: string,
  ) {
    this.keyId = auditKeyId(hmacKey);
  }

  /** Keyed hash: a plain SHA-256 of a NIK is reversible by enumeration (docs/privacy.md#the-hmac-key). */
  hash(value: string): string {
    return createHmac("sha256", this.hmacKey).update(value).digest("hex").slice(0, 32);
  }

  /** The stored row: the subject's keyed hash (never the value itself) and the key's id. */
  private toRow(e: NewAuditEntry, now: number): AuditRow {
    return {
      at: e.at ?? now,
      user_id: e.userId,
      chat_id: e.chatId,
      action: e.action,
      subject: e.subject,
      subject_hash: e.hashOf ? this.hash(e.hashOf) : null,
      outcome: e.outcome,
      key_id: e.hashOf ? this.keyId : null,
    };
  }

  /** Resolves once the entry is committed. */
  async record(e: NewAuditEntry): Promise<void> {
    const row = this.toRow(e, Date.now());
    if (!this.store.sqlite) {
      await this.store.db.insertInto("audit_log").values(row).execute();
      return;
    }
    // SQLite: the entries recorded in one turn of the event loop are committed together at
    // its end (one transaction, one WAL sync); each caller still waits for its commit, so a
    // graceful stop, which waits for the handlers, loses nothing.
    return new Promise<void>((resolve, reject) => {
      if (this.pending.push({ row, resolve, reject }) === 1) setImmediate(() => void this.commit());
    });
  }

  /**
   * Many entries in one transaction (a /cekmassal job: one entry for the job, one keyed hash per
   * row looked up): all committed, or none and the caller sends nothing.
   */
  async recordMany(entries: Iterable<NewAuditEntry>): Promise<void> {
    const now = Date.now();
    // Rows are made 500 at a time as they are inserted (one transaction still): a 10,000-row
    // /cekmassal job need not hold every row at once.
    await this.store.db.transaction().execute(async (tx) => {
      let batch: AuditRow[] = [];
      for (const e of entries) {
        batch.push(this.toRow(e, now));
        if (batch.length < 500) continue;
        await tx.insertInto("audit_log").values(batch).execute();
        batch = [];
      }
      if (batch.length > 0) await tx.insertInto("audit_log").values(batch).execute();
    });
  }

  private pending: { row: AuditRow; resolve: () => void; reject: (e: unknown) => void }[] = [];

  private async commit(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const fast = this.store.sqlite!;
    const insertAll = async (rows: AuditRow[]) => {
      // A transaction of Kysely's is open (across awaits): wait for it through Kysely.
      if (fast.inTransaction) return void (await this.store.db.insertInto("audit_log").values(rows).execute());
      const insert = fast.prepare(INSERT_AUDIT);
      const run = (r: AuditRow) => insert.run(r.at, r.user_id, r.chat_id, r.action, r.subject, r.subject_hash, r.outcome, r.key_id);
      if (rows.length === 1) return void run(rows[0]!);
      fast.prepare("begin").run();
      try {
        for (const r of rows) run(r);
        fast.prepare("commit").run();
      } catch (e) {
        if (fast.inTransaction) fast.prepare("rollback").run();
        throw e;
      }
    };
    try {
      await insertAll(batch.map((b) => b.row));
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      // One bad entry must not take the others with it: each on its own.
      for (const b of batch) await insertAll([b.row]).then(b.resolve, b.reject);
    }
  }

  /** The latest entries; `refusals`: only those whose outcome is a refusal (`ditolak…`, `out_of_scope`). */
  async recent(limit = 20, opts: { refusals?: boolean } = {}): Promise<AuditEntry[]> {
    let q = this.store.db.selectFrom("audit_log").selectAll();
    if (opts.refusals) q = q.where((eb) => eb.or([eb("outcome", "like", "ditolak%"), eb("outcome", "=", "out_of_scope")]));
    const rows = await q.orderBy("id", "desc").limit(limit).execute();
    return rows.map((r) => ({
      at: Number(r.at),
      userId: Number(r.user_id),
      chatId: Number(r.chat_id),
      action: r.action,
      subject: r.subject,
      subjectHash: r.subject_hash,
      outcome: r.outcome,
      keyId: r.key_id,
    }));
  }
}

/**
 * grammY StorageAdapter over the `kv` table: sessions and conversation state survive restarts.
 * With `ttlMs`, a row counts only until `ttlMs` after its last write (conversation state), and
 * the daily purge deletes it afterwards.
 */
export class KvStorage<T> implements StorageAdapter<T> {
  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    private readonly opts: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  async read(key: string): Promise<T | undefined> {
    // Read for every update (conversations): one prepared statement on SQLite.
    const now = this.now();
    const fast = this.store.sqlite;
    if (fast && !fast.inTransaction) {
      const hit = fast.prepare("select value from kv where key = ? and (expires_at is null or expires_at > ?)").get(this.prefix + key, now) as { value: string } | undefined;
      return hit ? (JSON.parse(hit.value) as T) : undefined;
    }
    const row = await this.store.db
      .selectFrom("kv")
      .select("value")
      .where("key", "=", this.prefix + key)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async write(key: string, value: T): Promise<void> {
    const v = JSON.stringify(value);
    const now = this.now();
    const expires_at = this.opts.ttlMs === undefined ? null : now + this.opts.ttlMs;
    await this.store.db
      .insertInto("kv")
      .values({ key: this.prefix + key, value: v, updated_at: now, expires_at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: v, updated_at: now, expires_at }))
      .execute();
  }

  async delete(key: string): Promise<void> {
    await this.store.db.deleteFrom("kv").where("key", "=", this.prefix + key).execute();
  }

  /** Deletes the key; true when it was there (of several instances racing, one gets true). */
  async deleteIfPresent(key: string): Promise<boolean> {
    const r = await this.store.db.deleteFrom("kv").where("key", "=", this.prefix + key).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Stores `value` unless the key exists; returns what is stored afterwards. Atomic, so
   * several instances starting at once on one database agree on a single value.
   */
  async setIfAbsent(key: string, value: T): Promise<T> {
    await this.store.db
      .insertInto("kv")
      .values({ key: this.prefix + key, value: JSON.stringify(value), updated_at: this.now(), expires_at: null })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    return (await this.read(key)) ?? value;
  }
}
