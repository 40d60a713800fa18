/**
 * Builds the budget side of the app from the configuration: the OMSPAN client (only when
 * OMSPAN_API_TOKEN is set), the store/reader and the sync, and starts the schedule on the leader.
 */
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Store } from "../store/db.js";
import type { Leader } from "../store/leader.js";
import { OmspanClient } from "../upstream/omspan.js";
import { BudgetStore } from "./store.js";
import { BudgetSync, type BudgetSyncOptions } from "./sync.js";
import type { BudgetReader } from "./reader.js";
import type { TargetTable } from "./targets.js";

export interface Budget {
  /** Reads the active data set (implements BudgetReader). */
  reader: BudgetStore & BudgetReader;
  sync: BudgetSync;
  omspan: OmspanClient | undefined;
  targets: TargetTable;
  /** Schedule + run at start (leader only). */
  start(leader: Pick<Leader, "isLeader" | "onChange">): void;
}

export function createBudget(
  config: Config,
  deps: {
    store: Store;
    logger: Logger;
    metrics?: Metrics;
    backoffMs?: number;
    onRequest?: (e: { upstream: string; path: string; ms: number; outcome: string }) => void;
  } & Pick<BudgetSyncOptions, "incidents" | "keyNote">,
): Budget {
  const targets: TargetTable = config.ANGGARAN_TARGET_TW;
  const reader = new BudgetStore(deps.store, { targets, logger: deps.logger });
  const omspan = config.OMSPAN_API_TOKEN
    ? new OmspanClient({
        baseURL: config.OMSPAN_BASE_URL,
        token: config.OMSPAN_API_TOKEN,
        timeoutMs: config.OMSPAN_TIMEOUT_MS,
        retries: config.OMSPAN_RETRIES,
        breakerFailures: config.BREAKER_FAILURES,
        breakerCooldownMs: config.BREAKER_COOLDOWN_MS,
        backoffMs: deps.backoffMs,
        logger: deps.logger,
        onRequest: deps.onRequest,
      })
    : undefined;
  const sync = new BudgetSync({
    store: reader,
    client: omspan,
    logger: deps.logger,
    metrics: deps.metrics,
    pageSize: config.OMSPAN_PAGE_SIZE,
    pageCap: config.OMSPAN_PAGE_CAP,
    pauseMs: config.OMSPAN_PAGE_PAUSE_MS,
    parseWorker: config.OMSPAN_PARSE_WORKER,
    incidents: deps.incidents,
    keyNote: deps.keyNote,
  });
  return {
    reader,
    sync,
    omspan,
    targets,
    start(leader) {
      sync.start({ cron: config.OMSPAN_SYNC_CRON, timezone: config.TZ, isLeader: () => leader.isLeader(), onLeaderChange: (fn) => leader.onChange(fn) });
    },
  };
}
