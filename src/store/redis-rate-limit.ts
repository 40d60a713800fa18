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
 * The ratelimiter's store over Redis, so counters are shared by all instances. Fails open:
 * while Redis is unreachable no one is limited (0 hits), rather than every update failing.
 */
export class RedisRateLimitStore extends RedisAdapter implements RateLimitClient {
  constructor(
    client: Redis,
    prefix: string,
    logger: Logger,
    /** expiry for a counter whose PEXPIRE went missing; ≥ the longest limiter window */
    private readonly safetyTtlMs = 60_000,
  ) {
    super(client, prefix, logger);
  }

  incr(key: string): Promise<number> {
    return this.attempt("redis: rate limit tidak diterapkan", 0, async () => Number(await this.client.eval(INCR_WITH_EXPIRY, 1, this.prefix + key, this.safetyTtlMs)));
  }

  pexpire(key: string, ms: number): Promise<number> {
    return this.attempt("redis: rate limit tidak diterapkan", 0, () => this.client.pexpire(this.prefix + key, ms));
  }
}
