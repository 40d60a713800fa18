import { randomInt } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { LeaderLock, LocalLeader } from "../../src/store/leader.js";
import { SharedRedis } from "../../src/store/redis.js";
import { UpstreamCache } from "../../src/upstream/cache.js";
import { redisNamespace, TEST_REDIS_URL } from "../helpers/backends.js";

const logs: string[] = [];
const logger = createLogger({
  level: "debug",
  secrets: [],
  destination: new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  }) as never,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
  return Date.now() - start;
}


describe("without Redis", () => {
  it("LocalLeader is always the leader", async () => {
    const l = new LocalLeader();
    expect(l.isLeader()).toBe(true);
    await l.start();
    expect(l.isLeader()).toBe(true);
    l.onChange(() => {
      throw new Error("never called");
    })();
    await l.stop();
    expect(l.isLeader()).toBe(true);
  });

});

describe.skipIf(!TEST_REDIS_URL)(TEST_REDIS_URL ? "Redis" : "Redis (skipped: PANTAU_TEST_REDIS_URL not set)", () => {
  const ns = redisNamespace(TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  // Two "instances": separate clients, same Redis, same prefix.
  let a: SharedRedis;
  let b: SharedRedis;

  beforeAll(async () => {
    a = await SharedRedis.connect(TEST_REDIS_URL!, { logger, prefix: ns.prefix });
    b = await SharedRedis.connect(TEST_REDIS_URL!, { logger, prefix: ns.prefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await ns.cleanup();
    expect(await ns.keys()).toEqual([]);
  });

  it("connects lazily and answers a ping", async () => {
    const c = await SharedRedis.connect(TEST_REDIS_URL!, { logger, prefix: ns.prefix });
    expect(c.client.status).toBe("wait");
    expect(await c.ping()).toBe(true);
    await c.close();
  });

  it("StorageAdapter: written on one instance, read, overwritten and deleted on the other", async () => {
    const sa = a.storage<{ v: number; s: string }>("conv:");
    const sb = b.storage<{ v: number; s: string }>("conv:");
    expect(await sb.read("42")).toBeUndefined();
    await sa.write("42", { v: 1, s: "ü ✓" });
    expect(await sb.read("42")).toEqual({ v: 1, s: "ü ✓" });
    expect(await a.client.get(`${ns.prefix}conv:42`)).toBe(JSON.stringify({ v: 1, s: "ü ✓" }));
    const ttl = await a.client.pttl(`${ns.prefix}conv:42`);
    expect(ttl).toBeGreaterThan(6 * 24 * 3_600_000); // 7 days, renewed on every write
    await sb.write("42", { v: 2, s: "x" });
    expect(await sa.read("42")).toEqual({ v: 2, s: "x" });
    expect(await b.storage("sesi:").read("42")).toBeUndefined(); // another prefix
    await sa.delete("42");
    expect(await sb.read("42")).toBeUndefined();
    expect(await a.client.exists(`${ns.prefix}conv:42`)).toBe(0);
  });

  it("rate limit store: two instances count together, per key, with the window as TTL", async () => {
    // The bot's limiters through this store, across instances: test/store/scale-out.test.ts.
    const key = `user:${randomInt(1_000_000, 2_000_000)}`;
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const store = i % 2 === 0 ? a.rateLimitStore : b.rateLimitStore;
      counts.push(await store.incr(key));
      await store.pexpire(key, 60_000);
    }
    expect(counts).toEqual([1, 2, 3, 4]);
    expect(await a.client.get(`${ns.prefix}rl:${key}`)).toBe("4");
    const ttl = await a.client.pttl(`${ns.prefix}rl:${key}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await b.rateLimitStore.incr(`refusal:${key.slice(5)}`)).toBe(1); // another limiter: its own key
  });

  it("rate limiter: a counter that lost its PEXPIRE still expires", async () => {
    const key = `lost:${randomInt(1e9)}`;
    expect(await a.rateLimitStore.incr(key)).toBe(1); // and no pexpire call
    const ttl = await a.client.pttl(`${ns.prefix}rl:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("shared cache: a second instance with its own LRU gets the first one's answer without calling upstream", async () => {
    const key = `sipp:tracking:${randomInt(1e9)}`;
    const c1 = new UpstreamCache({ maxEntries: 10, staleMaxMs: 86_400_000, shared: a.cache });
    const c2 = new UpstreamCache({ maxEntries: 10, staleMaxMs: 86_400_000, shared: b.cache });
    let calls1 = 0;
    let calls2 = 0;
    const first = await c1.get(key, 60_000, async () => (calls1++, { nama: "SITI", bantuan: [{ nilai: 600_000 }] }));
    expect(calls1).toBe(1);
    expect(first.hit).toBe(false);
    const second = await c2.get(key, 60_000, async () => (calls2++, { nama: "OTHER", bantuan: [] }));
    expect(calls2).toBe(0);
    expect(second).toEqual({ value: { nama: "SITI", bantuan: [{ nilai: 600_000 }] }, fetchedAt: first.fetchedAt, stale: false, hit: true });
    expect(c2.stats).toMatchObject({ misses: 1, sharedHits: 1 });
    // Now in c2's own LRU: no Redis round trip needed.
    expect((await c2.get(key, 60_000, async () => (calls2++, null))).hit).toBe(true);
    expect(c2.stats.hits).toBe(1);
    // Stored with the stale-max TTL.
    const ttl = await a.client.pttl(`${ns.prefix}cache:${key}`);
    expect(ttl).toBeGreaterThan(86_000_000);

    // Older than this caller's TTL → upstream again; upstream down → the shared answer, marked stale.
    const later = new UpstreamCache({ maxEntries: 10, staleMaxMs: 86_400_000, shared: b.cache }, () => Date.now() + 120_000);
    const stale = await later.get(key, 60_000, async () => {
      throw new Error("SIPP down");
    });
    expect(stale).toMatchObject({ value: { nama: "SITI" }, stale: true, fetchedAt: first.fetchedAt });
    // …and a successful refresh replaces the shared answer for everyone.
    const fresh = await later.get(key, 60_000, async () => ({ nama: "SITI BARU", bantuan: [] }));
    expect(fresh.stale).toBe(false);
    const c3 = new UpstreamCache({ maxEntries: 10, staleMaxMs: 86_400_000, shared: a.cache }, () => Date.now() + 120_000);
    expect((await c3.get(key, 60_000, async () => null)).value).toEqual({ nama: "SITI BARU", bantuan: [] });
  });

  it("leader election: exactly one leader; the other takes over when it stops", async () => {
    const name = `leader-${randomInt(1e9)}`;
    const l1 = a.leaderLock({ name, ttlMs: 2_000, renewMs: 100 });
    const l2 = b.leaderLock({ name, ttlMs: 2_000, renewMs: 100 });
    const changes: string[] = [];
    l1.onChange((v) => changes.push(`1:${v}`));
    l2.onChange((v) => changes.push(`2:${v}`));
    try {
      await l1.start();
      await l2.start();
      expect(l1.isLeader()).toBe(true);
      expect(l2.isLeader()).toBe(false);
      expect(await a.client.get(`${ns.prefix}${name}`)).toBe(l1.id);
      // Renewals keep it: still exactly one leader after several TTLs.
      for (let i = 0; i < 15; i++) {
        await sleep(100);
        expect([l1.isLeader(), l2.isLeader()]).toEqual([true, false]);
      }
      await l1.stop();
      expect(l1.isLeader()).toBe(false);
      // Released on stop (the key is gone or already the other's, not left to expire): taken over at the other's next attempt.
      expect([null, l2.id]).toContain(await a.client.get(`${ns.prefix}${name}`));
      await until(() => l2.isLeader(), 5_000);
      expect(await a.client.get(`${ns.prefix}${name}`)).toBe(l2.id);
      expect(changes).toEqual(["1:true", "1:false", "2:true"]);
    } finally {
      await l1.stop();
      await l2.stop();
    }
    expect(await a.client.exists(`${ns.prefix}${name}`)).toBe(0); // released
  });

  it("leader election: a crashed leader is replaced within the TTL", async () => {
    const name = `leader-${randomInt(1e9)}`;
    const key = `${ns.prefix}${name}`;
    // A leader that died without releasing: its key is left to expire.
    await a.client.set(key, "crashed-instance", "PX", 500);
    const l2 = b.leaderLock({ name, ttlMs: 500, renewMs: 50 });
    try {
      await l2.start();
      expect(l2.isLeader()).toBe(false);
      await until(() => l2.isLeader(), 5_000); // once the dead lock's TTL has run out
    } finally {
      await l2.stop();
    }
  });

  it("leader election: a leader whose lock was taken notices and steps down", async () => {
    const name = `leader-${randomInt(1e9)}`;
    const key = `${ns.prefix}${name}`;
    const l1 = new LeaderLock(a.client, { key, ttlMs: 1_000, renewMs: 100, logger });
    const l2 = new LeaderLock(b.client, { key, ttlMs: 1_000, renewMs: 100, logger });
    const lost: boolean[] = [];
    l1.onChange((v) => lost.push(v));
    try {
      await l1.start();
      await l2.start();
      expect(l1.isLeader()).toBe(true);
      await a.client.set(key, "someone-else", "PX", 400); // e.g. the lock expired during a pause and was taken
      await until(() => !l1.isLeader(), 300);
      expect(lost).toEqual([true, false]);
      expect(l2.isLeader()).toBe(false);
      expect(await a.client.get(key)).toBe("someone-else"); // our renewal did not overwrite it
      await l1.stop();
      expect(await a.client.get(key)).toBe("someone-else"); // nor did our release delete it
      // Once the other's lock lapses, the remaining instance takes over.
      await until(() => l2.isLeader(), 1_000);
    } finally {
      await l1.stop();
      await l2.stop();
    }
  });

  it("isLeader() turns false by itself when renewals stop arriving in time", async () => {
    const name = `leader-${randomInt(1e9)}`;
    const l = a.leaderLock({ name, ttlMs: 300, renewMs: 100 });
    try {
      await l.start();
      expect(l.isLeader()).toBe(true);
      // Block the event loop past the TTL: no renewal can run, the lock may be gone.
      const end = Date.now() + 350;
      while (Date.now() < end) {
        /* busy */
      }
      expect(l.isLeader()).toBe(false);
    } finally {
      await l.stop();
    }
  });

  describe("Redis unreachable", () => {
    let down: SharedRedis;
    beforeAll(async () => {
      down = await SharedRedis.connect("redis://127.0.0.1:1", { logger, prefix: ns.prefix, client: { connectTimeout: 300 } });
    });
    afterAll(async () => {
      await down.close();
    });

    it("the cache calls upstream, the rate limiter counts in memory, no leader, errors only logged", async () => {
      logs.length = 0;
      const c = new UpstreamCache({ maxEntries: 10, staleMaxMs: 60_000, shared: down.cache });
      let calls = 0;
      const r = await c.get("k", 60_000, async () => (calls++, 1));
      expect(r.value).toBe(1);
      expect(calls).toBe(1);

      // The limit still holds, counted in this process.
      expect([await down.rateLimitStore.incr("user:5"), await down.rateLimitStore.incr("user:5")]).toEqual([1, 2]);

      const l = down.leaderLock({ ttlMs: 1_000 });
      await l.start();
      expect(l.isLeader()).toBe(false);
      await l.stop();

      // Conversation state: "no conversation", nothing saved, nothing thrown.
      const st = down.storage<number>("conv:");
      await st.write("1", 5);
      expect(await st.read("1")).toBeUndefined();
      await st.delete("1");
      expect(await down.ping()).toBe(false);
      expect(logs.join("")).toMatch(/redis/); // nothing waits for the dead connection: the test's own timeout bounds it
    }, 20_000);
  });
});
