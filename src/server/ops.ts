import { timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Metrics } from "../metrics.js";
import { sendJson, sendText, type HttpRequest } from "./http.js";
import type { Readiness } from "./readiness.js";

export interface OpsOptions {
  metrics: Metrics;
  readiness: Readiness;
  /** When set, every route but /healthz asks for `Authorization: Bearer <token>`. */
  token?: string;
  /** True once the app is stopping: /readyz answers 503. */
  stopping: () => boolean;
}

function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  const a = Buffer.from(header.slice("Bearer ".length));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The internal ops port: /healthz (alive), /readyz (from the last probe results, never a
 * query per call), /metrics (prom-client). Bound to HEALTH_HOST (127.0.0.1 by default), and
 * optionally behind METRICS_TOKEN, so neither the public nor a neighbour reads the metrics.
 */
export function opsHandler(opts: OpsOptions) {
  return async (req: HttpRequest, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET") return sendJson(res, 405, { error: "method not allowed" }, { allow: "GET" });
    if (req.path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (req.path !== "/readyz" && req.path !== "/metrics") return sendJson(res, 404, { error: "not found" });
    if (opts.token && !bearerMatches(req.headers.authorization, opts.token)) return sendJson(res, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
    if (req.path === "/readyz") {
      const r = opts.readiness.last();
      const ok = r.ok && !opts.stopping();
      return sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "not ready", checkedAt: new Date(r.at).toISOString(), ...r.checks });
    }
    return sendText(res, 200, await opts.metrics.registry.metrics(), opts.metrics.registry.contentType);
  };
}
