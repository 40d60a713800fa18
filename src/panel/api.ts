/**
 * The panel's data endpoints (docs/panel.md#api). The caller is already verified and
 * whitelisted (index.ts); here the scope decides what they may see, and the family list of a
 * desa is audited like an export, before it is sent.
 */
import type { ServerResponse } from "node:http";
import type { Logger } from "../logger.js";
import type { AuditRepo } from "../store/repos.js";
import type { SippClient } from "../upstream/sipp.js";
import type { Incidents } from "../alerts/incidents.js";
import type { DesaDirectory } from "../desa/directory.js";
import { summarizeDesa } from "../desa/summary.js";
import { areaAllows, areaTouchesKecamatan, hasAreaScope, hasSatkerScope, satkerAllows, type Scope } from "../domain/scope.js";
import { KODE_DESA_PASURUAN, KODE_KECAMATAN_PASURUAN } from "../domain/wilayah.js";
import { isUpstreamError } from "../upstream/errors.js";
import { auditFirst } from "../bot/audit.js";
import { desaInScope, kecamatanInScope, panelDesa } from "./desa.js";
import type { PanelBudget } from "./budget.js";
import { sendApi } from "./respond.js";
import type { PanelSaya, PanelSatkerTable } from "./types.js";

export interface Caller {
  id: number;
  role: "admin" | "officer";
  scope: Scope | undefined;
  firstName?: string;
}

export interface PanelApiDeps {
  sipp: Pick<SippClient, "desa">;
  directory: DesaDirectory;
  budget: PanelBudget | undefined;
  audit: Pick<AuditRepo, "record">;
  incidents?: Pick<Incidents, "unauthorized">;
  logger: Logger;
  now: () => Date;
}

const AUDIT_ACTION = "panel_desa";

export function panelApi(deps: PanelApiDeps) {
  /** An upstream failure as an answer the page explains (502/503/504); unexpected ones as 500. */
  const upstreamFailure = async (e: unknown, what: string, res: ServerResponse, enc: string | undefined) => {
    if (isUpstreamError(e)) {
      if (e.kind === "unauthorized") await deps.incidents?.unauthorized("sipp");
      deps.logger.warn({ err: e }, `panel: ${what} failed`);
      const status = e.kind === "timeout" ? 504 : e.kind === "unavailable" || e.kind === "rate_limited" ? 503 : 502;
      return { status, kind: e.kind, send: () => sendApi(res, status, { error: "upstream", kind: e.kind }, enc) };
    }
    deps.logger.error({ err: e }, `panel: ${what} failed unexpectedly`);
    return { status: 500, kind: "umum", send: () => sendApi(res, 500, { error: "internal" }, enc) };
  };

  const desa = async (c: Caller, kode: string, res: ServerResponse, enc: string | undefined) => {
    const who = { userId: c.id, chatId: c.id, action: AUDIT_ACTION, subject: kode };
    if (!areaAllows(c.scope, kode)) {
      await deps.audit.record({ ...who, outcome: "ditolak:di_luar_wilayah" }).catch((e: unknown) => deps.logger.error({ err: e }, "panel: audit of a refusal failed"));
      return sendApi(res, 403, { error: "out_of_scope" }, enc);
    }
    let loaded;
    try {
      loaded = await deps.sipp.desa(kode);
    } catch (e) {
      const f = await upstreamFailure(e, "desa", res, enc);
      await deps.audit.record({ ...who, outcome: `galat:${f.kind}` }).catch(() => undefined);
      return f.send();
    }
    const summary = summarizeDesa(kode, loaded.value.p3ke, loaded.value.bantuan);
    const n = summary.familyRows.length;
    // Written before the data leaves; when it cannot be, nothing is sent (docs/privacy.md#audit-before-send).
    const audited = await auditFirst(deps, { ...who, outcome: n === 0 ? "kosong" : `ok (${n} keluarga${loaded.stale ? ", cache lama" : ""})` });
    if (!audited) return sendApi(res, 503, { error: "audit" }, enc);
    return sendApi(res, 200, panelDesa(summary, loaded.fetchedAt, loaded.stale), enc);
  };

  return async (c: Caller, sub: string, enc: string | undefined, res: ServerResponse): Promise<void> => {
    if (sub === "saya") {
      const saya: PanelSaya = {
        id: c.id,
        peran: c.role,
        ...(c.firstName ? { nama: c.firstName } : {}),
        wilayahTerbatas: hasAreaScope(c.scope),
        satkerTerbatas: hasSatkerScope(c.scope),
        anggaran: deps.budget !== undefined,
      };
      return sendApi(res, 200, saya, enc);
    }
    if (sub === "kecamatan") return sendApi(res, 200, { kecamatan: kecamatanInScope(c.scope) }, enc);

    let m = /^kecamatan\/([^/]+)$/.exec(sub);
    if (m) {
      const kec = m[1]!;
      if (!KODE_KECAMATAN_PASURUAN.test(kec)) return sendApi(res, 404, { error: "not found" }, enc);
      if (!areaTouchesKecamatan(c.scope, kec)) return sendApi(res, 403, { error: "out_of_scope" }, enc);
      try {
        return sendApi(res, 200, { desa: await desaInScope(deps.directory, kec, c.scope) }, enc);
      } catch (e) {
        return (await upstreamFailure(e, "desa list", res, enc)).send();
      }
    }

    m = /^desa\/([^/]+)$/.exec(sub);
    if (m) {
      if (!KODE_DESA_PASURUAN.test(m[1]!)) return sendApi(res, 404, { error: "not found" }, enc);
      return desa(c, m[1]!, res, enc);
    }

    if (sub === "satker" || sub.startsWith("satker/")) {
      if (!deps.budget) return sendApi(res, 404, { error: "no budget data" }, enc);
      if (sub === "satker") {
        const table = await deps.budget.table(c.scope, deps.now());
        const empty: PanelSatkerTable = { belumSinkron: true, satker: [] };
        return sendApi(res, 200, table ?? empty, enc);
      }
      const kd = sub.slice("satker/".length);
      if (!/^\d{6}$/.test(kd)) return sendApi(res, 404, { error: "not found" }, enc);
      if (!satkerAllows(c.scope, kd)) return sendApi(res, 403, { error: "out_of_scope" }, enc);
      const chart = await deps.budget.chart(kd, deps.now());
      return chart ? sendApi(res, 200, chart, enc) : sendApi(res, 404, { error: "not found" }, enc);
    }
    return sendApi(res, 404, { error: "not found" }, enc);
  };
}
