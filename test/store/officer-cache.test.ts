import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { openStore, type Store } from "../../src/store/db.js";
import { OfficerRepo } from "../../src/store/repos.js";
import { freshPgSchema, TEST_PG_URL } from "../helpers/backends.js";

/**
 * Two instances on one PostgreSQL database keep officers' roles in a cache that a change on
 * either instance empties (LISTEN/NOTIFY), and that is not used while an instance cannot hear
 * the other's changes (docs/architecture.md#the-path-of-an-update).
 */
describe.skipIf(!TEST_PG_URL)(TEST_PG_URL ? "PostgreSQL: the officer cache of two instances" : "PostgreSQL: the officer cache of two instances (skipped: PANTAU_TEST_PG_URL not set)", () => {
  let schema: Awaited<ReturnType<typeof freshPgSchema>>;
  let a: Store;
  let b: Store;
  let onA: OfficerRepo;
  let onB: OfficerRepo;
  const ADMIN = 900_001;
  const live = async (s: Store) => vi.waitFor(() => expect(s.changes?.live).toBe(true), { timeout: 10_000 });
  /** Resolves when instance `s` has heard the notice of a change of officer `id` (subscribe before the change). */
  const heard = (s: Store, id: number) =>
    new Promise<void>((resolve) => {
      const off = s.changes!.subscribe("pantau_officers", (p) => p === String(id) && (off(), resolve()), () => undefined);
    });
  /** Changes behind the repositories' back: no notice is sent. */
  const deleteQuietly = (id: number) => sql`delete from officers where telegram_id = ${id}`.execute(b.db);

  beforeAll(async () => {
    schema = await freshPgSchema(TEST_PG_URL!);
    a = await openStore(schema.url);
    b = await openStore(schema.url);
    onA = new OfficerRepo(a);
    onB = new OfficerRepo(b);
    await live(a);
    await live(b);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await schema?.drop();
  });

  it("keeps an answer: a row changed without a notice is not read again", async () => {
    const notice = heard(b, 7001);
    await onA.add(7001, "Siti", ADMIN);
    await notice;
    expect((await onB.access(7001)).officer).toBe(true);
    await deleteQuietly(7001);
    expect((await onB.access(7001)).officer).toBe(true);
  });

  it("drops the answer when the other instance changes the officer: scope and removal", async () => {
    await onA.add(7002, "Budi", ADMIN, Date.now(), { kecamatan: ["PURWOSARI"], desa: [], satker: [] });
    expect((await onB.access(7002)).scope?.kecamatan).toEqual(["PURWOSARI"]);
    await onA.setScope(7002, { kecamatan: ["BANGIL"], desa: [], satker: [] });
    await vi.waitFor(async () => expect((await onB.access(7002)).scope?.kecamatan).toEqual(["BANGIL"]), { timeout: 5000 });
    await onA.remove(7002);
    await vi.waitFor(async () => expect((await onB.access(7002)).officer).toBe(false), { timeout: 5000 });
    // Added again: the stored "not an officer" goes too.
    await onA.add(7002, "Budi", ADMIN);
    await vi.waitFor(async () => expect((await onB.access(7002)).officer).toBe(true), { timeout: 5000 });
  });

  it("reads every time while the listening connection is lost, and caches again once it is back", async () => {
    const notice = heard(b, 7003);
    await onA.add(7003, "Ani", ADMIN);
    await notice;
    expect((await onB.access(7003)).officer).toBe(true);
    // Both instances' listening sessions of this schema end (as a restart of PostgreSQL would).
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pantau-listen' and query like ${`%${b.changes!.channel("pantau_officers")}%`}`.execute(b.db);
    await vi.waitFor(() => expect(b.changes!.live).toBe(false), { timeout: 5000 });
    // The cache was emptied and is not used: a quiet change is seen at once.
    await deleteQuietly(7003);
    expect((await onB.access(7003)).officer).toBe(false);
    await onA.add(7004, "Dewi", ADMIN);
    await onA.add(7006, "Fajar", ADMIN);
    expect((await onB.access(7006)).officer).toBe(true);
    await deleteQuietly(7006);
    expect(b.changes!.live).toBe(false);
    expect((await onB.access(7006)).officer).toBe(false);
    // Back: answers are kept again.
    await live(b);
    await live(a);
    const after = heard(b, 7005);
    await onA.add(7005, "Eko", ADMIN); // a notice after the reconnection reaches B
    await after;
    expect((await onB.access(7004)).officer).toBe(true);
    await deleteQuietly(7004);
    expect((await onB.access(7004)).officer).toBe(true);
  });
});
