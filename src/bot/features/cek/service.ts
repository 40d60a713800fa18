import type { BotDeps } from "../../deps.js";
import { auditFirst } from "../../audit.js";
import { maskNik } from "../../../domain/nik.js";
import { isUpstreamError, type UpstreamErrorKind } from "../../../upstream/errors.js";
import type { TrackingResult } from "../../../upstream/sipp-rows.js";

/** Result of one lookup; plain data so it can cross `conversation.external`. */
export type CekOutcome =
  | { ok: true; result: TrackingResult; fetchedAt: number; stale: boolean }
  | { ok: false; kind: UpstreamErrorKind | "umum" };

/**
 * The lookup itself: cached SIPP call and admin notice on a rejected key; and its audit entry,
 * written BEFORE anything of the answer is sent (docs/privacy.md#audit-before-send): every
 * path that calls lookup calls `audit` and sends the data only when it returns true.
 */
export function createCekService(deps: Pick<BotDeps, "sipp" | "audit" | "logger" | "incidents">) {
  async function lookup(nik: string): Promise<CekOutcome> {
    try {
      const r = await deps.sipp.tracking(nik);
      if (!r.stale && !r.hit) await deps.incidents.ok("sipp");
      return { ok: true, result: r.value, fetchedAt: r.fetchedAt, stale: r.stale };
    } catch (e) {
      if (isUpstreamError(e)) {
        if (e.kind === "unauthorized") await deps.incidents.unauthorized("sipp");
        deps.logger.warn({ err: e, nik: maskNik(nik) }, "cek failed");
        return { ok: false, kind: e.kind };
      }
      deps.logger.error({ err: e }, "cek failed unexpectedly");
      return { ok: false, kind: "umum" };
    }
  }
  /** True once the entry is committed; false (logged) when it cannot be: then nothing may be sent. */
  function audit(nik: string, who: { userId: number; chatId: number }, outcome: CekOutcome): Promise<boolean> {
    return auditFirst(deps, { ...who, action: "cek", subject: maskNik(nik), hashOf: nik, outcome: auditOutcome(outcome) });
  }
  return { lookup, audit };
}

export type CekService = ReturnType<typeof createCekService>;

function auditOutcome(o: CekOutcome): string {
  if (!o.ok) return `galat:${o.kind}`;
  const p = o.result.profile !== null;
  const b = o.result.bantuan.length > 0;
  const what = p ? (b ? "p3ke+bantuan" : "p3ke") : b ? "bantuan_saja" : "tidak_ditemukan";
  return o.stale ? `${what} (cache lama)` : what;
}
