import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { SippClient } from "../../src/upstream/sipp.js";
import { UpstreamCache } from "../../src/upstream/cache.js";
import { createLogger } from "../../src/logger.js";

/** Page walks against servers that say little about their pages (docs/upstream.md#sipp-pagination). */
const logger = createLogger({ level: "silent", secrets: [] });
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(body: (page: number) => unknown): Promise<{ client: SippClient; pages: number[] }> {
  const pages: number[] = [];
  server = createServer((req, res) => {
    const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page") ?? "1");
    pages.push(page);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body(page)));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const client = new SippClient({
    baseURL: `http://127.0.0.1:${port}`,
    timeoutMs: 2000,
    retries: 0,
    breakerFailures: 50,
    breakerCooldownMs: 1000,
    logger,
    cache: new UpstreamCache({ maxEntries: 10, staleMaxMs: 1000 }),
    ttlTrackingMs: 1000,
    ttlDesaMs: 1000,
    pageConcurrency: 4,
    pageCap: 50,
  });
  return { client, pages };
}

const rows = (page: number, n: number) => Array.from({ length: n }, (_, i) => ({ nik: `${page}-${i}` }));
const schema = z.object({ nik: z.string() });

describe("SippClient.allPages without last_page or next links", () => {
  it("goes on until a short page", async () => {
    const { client, pages } = await serve((p) => ({ data: { current_page: p, data: rows(p, p < 4 ? 15 : 6) } }));
    const r = await client.allPages("/api/p3ke", {}, schema);
    expect(r.rows).toHaveLength(15 * 3 + 6);
    expect(pages).toEqual([1, 2, 3, 4]);
  });

  it("goes on until an empty page when the rows divide evenly", async () => {
    const { client, pages } = await serve((p) => ({ data: { data: rows(p, p <= 2 ? 10 : 0) } }));
    const r = await client.allPages("/api/p3ke", {}, schema);
    expect(r.rows).toHaveLength(20);
    expect(pages).toEqual([1, 2, 3]);
  });

  it("stops when the server ignores `page` (same rows again, or a clamped current_page)", async () => {
    const same = await serve(() => ({ data: { data: rows(1, 15) } }));
    expect((await same.client.allPages("/api/p3ke", {}, schema)).rows).toHaveLength(15);
    expect(same.pages).toEqual([1, 2]);
    await new Promise<void>((r) => server!.close(() => r()));
    const clamped = await serve(() => ({ data: { current_page: 1, data: rows(1, 15) } }));
    expect((await clamped.client.allPages("/api/p3ke", {}, schema)).rows).toHaveLength(15);
    expect(clamped.pages).toEqual([1, 2]);
  });

  it("a bare array is one page", async () => {
    const { client, pages } = await serve((p) => ({ data: rows(p, 15) }));
    expect((await client.allPages("/api/p3ke", {}, schema)).rows).toHaveLength(15);
    expect(pages).toEqual([1]);
  });
});
