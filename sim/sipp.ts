/**
 * HTTP simulator of the SIPP Pasuruan API, on node:http. "The document" below is SIPP's own API
 * documentation; what the bot relies on from it, and its quirks, are in docs/upstream.md.
 *
 * Serves GET /api/p3ke, /api/bantuan (Laravel length-aware paginator, page URLs that drop
 * the filters, as Laravel does by default) and /api/tracking, with Bearer auth, Laravel's
 * 401 / 302-to-login behaviour, configurable latency and injectable faults. Bodies are
 * JSON with `/` escaped as `\/` (PHP json_encode). Records are served in their wire form
 * (sipp-wire.ts); the canonical data stays in the dataset for comparison.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { HttpSim, type ActiveFault, type FaultTiming } from "./kit.js";
import { generateSippData, type SippDataset } from "./sipp-data.js";
import { htmlErrorPage, jsonErrorMessage, LOGIN_PAGE, redirectPage, WAF_PAGE } from "./sipp-pages.js";
import { buildIndex, laravelParam, pageBody, select, type Index, type SippPaginationMode } from "./sipp-listing.js";
import { wireTrackingBantuan } from "./sipp-wire.js";

export type { SippPaginationMode } from "./sipp-listing.js";

export type SippNotFoundMode = "null-profile" | "empty-object" | "empty-array" | "absent" | "404";

export type SippFaultKind = "status" | "html200" | "garbage" | "badjson" | "hang" | "slow" | "rate" | "reset";

export interface SippFault extends FaultTiming {
  /** Exact path, e.g. "/api/tracking"; default: every path. */
  path?: string;
  kind: SippFaultKind;
  /** For "status" (default 500). */
  status?: number;
  /** For "slow" (default 2000 ms), added to the normal latency. */
  delayMs?: number;
  /** For "rate" (seconds, default 1); also sent with a 503 "status" fault when given. */
  retryAfter?: number;
  /** For "garbage": the JSON body to send instead of the built-in wrong-shape bodies. */
  body?: string;
}

export interface SippSimOptions {
  /** Default: generateSippData() with its default seed. */
  data?: SippDataset;
  token?: string;
  port?: number;
  perPage?: number;
  latencyMs?: number;
  /** Page shape of /api/p3ke and /api/bantuan (default "laravel"). */
  pagination?: SippPaginationMode;
  /** How /api/tracking reports a NIK with no P3KE profile (default "null-profile"). */
  notFound?: SippNotFoundMode;
  /** Wire quirks in served rows (sipp-wire.ts); default true. */
  quirks?: boolean;
  /**
   * Enforce a Laravel-style throttle on /api/*: this many requests per clock minute, then
   * 429 with Retry-After until the minute ends; X-RateLimit-* headers are sent only when set.
   * Default: no throttle (use the "rate" fault for targeted 429s).
   */
  rateLimitPerMinute?: number;
}

export interface SippRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 while unanswered, for "hang" and for "reset". */
  status: number;
  /** Date.now() at arrival. */
  at: number;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}


const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-cache, private" };
const HTML_HEADERS = { "content-type": "text/html; charset=UTF-8", "cache-control": "no-cache, private" };

/** PHP's json_encode escapes "/" as "\/"; reproduce that (valid JSON either way). */
function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

export class SippSim extends HttpSim<SippFault, SippRecordedRequest> {
  readonly baseUrl: string;

  private ds: SippDataset;
  private index!: Index;
  private token: string;
  private perPage: number;
  private notFound: SippNotFoundMode;
  private pagination: SippPaginationMode;
  private readonly quirks: boolean;
  private inFlightCount = 0;
  private maxInFlight = 0;
  private rateWindow = { minute: 0, count: 0 };
  private rateLimit: number | undefined;

  private constructor(server: Server, baseUrl: string, opts: SippSimOptions & { data: SippDataset }) {
    super(server, (pattern, path) => pattern === path, opts.latencyMs ?? 0);
    this.baseUrl = baseUrl;
    this.ds = opts.data;
    this.token = opts.token ?? "sipp-test-token";
    this.perPage = opts.perPage ?? 15;
    this.notFound = opts.notFound ?? "null-profile";
    this.pagination = opts.pagination ?? "laravel";
    this.quirks = opts.quirks ?? true;
    this.rateLimit = opts.rateLimitPerMinute;
    this.reindex();
  }

