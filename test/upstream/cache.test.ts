import { describe, expect, it } from "vitest";
import { UpstreamCache } from "../../src/upstream/cache.js";

describe("UpstreamCache", () => {
  it("concurrent identical misses share one upstream call", async () => {
    const cache = new UpstreamCache({ maxEntries: 10, staleMaxMs: 60_000 });
    let calls = 0;
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 30));
      return { n: 1 };
    };
    const results = await Promise.all([cache.get("k", 1000, load), cache.get("k", 1000, load), cache.get("k", 1000, load)]);
    expect(calls).toBe(1);
    expect(results.map((r) => r.value)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(results.filter((r) => !r.hit)).toHaveLength(1);
  });

  it("fresh within the TTL, reloaded after it, stale answer with its age when the reload fails", async () => {
    let now = 1_000_000;
    const cache = new UpstreamCache({ maxEntries: 10, staleMaxMs: 60_000 }, () => now);
    let calls = 0;
    await cache.get("k", 1000, async () => (calls++, "v1"));
    now += 500;
    expect((await cache.get("k", 1000, async () => (calls++, "v2"))).value).toBe("v1");
    expect(calls).toBe(1);
    now += 1000;
    const stale = await cache.get("k", 1000, async () => {
      calls++;
      throw new Error("down");
    });
    expect(stale).toMatchObject({ value: "v1", stale: true, fetchedAt: 1_000_000 });
    expect(calls).toBe(2);
    expect(cache.stats.staleServed).toBe(1);
  });

  it("no stale copy: the failure reaches the caller, and a failed load is not cached", async () => {
    const cache = new UpstreamCache({ maxEntries: 10, staleMaxMs: 60_000 });
    await expect(cache.get("x", 1000, async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect((await cache.get("x", 1000, async () => "ok")).value).toBe("ok");
  });

  it("is bounded by entry count", async () => {
    const cache = new UpstreamCache({ maxEntries: 3, staleMaxMs: 60_000 });
    for (const k of ["a", "b", "c", "d"]) await cache.get(k, 1000, async () => k);
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("d")?.value).toBe("d");
  });

  it("bounded by size: large answers push out the oldest; one larger than the bound is not kept", async () => {
    const cache = new UpstreamCache({ maxEntries: 100, maxBytes: 10_000, staleMaxMs: 60_000 });
    const big = (c: string) => async () => c.repeat(4_000); // ~4 KB of JSON each
    await cache.get("a", 60_000, big("a"));
    await cache.get("b", 60_000, big("b"));
    await cache.get("c", 60_000, big("c")); // 12 KB > 10 KB: "a" goes
    expect(cache.peek("a")).toBeUndefined();
    expect(cache.peek("b")).toBeDefined();
    expect(cache.peek("c")).toBeDefined();
    const huge = await cache.get("h", 60_000, async () => "h".repeat(20_000));
    expect(huge.value).toHaveLength(20_000); // still answered
    expect(cache.peek("h")).toBeUndefined();
  });
});
