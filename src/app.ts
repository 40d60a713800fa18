import { randomBytes } from "node:crypto";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { openStore, type Store } from "./store/db.js";
import { AuditRepo, KvStorage, OfficerRepo } from "./store/repos.js";
import { UpstreamCache } from "./upstream/cache.js";
import { SippClient } from "./upstream/sipp.js";
import { createBot, type PantauBot } from "./bot/index.js";
import { sql } from "kysely";
import { createMetrics, type Metrics } from "./metrics.js";
import { startHttpServer, type PantauHttpServer } from "./server/http.js";
import { LocalLeader, SharedRedis, type Leader } from "./store/redis.js";
import { createBudget, type Budget } from "./budget/wiring.js";
import { createAlerts, type Alerts } from "./alerts/index.js";
import { omspanKeyNote, UpstreamIncidents } from "./alerts/incidents.js";
import { OutboxRepo } from "./alerts/outbox.js";
import { createI18n, translator } from "./i18n.js";

export interface App {
  config: Config;
  logger: Logger;
  store: Store;
  officers: OfficerRepo;
  audit: AuditRepo;
  cache: UpstreamCache;
  sipp: SippClient;
  pantau: PantauBot;
  metrics: Metrics;
  /** Redis (REDIS_URL): shared conversation state, rate limits, cache and leader lock. */
  redis: SharedRedis | undefined;
  /** Run the once-per-deployment jobs (OMSPAN sync, alerts) only while `leader.isLeader()`. */
  leader: Leader;
  /** Synced OMSPAN data (reader) and its sync; register alert hooks with `budget.sync.onSynced`. */
  budget: Budget;
  /** Group alerts (issue 6): subscriptions, rule evaluation after each sync, digest, outbox sender. */
  alerts: Alerts;
  /** Start: long polling (runner; updates of one chat stay in order) or webhook, plus the HTTP port. */
  start(): Promise<void>;
  /** Stop taking updates, finish those in flight, close the database (SPEC §8). */
  stop(): Promise<void>;
  /** The port of /healthz, /readyz, /metrics (and the webhook), when one is open. */
  httpPort(): number | undefined;
  ready(): Promise<{ ok: boolean; checks: Record<string, unknown> }>;
}

export interface AppOptions {
  logger?: Logger;
  /** Shorter retry backoff for tests. */
  backoffMs?: number;
  /** Override the HTTP port (0 = any free port; tests). */
  httpPort?: number;
  /** Redis key prefix, instead of REDIS_KEY_PREFIX (tests use their own). */
  redisPrefix?: string;
}

const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

