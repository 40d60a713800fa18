import { LRUCache } from "lru-cache";
import type { CacheEntry, SharedCache } from "../store/shared-cache.js";

/**
 * Read-through cache for upstream answers (docs/upstream.md):
 * - fresh for `ttlMs`; identical concurrent misses share one upstream call;
 * - kept up to `staleMaxMs` so that, when the upstream fails, a recent answer is served
 *   with its age instead of an error.
 * Bounded by entry count and by size (lru-cache `maxSize`, an entry's size being the length
 * of its JSON, which a fill makes once for both the size and the shared layer; an entry larger
 * than the bound is simply not kept: a desa's data is some MB, a /cek answer a few KB, so a count alone
 * would not bound memory). Values must be plain data (JSON round trip).
 *
 * With a `shared` layer (Redis, src/store/redis-cache.ts) the in-process LRU stays in front: an LRU miss
 * first asks the shared layer, so instances behind a load balancer reuse each other's
 * answers; every fresh upstream answer is written there too, kept for the stale-max time.
 * The shared layer never makes a request fail: its errors count as a miss.
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
  /** LRU misses (then answered by the shared layer, a shared in-flight call or upstream) */
  misses: number;
  staleServed: number;
  /** LRU misses answered by the shared layer (Redis) without an upstream call */
  sharedHits: number;
}

export class UpstreamCache {
  private readonly lru: LRUCache<string, { value: unknown; fetchedAt: number }>;
  private readonly inflight = new Map<string, Promise<{ entry: CacheEntry; fromShared: boolean }>>();
  private readonly shared: SharedCache | undefined;
  private readonly staleMaxMs: number;
  readonly stats: CacheStats = { hits: 0, misses: 0, staleServed: 0, sharedHits: 0 };

  private readonly onLookup?: (result: "hit" | "miss" | "stale", stats: CacheStats) => void;
  constructor(
    opts: {
      maxEntries: number;
      /** Upper bound of the sum of the entries' JSON lengths (default 64 MB). */
      maxBytes?: number;
      staleMaxMs: number;
      onLookup?: (result: "hit" | "miss" | "stale", stats: CacheStats) => void;
      shared?: SharedCache;
    },
    private readonly now: () => number = Date.now,
  ) {
    this.onLookup = opts.onLookup;
    this.staleMaxMs = Math.max(opts.staleMaxMs, 1);
    this.lru = new LRUCache({
      max: opts.maxEntries,
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      ttl: this.staleMaxMs,
      ttlAutopurge: false,
    });
    this.shared = opts.shared;
  }

  async get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<Cached<T>> {
    const entry = this.lru.get(key);
    if (entry && this.now() - entry.fetchedAt < ttlMs) {
      this.stats.hits++;
      this.onLookup?.("hit", this.stats);
      return { value: entry.value as T, fetchedAt: entry.fetchedAt, stale: false, hit: true };
    }
    this.stats.misses++;
    this.onLookup?.("miss", this.stats);
    let p = this.inflight.get(key);
    const shared = p !== undefined;
    if (!p) {
      p = this.fill(key, ttlMs, load);
      this.inflight.set(key, p);
      const clear = () => this.inflight.delete(key);
      p.then(clear, clear);
    }
    try {
      const { entry: e, fromShared } = await p;
      if (fromShared) this.stats.sharedHits++;
      return { value: e.value as T, fetchedAt: e.fetchedAt, stale: false, hit: shared || fromShared };
    } catch (err) {
      const old = this.lru.get(key);
      if (old) {
        this.stats.staleServed++;
        this.onLookup?.("stale", this.stats);
        return { value: old.value as T, fetchedAt: old.fetchedAt, stale: true, hit: true };
      }
      throw err;
    }
  }

  /** LRU miss: a fresh answer from the shared layer, else upstream (then stored in both). */
  private async fill(key: string, ttlMs: number, load: () => Promise<unknown>): Promise<{ entry: CacheEntry; fromShared: boolean }> {
    if (this.shared) {
      const found = await this.shared.get(key).catch(() => undefined);
      if (found) {
        const remote = found.entry;
        const age = Math.max(this.now() - remote.fetchedAt, 0);
        // Kept locally either way: a stale one is still the fallback if upstream fails below.
        if (age < this.staleMaxMs) this.lru.set(key, remote, { ttl: this.staleMaxMs - age, size: Math.max(1, found.size) });
        if (age < ttlMs) return { entry: remote, fromShared: true };
      }
    }
    const entry: CacheEntry = { value: await load(), fetchedAt: this.now() };
    const json = JSON.stringify(entry);
    this.lru.set(key, entry, { size: json.length });
    // Awaited, so that an instance asked right after this one finds the answer.
    await this.shared?.set(key, json, Math.max(this.staleMaxMs, ttlMs)).catch(() => undefined);
    return { entry, fromShared: false };
  }

  /** The last stored answer regardless of freshness (for "last known" fallbacks; this instance's LRU only). */
  peek<T>(key: string): { value: T; fetchedAt: number } | undefined {
    const e = this.lru.get(key);
    return e ? { value: e.value as T, fetchedAt: e.fetchedAt } : undefined;
  }

  /** Empties this instance's LRU (the shared layer keeps its entries until they expire). */
  clear(): void {
    this.lru.clear();
  }
}
