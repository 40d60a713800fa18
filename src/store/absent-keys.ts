import type { StorageAdapter } from "grammy";
import { LRUCache } from "lru-cache";

/**
 * A storage that remembers which keys it found empty, so that reading them again costs no
 * query: conversation state is read for every update, and almost every chat has none.
 *
 * Only for a storage that nothing else writes — the `kv` table of a SQLite database, which
 * belongs to one instance (docs/architecture.md#storage-and-instances) — since a write made
 * elsewhere would go unseen. Across a restart nothing is remembered, so the first update of
 * each chat reads the table again. A write forgets the key before it is made; a read or a
 * delete that saw a write happen meanwhile records nothing; state that expires becomes absent
 * by itself, which the cache does not need to know.
 */
export function rememberAbsent<T>(base: StorageAdapter<T>, max = 10_000): StorageAdapter<T> {
  const absent = new LRUCache<string, true>({ max });
  /** Writes so far: what a read or a delete found is kept only if none happened meanwhile. */
  let writes = 0;
  return {
    read(key) {
      if (absent.has(key)) return undefined;
      const seen = writes;
      return Promise.resolve(base.read(key)).then((value) => {
        if (value === undefined && seen === writes) absent.set(key, true);
        return value;
      });
    },
    async write(key, value) {
      writes++;
      absent.delete(key);
      await base.write(key, value);
    },
    async delete(key) {
      const seen = ++writes;
      await base.delete(key);
      if (seen === writes) absent.set(key, true);
    },
  };
}
