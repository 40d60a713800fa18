import type { ConversationData, VersionedStateStorage } from "@grammyjs/conversations";
import type { Logger } from "../logger.js";
import type { Store } from "../store/db.js";
import type { AuditRepo, OfficerRepo } from "../store/repos.js";
import type { SippClient } from "../upstream/sipp.js";
import type { Metrics } from "../metrics.js";
import type { AlertsBotDeps } from "../alerts/index.js";
import type { Incidents } from "../alerts/incidents.js";
import type { AnggaranReader } from "../budget/anggaran-reader.js";
import type { BudgetSync } from "../budget/sync.js";
import type { TargetTable } from "../budget/targets.js";
import type { BulkJobs } from "../bulk/jobs.js";
import type { ListTable } from "../bulk/list-file.js";

/**
 * Where the rate limiters count: in memory (default) or a shared Redis store, so the limits
 * hold across instances (src/store/redis.ts; an ioredis client fits too).
 */
export interface RateLimitStore {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

/** How long a conversation waits for an answer unless configured (CONVERSATION_TTL_MIN). */
export const DEFAULT_CONVERSATION_TTL_MS = 15 * 60_000;

/** What /anggaran and /sinkron need of the budget side (built by the app). */
export interface BudgetDeps {
  reader: AnggaranReader;
  sync: BudgetSync;
  targets?: TargetTable;
}

/** Everything the bot needs, passed in (no singletons) so tests can build it against simulators. */
export interface BotDeps {
  adminIds: number[];
  logger: Logger;
  store: Store;
  officers: OfficerRepo;
  audit: AuditRepo;
  sipp: SippClient;
  /** Rejected upstream keys are reported here (administrators told once per incident). */
  incidents: Incidents;
  /** Per-user updates per minute before the rate limiter drops them. */
  rateLimitPerMin: number;
  now?: () => Date;
  metrics?: Metrics;
  /**
   * Storage of conversation state, shared by every instance: the database `kv` table by
   * default, Redis when REDIS_URL is set (created by the app, see docs/architecture.md).
   */
  conversationStorage: VersionedStateStorage<string, ConversationData>;
  /** A conversation waiting longer than this for an answer is left (default 15 min). */
  conversationTtlMs?: number;
  rateLimitStore?: RateLimitStore;
  /** Synced OMSPAN data and its sync (/anggaran, /sinkron); absent: those commands are neither handled nor advertised. */
  budget?: BudgetDeps;
  /** Group alerts (/langganan, /berhenti, bot added to/removed from groups); absent: not offered. */
  alerts?: AlertsBotDeps;
  /** /cekmassal jobs (built by the app, resumed at its start); absent: /cekmassal is neither handled nor advertised. */
  bulk?: BulkJobs<ListTable>;
  /** WEBAPP_URL: the Mini App (/panel, the menu button); absent: neither handled nor advertised. */
  webappUrl?: string;
}
