import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What some gauges read when /metrics is scraped. */
export interface MetricSources {
  /** The upstream cache's counters (src/upstream/cache.ts `stats`). */
  cacheStats?: () => { hits: number; misses: number; sharedHits: number };
  /** Rows waiting or being sent in the alert outbox. */
  outboxDepth?: () => Promise<number>;
}

/**
 * Prometheus metrics (docs/architecture.md#operations). One Registry per app (not the global one), so several apps
 * in one process — tests, benchmarks — do not collide.
 */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  /** Values read at scrape time (set by createApp); unset → the metric keeps what was set on it. */
  const sources: MetricSources = {};
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "pantau_" });
  const updates = new Counter({
    name: "pantau_updates_total",
    help: "Updates handled, by command (or kind for non-commands)",
    labelNames: ["command"] as const,
    registers: [registry],
  });
  const upstreamLatency = new Histogram({
    name: "pantau_upstream_request_duration_seconds",
    help: "Upstream HTTP request time, by upstream and outcome",
    labelNames: ["upstream", "outcome"] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: "pantau_cache_lookups_total",
    help: "Upstream cache lookups in this instance's LRU by result (hit, miss, stale); misses served by Redis: pantau_cache_shared_hits_total",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  // Read when /metrics is scraped: the cache's own counters (its LRU and the shared Redis layer).
  let sharedHitsSeen = 0;
  const cacheHitRatio = new Gauge({
    name: "pantau_cache_hit_ratio",
    help: "Share of cache lookups answered without an upstream call since start (this instance's LRU or the shared Redis cache)",
    registers: [registry],
    collect() {
      const s = sources.cacheStats?.();
      if (!s) return;
      const total = s.hits + s.misses;
      this.set(total > 0 ? (s.hits + s.sharedHits) / total : 0);
    },
  });
  const cacheSharedHits = new Counter({
    name: "pantau_cache_shared_hits_total",
    help: "LRU misses answered by the shared Redis cache (another instance's answer) without an upstream call",
    registers: [registry],
    collect() {
      const s = sources.cacheStats?.();
      if (s && s.sharedHits > sharedHitsSeen) {
        this.inc(s.sharedHits - sharedHitsSeen);
        sharedHitsSeen = s.sharedHits;
      }
    },
  });
  const telegram429 = new Counter({
    name: "pantau_telegram_429_total",
    help: "Bot API answers with HTTP 429 (flood limits)",
    registers: [registry],
  });
  const syncDuration = new Histogram({
    name: "pantau_sync_duration_seconds",
    help: "OMSPAN sync duration",
    labelNames: ["outcome"] as const,
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [registry],
  });
  const syncRows = new Gauge({
    name: "pantau_sync_rows",
    help: "Rows read by the last OMSPAN sync, by endpoint",
    labelNames: ["endpoint"] as const,
    registers: [registry],
  });
  const outboxDepth = new Gauge({
    name: "pantau_outbox_depth",
    help: "Messages waiting in the alert outbox (read from the shared table, so every instance reports it)",
    registers: [registry],
    async collect() {
      if (!sources.outboxDepth) return;
      try {
        this.set(await sources.outboxDepth());
      } catch {
        /* the database is closing or unreachable: keep the last value */
      }
    },
  });
  const retentionPurged = new Counter({
    name: "pantau_retention_purged_total",
    help: "Rows deleted by the retention purge (audit entries, delivered outbox rows, expired conversation state)",
    labelNames: ["table"] as const,
    registers: [registry],
  });
  const retentionLastRun = new Gauge({
    name: "pantau_retention_last_run_timestamp_seconds",
    help: "When the retention purge last ran on this instance (unix time)",
    registers: [registry],
  });
  return { registry, sources, updates, upstreamLatency, cacheLookups, cacheHitRatio, cacheSharedHits, telegram429, syncDuration, syncRows, outboxDepth, retentionPurged, retentionLastRun };
}

export type Metrics = ReturnType<typeof createMetrics>;
