import { randomBytes } from "node:crypto";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { openStore, type Store } from "./store/db.js";
import { AuditRepo, KvStorage, OfficerRepo } from "./store/repos.js";
import { UpstreamCache } from "./upstream/cache.js";
import { SippClient } from "./upstream/sipp.js";
import { createBot, type PantauBot } from "./bot/index.js";

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  officers: OfficerRepo;
  audit: AuditRepo;
  cache: UpstreamCache;
  sipp: SippClient;
  pantau: PantauBot;
  /** Start long polling (runner; updates of one chat stay in order). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /** Shorter retry backoff for tests. */
  backoffMs?: number;
}

/** Wire config → store, upstream clients, bot. Used by main, the demo, tests and benchmarks. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger =
    opts.logger ??
    createLogger({ level: config.LOG_LEVEL, secrets: [config.TELEGRAM_BOT_TOKEN, config.SIPP_API_TOKEN, config.OMSPAN_API_TOKEN] });
  const store = await openStore(config.DATABASE_URL);
  const officers = new OfficerRepo(store);
  const audit = new AuditRepo(store, config.AUDIT_HMAC_KEY ?? (await persistentHmacKey(store)));
  const cache = new UpstreamCache({ maxEntries: config.CACHE_MAX_ENTRIES, staleMaxMs: config.CACHE_STALE_MAX_S * 1000 });
  const sipp = new SippClient({
    baseURL: config.SIPP_BASE_URL,
    token: config.SIPP_API_TOKEN,
    timeoutMs: config.SIPP_TIMEOUT_MS,
    retries: config.SIPP_RETRIES,
    breakerFailures: config.BREAKER_FAILURES,
    breakerCooldownMs: config.BREAKER_COOLDOWN_MS,
    backoffMs: opts.backoffMs,
    logger,
    cache,
    ttlTrackingMs: config.CACHE_TTL_TRACKING_S * 1000,
    ttlDesaMs: config.CACHE_TTL_DESA_S * 1000,
    pageConcurrency: config.SIPP_PAGE_CONCURRENCY,
    pageCap: config.SIPP_PAGE_CAP,
  });
  const pantau = createBot(
    { adminIds: config.ADMIN_IDS, logger, store, officers, audit, sipp, rateLimitPerMin: config.RATE_LIMIT_PER_MIN },
    { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT },
  );

  let runner: RunnerHandle | undefined;
  return {
    config,
    logger,
    store,
    officers,
    audit,
    cache,
    sipp,
    pantau,
    async start() {
      const { bot } = pantau;
      await bot.init();
      await bot.api.deleteWebhook();
      await pantau.registerCommands().catch((e: unknown) => logger.warn({ err: e }, "setMyCommands failed"));
      runner = run(bot, {
        runner: { fetch: { allowed_updates: ["message", "callback_query", "inline_query", "my_chat_member"] } },
      });
      logger.info({ bot: bot.botInfo.username, mode: "polling" }, "pantau started");
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      await store.close();
    },
  };
}

/** A random HMAC key created once and kept in the database, so audit hashes stay comparable. */
async function persistentHmacKey(store: Store): Promise<string> {
  const kv = new KvStorage<string>(store, "secret:");
  const existing = await kv.read("audit-hmac");
  if (existing) return existing;
  const key = randomBytes(32).toString("hex");
  await kv.write("audit-hmac", key);
  return key;
}