  static async start(opts: SippSimOptions = {}): Promise<SippSim> {
    const data = opts.data ?? generateSippData();
    const { server, origin } = await HttpSim.listen(opts.port);
    return new SippSim(server, origin, { ...opts, data });
  }

  // ---- data ---------------------------------------------------------------------------

  get data(): SippDataset {
    return this.ds;
  }

  /** Serve another dataset from now on. Also call after mutating the current one in place. */
  setData(ds: SippDataset): void {
    this.ds = ds;
    this.reindex();
  }

  /** Mutate the served dataset (e.g. add a bantuan row) and re-index it. */
  mutate(fn: (ds: SippDataset) => void): void {
    fn(this.ds);
    this.reindex();
  }

  private reindex(): void {
    this.index = buildIndex(this.ds, this.quirks);
  }

  // ---- control ------------------------------------------------------------------------

  setPerPage(n: number): void {
    this.perPage = n;
  }

  setPagination(mode: SippPaginationMode): void {
    this.pagination = mode;
  }

  setNotFound(mode: SippNotFoundMode): void {
    this.notFound = mode;
  }

  setToken(token: string): void {
    this.token = token;
  }

  /** Enforce (or with undefined, stop enforcing) a per-minute throttle on /api/*. */
  setRateLimit(perMinute: number | undefined): void {
    this.rateLimit = perMinute;
    this.rateWindow = { minute: 0, count: 0 };
  }

  /** Highest number of requests in flight at once since start / resetStats(). */
  get maxConcurrent(): number {
    return this.maxInFlight;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  resetStats(): void {
    this.maxInFlight = this.inFlightCount;
  }

  // ---- request handling ---------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const rec: SippRecordedRequest = { method: req.method ?? "GET", path: url.pathname, query, status: 0, at: Date.now() };
    this.inFlightCount++;
    if (this.inFlightCount > this.maxInFlight) this.maxInFlight = this.inFlightCount;
    res.once("close", () => {
      this.inFlightCount--;
    });

    const arrival = await this.arrive(req, rec);
    if (arrival.finished) return;
    const fault = arrival.fault;
    if (fault) {
      const kind = fault.spec.kind;
      if (kind === "slow") {
        await this.timers.sleep(fault.spec.delayMs ?? 2000);
        if (this.closed) return;
      } else {
        let reply = this.faultReply(fault);
        if (kind === "badjson") reply = truncate(this.route(req, url));
        if (reply) return this.send(res, rec, reply);
      }
    }
    this.send(res, rec, this.route(req, url));
  }

  private send(res: ServerResponse, rec: SippRecordedRequest, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    rec.status = reply.status;
    const headers: Record<string, string | number> = { ...reply.headers };
    headers["content-length"] = Buffer.byteLength(reply.body);
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  }

  /** The configured throttle: a 429 reply when over the limit, else headers to add. */
  private throttle(): { reply?: Reply; headers: Record<string, string> } {
    const limit = this.rateLimit;
    if (limit === undefined) return { headers: {} };
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    if (this.rateWindow.minute !== minute) this.rateWindow = { minute, count: 0 };
    this.rateWindow.count++;
    const remaining = Math.max(0, limit - this.rateWindow.count);
    const headers = { "x-ratelimit-limit": String(limit), "x-ratelimit-remaining": String(remaining) };
    if (this.rateWindow.count <= limit) return { headers };
    const retryAfter = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
    return {
      headers,
      reply: this.json(429, { message: "Too Many Attempts." }, { ...headers, "retry-after": String(retryAfter) }),
    };
  }

