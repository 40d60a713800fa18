import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { redisDown, throttledWarn } from "./redis-client.js";
import type { CacheEntry, SharedCache } from "./shared-cache.js";

/** The shared cache layer behind each instance's cache of upstream answers: JSON `{ value, fetchedAt }` with a TTL. Never throws. */
export class RedisCacheLayer implements SharedCache {
  private readonly warn: ReturnType<typeof throttledWarn>;
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    logger: Logger,
  ) {
    this.warn = throttledWarn(logger);
  }

  async get(key: string): Promise<{ entry: CacheEntry; size: number } | undefined> {
    try {
      if (redisDown(this.client)) return undefined;
      const raw = await this.client.get(this.prefix + key);
      if (raw === null) return undefined;
      const e = JSON.parse(raw) as Partial<CacheEntry>;
      return typeof e.fetchedAt === "number" && "value" in e ? { entry: { value: e.value, fetchedAt: e.fetchedAt }, size: raw.length } : undefined;
    } catch (err) {
      this.warn("redis: cache bersama tidak terbaca", err);
      return undefined;
    }
  }

  async set(key: string, json: string, ttlMs: number): Promise<void> {
    try {
      if (redisDown(this.client)) return;
      await this.client.set(this.prefix + key, json, "PX", Math.max(1, Math.ceil(ttlMs)));
    } catch (err) {
      this.warn("redis: cache bersama tidak tersimpan", err);
    }
  }
}
