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
import { wireBantuan, wireP3ke, wireTrackingBantuan, type WireRow } from "./sipp-wire.js";

export type SippNotFoundMode = "null-profile" | "empty-object" | "empty-array" | "absent" | "404";

/**
 * Shape of /api/p3ke and /api/bantuan pages (the document promises only `data`; any other key
 * may be missing, see "SIPP pagination" in docs/upstream.md):
 * - "laravel": length-aware paginator inside `data`, as the document suggests (default);
 * - "simple": simplePaginate — no last_page/total, next_page_url only;
 * - "minimal": only what the document prints — current_page and the rows;
 * - "links": no next_page_url/last_page, only the Laravel 8+ `links` array;
 * - "top-level": the paginator returned directly (`return Model::paginate()`), rows in a top-level `data`;
 * - "resource": an API resource collection: `data` rows + `links` + `meta` objects.
 */
export type SippPaginationMode = "laravel" | "simple" | "minimal" | "links" | "top-level" | "resource";

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


interface Index {
  p3ke: WireRow[];
  p3keKode: string[];
  p3keKec: string[];
  p3keDesa: string[];
  p3keByKode: Map<string, number[]>;
  p3keByNik: Map<string, number>;
  bantuan: WireRow[];
  bantuanKode: string[];
  bantuanKec: string[];
  bantuanDesa: string[];
  bantuanNik: string[];
  bantuanByKode: Map<string, number[]>;
  bantuanByNik: Map<string, number[]>;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-cache, private" };
const HTML_HEADERS = { "content-type": "text/html; charset=UTF-8", "cache-control": "no-cache, private" };

/** PHP's json_encode escapes "/" as "\/"; reproduce that (valid JSON either way). */
function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

const normName = (s: string) => s.toUpperCase().replace(/\s+/g, "");
const digits = (s: string) => s.replace(/\D/g, "");

function pushIndex(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Laravel's (int) page parsing: anything that is not a positive integer is page 1. */
function parsePage(raw: string | undefined): number {
  if (raw === undefined || !/^\s*\+?\d+\s*$/.test(raw)) return 1;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
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
    const { seed, p3ke, bantuan } = this.ds;
    const wopts = { quirks: this.quirks };
    const ix: Index = {
      p3ke: [],
      p3keKode: [],
      p3keKec: [],
      p3keDesa: [],
      p3keByKode: new Map(),
      p3keByNik: new Map(),
      bantuan: [],
      bantuanKode: [],
      bantuanKec: [],
      bantuanDesa: [],
      bantuanNik: [],
      bantuanByKode: new Map(),
      bantuanByNik: new Map(),
    };
    p3ke.forEach((r, i) => {
      ix.p3ke.push(wireP3ke(r, seed, i + 1, wopts));
      ix.p3keKode.push(r.kode_kemdagri);
      ix.p3keKec.push(normName(r.kecamatan));
      ix.p3keDesa.push(normName(r.desa_kelurahan));
      pushIndex(ix.p3keByKode, r.kode_kemdagri, i);
      if (!ix.p3keByNik.has(r.nik)) ix.p3keByNik.set(r.nik, i);
    });
    bantuan.forEach((b, i) => {
      ix.bantuan.push(wireBantuan(b, seed, i + 1, wopts));
      ix.bantuanKode.push(b.kode_kemdagri);
      ix.bantuanKec.push(normName(b.kecamatan));
      ix.bantuanDesa.push(normName(b.desa_kelurahan));
      ix.bantuanNik.push(b.nik);
      pushIndex(ix.bantuanByKode, b.kode_kemdagri, i);
      pushIndex(ix.bantuanByNik, b.nik, i);
    });
    this.index = ix;
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
    const param = (k: string): string | undefined => {
      const v = q.get(k);
      if (v === null) return undefined;
      const t = v.trim();
      return t === "" ? undefined : t; // Laravel: ConvertEmptyStringsToNull + TrimStrings
    };

    if (path === "/api/tracking") return this.tracking(param("nik"));

    const ix = this.index;
    const isP3ke = path === "/api/p3ke";
    const kode = param("kode_kemdagri");
    const kec = param("kecamatan");
    const desa = param("desa_kelurahan");
    const nik = isP3ke ? undefined : param("nik");
    const rows = isP3ke ? ix.p3ke : ix.bantuan;
    const kodes = isP3ke ? ix.p3keKode : ix.bantuanKode;
    const kecs = isP3ke ? ix.p3keKec : ix.bantuanKec;
    const desas = isP3ke ? ix.p3keDesa : ix.bantuanDesa;

    let candidates: number[] | null = null; // null = all rows
    if (nik !== undefined) candidates = ix.bantuanByNik.get(nik) ?? [];
    if (kode !== undefined) {
      const k = digits(kode);
      candidates = candidates
        ? candidates.filter((i) => kodes[i] === k)
        : ((isP3ke ? ix.p3keByKode : ix.bantuanByKode).get(k) ?? []);
    }
    const kecN = kec !== undefined ? normName(kec) : undefined;
    const desaN = desa !== undefined ? normName(desa) : undefined;
    const matches: number[] = [];
    const test = (i: number) => (kecN === undefined || kecs[i] === kecN) && (desaN === undefined || desas[i] === desaN);
    if (candidates) {
      for (const i of candidates) if (test(i)) matches.push(i);
    } else if (kecN === undefined && desaN === undefined) {
      return this.paginate(path, rows, null, parsePage(q.get("page") ?? undefined));
    } else {
      for (let i = 0; i < rows.length; i++) if (test(i)) matches.push(i);
    }
    return this.paginate(path, rows, matches, parsePage(q.get("page") ?? undefined));
  }

  private paginate(path: string, rows: WireRow[], matches: number[] | null, page: number): Reply {
    const total = matches ? matches.length : rows.length;
    const perPage = this.perPage;
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const start = (page - 1) * perPage;
    const end = Math.min(total, start + perPage);
    const data: WireRow[] = [];
    for (let k = start; k < end; k++) {
      const row = matches ? rows[matches[k] as number] : rows[k];
      if (row) data.push(row);
    }
    const base = `${this.baseUrl}${path}`;
    const pageUrl = (n: number) => `${base}?page=${n}`;
    const prev = page > 1 ? pageUrl(page - 1) : null;
    const next = page < lastPage ? pageUrl(page + 1) : null;
    const links: { url: string | null; label: string; active: boolean }[] = [
      { url: prev, label: "&laquo; Previous", active: false },
    ];
    for (const el of urlWindow(page, lastPage)) {
      if (el === "...") links.push({ url: null, label: "...", active: false });
      else links.push({ url: pageUrl(el), label: String(el), active: el === page });
    }
    links.push({ url: next, label: "Next &raquo;", active: false });
    const from = data.length ? start + 1 : null;
    const to = data.length ? start + data.length : null;
    const paginator = {
      current_page: page,
      data,
      first_page_url: pageUrl(1),
      from,
      last_page: lastPage,
      last_page_url: pageUrl(lastPage),
      links,
      next_page_url: next,
      path: base,
      per_page: perPage,
      prev_page_url: prev,
      to,
      total,
    };
    switch (this.pagination) {
      case "simple":
        return this.json(200, {
          data: { current_page: page, data, first_page_url: pageUrl(1), from, next_page_url: next, path: base, per_page: perPage, prev_page_url: prev, to },
        });
      case "minimal":
        return this.json(200, { data: { current_page: page, data } });
      case "links":
        return this.json(200, { data: { current_page: page, data, links } });
      case "top-level":
        return this.json(200, paginator);
      case "resource":
        return this.json(200, {
          data,
          links: { first: pageUrl(1), last: pageUrl(lastPage), prev, next },
          meta: { current_page: page, from, last_page: lastPage, links, path: base, per_page: perPage, to, total },
        });
      default:
        return this.json(200, { data: paginator });
    }
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

/** Laravel's UrlWindow (onEachSide = 3): page numbers and "..." gaps for the links array. */
function urlWindow(current: number, last: number): (number | "...")[] {
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  const onEachSide = 3;
  const window = onEachSide + 4;
  if (last < onEachSide * 2 + 8) return range(1, last);
  if (current <= window) return [...range(1, window + onEachSide), "...", ...range(last - 1, last)];
  if (current > last - window) return [...range(1, 2), "...", ...range(last - (window + (onEachSide - 1)), last)];
  return [...range(1, 2), "...", ...range(current - onEachSide, current + onEachSide), "...", ...range(last - 1, last)];
}
