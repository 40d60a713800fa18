import type { Redis } from "ioredis";
import type { StorageAdapter } from "grammy";
import type { Logger } from "../logger.js";
import { REDIS_DOWN, redisDown, throttledWarn } from "./redis-client.js";

/** grammY StorageAdapter over Redis strings (JSON), each key with a TTL renewed on write. */
export class RedisStorage<T> implements StorageAdapter<T> {
  private readonly warn: ReturnType<typeof throttledWarn>;
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    logger: Logger,
    private readonly ttlMs = 7 * 24 * 3_600_000,
  ) {
    this.warn = throttledWarn(logger);
  }

  async read(key: string): Promise<T | undefined> {
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      const raw = await this.client.get(this.prefix + key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (err) {
      this.warn("redis: status percakapan tidak terbaca", err);
      return undefined;
    }
  }

  async write(key: string, value: T): Promise<void> {
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      await this.client.set(this.prefix + key, JSON.stringify(value), "PX", this.ttlMs);
    } catch (err) {
      this.warn("redis: status percakapan tidak tersimpan", err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      await this.client.del(this.prefix + key);
    } catch (err) {
      this.warn("redis: status percakapan tidak terhapus", err);
    }
  }
}
