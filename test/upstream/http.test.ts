import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HttpClient, isPlainObject, parseRetryAfter } from "../../src/upstream/http.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { createLogger } from "../../src/logger.js";

// The one HTTP layer against a real local server: what the retries, the deadline and the breaker do.
let server: Server;
let base: string;
let mode: "500" | "hang" | "ok" | "429" | "answer" = "ok";
/** Mode "answer": every request gets this status, headers and body. */
let answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 200 };
/** The last request's URL and headers. */
let lastReq: { url: string; headers: Record<string, string | string[] | undefined> } | undefined;
/** Retry-After of the 429 answers (mode "429": the first request gets 429, later ones 200). */
let retryAfter: string | undefined;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    lastReq = { url: req.url ?? "", headers: req.headers };
    if (mode === "answer") return void res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? "");
    if (mode === "hang") return; // never answers
    if (mode === "500") return void res.writeHead(500).end("oops");
    if (mode === "429" && hits === 1) return void res.writeHead(429, retryAfter === undefined ? {} : { "retry-after": retryAfter }).end("slow down");
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const logger = createLogger({ level: "silent", secrets: [] });
const client = (o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ name: "sipp", baseURL: base, timeoutMs: 300, retries: 2, backoffMs: 1, breakerFailures: 2, breakerCooldownMs: 60_000, logger, ...o });

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UpstreamError) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

describe("HttpClient", () => {
  it("the breaker counts failed calls, not attempts: two calls of three attempts each, then open", async () => {
    mode = "500";
    hits = 0;
    const c = client();
    expect((await failure(c.get("/x"))).detail.circuitOpen).toBeUndefined();
    expect(hits).toBe(3);
    expect((await failure(c.get("/x"))).kind).toBe("unavailable");
    expect(hits).toBe(6);
    const open = await failure(c.get("/x"));
    expect(open.detail.circuitOpen).toBe(true);
    expect(hits).toBe(6); // no request while open
  });

  it("a success closes the count again", async () => {
    const c = client();
    mode = "500";
    await failure(c.get("/x"));
    mode = "ok";
    expect((await c.get("/x")).json).toEqual({ ok: true });
    mode = "500";
    expect((await failure(c.get("/x"))).detail.circuitOpen).toBeUndefined();
  });

  it("the deadline bounds a call with its retries: no retry that cannot finish in time", async () => {
    mode = "hang";
    hits = 0;
    const c = client({ timeoutMs: 300, deadlineMs: 700, retries: 5, breakerFailures: 100 });
    const e = await failure(c.get("/x"));
    expect(e.kind).toBe("timeout");
    expect(e.retryable).toBe(false);
    expect(e.detail.deadlineReached).toBe(true);
    // Each attempt needs min(1 s, timeout) = 300 ms of the 700 ms: two at most (one when the
    // machine is slow to start the second), never the 6 that `retries: 5` allows.
    expect(hits).toBeGreaterThanOrEqual(1);
    expect(hits).toBeLessThanOrEqual(2);
    mode = "ok";
  });
});

/**
 * Retry-After on a 429, with fake timers: the clock only moves when the test moves it, so "the
 * retry waits 2 s" is asserted exactly (nothing at 1 999 ms, the retry at 2 000 ms) without
 * sleeping. The HTTP exchange itself is real.
 */
/** Real timers, kept before any test fakes them: to wait for I/O while the fake clock stands still. */
const realSetTimeout = globalThis.setTimeout;
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => realSetTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

describe("HttpClient: a 429's Retry-After", () => {
  afterEach(() => {
    vi.useRealTimers();
    mode = "ok";
    retryAfter = undefined;
  });

  /** Start a call that gets a 429 first; resolves once the client is waiting to retry. */
  async function rateLimitedCall(o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
    mode = "429";
    hits = 0;
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2026-12-07T10:00:00Z") });
    const call = client({ backoffMs: 100, ...o }).get("/x");
    call.catch(() => undefined);
    // The 429 was answered and the retry's timer is set.
    await until(() => hits === 1 && vi.getTimerCount() > 0, `429 answered, retry timer set (hits ${hits}, timers ${vi.getTimerCount()})`);
    return { call }; // wrapped: returning the promise itself would wait for it
  }

  /** Hits after letting `ms` of fake time pass (and the I/O it triggers settle). */
  async function hitsAfter(ms: number): Promise<number> {
    await vi.advanceTimersByTimeAsync(ms);
    await new Promise((r) => realSetTimeout(r, 50)); // a request the retry started would reach the server meanwhile
    return hits;
  }

  it.each([
    ["delay-seconds", "2"],
    ["an HTTP-date", "Mon, 07 Dec 2026 10:00:02 GMT"],
  ])("Retry-After as %s (2 s): nothing before 2 s, the retry at 2 s, and its answer is the result", async (_kind, v) => {
    retryAfter = v;
    const { call } = await rateLimitedCall();
    expect(await hitsAfter(1999)).toBe(1);
    // One more millisecond (not more: the retry's own timeout runs on the same fake clock).
    await vi.advanceTimersByTimeAsync(1);
    await until(() => hits === 2, "the retry");
    expect((await call).json).toEqual({ ok: true });
  });

  it("a Retry-After beyond the cap (maxRetryAfterMs) is waited only up to the cap", async () => {
    retryAfter = "120";
    const { call } = await rateLimitedCall({ maxRetryAfterMs: 5000 });
    expect(await hitsAfter(4999)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => hits === 2, "the retry");
    expect((await call).status).toBe(200);
  });

  it.each([
    ["without Retry-After", undefined],
    ['with an unreadable Retry-After ("in 2", which Date.parse reads as a day in 2001)', "in 2"],
  ])("%s the backoff is the exponential one (base 100 ms: 50–100 ms for the first retry)", async (_kind, v) => {
    retryAfter = v;
    const { call } = await rateLimitedCall();
    expect(await hitsAfter(49)).toBe(1);
    await vi.advanceTimersByTimeAsync(51); // ≤ 100 ms in all: the retry's own 300 ms timeout does not fire
    await until(() => hits === 2, "the retry");
    expect((await call).status).toBe(200);
  });
});

