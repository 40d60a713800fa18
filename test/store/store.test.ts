import { createHmac } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openStore, type Store } from "../../src/store/db.js";
import { AuditRepo, KvStorage, OfficerRepo } from "../../src/store/repos.js";
import { migrations } from "../../src/store/migrations.js";
import { freshPgSchema, TEST_PG_URL } from "../helpers/backends.js";

/**
 * The same cases on SQLite and on PostgreSQL (docs/architecture.md#storage-and-instances: same code, same migrations).
 * PostgreSQL runs when PANTAU_TEST_PG_URL is set, each run in its own fresh schema.
 */
interface Backend {
  url: string;
  cleanup(): Promise<void>;
}

const CHILD = fileURLToPath(new URL("../helpers/open-store.ts", import.meta.url));

function runChild(url: string, id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", "tsx", CHILD, url, String(id)], { timeout: 45_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`instance ${id}: ${stderr || err.message}`)) : resolve(),
    );
  });
}

const BIG_ID = 7_123_456_789; // Telegram ids exceed 2^31: bigint columns must come back as numbers
const NOW = 1_767_225_600_000; // 2026-01-01, epoch ms

function storeCases(dialect: "sqlite" | "postgres", backend: () => Promise<Backend>) {
  let b: Backend;
  let store: Store;
  const open = () => openStore(b.url, { onError: (e) => console.error(e) });

  beforeAll(async () => {
    b = await backend();
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
    await b?.cleanup();
  });

  it("migrates an empty database to the latest version", async () => {
    expect(store.dialect).toBe(dialect);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations(dialect)).sort());
    for (const table of ["officers", "audit_log", "kv"] as const) {
      const r = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(r.n).toBe(0);
    }
  });

  it("adds, renames, lists and removes officers", async () => {
    const officers = new OfficerRepo(store);
    expect(await officers.add(BIG_ID, "Siti", 1001, NOW)).toBe(true);
    expect(await officers.add(2002, null, 1001, NOW + 1)).toBe(true);
    expect(await officers.isOfficer(BIG_ID)).toBe(true);
    expect(await officers.isOfficer(9999)).toBe(false);
    expect(await officers.add(BIG_ID, "Siti Aminah", 1002, NOW + 5)).toBe(false); // rename keeps added_by/at
    expect(await officers.list()).toEqual([
      { telegramId: BIG_ID, nama: "Siti Aminah", addedBy: 1001, addedAt: NOW },
      { telegramId: 2002, nama: null, addedBy: 1001, addedAt: NOW + 1 },
    ]);
    expect(await officers.remove(2002)).toBe(true);
    expect(await officers.remove(2002)).toBe(false);
    expect((await officers.list()).map((o) => o.telegramId)).toEqual([BIG_ID]);
  });

  it("records audit entries with a keyed hash and returns the latest first", async () => {
    const audit = new AuditRepo(store, "kunci-rahasia");
    const nik = "3514015311010001";
    await audit.record({ at: NOW, userId: BIG_ID, chatId: BIG_ID, action: "cek", subject: "3514********0001", hashOf: nik, outcome: "p3ke" });
    await audit.record({ at: NOW + 1, userId: 1001, chatId: -100500, action: "petugas", subject: "2002", outcome: "tambah" });
    await audit.record({ at: NOW + 2, userId: 1001, chatId: 1001, action: "cek", subject: "3514********0001", hashOf: nik, outcome: "tidak_ditemukan" });
    const recent = await audit.recent(10);
    expect(recent.map((e) => e.at)).toEqual([NOW + 2, NOW + 1, NOW]);
    expect(recent[2]).toEqual({
      at: NOW,
      userId: BIG_ID,
      chatId: BIG_ID,
      action: "cek",
      subject: "3514********0001",
      // HMAC-SHA256 of the NIK with the key, first 32 hex digits; the key named by its id.
      subjectHash: createHmac("sha256", "kunci-rahasia").update(nik).digest("hex").slice(0, 32),
      outcome: "p3ke",
      keyId: createHmac("sha256", "kunci-rahasia").update("pantau audit key id").digest("hex").slice(0, 8),
    });
    expect(recent[2]!.subjectHash).toMatch(/^[0-9a-f]{32}$/);
    expect(recent[0]!.subjectHash).toBe(recent[2]!.subjectHash); // same NIK, same hash
    expect(recent[1]!.subjectHash).toBeNull();
    expect(recent[1]!.keyId).toBeNull();
    expect(recent[1]!.chatId).toBe(-100500);
    expect(JSON.stringify(recent)).not.toContain(nik);
    expect(await audit.recent(1)).toHaveLength(1);
  });

  it("returns ids, counts and sums as numbers", async () => {
    const row = await store.db
      .selectFrom("audit_log")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("at").as("total"), eb.fn.max("id").as("maxId")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 3, total: 3 * NOW + 3, maxId: 3 });
  });

  it("stores, overwrites and deletes KvStorage values under a prefix", async () => {
    const a = new KvStorage<{ step: number; data: string[] }>(store, "conv:");
    const other = new KvStorage<{ step: number; data: string[] }>(store, "sesi:");
    expect(await a.read("42")).toBeUndefined();
    await a.write("42", { step: 1, data: ["x"] });
    expect(await a.read("42")).toEqual({ step: 1, data: ["x"] });
    expect(await other.read("42")).toBeUndefined();
    await a.write("42", { step: 2, data: ["x", "ü ✓ '\""] });
    expect(await a.read("42")).toEqual({ step: 2, data: ["x", "ü ✓ '\""] });
    await a.delete("42");
    expect(await a.read("42")).toBeUndefined();
    await a.delete("42"); // deleting nothing is fine

    const secret = new KvStorage<string>(store, "secret:");
    expect(await secret.setIfAbsent("k", "first")).toBe("first");
    expect(await secret.setIfAbsent("k", "second")).toBe("first");
    await a.write("keep", { step: 9, data: [] });
  });

  it("keeps everything across a restart, without migrating again", async () => {
    await store.close();
    store = await open();
    expect((await new OfficerRepo(store).list()).map((o) => o.telegramId)).toEqual([BIG_ID]);
    expect(await new AuditRepo(store, "kunci-rahasia").recent(10)).toHaveLength(3);
    expect(await new KvStorage(store, "conv:").read("keep")).toEqual({ step: 9, data: [] });
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    expect(applied.rows).toHaveLength(Object.keys(migrations(dialect)).length);
    // New rows continue the id sequence.
    await new AuditRepo(store, "k").record({ at: NOW + 3, userId: 1, chatId: 1, action: "x", subject: null, outcome: "ok" });
    const max = await store.db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow();
    expect(max.id).toBe(4);
  });

  it("lets several processes open (and migrate) a new database at the same time", async () => {
    const fresh = await backend();
    try {
      const ids = [11, 12, 13];
      await Promise.all(ids.map((id) => runChild(fresh.url, id)));
      const s = await openStore(fresh.url);
      try {
        expect((await new OfficerRepo(s).list()).map((o) => o.telegramId).sort()).toEqual(ids);
        const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(s.db);
        expect(applied.rows).toHaveLength(Object.keys(migrations(dialect)).length);
      } finally {
        await s.close();
      }
    } finally {
      await fresh.cleanup();
    }
  }, 60_000);
}

