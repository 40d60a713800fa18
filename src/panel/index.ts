/**
 * The Mini App on the public server (docs/panel.md): the built page under the path of
 * WEBAPP_URL and its JSON API under `<path>api/`. Every API call proves who is asking with
 * Telegram's signed initData and then meets the chat's rules: whitelist, scope, rate limit,
 * and an audit entry before any family list leaves the server.
 */
import type { ServerResponse } from "node:http";
import type { HttpRequest } from "../server/http.js";
import type { Logger } from "../logger.js";
import type { RateLimitStore } from "../bot/deps.js";
import type { AuditRepo, OfficerRepo } from "../store/repos.js";
import type { SippClient } from "../upstream/sipp.js";
import type { AnggaranReader } from "../budget/anggaran-reader.js";
import type { TargetTable } from "../budget/targets.js";
import type { Incidents } from "../alerts/incidents.js";
import { DesaDirectory } from "../desa/directory.js";
import { initDataOf, verifyInitData, webAppSecret } from "./init-data.js";
import { MemoryRateLimitStore, withinLimit } from "./rate-limit.js";
import { sendApi } from "./respond.js";
import { SECURITY_HEADERS, StaticFiles } from "./static.js";
import { PanelBudget } from "./budget.js";
import { panelApi, type Caller } from "./api.js";

export interface PanelOptions {
  /** Path of WEBAPP_URL, e.g. "/panel/" (a trailing slash is added when missing). */
  prefix: string;
  /** The built front end (webapp/dist unless a test builds its own). */
  webappDir: string;
  botToken: string;
  adminIds: readonly number[];
  officers: Pick<OfficerRepo, "access">;
  audit: Pick<AuditRepo, "record">;
  sipp: SippClient;
  /** Synced OMSPAN data; absent: no budget view. */
  budget?: { reader: AnggaranReader; targets: TargetTable };
  incidents?: Pick<Incidents, "unauthorized">;
  logger: Logger;
  /** Shared (Redis) counters when configured; else this process's. */
  rateLimitStore?: RateLimitStore;
  rateLimitPerMin: number;
  /** initData older than this is refused (Telegram's advice: short; default 1 hour). */
  maxAgeS?: number;
  now?: () => Date;
}

export function panelRoute(opts: PanelOptions) {
  const prefix = opts.prefix.endsWith("/") ? opts.prefix : `${opts.prefix}/`;
  const bare = prefix.slice(0, -1);
  const apiPrefix = `${prefix}api/`;
  const secret = webAppSecret(opts.botToken);
  const admins = new Set(opts.adminIds);
  const limits = opts.rateLimitStore ?? new MemoryRateLimitStore();
  const now = opts.now ?? (() => new Date());
  const files = new StaticFiles(opts.webappDir, opts.logger);
  const api = panelApi({
    ...opts,
    directory: new DesaDirectory(opts.sipp),
    budget: opts.budget && new PanelBudget(opts.budget.reader, opts.budget.targets),
    now,
  });

  /** Who is calling, or the refusal already sent. */
  const authenticate = async (req: HttpRequest, res: ServerResponse): Promise<Caller | undefined> => {
    const enc = req.headers["accept-encoding"] as string | undefined;
    const v = verifyInitData(initDataOf(req.headers), secret, { nowS: Math.floor(now().getTime() / 1000), maxAgeS: opts.maxAgeS ?? 3600 });
    if (!v.ok) {
      opts.logger.debug({ reason: v.reason }, "panel: initData refused");
      sendApi(res, 401, { error: "unauthorized", reason: v.reason }, enc, { "www-authenticate": "tma" });
      return undefined;
    }
    const id = v.user.id;
    if (!(await withinLimit(limits, `panel:${id}`, opts.rateLimitPerMin, 60_000))) {
      sendApi(res, 429, { error: "rate_limited" }, enc, { "retry-after": "60" });
      return undefined;
    }
    const name = v.user.firstName ? { firstName: v.user.firstName } : {};
    // Administrators are never limited; an officer's role and scope are read per call, so a
    // removal or a new scope holds at once, on every instance (as in the chat).
    if (admins.has(id)) return { id, role: "admin", scope: undefined, ...name };
    const access = await opts.officers.access(id);
    if (!access.officer) {
      // Their own id only, so they can ask an administrator to add them (as the chat does).
      sendApi(res, 403, { error: "forbidden", id }, enc);
      return undefined;
    }
    return { id, role: "officer", scope: access.scope, ...name };
  };

  return {
    prefix,
    files,
    matches: (req: HttpRequest) => req.path === bare || req.path.startsWith(prefix),
    async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
      const enc = req.headers["accept-encoding"] as string | undefined;
      if (req.path.startsWith(apiPrefix)) {
        if (req.method !== "GET") return sendApi(res, 405, { error: "method not allowed" }, enc, { allow: "GET" });
        const caller = await authenticate(req, res);
        if (!caller) return;
        return api(caller, req.path.slice(apiPrefix.length), enc, res);
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { ...SECURITY_HEADERS, allow: "GET, HEAD", "content-length": "0" });
        return void res.end();
      }
      // The launch URL keeps its #fragment (initData) across this redirect.
      if (req.path === bare) {
        res.writeHead(308, { ...SECURITY_HEADERS, location: prefix, "content-length": "0" });
        return void res.end();
      }
      if (!files.ready) {
        res.writeHead(503, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
        return void res.end("panel not built\n");
      }
      if (files.serve(req.path.slice(prefix.length), enc, res, req.method === "HEAD")) return;
      res.writeHead(404, { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" });
      res.end("not found\n");
    },
  };
}

export type PanelRoute = ReturnType<typeof panelRoute>;
