import type { Redis } from "ioredis";
import type { StorageAdapter } from "grammy";
import type { Logger } from "../logger.js";
import { RedisAdapter } from "./redis-client.js";
import type { Sealer } from "./seal.js";

/**
 * grammY StorageAdapter over Redis strings (JSON, sealed when a sealer is given), each key with
 * a TTL renewed on write.
 */
export class RedisStorage<T> extends RedisAdapter implements StorageAdapter<T> {
  constructor(
    client: Redis,
    prefix: string,
    logger: Logger,
    private readonly ttlMs = 7 * 24 * 3_600_000,
    private readonly sealer?: Sealer,
  ) {
    super(client, prefix, logger);
  }

  read(key: string): Promise<T | undefined> {
    return this.attempt("redis: status percakapan tidak terbaca", undefined, async () => {
      const raw = await this.client.get(this.prefix + key);
      const json = raw === null ? undefined : this.sealer ? this.sealer.open(raw) : raw;
      return json === undefined ? undefined : (JSON.parse(json) as T);
    });
  }

  async write(key: string, value: T): Promise<void> {
    await this.attempt("redis: status percakapan tidak tersimpan", undefined, async () => {
      const json = JSON.stringify(value);
      await this.client.set(this.prefix + key, this.sealer ? this.sealer.seal(json) : json, "PX", this.ttlMs);
    });
  }

  async delete(key: string): Promise<void> {
    await this.attempt("redis: status percakapan tidak terhapus", undefined, async () => {
      await this.client.del(this.prefix + key);
    });
  }
}
