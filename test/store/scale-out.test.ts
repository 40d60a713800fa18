import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createApp, type App } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import type { TelegramSim } from "../../sim/telegram.js";
import type { SippSim } from "../../sim/sipp.js";
import { samples } from "../../sim/sipp-data.js";
import { masked } from "../helpers/expected.js";
import { KvStorage } from "../../src/store/repos.js";
import { ADMIN, OFFICER, testData } from "../helpers/harness.js";
import { redisNamespace, TEST_PG_URL, TEST_REDIS_URL } from "../helpers/backends.js";
import { startSharedInstanceEnv, type SharedInstanceEnv } from "../helpers/instances.js";

/**
 * Two instances behind a load balancer (docs/architecture.md#storage-and-instances): same database (PostgreSQL when
 * PANTAU_TEST_PG_URL is set, else one SQLite file), same Redis. Long polling cannot feed
 * two bots from one simulator, so updates made by the Telegram simulator are handed to
 * each bot with `bot.handleUpdate`, alternating instances — as a load balancer would.
 */
const dbName = TEST_PG_URL ? "PostgreSQL" : "SQLite file";
const title = TEST_REDIS_URL
  ? `two instances sharing ${dbName} and Redis`
  : "two instances sharing a database and Redis (skipped: PANTAU_TEST_REDIS_URL not set)";

