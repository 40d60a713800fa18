import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/upstream/http.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { createLogger } from "../../src/logger.js";

// The one HTTP layer against a real local server: what the retries, the deadline and the breaker do.
let server: Server;
let base: string;
let mode: "500" | "hang" | "ok" = "ok";
let hits = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    if (mode === "hang") return; // never answers
    if (mode === "500") return void res.writeHead(500).end("oops");
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
    const t0 = Date.now();
    const e = await failure(c.get("/x"));
    const ms = Date.now() - t0;
    expect(e.kind).toBe("timeout");
    expect(e.retryable).toBe(false);
    expect(hits).toBe(2); // 300 ms, 300 ms; the ~100 ms left would not fit a third (it needs min(1 s, timeout))
    expect(ms).toBeLessThan(1500); // not 6 × 300 ms
    mode = "ok";
  });
});
