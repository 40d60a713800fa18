import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { StorageAdapter } from "grammy";
import type { Logger } from "../logger.js";
import type { CacheEntry, SharedCache } from "../upstream/cache.js";

/**
 * What several instances share through Redis (SPEC §7), when `REDIS_URL` is set:
 * conversation state (a conversation started on one instance continues on another),
 * rate-limit counters, upstream answers (a second cache layer behind each instance's LRU)
 * and one leader for the OMSPAN sync and the alerts. Without Redis all of this stays in
 * the process (conversation state in the database) and the instance is always the leader.
 *
 * Keys (default prefix "pantau:"): `pantau:conv:<chat>`, `pantau:rl:<limiter>:<user>`,
 * `pantau:cache:<key>`, `pantau:leader`. Everything but conversation state has a TTL;
 * conversation state gets one too (7 days, renewed on every step).
 *
 * Failure policy: the client connects lazily, retries a command over at most two
 * reconnects and gives up after 2 s, and reconnects in the background with a backoff
 * capped at 5 s. While the connection is known to be lost, the adapters do not even try
 * (no update waits for a dead Redis). Errors are logged (throttled), never thrown at
 * handlers: the cache misses, the rate limiter lets updates through, the leader steps
 * down, and conversation state reads as "no conversation" and is not saved — commands
 * with arguments (`/cek NIK`, a bare NIK) keep working, a multi-step conversation started
 * during the outage does not continue.
 */
export const DEFAULT_REDIS_PREFIX = "pantau:";

/** One warning per message per interval: a Redis outage must not flood the log. */
function throttledWarn(logger: Logger, everyMs = 30_000) {
  const last = new Map<string, number>();
  return (msg: string, err: unknown) => {
    const now = Date.now();
    if ((last.get(msg) ?? -Infinity) + everyMs > now) return;
    last.set(msg, now);
    logger.warn({ err }, msg);
  };
}

/** True while a connection that existed is lost (ioredis is reconnecting, or it was closed). */
export function redisDown(client: Redis): boolean {
  return client.status === "reconnecting" || client.status === "close" || client.status === "end";
}

const DOWN = new Error("redis tidak tersambung");

/** The ioredis client with the failure policy above. */
export function createRedisClient(url: string, logger: Logger, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
    ...extra,
  });
  const warn = throttledWarn(logger);
  let failing = false;
  client.on("error", (err: Error) => {
    failing = true;
    warn("redis: koneksi bermasalah", err);
  });
  client.on("ready", () => {
    if (failing) logger.info("redis: tersambung kembali");
    failing = false;
  });
  return client;
}

// ---- conversation state / sessions ------------------------------------------------

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
      if (redisDown(this.client)) throw DOWN;
      const raw = await this.client.get(this.prefix + key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (err) {
      this.warn("redis: status percakapan tidak terbaca", err);
      return undefined;
    }
  }

  async write(key: string, value: T): Promise<void> {
    try {
      if (redisDown(this.client)) throw DOWN;
      await this.client.set(this.prefix + key, JSON.stringify(value), "PX", this.ttlMs);
    } catch (err) {
      this.warn("redis: status percakapan tidak tersimpan", err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      if (redisDown(this.client)) throw DOWN;
      await this.client.del(this.prefix + key);
    } catch (err) {
      this.warn("redis: status percakapan tidak terhapus", err);
    }
  }
}

// ---- rate limiter ------------------------------------------------------------------

