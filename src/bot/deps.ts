import type { Logger } from "../logger.js";
import type { Store } from "../store/db.js";
import type { AuditRepo, OfficerRepo } from "../store/repos.js";
import type { SippClient } from "../upstream/sipp.js";

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
}
