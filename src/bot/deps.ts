import type { Logger } from "../logger.js";
import type { Store } from "../store/db.js";
import type { AuditRepo, OfficerRepo } from "../store/repos.js";
import type { SippClient } from "../upstream/sipp.js";
import type { Metrics } from "../metrics.js";
import type { StorageAdapter } from "grammy";
import type { RateLimitStore } from "./middlewares/access.js";
import type { BudgetDeps } from "./features/anggaran.js";
import type { AlertsBotDeps } from "../alerts/index.js";

/** Everything the bot needs, passed in (no singletons) so tests can build it against simulators. */
export interface BotDeps {
  adminIds: number[];
  logger: Logger;
  store: Store;
  officers: OfficerRepo;
  audit: AuditRepo;
  sipp: SippClient;
  /** Per-user updates per minute before the rate limiter drops them. */
  rateLimitPerMin: number;
  now?: () => Date;
  metrics?: Metrics;
  /**
   * Shared state when several instances run (SPEC §7; set by createApp when REDIS_URL is
   * set): storage for conversation state under `prefix` (default: the database `kv` table)
   * and the rate limiters' counters (default: in memory).
   */
  stateStorage?: <T>(prefix: string) => StorageAdapter<T>;
  rateLimitStore?: RateLimitStore;
  /** Synced OMSPAN data and its sync (/anggaran, /sinkron); absent: those commands are not offered. */
  budget?: BudgetDeps;
  /** Group alerts (/langganan, /berhenti, bot added to/removed from groups); absent: not offered. */
  alerts?: AlertsBotDeps;
}