/** What @grammyjs/ratelimiter's `storageClient` calls (src/bot/middlewares/access.ts). */
export interface RateLimitClient {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

// INCR, and an expiry if the key has none: the limiter sets the window with PEXPIRE right
// after the first INCR, and if that call were lost the counter would never expire and the
// user would stay blocked for good.
const INCR_WITH_EXPIRY = `
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * The ratelimiter's store over Redis, so counters are shared by all instances. Fails open:
 * while Redis is unreachable no one is limited (0 hits), rather than every update failing.
 */
export class RedisRateLimitStore implements RateLimitClient {
  private readonly warn: ReturnType<typeof throttledWarn>;
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    logger: Logger,
    /** expiry for a counter whose PEXPIRE went missing; ≥ the longest limiter window */
    private readonly safetyTtlMs = 60_000,
  ) {
    this.warn = throttledWarn(logger);
  }

  async incr(key: string): Promise<number> {
    try {
      if (redisDown(this.client)) throw DOWN;
      return Number(await this.client.eval(INCR_WITH_EXPIRY, 1, this.prefix + key, this.safetyTtlMs));
    } catch (err) {
      this.warn("redis: rate limit tidak diterapkan", err);
      return 0;
    }
  }

  async pexpire(key: string, ms: number): Promise<number> {
    try {
      if (redisDown(this.client)) throw DOWN;
      return await this.client.pexpire(this.prefix + key, ms);
    } catch (err) {
      this.warn("redis: rate limit tidak diterapkan", err);
      return 0;
    }
  }
}

// ---- shared upstream cache ---------------------------------------------------------

/** Second cache layer for UpstreamCache: JSON `{ value, fetchedAt }` with a TTL. Never throws. */
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

// ---- leader election ---------------------------------------------------------------

/**
 * Who runs the once-per-deployment jobs (OMSPAN sync, alerts): call `isLeader()` right
 * before doing the work. `onChange` fires when leadership is gained or lost.
 */
export interface Leader {
  isLeader(): boolean;
  /** Returns a function that removes the listener. */
  onChange(fn: (leader: boolean) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Without Redis there is one instance, and it is always the leader. */
export class LocalLeader implements Leader {
  isLeader(): boolean {
    return true;
  }
  onChange(_fn: (leader: boolean) => void): () => void {
    return () => undefined; // leadership never changes
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export interface LeaderLockOptions {
  /** Redis key of the lock. */
  key: string;
  /** Lock lifetime; a crashed leader is replaced at most this long (plus one renewal) later. */
  ttlMs?: number;
  /** How often the leader renews and the others try to take over (default ttl / 3). */
  renewMs?: number;
  /** This instance's token (default: random). */
  id?: string;
  logger: Logger;
}

// Compare-and-set renewal and compare-and-delete release: only the holder's token may
// extend or remove the lock, so a leader that lost it (expired, taken over) cannot hurt
// the new one.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Leader election with one Redis key: `SET key token NX PX ttl` to become leader, renewed
 * every `renewMs` with a compare-and-set script, released on stop with compare-and-delete.
 * Leadership is only claimed while the lock is known to be held: `isLeader()` turns false
 * by itself when the last confirmed renewal is older than the TTL (e.g. a stalled event
 * loop), before the lock can have passed to another instance; a renewal that fails or
 * finds another token steps down at once.
 */
export class LeaderLock implements Leader {
  readonly id: string;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly logger: Logger;
  private readonly warn: ReturnType<typeof throttledWarn>;
  private readonly listeners = new Set<(leader: boolean) => void>();
  private leader = false;
  /** Until when the lock is surely ours (send time of the last successful SET/renew + TTL − margin). */
  private validUntil = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    opts: LeaderLockOptions,
  ) {
    this.key = opts.key;
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.renewMs = Math.max(10, opts.renewMs ?? Math.floor(this.ttlMs / 3));
    if (this.renewMs >= this.ttlMs) throw new Error("LeaderLock: renewMs harus lebih kecil dari ttlMs");
    this.id = opts.id ?? randomUUID();
    this.logger = opts.logger;
    this.warn = throttledWarn(opts.logger);
  }

  isLeader(): boolean {
    return this.leader && Date.now() < this.validUntil;
  }

  onChange(fn: (leader: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** First attempt is awaited, so `isLeader()` is meaningful once this resolves. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.runTick();
  }

  /** Stops renewing and releases the lock if held, so another instance takes over at its next try. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    this.set(false); // stop leading before another instance can start
    try {
      if (redisDown(this.client)) throw DOWN;
      await this.client.eval(RELEASE, 1, this.key, this.id);
    } catch (err) {
      this.warn("redis: kunci leader tidak terlepas (kedaluwarsa sendiri)", err);
    }
  }

  private async runTick(): Promise<void> {
    this.ticking = this.tick();
    await this.ticking;
    this.ticking = undefined;
    if (this.running) {
      this.timer = setTimeout(() => void this.runTick(), this.renewMs);
      this.timer.unref();
    }
  }

  private async tick(): Promise<void> {
    const sentAt = Date.now();
    try {
      if (redisDown(this.client)) throw DOWN;
      let held: boolean;
      if (this.leader) {
        held = Number(await this.client.eval(RENEW, 1, this.key, this.id, this.ttlMs)) === 1;
        if (!held) this.logger.warn({ key: this.key }, "leader: kunci diambil instance lain; berhenti menjadi leader");
      } else {
        held = (await this.client.set(this.key, this.id, "PX", this.ttlMs, "NX")) === "OK";
        // Still ours from before a failed renewal (Redis was briefly unreachable): take it back.
        if (!held) held = Number(await this.client.eval(RENEW, 1, this.key, this.id, this.ttlMs)) === 1;
      }
      if (held) this.validUntil = sentAt + this.ttlMs - Math.min(this.ttlMs / 10, 1_000);
      this.set(held);
    } catch (err) {
      this.warn("redis: kunci leader tidak bisa diperbarui", err);
      this.set(false);
    }
  }

  private set(leader: boolean): void {
    if (!leader) this.validUntil = 0;
    if (leader === this.leader) return;
    this.leader = leader;
    this.logger.info({ key: this.key, id: this.id }, leader ? "leader: instance ini menjadi leader" : "leader: instance ini bukan leader lagi");
    for (const fn of this.listeners) {
      try {
        fn(leader);
      } catch (err) {
        this.logger.error({ err }, "leader: listener onChange gagal");
      }
    }
  }
}

// ---- everything together -----------------------------------------------------------

/** One Redis client and the adapters over it, all under one key prefix. */
export class SharedRedis {
  readonly client: Redis;
  readonly prefix: string;
  readonly rateLimitStore: RedisRateLimitStore;
  readonly cache: RedisCacheLayer;
  private readonly logger: Logger;

  constructor(url: string, opts: { logger: Logger; prefix?: string; client?: RedisOptions }) {
    this.logger = opts.logger;
    this.prefix = opts.prefix ?? DEFAULT_REDIS_PREFIX;
    this.client = createRedisClient(url, opts.logger, opts.client);
    this.rateLimitStore = new RedisRateLimitStore(this.client, `${this.prefix}rl:`, opts.logger);
    this.cache = new RedisCacheLayer(this.client, `${this.prefix}cache:`, opts.logger);
  }

  /** A StorageAdapter under `<prefix><name>`, e.g. storage("conv:") → "pantau:conv:<key>". */
  storage<T>(name: string, ttlMs?: number): RedisStorage<T> {
    return new RedisStorage<T>(this.client, this.prefix + name, this.logger, ttlMs);
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
