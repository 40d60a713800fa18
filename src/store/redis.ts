/**
 * What several instances share through Redis (docs/architecture.md), when `REDIS_URL` is set:
 * conversation state (a conversation started on one instance continues on another),
 * rate-limit counters, upstream answers (a second cache layer behind each instance's LRU)
 * and one leader for the OMSPAN sync and the alerts. Without Redis all of this stays in
 * the process (conversation state in the database) and the instance is always the leader.
 *
 * Keys (default prefix "pantau:"): `pantau:conv:<chat>`, `pantau:rl:<limiter>:<user>`,
 * `pantau:cache:<key>`, `pantau:leader`. Everything but conversation state has a TTL;
 * conversation state gets one too (7 days, renewed on every step).
 *
 * One module a job: the connection and its failure policy (redis-client.ts), conversation
 * state (redis-storage.ts), rate-limit counters (redis-rate-limit.ts), the cache layer
 * (redis-cache.ts) and the leader lock (leader.ts); SharedRedis puts them together.
 */
import type { Redis, RedisOptions } from "ioredis";
import type { Logger } from "../logger.js";
import { LeaderLock, type LeaderLockOptions } from "./leader.js";
import { RedisCacheLayer } from "./redis-cache.js";
import { createRedisClient, redisDown } from "./redis-client.js";
import { RedisRateLimitStore } from "./redis-rate-limit.js";
import { RedisStorage } from "./redis-storage.js";
import { createSealer } from "./seal.js";

/** Key prefix of everything pantau keeps in Redis. */
export const DEFAULT_REDIS_PREFIX = "pantau:";

export interface SharedRedisOptions {
  logger: Logger;
  prefix?: string;
  client?: RedisOptions;
  secret?: string;
}

/** One Redis client and the adapters over it, all under one key prefix. */
export class SharedRedis {
  readonly client: Redis;
  readonly prefix: string;
  readonly rateLimitStore: RedisRateLimitStore;
  readonly cache: RedisCacheLayer;
  private readonly logger: Logger;
  private readonly secret: string | undefined;

  /** `secret`: values of the cache and of stored state are sealed with a key derived from it (seal.ts). */
  static async connect(url: string, opts: SharedRedisOptions): Promise<SharedRedis> {
    return new SharedRedis(await createRedisClient(url, opts.logger, opts.client), opts);
  }

  private constructor(client: Redis, opts: SharedRedisOptions) {
    this.logger = opts.logger;
    this.prefix = opts.prefix ?? DEFAULT_REDIS_PREFIX;
    this.secret = opts.secret;
    this.client = client;
    this.rateLimitStore = new RedisRateLimitStore(this.client, `${this.prefix}rl:`, opts.logger);
    this.cache = new RedisCacheLayer(this.client, `${this.prefix}cache:`, opts.logger, opts.secret ? createSealer(opts.secret, "cache") : undefined);
  }

  /** A StorageAdapter under `<prefix><name>`, e.g. storage("conv:") → "pantau:conv:<key>". */
  storage<T>(name: string, ttlMs?: number): RedisStorage<T> {
    return new RedisStorage<T>(this.client, this.prefix + name, this.logger, ttlMs, this.secret ? createSealer(this.secret, `state:${name}`) : undefined);
  }

  leaderLock(opts: Omit<LeaderLockOptions, "key" | "logger"> & { name?: string } = {}): LeaderLock {
    return new LeaderLock(this.client, { ...opts, key: this.prefix + (opts.name ?? "leader"), logger: this.logger });
  }

  /** Round trip, for readiness checks. */
  async ping(): Promise<boolean> {
    try {
      return !redisDown(this.client) && (await this.client.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.client.status === "end") return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
