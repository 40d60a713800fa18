import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { RedisAdapter } from "./redis-client.js";
import type { Sealer } from "./seal.js";
import type { CacheEntry, SharedCache } from "./shared-cache.js";

/**
 * The shared cache layer behind each instance's cache of upstream answers: JSON
 * `{ value, fetchedAt }` with a TTL, sealed when a sealer is given (answers about people).
 * Never throws; while Redis is down it quietly misses.
 */
export class RedisCacheLayer extends RedisAdapter implements SharedCache {
  constructor(
    client: Redis,
    prefix: string,
    logger: Logger,
    private readonly sealer?: Sealer,
  ) {
    super(client, prefix, logger);
  }

  get(key: string): Promise<{ entry: CacheEntry; size: number } | undefined> {
    return this.attempt(
      "redis: cache bersama tidak terbaca",
      undefined,
      async () => {
        const stored = await this.client.get(this.prefix + key);
        const raw = stored === null ? undefined : this.sealer ? this.sealer.open(stored) : stored;
        if (raw === undefined) return undefined;
        const e = JSON.parse(raw) as Partial<CacheEntry>;
        return typeof e.fetchedAt === "number" && "value" in e ? { entry: { value: e.value, fetchedAt: e.fetchedAt }, size: raw.length } : undefined;
      },
      true,
    );
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    await this.attempt(
      "redis: cache bersama tidak tersimpan",
      undefined,
      async () => {
        await this.client.set(this.prefix + key, this.sealer ? this.sealer.seal(json) : json, "PX", Math.max(1, Math.ceil(ttlMs)));
      },
      true,
    );
  }
}
