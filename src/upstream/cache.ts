import { LRUCache } from "lru-cache";

/**
 * Read-through cache for upstream answers (SPEC §4):
 * - fresh for `ttlMs`; identical concurrent misses share one upstream call;
 * - kept up to `staleMaxMs` so that, when the upstream fails, a recent answer is served
 *   with its age instead of an error.
 * Bounded by entry count (lru-cache). Values must be plain data.
 */
export interface Cached<T> {
  value: T;
  fetchedAt: number;
  /** true when served after a failed refresh; the caller shows the age. */
  stale: boolean;
  /** true when no upstream call was made for this answer. */
  hit: boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
  staleServed: number;
}

export class UpstreamCache {
  private readonly lru: LRUCache<string, { value: unknown; fetchedAt: number }>;
  private readonly inflight = new Map<string, Promise<{ value: unknown; fetchedAt: number }>>();
  readonly stats: CacheStats = { hits: 0, misses: 0, staleServed: 0 };

  constructor(
    opts: { maxEntries: number; staleMaxMs: number },
    private readonly now: () => number = Date.now,
  ) {
    this.lru = new LRUCache({ max: opts.maxEntries, ttl: Math.max(opts.staleMaxMs, 1), ttlAutopurge: false });
  }

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<Cached<T>> {
    const entry = this.lru.get(key);
    if (entry && this.now() - entry.fetchedAt < ttlMs) {
      this.stats.hits++;
      return { value: entry.value as T, fetchedAt: entry.fetchedAt, stale: false, hit: true };
    }
    this.stats.misses++;
    let p = this.inflight.get(key);
    const shared = p !== undefined;
    if (!p) {
      p = load().then((value) => {
        const e = { value, fetchedAt: this.now() };
        this.lru.set(key, e);
        return e;
      });
      this.inflight.set(key, p);
      const clear = () => this.inflight.delete(key);
      p.then(clear, clear);
    }
    try {
      const e = await p;
      return { value: e.value as T, fetchedAt: e.fetchedAt, stale: false, hit: shared };
    } catch (err) {
      const old = this.lru.get(key);
      if (old) {
        this.stats.staleServed++;
        return { value: old.value as T, fetchedAt: old.fetchedAt, stale: true, hit: true };
      }
      throw err;
    }
  }

  /** The last stored answer regardless of freshness (for "last known" fallbacks). */
  peek<T>(key: string): { value: T; fetchedAt: number } | undefined {
    const e = this.lru.get(key);
    return e ? { value: e.value as T, fetchedAt: e.fetchedAt } : undefined;
  }

  clear(): void {
    this.lru.clear();
  }
}
