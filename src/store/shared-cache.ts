/**
 * A cache shared between instances, behind each instance's in-process cache of upstream
 * answers. Declared here, below both sides: the upstream cache uses it, Redis implements it
 * (redis-cache.ts).
 */

/** A cached answer and when it was fetched. */
export interface CacheEntry {
  value: unknown;
  fetchedAt: number;
}

/** Implementations should not throw: an error counts as a miss. */
export interface SharedCache {
  /** The entry and the length of its JSON (the LRU's size of it). */
  get(key: string): Promise<{ entry: CacheEntry; size: number } | undefined>;
  /** `json` is JSON.stringify(entry), made once by the caller for the LRU's size and for this. */
  set(key: string, json: string, ttlMs: number): Promise<void>;
}
