/**
 * The Redis connection and how it fails (docs/architecture.md). Failure policy: the client
 * connects lazily, retries a command over at most two reconnects and gives up after 2 s, and
 * reconnects in the background with a backoff capped at 5 s. While the connection is known to be lost, the adapters do not even try
 * (no update waits for a dead Redis). Errors are logged (throttled), never thrown at
 * handlers: the cache misses, the rate limiter lets updates through, the leader steps
 * down, and conversation state reads as "no conversation" and is not saved — commands
 * with arguments (`/cek NIK`, a bare NIK) keep working, a multi-step conversation started
 * during the outage does not continue.
 */
import type { Redis, RedisOptions } from "ioredis";
import type { Logger } from "../logger.js";

/** One warning per message per interval: a Redis outage must not flood the log. */
export function throttledWarn(logger: Logger, everyMs = 30_000) {
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

/** Thrown (and caught) instead of sending a command while the connection is known to be lost. */
export const REDIS_DOWN = new Error("redis tidak tersambung");

/** The ioredis client with the failure policy above; ioredis is loaded here, so an instance without Redis never loads it (idle memory). */
export async function createRedisClient(url: string, logger: Logger, extra: RedisOptions = {}): Promise<Redis> {
  const { Redis } = await import("ioredis");
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

/**
 * What each adapter over the shared client has in common: the client, its key prefix, and the
 * failure policy above in `attempt`.
 */
export abstract class RedisAdapter {
  private readonly warn: ReturnType<typeof throttledWarn>;

  constructor(
    protected readonly client: Redis,
    protected readonly prefix: string,
    logger: Logger,
  ) {
    this.warn = throttledWarn(logger);
  }

  /**
   * Runs `command` under the failure policy: not at all while the connection is known to be
   * lost, and an error is logged (throttled) as `failure` and answered with `fallback`, never
   * thrown. `quiet`: skipping while the connection is lost needs no warning (a cache miss).
   */
  protected async attempt<T>(failure: string, fallback: T, command: () => Promise<T>, quiet = false): Promise<T> {
    try {
      if (redisDown(this.client)) {
        if (quiet) return fallback;
        throw REDIS_DOWN;
      }
      return await command();
    } catch (err) {
      this.warn(failure, err);
      return fallback;
    }
  }
}
