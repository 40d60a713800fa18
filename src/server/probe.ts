import { sql } from "kysely";
import type { Store } from "../store/db.js";
import type { Leader } from "../store/leader.js";
import type { SharedRedis } from "../store/redis.js";
import type { HttpClient } from "../upstream/http.js";
import type { Budget } from "../budget/wiring.js";

export interface ProbeDeps {
  store: Store;
  redis: SharedRedis | undefined;
  leader: Leader;
  sippHttp: HttpClient;
  budget: Budget;
  /** Upstream reachability is asked at most this often (default 15 s). */
  upstreamEveryMs?: number;
}

/**
 * What /readyz reports. Only the database makes an instance not ready; Redis, the upstreams
 * and the OMSPAN data are reported, not required: an outage there should not take every
 * instance out of the load balancer (without Redis each instance works on its own, without an
 * upstream the bot still answers with clear messages).
 */
export function readinessProbe(deps: ProbeDeps): () => Promise<{ ok: boolean; checks: Record<string, unknown> }> {
  const { store, redis, leader, budget } = deps;
  let lastUpstream: { at: number; value: Record<string, unknown> } | undefined;

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

  return async () => {
    const checks: Record<string, unknown> = {};
    let ok = true;
    try {
      await sql`select 1`.execute(store.db);
      checks.database = "ok";
    } catch {
      checks.database = "error";
      ok = false;
    }
    if (redis) checks.redis = (await redis.ping()) ? "ok" : "unreachable";
    checks.leader = leader.isLeader();
    if (!lastUpstream || Date.now() - lastUpstream.at > (deps.upstreamEveryMs ?? 15_000)) {
      const [sipp, omspan] = await Promise.all([deps.sippHttp.probe(), budget.omspan?.http.probe()]);
      lastUpstream = { at: Date.now(), value: { sipp, ...(omspan ? { omspan } : {}) } };
    }
    Object.assign(checks, lastUpstream.value);
    checks.omspanData = await omspanData().catch(() => "error");
    return { ok, checks };
  };
}
