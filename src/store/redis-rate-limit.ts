import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { REDIS_DOWN, redisDown, throttledWarn } from "./redis-client.js";

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
      if (redisDown(this.client)) throw REDIS_DOWN;
      return Number(await this.client.eval(INCR_WITH_EXPIRY, 1, this.prefix + key, this.safetyTtlMs));
    } catch (err) {
      this.warn("redis: rate limit tidak diterapkan", err);
      return 0;
    }
  }

  async pexpire(key: string, ms: number): Promise<number> {
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      return await this.client.pexpire(this.prefix + key, ms);
    } catch (err) {
      this.warn("redis: rate limit tidak diterapkan", err);
      return 0;
    }
  }
}
