import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics (SPEC §8). One Registry per app (not the global one), so several apps
 * in one process — tests, benchmarks — do not collide.
 */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
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
    help: "Upstream cache lookups by result (hit, miss, stale)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const cacheHitRatio = new Gauge({
    name: "pantau_cache_hit_ratio",
    help: "Share of cache lookups answered without an upstream call since start",
    registers: [registry],
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
    help: "Messages waiting in the alert outbox",
    registers: [registry],
  });
  return { registry, updates, upstreamLatency, cacheLookups, cacheHitRatio, telegram429, syncDuration, syncRows, outboxDepth };
}

export type Metrics = ReturnType<typeof createMetrics>;