  private faultReply(f: ActiveFault<SippFault>): Reply | undefined {
    const spec = f.spec;
    switch (spec.kind) {
      case "status": {
        const status = spec.status ?? 500;
        const headers: Record<string, string> = {};
        if (spec.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
        if (status >= 500) return { status, headers: { ...HTML_HEADERS, ...headers }, body: htmlErrorPage(status) };
        if (status >= 400) {
          const body: Record<string, unknown> = { message: jsonErrorMessage(status) };
          if (status === 422) body.errors = { nik: ["The nik field is required."] };
          return { status, headers: { ...JSON_HEADERS, ...headers }, body: phpJson(body) };
        }
        return { status, headers, body: "" };
      }
      case "html200":
        return { status: 200, headers: HTML_HEADERS, body: f.fired % 2 === 1 ? LOGIN_PAGE : WAF_PAGE };
      case "garbage": {
        const variants = ['{"status":"error","message":"Terjadi kesalahan pada server"}', '{"data":"oops"}'];
        const body = spec.body ?? variants[(f.fired - 1) % variants.length] ?? '{"data":"oops"}';
        return { status: 200, headers: JSON_HEADERS, body };
      }
      case "rate":
        return {
          status: 429,
          headers: {
            ...JSON_HEADERS,
            "retry-after": String(spec.retryAfter ?? 1),
            "x-ratelimit-limit": String(this.rateLimit ?? 60),
            "x-ratelimit-remaining": "0",
          },
          body: phpJson({ message: "Too Many Attempts." }),
        };
      default:
        return undefined;
    }
  }

  private wantsJson(req: IncomingMessage): boolean {
    const accept = req.headers.accept ?? "";
    return /\/json|\+json/i.test(accept) || req.headers["x-requested-with"] === "XMLHttpRequest";
  }

  private json(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
    return { status, headers: { ...JSON_HEADERS, ...extra }, body: phpJson(value) };
  }

  /** The normal (fault-free) answer. */
  private route(req: IncomingMessage, url: URL): Reply {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const wantsJson = this.wantsJson(req);
    const method = req.method ?? "GET";

    if (path === "/login") return { status: 200, headers: HTML_HEADERS, body: LOGIN_PAGE };
    const known = path === "/api/p3ke" || path === "/api/bantuan" || path === "/api/tracking";
    if (!known) {
      if (wantsJson || path.startsWith("/api/"))
        return this.json(404, { message: `The route ${path.replace(/^\//, "")} could not be found.` });
      return { status: 404, headers: HTML_HEADERS, body: htmlErrorPage(404) };
    }
    if (method !== "GET" && method !== "HEAD") {
      return this.json(405, {
        message: `The ${method} method is not supported for route ${path.slice(1)}. Supported methods: GET, HEAD.`,
      });
    }

    const auth = req.headers.authorization ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!m || m[1] !== this.token) {
      if (wantsJson) return this.json(401, { message: "Unauthenticated." });
      const login = `${this.baseUrl}/login`;
      return { status: 302, headers: { ...HTML_HEADERS, location: login }, body: redirectPage(login) };
    }

    const throttled = this.throttle();
    if (throttled.reply) return throttled.reply;
    const reply = this.routeApi(path, url);
    return { ...reply, headers: { ...reply.headers, ...throttled.headers } };
  }

  private routeApi(path: string, url: URL): Reply {
    const q = url.searchParams;
    if (path === "/api/tracking") return this.tracking(laravelParam(q, "nik"));
    const list = select(this.index, path === "/api/p3ke", q);
    return this.json(200, pageBody(path, list, { baseUrl: this.baseUrl, perPage: this.perPage, mode: this.pagination }));
  }

  private tracking(nikParam: string | undefined): Reply {
    if (nikParam === undefined) {
      return this.json(422, {
        message: "The nik field is required.",
        errors: { nik: ["The nik field is required."] },
      });
    }
    const ix = this.index;
    const nik = nikParam;
    const p = ix.p3keByNik.get(nik);
    const wopts = { quirks: this.quirks };
    const bantuan = (ix.bantuanByNik.get(nik) ?? []).map((i) =>
      wireTrackingBantuan(this.ds.bantuan[i]!, this.ds.seed, wopts),
    );
    if (p !== undefined) return this.json(200, { data: { profile: ix.p3ke[p], bantuan } });
    switch (this.notFound) {
      case "404":
        return this.json(404, { message: "No query results for model [App\\Models\\P3ke]." });
      case "empty-object":
        return this.json(200, { data: { profile: {}, bantuan } });
      case "empty-array":
        return this.json(200, { data: { profile: [], bantuan } });
      case "absent":
        return this.json(200, { data: bantuan.length ? { bantuan } : {} });
      default:
        return this.json(200, { data: { profile: null, bantuan } });
    }
  }
}

/** Cut a reply's body short so it is no longer valid JSON. */
function truncate(reply: Reply): Reply {
  const body = reply.body;
  let cut = Math.max(1, Math.floor(body.length * 0.6));
  let out = body.slice(0, cut);
  while (cut > 1 && isJson(out)) out = body.slice(0, --cut);
  return { status: 200, headers: JSON_HEADERS, body: out.length ? out : "{" };
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