describe("HttpClient: what each answer becomes", () => {
  afterEach(() => {
    mode = "ok";
  });

  const outcomes: string[] = [];
  const c = (o: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) => client({ breakerFailures: 100, onRequest: (e) => outcomes.push(`${e.path}:${e.outcome}`), ...o });

  it.each([
    [401, "unauthorized"],
    [403, "unauthorized"],
    [302, "unauthorized"],
    [399, "unauthorized"],
    [400, "bad_request"],
    [422, "bad_request"],
    [404, "not_found"],
  ] as const)("HTTP %i is %s, not retried", async (status, kind) => {
    mode = "answer";
    answer = { status, headers: status === 302 ? { location: "/login" } : {} };
    hits = 0;
    outcomes.length = 0;
    const e = await failure(c().get("/x"));
    expect([e.kind, e.detail.status, e.retryable]).toEqual([kind, status, false]);
    expect(hits).toBe(1);
    expect(outcomes).toEqual([`/x:${kind}`]);
  });

  it.each([500, 502, 503])("HTTP %i is unavailable and retried (retries + 1 attempts)", async (status) => {
    mode = "answer";
    answer = { status };
    hits = 0;
    outcomes.length = 0;
    const e = await failure(c({ retries: 2 }).get("/x"));
    expect([e.kind, e.detail.status, e.retryable]).toEqual(["unavailable", status, true]);
    expect(hits).toBe(3);
    expect(outcomes).toEqual(["/x:unavailable", "/x:unavailable", "/x:unavailable"]);
  });

  it("a 429 without Retry-After is rate_limited (retryAfterMs undefined) and retried", async () => {
    mode = "answer";
    answer = { status: 429 };
    hits = 0;
    const e = await failure(c({ retries: 1 }).get("/x"));
    expect([e.kind, e.detail.status, e.detail.retryAfterMs]).toEqual(["rate_limited", 429, undefined]);
    expect(hits).toBe(2);
  });

  it("a 404 the caller accepts is an answer; 200 bodies: JSON parsed, HTML or empty kept as text only", async () => {
    mode = "answer";
    answer = { status: 404, headers: { "content-type": "application/json" }, body: '{"message":"not found"}' };
    const r404 = await c().get("/x", undefined, true);
    expect(r404).toEqual({ status: 404, json: { message: "not found" }, text: '{"message":"not found"}', contentType: "application/json" });
    answer = { status: 200, headers: { "content-type": "text/html" }, body: "<html>login</html>" };
    expect(await c().get("/x")).toEqual({ status: 200, json: undefined, text: "<html>login</html>", contentType: "text/html" });
    answer = { status: 200, body: "  " };
    expect((await c().get("/x")).json).toBeUndefined();
    answer = { status: 200, body: '{"truncated":' };
    expect((await c().get("/x")).json).toBeUndefined();
  });

  it("sends the token, the JSON Accept header and the query; a trailing slash of the base URL is dropped", async () => {
    mode = "answer";
    answer = { status: 200, body: "[]" };
    await new HttpClient({ name: "sipp", baseURL: `${base}//`, token: "rahasia", timeoutMs: 500, retries: 0, breakerFailures: 5, breakerCooldownMs: 1000, logger }).get("/api/p3ke", { page: 2, q: "a b" });
    expect(lastReq!.url).toBe("/api/p3ke?page=2&q=a+b");
    expect(lastReq!.headers.authorization).toBe("Bearer rahasia");
    expect(lastReq!.headers.accept).toBe("application/json");
    expect(lastReq!.headers["user-agent"]).toMatch(/^pantau-bot\//);
    await new HttpClient({ name: "sipp", baseURL: base, timeoutMs: 500, retries: 0, breakerFailures: 5, breakerCooldownMs: 1000, logger }).get("/x");
    expect(lastReq!.headers.authorization).toBeUndefined();
  });

  it("4xx answers do not open the breaker; a connection refused does", async () => {
    mode = "answer";
    answer = { status: 400 };
    const cl = c({ breakerFailures: 2, retries: 0 });
    for (let i = 0; i < 3; i++) expect((await failure(cl.get("/x"))).kind).toBe("bad_request");
    const dead = new HttpClient({ name: "omspan", baseURL: "http://127.0.0.1:1", timeoutMs: 500, retries: 0, breakerFailures: 2, breakerCooldownMs: 60_000, logger });
    const first = await failure(dead.get("/x"));
    expect([first.kind, first.upstream, first.retryable]).toEqual(["unavailable", "omspan", true]);
    expect(first.message).toBe("omspan: unavailable: ECONNREFUSED");
    await failure(dead.get("/x"));
    const open = await failure(dead.get("/x"));
    expect([open.kind, open.detail.circuitOpen, open.retryable]).toEqual(["unavailable", true, false]);
  });

  it("a timeout is its own kind, retried", async () => {
    mode = "hang";
    hits = 0;
    const e = await failure(c({ timeoutMs: 100, retries: 1 }).get("/x"));
    expect([e.kind, e.retryable]).toEqual(["timeout", true]);
    expect(hits).toBe(2);
  });

  it("probe: any HTTP answer is reachable (with its status); no server is not", async () => {
    mode = "answer";
    answer = { status: 503 };
    expect(await c().probe()).toEqual({ reachable: true, status: 503 });
    const dead = new HttpClient({ name: "sipp", baseURL: "http://127.0.0.1:1", timeoutMs: 500, retries: 0, breakerFailures: 2, breakerCooldownMs: 1000, logger });
    expect(await dead.probe(500)).toEqual({ reachable: false, error: "ECONNREFUSED" });
  });
});

describe("HttpClient: bytes, timeouts and the breaker", () => {
  afterEach(() => {
    mode = "ok";
  });

  it("getBytes hands the body back as bytes (no text, no JSON); a 404 is not an answer there", async () => {
    mode = "answer";
    answer = { status: 200, headers: { "content-type": "application/octet-stream" }, body: "\u0000\u0001{}" };
    const r = await client().getBytes("/file");
    expect(r).toEqual({ status: 200, json: undefined, text: "", contentType: "application/octet-stream", bytes: Buffer.from([0, 1, 0x7b, 0x7d]) });
    answer = { status: 404 };
    expect((await failure(client().getBytes("/file"))).kind).toBe("not_found");
  });

  it("timeouts open the breaker too", async () => {
    mode = "hang";
    hits = 0;
    const outcomes: string[] = [];
    const c = client({ timeoutMs: 100, retries: 0, breakerFailures: 2, onRequest: (e) => outcomes.push(`${e.upstream}${e.path}:${e.outcome}`) });
    expect((await failure(c.get("/x"))).kind).toBe("timeout");
    expect((await failure(c.get("/x"))).kind).toBe("timeout");
    const open = await failure(c.get("/x"));
    expect([open.kind, open.detail.circuitOpen]).toEqual(["unavailable", true]);
    expect(hits).toBe(2);
    expect(outcomes).toEqual(["sipp/x:timeout", "sipp/x:timeout"]);
  });

  it("a failure of the client itself (a malformed base URL) is 'unavailable', never a crash", async () => {
    const outcomes: string[] = [];
    const c = new HttpClient({ name: "sipp", baseURL: "http://[::1", timeoutMs: 300, retries: 0, breakerFailures: 5, breakerCooldownMs: 1000, logger, onRequest: (e) => outcomes.push(e.outcome) });
    const e = await failure(c.get("/x"));
    expect([e.kind, e.retryable]).toEqual(["unavailable", true]);
    expect(outcomes).toEqual(["unavailable"]);
  });
});

describe("parseRetryAfter and isPlainObject", () => {
  const now = Date.parse("2026-12-07T10:00:00Z");
  it.each([
    ["12", 12_000],
    ["1.25", 1_250],
    [" 3 ", 3_000],
    [4, 4_000],
    ["Mon, 07 Dec 2026 10:00:05 GMT", 5_000],
    ["Mon, 07 Dec 2026 09:59:00 GMT", 0],
    ["x2", undefined],
    ["2 seconds", undefined],
    ["soon", undefined],
    ["2026-12-07", undefined],
    ["in 2", undefined],
    ["a 1", undefined],
    ["Mon, 07 Dec 2026 10:00:05 +0700", undefined],
    ["Monday, 07-Dec-26 10:00:05 GMT", 5_000],
    ["Mon Dec  7 10:00:05 2026", 5_000],
    ["mon, 07 dec 2026 10:00:05 gmt", 5_000],
    [undefined, undefined],
    [["2"], undefined],
  ] as const)("Retry-After %j is %j ms", (v, ms) => {
    expect(parseRetryAfter(v, now)).toBe(ms);
  });

  it("a plain object is neither null, nor an array, nor a scalar", () => {
    expect([{}, { a: 1 }, [], null, "x", 1, undefined].map(isPlainObject)).toEqual([true, true, false, false, false, false, false]);
  });
});
