import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { RedisAdapter } from "./redis-client.js";

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
 * Counters in this process, for while Redis cannot be reached: the limits then hold per
 * instance instead of not at all (a flood during an outage is still slowed down).
 */
export class MemoryRateLimitStore implements RateLimitClient {
  private readonly counters = new Map<string, { n: number; until: number }>();

  constructor(
    private readonly defaultTtlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async incr(key: string): Promise<number> {
    const t = this.now();
    let c = this.counters.get(key);
    if (!c || c.until <= t) {
      if (this.counters.size > 50_000) for (const [k, v] of this.counters) if (v.until <= t) this.counters.delete(k);
      c = { n: 0, until: t + this.defaultTtlMs };
      this.counters.set(key, c);
    }
    return ++c.n;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const c = this.counters.get(key);
    if (!c) return 0;
    c.until = this.now() + ms;
    return 1;
  }
}

/**
 * The ratelimiter's store over Redis, so counters are shared by all instances. While Redis is
 * unreachable the counting falls back to this process's memory (never "no limit").
 */
export class RedisRateLimitStore extends RedisAdapter implements RateLimitClient {
  private readonly memory: MemoryRateLimitStore;

  constructor(
    client: Redis,
    prefix: string,
    logger: Logger,
    /** expiry for a counter whose PEXPIRE went missing; ≥ the longest limiter window */
    private readonly safetyTtlMs = 60_000,
  ) {
    super(client, prefix, logger);
    this.memory = new MemoryRateLimitStore(safetyTtlMs);
  }

  async incr(key: string): Promise<number> {
    const n = await this.attempt("redis: rate limit dihitung di memori instance ini", undefined, async () => Number(await this.client.eval(INCR_WITH_EXPIRY, 1, this.prefix + key, this.safetyTtlMs)));
    return n ?? this.memory.incr(key);
  }

  async pexpire(key: string, ms: number): Promise<number> {
    // Both: a window begun in memory during an outage must expire there too.
    const inMemory = await this.memory.pexpire(key, ms);
    const n = await this.attempt("redis: rate limit dihitung di memori instance ini", undefined, () => this.client.pexpire(this.prefix + key, ms));
    return n ?? inMemory;
  }
}