describe.skipIf(!TEST_REDIS_URL)(title, () => {
  const data = testData();
  const sample = samples(data);
  const ns = redisNamespace(TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  let shared: SharedInstanceEnv | undefined;
  let tg: TelegramSim;
  let sipp: SippSim;
  let a: App;
  let b: App;

  beforeAll(async () => {
    shared = await startSharedInstanceEnv({ pg: TEST_PG_URL !== undefined, env: { REDIS_URL: TEST_REDIS_URL! } });
    ({ tg, sipp } = shared);
    const config = loadConfig(shared.env);
    const logger = createLogger({ level: "silent", secrets: [] });
    a = await createApp(config, { logger, redisPrefix: ns.prefix });
    b = await createApp(config, { logger, redisPrefix: ns.prefix });
    await a.pantau.bot.init();
    await b.pantau.bot.init();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await shared?.close();
    await ns.cleanup();
  });

  /** The user writes `text`; instance `app` handles it; returns the texts the chat received. */
  async function say(app: App, from: number, text: string): Promise<string[]> {
    const since = tg.mark();
    await app.pantau.bot.handleUpdate(tg.sendText(from, text));
    return tg.messagesIn(from).filter((m) => m.seq > since).map((m) => m.text);
  }

  it("an officer added on one instance is an officer on the other", async () => {
    expect((await say(a, ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`)).join("\n")).toMatch(/ditambahkan/);
    expect(await b.officers.isOfficer(OFFICER)).toBe(true);
  });

  it("a /cek conversation started on instance A continues and completes on instance B", async () => {
    const nik = sample.withBantuan;
    const calls = sipp.count("/api/tracking");

    expect(await say(a, OFFICER, "/cek")).toEqual([expect.stringMatching(/Kirim NIK \(16 angka\)/)]);
    // The state is in Redis, not in the database.
    expect(await a.redis!.client.exists(`${ns.prefix}conv:${OFFICER}`)).toBe(1);
    expect(await new KvStorage(a.store, "conv:").read(String(OFFICER))).toBeUndefined();

    // B knows the conversation waits for a NIK: not-a-NIK is answered inside it ("Kirim NIK lagi").
    const retry = await say(b, OFFICER, "halo");
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatch(/Kirim NIK lagi/);

    const answer = (await say(b, OFFICER, nik)).join("\n");
    expect(answer).toMatch(/Hasil cek NIK/);
    expect(answer).toContain(masked(nik));
    expect(sipp.count("/api/tracking")).toBe(calls + 1);

    // Finished for both instances: plain text is no longer read as the conversation's answer.
    expect((await say(a, OFFICER, "halo")).join("\n")).toMatch(/Kirim \/cek/);
  });

  it("an answer fetched by one instance is served by the other from the shared cache", async () => {
    const nik = sample.withBantuan;
    const calls = sipp.count("/api/tracking");
    const reply = (await say(a, ADMIN, `/cek ${nik}`)).join("\n");
    expect(reply).toContain(masked(nik));
    expect(sipp.count("/api/tracking")).toBe(calls); // fetched by B above, now from Redis
    expect(a.cache.stats.sharedHits).toBe(1);
    // /metrics counts it as a hit: A's only lookup was answered without an upstream call.
    const m = await a.metrics.registry.metrics();
    expect(m).toMatch(/^pantau_cache_hit_ratio 1$/m);
    expect(m).toMatch(/^pantau_cache_shared_hits_total 1$/m);
    expect(m).toMatch(/^pantau_cache_lookups_total\{result="miss"\} 1$/m);
  });

  it("/readyz reports Redis and the leader", async () => {
    const r = await a.ready();
    expect(r.ok).toBe(true);
    expect(r.checks).toMatchObject({ database: "ok", redis: "ok", leader: false, omspanData: "tidak dikonfigurasi" });
  });

  it("both instances write one audit log with the same keyed hash", async () => {
    const cek = (await b.audit.recent(10)).filter((e) => e.action === "cek");
    expect(cek.map((e) => e.userId).sort()).toEqual([ADMIN, OFFICER].sort());
    expect(cek[0]!.subjectHash).toBe(cek[1]!.subjectHash);
    expect(cek[0]!.subjectHash).toBe(a.audit.hash(sample.withBantuan));
  });

  it("the rate limit counts updates on both instances together", async () => {
    const key = `${ns.prefix}rl:user:${OFFICER}`;
    const before = Number(await a.redis!.client.get(key));
    await say(a, OFFICER, "/id");
    await say(b, OFFICER, "/id");
    expect(Number(await a.redis!.client.get(key))).toBe(before + 2);
  });

  it("a stranger is refused once a minute across both instances (the throttle counts in Redis)", async () => {
    const stranger = 3_000_000 + Math.floor(Math.random() * 1_000_000);
    const replies = [...(await say(a, stranger, "halo")), ...(await say(b, stranger, "halo")), ...(await say(a, stranger, "halo"))];
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(String(stranger));
    expect(await a.redis!.client.get(`${ns.prefix}rl:refusal:${stranger}`)).toBe("3");
  });

  // PostgreSQL: the role is cached per instance and a change is announced (NOTIFY); a SQLite
  // file is one instance's database, so two instances on one file are not a setup it supports.
  it.skipIf(!TEST_PG_URL)("an officer removed on one instance is refused by the other at its next update", async () => {
    const id = 4_100_000 + Math.floor(Math.random() * 100_000);
    await say(a, ADMIN, `/petugas tambah ${id} Rina`);
    expect(await say(b, id, "/id")).toEqual([expect.stringContaining(String(id))]);
    expect((await say(b, id, "/bantuan")).join("\n")).toContain("/cekmassal"); // B knows (and keeps) the officer
    const heard = new Promise<void>((resolve) => {
      const off = b.store.changes!.subscribe("pantau_officers", (p) => p === String(id) && (off(), resolve()), () => undefined);
    });
    await say(a, ADMIN, `/petugas hapus ${id}`);
    await heard;
    expect(await say(b, id, "/cek")).toEqual([`⛔ Maaf, bot ini hanya untuk petugas terdaftar.\nID Telegram Anda: ${id}\nMinta administrator menambahkan ID ini.`]);
  });

  it("elects one leader between the two instances", async () => {
    await a.leader.start();
    await b.leader.start();
    expect([a.leader.isLeader(), b.leader.isLeader()]).toEqual([true, false]);
    await a.leader.stop();
    await new Promise((r) => setTimeout(r, 50));
    // B takes over at its next attempt (default TTL 30 s, attempts every 10 s): checked directly.
    expect(a.leader.isLeader()).toBe(false);
    expect(await a.redis!.client.exists(`${ns.prefix}leader`)).toBe(0);
    await b.leader.stop();
  });
});
