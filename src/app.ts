import { fileURLToPath } from "node:url";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { openStore, type Store } from "./store/db.js";
import { AuditRepo, KvStorage, OfficerRepo } from "./store/repos.js";
import { rememberAbsent } from "./store/absent-keys.js";
import { UpstreamCache } from "./upstream/cache.js";
import { SippClient } from "./upstream/sipp.js";
import { createBot, type PantauBot } from "./bot/index.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { startHttpServer, sendJson, type PantauHttpServer } from "./server/http.js";
import { webhookRoute, type WebhookRoute } from "./server/webhook.js";
import { opsHandler } from "./server/ops.js";
import { Readiness } from "./server/readiness.js";
import { readinessProbe } from "./server/probe.js";
import { scheduleRetention, type PurgeCounts } from "./store/retention.js";
import { LocalLeader, type Leader } from "./store/leader.js";
import { SharedRedis } from "./store/redis.js";
import { createBudget, type Budget } from "./budget/wiring.js";
import { createAlerts, type Alerts } from "./alerts/index.js";
import { omspanKeyNote, UpstreamIncidents } from "./alerts/incidents.js";
import { OutboxRepo } from "./alerts/outbox.js";
import { createI18n, translator } from "./i18n.js";
import { panelRoute, type PanelRoute } from "./panel/index.js";
import { BulkJobs } from "./bulk/jobs.js";
import { nikFromCell, type ListTable } from "./bulk/list-file.js";
import { BulkJobRepo } from "./store/bulk-jobs.js";
import { isUpstreamError } from "./upstream/errors.js";

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
  /** Group alerts: subscriptions, rule evaluation after each sync, digest, outbox sender. */
  alerts: Alerts;
  /** /cekmassal jobs (docs/cekmassal.md#pekerjaan-job). */
  bulk: BulkJobs<ListTable>;
  /** Run the retention purge now (on the leader; undefined elsewhere or before start). */
  purge(): Promise<PurgeCounts | undefined>;
  /** Start: long polling (runner; updates of one chat stay in order) or webhook, plus the HTTP port. */
  start(): Promise<void>;
  /** Stop taking updates, finish those in flight, close the database (docs/architecture.md#operations). */
  stop(): Promise<void>;
  /** The internal port of /healthz, /readyz, /metrics, when open. */
  healthPort(): number | undefined;
  /** The public port (webhook, Mini App), when open. */
  publicPort(): number | undefined;
  /** Run the readiness checks now (what /readyz reports). */
  ready(): Promise<{ ok: boolean; checks: Record<string, unknown> }>;
}

export interface AppOptions {
  logger?: Logger;
  /** Shorter retry backoff for tests. */
  backoffMs?: number;
  /** Override HEALTH_PORT (0 = any free port; tests). */
  healthPort?: number;
  /** Redis key prefix, instead of REDIS_KEY_PREFIX (tests use their own). */
  redisPrefix?: string;
  /** Override PORT for the public server (0 = any free port; tests). */
  publicPort?: number;
  /** The built Mini App (default webapp/dist; tests build their own). */
  webappDir?: string;
  /** The upstream cache's clock (default Date.now): tests move it past a TTL instead of sleeping. */
  cacheClock?: () => number;
}

const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