describe("SQLite", () => {
  storeCases("sqlite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pantau-store-"));
    return { url: `sqlite:${join(dir, "db", "pantau.db")}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  });
});

describe.skipIf(!TEST_PG_URL)(TEST_PG_URL ? "PostgreSQL" : "PostgreSQL (skipped: PANTAU_TEST_PG_URL not set)", () => {
  storeCases("postgres", async () => {
    const s = await freshPgSchema(TEST_PG_URL!);
    return { url: s.url, cleanup: () => s.drop() };
  });
});

describe("SQLite: the per-update statements beside Kysely", () => {
  it("commits audit entries recorded together, each caller waiting for its commit, and never joins an open transaction", async () => {
    const store = await openStore("sqlite::memory:");
    try {
      const audit = new AuditRepo(store, "kunci-rahasia");
      const officers = new OfficerRepo(store);
      const entry = (i: number) => ({ at: NOW + i, userId: BIG_ID, chatId: BIG_ID, action: "cek", subject: `s${i}`, outcome: "p3ke" });
      await Promise.all(Array.from({ length: 50 }, (_, i) => audit.record(entry(i))));
      expect((await audit.recent(100)).map((e) => e.at)).toEqual(Array.from({ length: 50 }, (_, i) => NOW + 49 - i));

      // A Kysely transaction stays open across awaits; an entry recorded meanwhile must not
      // become part of it (it would be rolled back with it), and reads see committed data.
      let recorded: Promise<void> | undefined;
      let seenInside: boolean | undefined;
      const tx = store.db.transaction().execute(async (trx) => {
        await trx.insertInto("officers").values({ telegram_id: 5, nama: null, added_by: 1, added_at: NOW }).execute();
        recorded = audit.record(entry(100));
        void officers.isOfficer(5).then((v) => (seenInside = v)); // waits for the transaction
        await new Promise((r) => setTimeout(r, 20)); // the audit batch's turn comes while it is open
        throw new Error("rollback");
      });
      await expect(tx).rejects.toThrow("rollback");
      await recorded;
      await expect.poll(() => seenInside).toBe(false);
      expect(await officers.isOfficer(5)).toBe(false);
      expect((await audit.recent(1))[0]).toMatchObject({ at: NOW + 100, subject: "s100" });
    } finally {
      await store.close();
    }
  });
});
