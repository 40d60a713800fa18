import axios, { type AxiosInstance, AxiosError } from "axios";
import {
  ConsecutiveBreaker,
  DelegateBackoff,
  BrokenCircuitError,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from "cockatiel";
import type { Logger } from "../logger.js";
import { UpstreamError } from "./errors.js";

/**
 * The one HTTP layer for SIPP and OMSPAN (docs/upstream.md): axios with timeouts, bounded retries with
 * backoff for transient failures only (timeouts, connection errors, 429, 5xx), a circuit
 * breaker, and typed errors. Bodies are read as text and parsed here, so an HTML page
 * or a truncated JSON body becomes `bad_response`, never a crash further up.
 */
export interface HttpClientOptions {
  name: string;
  baseURL: string;
  token?: string;
  timeoutMs: number;
  /**
   * Time for one call, retries included (default: none). An officer waits for the answer:
   * a retry that cannot finish in time is not started, and the last attempt gets only what is left.
   */
  deadlineMs?: number;
  retries: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  /** Base backoff delay; tests shorten it. */
  backoffMs?: number;
  /** Cap on a 429's Retry-After we are willing to wait inside one request. */
  maxRetryAfterMs?: number;
  /** Extra request headers (e.g. the Content-Type OMSPAN's document lists for its GETs). */
  headers?: Record<string, string>;
  logger: Logger;
  onRequest?: (e: { upstream: string; path: string; ms: number; outcome: string }) => void;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
  contentType: string;
}

/** How a body is handed back: parsed JSON (and its text), or the raw bytes. */
type BodyMode = "json" | "bytes";

/** A JSON object (not null, not an array): the shape both clients expect of a body or a row. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export class HttpClient {
  private readonly ax: AxiosInstance;
  private readonly policy: IPolicy;
  constructor(private readonly opts: HttpClientOptions) {
    this.ax = axios.create({
      baseURL: opts.baseURL.replace(/\/+$/, ""),
      timeout: opts.timeoutMs,
      maxRedirects: 0, // a redirect means "log in": unauthorized, never follow it
      responseType: "text",
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      headers: {
        Accept: "application/json",
        "User-Agent": "pantau-bot/0.1 (+Kab. Pasuruan)",
        ...opts.headers,
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      },
    });
    const base = opts.backoffMs ?? 300;
    const maxRetryAfter = opts.maxRetryAfterMs ?? 10_000;
    const retryPolicy = retry(
      handleWhen((e) => e instanceof UpstreamError && e.retryable),
      {
        maxAttempts: opts.retries,
        backoff: new DelegateBackoff((ctx) => {
          const err = "error" in ctx.result ? ctx.result.error : undefined;
          // Honour Retry-After when the upstream says how long; otherwise exponential with jitter.
          if (err instanceof UpstreamError && err.detail.retryAfterMs !== undefined) {
            return Math.min(err.detail.retryAfterMs, maxRetryAfter);
          }
          const exp = base * 2 ** (ctx.attempt - 1);
          return exp / 2 + Math.random() * (exp / 2);
        }),
      },
    );
    const breaker = circuitBreaker(
      handleWhen((e) => e instanceof UpstreamError && (e.kind === "timeout" || e.kind === "unavailable")),
      { halfOpenAfter: opts.breakerCooldownMs, breaker: new ConsecutiveBreaker(opts.breakerFailures) },
    );
    // Breaker outside the retries: one failed call (with its retries) is one failure, so a
    // short outage of a few requests does not shut the upstream off for the cooldown.
    this.policy = wrap(breaker, retryPolicy);
  }

  /** Reachability for /readyz: any HTTP answer from the base URL counts; no retries, no breaker. */
  async probe(timeoutMs = 3000): Promise<{ reachable: boolean; status?: number; error?: string }> {
    try {
      const res = await this.ax.get("/", { timeout: timeoutMs });
      return { reachable: true, status: res.status };
    } catch (e) {
      return { reachable: false, error: e instanceof AxiosError ? (e.code ?? "error") : "error" };
    }
  }

  /** GET a path; resolves for any 2xx/4xx answer the caller may want to read (404), throws UpstreamError otherwise. */
  async get(path: string, params?: Record<string, string | number>, accept404 = false): Promise<HttpResponse> {
    return this.request(path, params, accept404, "json");
  }

  /**
   * GET as `get`, the body left as bytes (`text` empty, `json` undefined): for a caller that
   * decodes and parses it elsewhere (the sync's parse worker, which is handed the buffer).
   */
  async getBytes(path: string): Promise<HttpResponse & { bytes: Buffer }> {
    return this.request(path, undefined, false, "bytes") as Promise<HttpResponse & { bytes: Buffer }>;
  }

  private async request(path: string, params: Record<string, string | number> | undefined, accept404: boolean, mode: BodyMode): Promise<HttpResponse> {
    const deadline = this.opts.deadlineMs !== undefined ? Date.now() + this.opts.deadlineMs : Infinity;
    let last: UpstreamError | undefined;
    try {
      return await this.policy.execute(async () => {
        const left = deadline - Date.now();
        if (last && left < Math.min(1000, this.opts.timeoutMs)) {
          // No time for another attempt: the last failure is the answer (and is not retried).
          throw new UpstreamError(last.kind, last.upstream, last.message.slice(`${last.upstream}: ${last.kind}: `.length), { ...last.detail, deadlineReached: true });
        }
        try {
          return await this.once(path, params, accept404, Math.min(this.opts.timeoutMs, left), mode);
        } catch (e) {
          if (e instanceof UpstreamError) last = e;
          throw e;
        }
      });
    } catch (e) {
      if (e instanceof BrokenCircuitError) {
        throw new UpstreamError("unavailable", this.opts.name, "circuit open", { circuitOpen: true });
      }
      throw e;
    }
  }

  private async once(path: string, params: Record<string, string | number> | undefined, accept404: boolean, timeoutMs: number, mode: BodyMode): Promise<HttpResponse> {
    const started = performance.now();
    const name = this.opts.name;
    let outcome = "ok";
    try {
      const res = await this.ax.get<string | Buffer>(path, { params, timeout: Math.max(1, Math.round(timeoutMs)), ...(mode === "bytes" ? { responseType: "arraybuffer" as const } : {}) });
      const bytes = mode === "bytes" && Buffer.isBuffer(res.data) ? res.data : undefined;
      const text = bytes ? "" : typeof res.data === "string" ? res.data : String(res.data ?? "");
      const contentType = String(res.headers["content-type"] ?? "");
      const status = res.status;
      if (status === 401 || status === 403 || (status >= 300 && status < 400)) {
        outcome = "unauthorized";
        throw new UpstreamError("unauthorized", name, `HTTP ${status}`, { status });
      }
      if (status === 429) {
        outcome = "rate_limited";
        throw new UpstreamError("rate_limited", name, "HTTP 429", { status, retryAfterMs: parseRetryAfter(res.headers["retry-after"]) });
      }
      if (status >= 500) {
        outcome = "unavailable";
        throw new UpstreamError("unavailable", name, `HTTP ${status}`, { status });
      }
      if (status === 404 && !accept404) {
        outcome = "not_found";
        throw new UpstreamError("not_found", name, "HTTP 404", { status });
      }
      if (status >= 400 && status !== 404) {
        outcome = "bad_request";
        throw new UpstreamError("bad_request", name, `HTTP ${status}`, { status });
      }
      if (bytes) return { status, json: undefined, text, contentType, bytes } as HttpResponse;
      return { status, json: parseJsonBody(text), text, contentType };
    } catch (e) {
      if (e instanceof UpstreamError) throw e;
      if (e instanceof AxiosError) {
        const timedOut = e.code === "ECONNABORTED" || e.code === "ETIMEDOUT" || e.code === AxiosError.ERR_CANCELED;
        outcome = timedOut ? "timeout" : "unavailable";
        // e.message may carry the URL with a NIK: only the code goes into our error.
        throw new UpstreamError(timedOut ? "timeout" : "unavailable", name, e.code ?? "network error");
      }
      outcome = "unavailable";
      throw new UpstreamError("unavailable", name, "unexpected client failure");
    } finally {
      const ms = performance.now() - started;
      this.opts.onRequest?.({ upstream: name, path, ms, outcome });
      this.opts.logger.debug({ upstream: name, path, ms: Math.round(ms), outcome }, "upstream request");
    }
  }
}

/** The JSON of a body, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
/** The three forms of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form, asctime (no zone: GMT). */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`, "i");
const RFC850_DATE = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`, "i");
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} (?: \\d|\\d{2}) ${TIME} \\d{4}$`, "i");

/**
 * Retry-After as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3); undefined when unreadable,
 * so that the normal backoff applies. Only the HTTP-date forms go to Date.parse: V8 reads almost
 * any text as some date ("in 2" is a day in 2001), which would have meant "retry now".
 */
export function parseRetryAfter(v: unknown, now = Date.now()): number | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  const s = String(v).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  let at = Number.NaN;
  if (IMF_FIXDATE.test(s) || RFC850_DATE.test(s)) at = Date.parse(s);
  else if (ASCTIME_DATE.test(s)) at = Date.parse(`${s} GMT`);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