/** Wire config → store, upstream clients, bot. Used by main, the demo, tests and benchmarks. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger =
    opts.logger ??
    createLogger({ level: config.LOG_LEVEL, secrets: [config.TELEGRAM_BOT_TOKEN, config.SIPP_API_TOKEN, config.OMSPAN_API_TOKEN, config.AUDIT_HMAC_KEY, config.METRICS_TOKEN ?? ""] });
  const store = await openStore(config.DATABASE_URL, { onError: (err) => logger.warn({ err }, "postgres: koneksi bermasalah"), logger });
  const redis = config.REDIS_URL ? await SharedRedis.connect(config.REDIS_URL, { logger, prefix: opts.redisPrefix ?? config.REDIS_KEY_PREFIX, secret: config.AUDIT_HMAC_KEY }) : undefined;
  const leader: Leader = redis ? redis.leaderLock() : new LocalLeader();
  const officers = new OfficerRepo(store);
  const audit = new AuditRepo(store, config.AUDIT_HMAC_KEY);
  const metrics = createMetrics();
  const cache = new UpstreamCache({
    maxEntries: config.CACHE_MAX_ENTRIES,
    maxBytes: config.CACHE_MAX_MB * 1024 * 1024,
    staleMaxMs: config.CACHE_STALE_MAX_S * 1000,
    shared: redis?.cache,
    onLookup: (result) => metrics.cacheLookups.inc({ result }),
  }, opts.cacheClock);
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
  const conversationTtlMs = config.CONVERSATION_TTL_MIN * 60_000;
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
  // ---- /cekmassal jobs (issue 16): run outside any update, resumed after a restart or by another instance ----
  const bulk = new BulkJobs<ListTable>({
    repo: new BulkJobRepo(store),
    sipp,
    hash: (nik) => audit.hash(nik),
    readCell: nikFromCell,
    access: async (id) => (config.ADMIN_IDS.includes(id) ? { officer: true, scope: undefined } : officers.access(id)),
    logger,
    concurrency: config.BULK_CONCURRENCY,
    leaseMs: config.BULK_LEASE_MS,
    retryDelayMs: config.BREAKER_COOLDOWN_MS,
    onError: (e) => {
      if (isUpstreamError(e) && e.kind === "unauthorized") void incidents.unauthorized("sipp");
    },
  });
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
      // Conversation state expires after CONVERSATION_TTL_MIN idle, on every storage.
      // On SQLite (one instance) the chats known to have none cost no query per update.
      conversationStorage: redis
        ? redis.storage("conv:", conversationTtlMs)
        : store.sqlite
          ? rememberAbsent(new KvStorage(store, "conv:", { ttlMs: conversationTtlMs }))
          : new KvStorage(store, "conv:", { ttlMs: conversationTtlMs }),
      conversationTtlMs,
      rateLimitStore: redis?.rateLimitStore,
      bulk,
      ...(config.WEBAPP_URL ? { webappUrl: config.WEBAPP_URL } : {}),
    },
    { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT },
  );
  // The Mini App (docs/panel.md): on the public server, under the path of WEBAPP_URL.
  const panel: PanelRoute | undefined = config.WEBAPP_URL
    ? panelRoute({
        prefix: new URL(config.WEBAPP_URL).pathname,
        webappDir: opts.webappDir ?? fileURLToPath(new URL("../webapp/dist", import.meta.url)),
        botToken: config.TELEGRAM_BOT_TOKEN,
        adminIds: config.ADMIN_IDS,
        officers,
        audit,
        sipp,
        ...(budget.omspan ? { budget: { reader: budget.reader, targets: budget.targets } } : {}),
        incidents,
        logger,
        rateLimitStore: redis?.rateLimitStore,
        rateLimitPerMin: config.RATE_LIMIT_PER_MIN,
      })
    : undefined;

  let runner: RunnerHandle | undefined;
  let publicHttp: PantauHttpServer | undefined;
  let opsHttp: PantauHttpServer | undefined;
  let webhook: WebhookRoute | undefined;
  let stopping = false;
  let retention: ReturnType<typeof scheduleRetention> | undefined;
  const readiness = new Readiness(readinessProbe({ store, redis, leader, sippHttp: sipp.http, budget }), { intervalMs: 5000, logger });

  /** The internal port (HEALTH_HOST:HEALTH_PORT; 0 = off unless a test asks for a free port). */
  const startOps = async () => {
    const port = opts.healthPort ?? config.HEALTH_PORT;
    if (opts.healthPort === undefined && port === 0) return;
    opsHttp = await startHttpServer({
      name: "ops",
      port,
      host: config.HEALTH_HOST,
      logger,
      handle: opsHandler({ metrics, readiness, token: config.METRICS_TOKEN, stopping: () => stopping }),
    });
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
    bulk,
    ready: () => readiness.refresh(),
    healthPort: () => opsHttp?.port,
    purge: async () => retention?.runNow(),
    publicPort: () => publicHttp?.port,
    async start() {
      await leader.start();
      const { bot } = pantau;
      await bot.init();
      await pantau.registerCommands().catch((e: unknown) => logger.warn({ err: e }, "setMyCommands failed"));
      budget.start(leader);
      alerts.startSender(); // outbox sender and digest schedule act only while this instance leads
      alerts.startDigest();
      pantau.jobs?.start(); // /cekmassal jobs left by a stopped or crashed instance
      retention = scheduleRetention({
        db: store.db,
        policy: { auditDays: config.AUDIT_RETENTION_DAYS, deliveredDays: 30 },
        cron: config.RETENTION_CRON,
        timezone: config.TZ,
        isLeader: () => leader.isLeader(),
        logger,
        onPurged: (counts) => {
          // SQLite: fold the write-ahead log into the (securely deleted) file, so old page images go too.
          if (store.sqlite && !store.sqlite.inTransaction) store.sqlite.prepare("pragma wal_checkpoint(TRUNCATE)").get();
          for (const [table, n] of Object.entries(counts)) metrics.retentionPurged.inc({ table }, n);
          metrics.retentionLastRun.set(Date.now() / 1000);
        },
      });
      readiness.start();
      await startOps();
      if (config.BOT_MODE === "webhook") {
        const url = new URL(config.WEBHOOK_URL!);
        const route = (webhook = webhookRoute({ path: url.pathname, secret: config.WEBHOOK_SECRET!, logger, handle: (u) => bot.handleUpdate(u) }));
        publicHttp = await startHttpServer({
          name: "public",
          port: opts.publicPort ?? config.PORT,
          host: "0.0.0.0",
          logger,
          handle: (req, res) => (route.matches(req) ? route.handle(req, res) : panel?.matches(req) ? panel.handle(req, res) : sendJson(res, 404, { error: "not found" })),
        });
        await bot.api.setWebhook(config.WEBHOOK_URL!, { secret_token: config.WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] });
        logger.info({ bot: bot.botInfo.username, mode: "webhook", port: publicHttp.port, healthPort: opsHttp?.port }, "pantau started");
        return;
      }
      // Polling needs no webhook; a Bot API (or emulator) without this method must not stop the start.
      await bot.api.deleteWebhook().catch((e: unknown) => logger.warn({ err: e }, "deleteWebhook failed"));
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      // Polling needs no public port, except for the Mini App.
      if (panel) {
        publicHttp = await startHttpServer({
          name: "public",
          port: opts.publicPort ?? config.PORT,
          host: "0.0.0.0",
          logger,
          handle: (req, res) => (panel.matches(req) ? panel.handle(req, res) : sendJson(res, 404, { error: "not found" })),
        });
      }
      logger.info({ bot: bot.botInfo.username, mode: "polling", port: publicHttp?.port, healthPort: opsHttp?.port }, "pantau started");
    },
    async stop() {
      // One budget for the waiting steps, so that the whole stop fits in main's 10 s (docs/architecture.md#operations)
      // even when updates are slow to finish (e.g. waiting out a 429); they run side by side.
      const deadline = Date.now() + 7000;
      const left = () => Math.max(0, deadline - Date.now());
      stopping = true; // /readyz: 503 from now on
      if (runner?.isRunning()) await runner.stop(); // no new updates
      await Promise.all([
        (async () => {
          if (publicHttp) await publicHttp.close(left(), webhook?.drain); // webhook: no new calls, acknowledged ones finish
          await pantau.drain(left()); // whatever is still being handled
        })(),
        budget.sync.stop(left()), // a sync in progress stops at its next page (recorded as failed)
        // /cekmassal: no new lookups; rows done are saved and the lease given up, so the next start resumes at once.
        Promise.race([pantau.jobs?.stop(), new Promise((r) => setTimeout(r, left()).unref())]),
        // No new sends; those in flight are answered and recorded (outbox state flushed).
        Promise.race([alerts.stop(), new Promise((r) => setTimeout(r, left()).unref())]),
      ]);
      readiness.stop();
      retention?.stop();
      await opsHttp?.close(0);
      await leader.stop(); // released: another instance takes over the jobs
      await store.close();
      await redis?.close();
    },
  };
}
