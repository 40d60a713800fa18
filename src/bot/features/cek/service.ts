import type { BotDeps } from "../../deps.js";
import { auditFirst } from "../../audit.js";
import { wilayahText } from "../../scope-text.js";
import type { Translate } from "../../../i18n.js";
import { maskNik } from "../../../domain/nik.js";
import { hasAreaScope, recordInArea, type Scope } from "../../../domain/scope.js";
import { isUpstreamError } from "../../../upstream/errors.js";
import type { TrackingResult } from "../../../upstream/sipp-rows.js";
import { renderCek } from "./render.js";
import type { CekOutcome } from "./outcome.js";


export interface Asker {
  userId: number;
  chatId: number;
  scope: Scope | undefined;
}

/**
 * A person is in an officer's area when their P3KE profile lies there; someone not in P3KE,
 * when one of their bantuan records does (docs/privacy.md#access-and-least-privilege).
 */
export function inArea(scope: Scope | undefined, r: TrackingResult): boolean {
  if (!hasAreaScope(scope)) return true;
  return r.profile ? recordInArea(scope, r.profile) : r.bantuan.some((b) => recordInArea(scope, b));
}

/**
 * The lookup itself (cached SIPP call, admin notice on a rejected key) and the answer: the
 * scope decision and the audit entry come BEFORE anything of the answer is sent
 * (docs/privacy.md#audit-before-send); the entry records the decision.
 */
export function createCekService(deps: Pick<BotDeps, "sipp" | "audit" | "logger" | "incidents">) {
  async function lookup(nik: string): Promise<CekOutcome> {
    try {
      const r = await deps.sipp.tracking(nik);
      // "The key works again" is news for the administrators, not part of this answer: not awaited
      // (on PostgreSQL it is a query, and the officer is waiting).
      if (!r.stale && !r.hit) void deps.incidents.ok("sipp").catch((e: unknown) => deps.logger.warn({ err: e }, "incident state not updated"));
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

  /** The message parts to send for `outcome`, once its audit entry is written. */
  async function answer(t: Translate, nik: string, who: Asker, outcome: CekOutcome, now = Date.now()): Promise<string[]> {
    const outside = outcome.ok && !inArea(who.scope, outcome.result);
    const recorded = await auditFirst(deps, {
      userId: who.userId,
      chatId: who.chatId,
      action: "cek",
      subject: maskNik(nik),
      hashOf: nik,
      outcome: outside ? "out_of_scope" : auditOutcome(outcome),
    });
    if (!recorded) return [t("galat-audit")];
    if (outside) return [t("di-luar-wilayah", { wilayah: wilayahText(t, who.scope) })];
    return renderCek(t, nik, outcome, now);
  }

  return { lookup, answer };
}

export type CekService = ReturnType<typeof createCekService>;

function auditOutcome(o: CekOutcome): string {
  if (!o.ok) return `galat:${o.kind}`;
  const p = o.result.profile !== null;
  const b = o.result.bantuan.length > 0;
  const what = p ? (b ? "p3ke+bantuan" : "p3ke") : b ? "bantuan_saja" : "tidak_ditemukan";
  return o.stale ? `${what} (cache lama)` : what;
}
