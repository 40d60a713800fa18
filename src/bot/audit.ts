import type { Logger } from "../logger.js";
import type { AuditRepo } from "../store/repos.js";

export type AuditEntryInput = Parameters<AuditRepo["record"]>[0];

/**
 * Write the audit entry of a disclosure BEFORE the data is sent (docs/privacy.md#audit-before-send).
 * True once committed; false (logged) when it cannot be — then the caller sends nothing of the
 * data and tells the officer (locales: galat-audit).
 */
export async function auditFirst(deps: { audit: Pick<AuditRepo, "record">; logger: Logger }, entry: AuditEntryInput): Promise<boolean> {
  try {
    await deps.audit.record(entry);
    return true;
  } catch (e) {
    deps.logger.error({ err: e, action: entry.action }, "audit entry not written; the data is withheld");
    return false;
  }
}
