import type { RateLimitStore } from "../bot/deps.js";

/**
 * Counts per key in fixed windows, in this process: the panel's limiter when there is no Redis
 * (with REDIS_URL the app passes the shared store, so the limit holds across instances).
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counts = new Map<string, { n: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async incr(key: string): Promise<number> {
    const now = this.now();
    const e = this.counts.get(key);
    if (e && e.until > now) return ++e.n;
    if (this.counts.size > 10_000) for (const [k, v] of this.counts) if (v.until <= now) this.counts.delete(k);
    this.counts.set(key, { n: 1, until: Number.POSITIVE_INFINITY });
    return 1;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const e = this.counts.get(key);
    if (!e) return 0;
    e.until = this.now() + ms;
    return 1;
  }
}

/** True while `key` has made at most `limit` calls in the current window of `windowMs`. */
export async function withinLimit(store: RateLimitStore, key: string, limit: number, windowMs: number): Promise<boolean> {
  const n = await store.incr(key);
  if (n === 1) await store.pexpire(key, windowMs);
  return n <= limit;
}