/** Wire config → store, upstream clients, bot. Used by main, the demo, tests and benchmarks. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger =
    opts.logger ??
    createLogger({ level: config.LOG_LEVEL, secrets: [config.TELEGRAM_BOT_TOKEN, config.SIPP_API_TOKEN, config.OMSPAN_API_TOKEN] });
  const store = await openStore(config.DATABASE_URL, { onError: (err) => logger.warn({ err }, "postgres: koneksi bermasalah") });
  const redis = config.REDIS_URL ? new SharedRedis(config.REDIS_URL, { logger, prefix: opts.redisPrefix ?? config.REDIS_KEY_PREFIX }) : undefined;
  const leader: Leader = redis ? redis.leaderLock() : new LocalLeader();
  const officers = new OfficerRepo(store);
  const audit = new AuditRepo(store, config.AUDIT_HMAC_KEY ?? (await persistentHmacKey(store)));
  const metrics = createMetrics();
  const cache = new UpstreamCache({
    maxEntries: config.CACHE_MAX_ENTRIES,
    maxBytes: config.CACHE_MAX_MB * 1024 * 1024,
    staleMaxMs: config.CACHE_STALE_MAX_S * 1000,
    shared: redis?.cache,
    onLookup: (result) => metrics.cacheLookups.inc({ result }),
  });
  metrics.sources.cacheStats = () => cache.stats; // hit ratio incl. shared (Redis) hits, at scrape time
  const onRequest = (e: { upstream: string; ms: number; outcome: string }) =>
    metrics.upstreamLatency.observe({ upstream: e.upstream, outcome: e.outcome }, e.ms / 1000);
  const sipp = new SippClient({
    baseURL: config.SIPP_BASE_URL,
    token: config.SIPP_API_TOKEN,
    timeoutMs: config.SIPP_TIMEOUT_MS,
    deadlineMs: config.SIPP_DEADLINE_MS,
    retries: config.SIPP_RETRIES,
    breakerFailures: config.BREAKER_FAILURES,
    breakerCooldownMs: config.BREAKER_COOLDOWN_MS,
    backoffMs: opts.backoffMs,
    logger,
    onRequest,
    cache,
    ttlTrackingMs: config.CACHE_TTL_TRACKING_S * 1000,
    ttlDesaMs: config.CACHE_TTL_DESA_S * 1000,
    ttlWilayahMs: config.CACHE_TTL_DESA_LIST_S * 1000,
    pageConcurrency: config.SIPP_PAGE_CONCURRENCY,
    pageCap: config.SIPP_PAGE_CAP,
    wilayahPageCap: config.SIPP_WILAYAH_PAGE_CAP,
    nikKey: (nik) => audit.hash(nik), // same key on every instance: the Redis cache is shared
  });
  const t = translator(createI18n());
  // Rejected upstream keys: state in the shared database, notices through the outbox (sent by the leader).
  const incidents = new UpstreamIncidents({ state: new KvStorage(store, "incident:"), outbox: new OutboxRepo(store.db), adminIds: config.ADMIN_IDS, t, logger });
  const budget = createBudget(config, {
    store,
    logger,
    metrics,
    backoffMs: opts.backoffMs,
    onRequest,
    incidents,
    keyNote: (info, year) => omspanKeyNote(t, info, year),
  });
  // ---- group alerts (issue 6): evaluated after every successful sync, delivered via the outbox ----
  const alerts = createAlerts({ config, store, logger, metrics, reader: budget.reader, leader, backoffMs: opts.backoffMs, t });
  budget.sync.onSynced(alerts.onSync);
  metrics.sources.outboxDepth = () => alerts.outbox.depth(); // every instance reports the shared table
  const pantau = createBot(
    {
      adminIds: config.ADMIN_IDS,
      logger,
      store,
      officers,
      audit,
      sipp,
      incidents,
      metrics,
      rateLimitPerMin: config.RATE_LIMIT_PER_MIN,
      // Without an OMSPAN key there is no budget data: /anggaran, /sinkron, /langganan and
      // /berhenti are then neither handled nor advertised (the outbox still carries admin notices).
      ...(budget.omspan ? { budget, alerts: alerts.bot } : {}),
      conversationStorage: redis ? redis.storage("conv:") : new KvStorage(store, "conv:"),
      rateLimitStore: redis?.rateLimitStore,
    },
    { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT },
  );

  let runner: RunnerHandle | undefined;
  let http: PantauHttpServer | undefined;
  let lastProbe: { at: number; value: Record<string, unknown> } | undefined;

  const ready = async () => {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      await sql`select 1`.execute(store.db);
      checks.database = "ok";
    } catch {
      checks.database = "error";
      ok = false;
    }
    // Redis, upstream reachability and the OMSPAN data are reported, not required: an outage
    // there should not take every instance out of the load balancer (the bot still answers:
    // without Redis each instance works on its own, without an upstream with clear messages).
    if (redis) checks.redis = (await redis.ping()) ? "ok" : "unreachable";
    checks.leader = leader.isLeader();
    if (!lastProbe || Date.now() - lastProbe.at > 15_000) {
      const [sippProbe, omspanProbe] = await Promise.all([sipp.http.probe(), budget.omspan?.http.probe()]);
      lastProbe = { at: Date.now(), value: { sipp: sippProbe, ...(omspanProbe ? { omspan: omspanProbe } : {}) } };
    }
    Object.assign(checks, lastProbe.value);
    checks.omspanData = await omspanData().catch(() => "error");
    return { ok, checks };
  };

  /** The synced OMSPAN data: how old, as of which date, and how the last sync ended. */
  const omspanData = async () => {
    if (!budget.sync.configured) return "tidak dikonfigurasi";
    const [snap, last] = await Promise.all([budget.reader.current(), budget.reader.lastRun()]);
    const d = snap?.dataDate;
    return {
      ...(snap ? { syncedAt: snap.syncedAt.toISOString(), ageS: Math.round((Date.now() - snap.syncedAt.getTime()) / 1000) } : { syncedAt: null }),
      ...(d ? { dataDate: `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}` } : {}),
      ...(last ? { lastRun: last.status, lastRunAt: (last.finishedAt ?? last.startedAt).toISOString() } : {}),
      syncing: budget.sync.inProgress !== undefined,
    };
  };

  return {
    config,
    logger,
    store,
    officers,
    audit,
    cache,
    sipp,
    pantau,
    metrics,
    redis,
    leader,
    budget,
    alerts,
    ready,
    httpPort: () => http?.port,
    async start() {
      await leader.start();
      const { bot } = pantau;
      await bot.init();
      await pantau.registerCommands().catch((e: unknown) => logger.warn({ err: e }, "setMyCommands failed"));
      budget.start(leader);
      alerts.startSender(); // outbox sender and digest schedule act only while this instance leads
      alerts.startDigest();
      if (config.BOT_MODE === "webhook") {
        const url = new URL(config.WEBHOOK_URL!);
        http = await startHttpServer({
          port: opts.httpPort ?? config.PORT,
          logger,
          metrics,
          ready,
          webhook: { path: url.pathname, secret: config.WEBHOOK_SECRET!, handle: (u) => bot.handleUpdate(u) },
        });
        await bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: config.WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
        logger.info({ bot: bot.botInfo.username, mode: "webhook", port: http.port }, "pantau started");
        return;
      }
      const healthPort = opts.httpPort ?? config.HEALTH_PORT;
      if (opts.httpPort !== undefined || config.HEALTH_PORT > 0) http = await startHttpServer({ port: healthPort, logger, metrics, ready });
      // Polling needs no webhook; a Bot API (or emulator) without this method must not stop the start.
      await bot.api.deleteWebhook().catch((e: unknown) => logger.warn({ err: e }, "deleteWebhook failed"));
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      logger.info({ bot: bot.botInfo.username, mode: "polling", healthPort: http?.port }, "pantau started");
    },
    async stop() {
      // One budget for the waiting steps, so that the whole stop fits in main's 10 s (SPEC §8)
      // even when updates are slow to finish (e.g. waiting out a 429); they run side by side.
      const deadline = Date.now() + 7000;
      const left = () => Math.max(0, deadline - Date.now());
      if (runner?.isRunning()) await runner.stop(); // no new updates
      await Promise.all([
        (async () => {
          if (http) await http.close(left()); // webhook: no new calls, acknowledged ones finish
          await pantau.drain(left()); // whatever is still being handled
        })(),
        budget.sync.stop(left()), // a sync in progress stops at its next page (recorded as failed)
        // No new sends; those in flight are answered and recorded (outbox state flushed).
        Promise.race([alerts.stop(), new Promise((r) => setTimeout(r, left()).unref())]),
      ]);
      await leader.stop(); // released: another instance takes over the jobs
      await store.close();
      await redis?.close();
    },
  };
}

/** A random HMAC key created once and kept in the database, so audit hashes stay comparable. */
async function persistentHmacKey(store: Store): Promise<string> {
  const kv = new KvStorage<string>(store, "secret:");
  // Atomic: instances starting together on one PostgreSQL database agree on one key.
  return (await kv.read("audit-hmac")) ?? (await kv.setIfAbsent("audit-hmac", randomBytes(32).toString("hex")));
}
