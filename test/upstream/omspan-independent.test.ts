/**
 * The client against OMSPAN servers that read docs/upstream.md#omspan-datawebservice differently from sim/ (an acceptance
 * run uses a simulator written by someone else): ROWNUM numbered per response, rows without
 * ROWNUM, an exclusive upper bound, `[]` instead of the no-data body at the end, Indonesian
 * number formats and Oracle timestamp dates. A tiny node:http server stands in for each reading.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { OmspanClient } from "../../src/upstream/omspan.js";
import { createLogger } from "../../src/logger.js";
import { RealisasiAggregator } from "../../src/budget/aggregate.js";

const logger = createLogger({ level: "silent", secrets: [] });
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJrZHQiOiIyMDI2In0.sig";
const NO_DATA = '{"body":{"value":"Tidak Ada Data (no data found)"}}';
const BAD_PARAM = '[[{"colspan":26,"classes":"bold align-center","value":"Harap isi filter atau parameter terlebih dahulu"}]]';

interface Variant {
  /** Rows the server holds. */
  total: number;
  /** Server-side cap per response. */
  cap: number;
  rownum: "absolute" | "relative" | "none";
  /** Upper bound of the range is exclusive. */
  exclusiveTo?: boolean;
  /** What a range past the end answers. */
  end: "nodata" | "empty" | "badparam" | "404";
  /** Wire form of AMOUNT for row i (1-based). */
  amount?: (i: number) => string;
  /** Wire form of TANGGAL for row i. */
  tanggal?: (i: number) => string;
}

/** Row i (1-based): satker alternates, amount i × 1000 rupiah, a February date. */
function row(v: Variant, i: number, rn: number | undefined): Record<string, string> {
  return {
    ...(rn !== undefined ? { ROWNUM: String(rn) } : {}),
    KDSATKER: i % 2 ? "527560" : "527567",
    KPPN: "034",
    BA: "056",
    BAES1: "05601",
    AKUN: "521211",
    TANGGAL: v.tanggal ? v.tanggal(i) : "04-FEB-26",
    MAXDATE: "20-NOV-26",
    AMOUNT: v.amount ? v.amount(i) : String(i * 1000),
  };
}

let server: Server | undefined;
let requests: string[] = [];

afterEach(async () => {
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
});

async function start(v: Variant): Promise<string> {
  requests = [];
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/ws/, "");
    requests.push(path);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { "content-type": "text/plain" }).end("Token yang dikirimkan tidak valid (Signature verification failed)");
      return;
    }
    const m = /^\/RealisasiKL\/(\d+)\/(\d+)$/.exec(path);
    if (!m) {
      res.writeHead(200, { "content-type": "application/json" }).end(BAD_PARAM);
      return;
    }
    const from = Number(m[1]);
    const last = Math.min(v.exclusiveTo ? Number(m[2]) - 1 : Number(m[2]), from + v.cap - 1, v.total);
    const rows: Record<string, string>[] = [];
    for (let i = from; i <= last; i++) rows.push(row(v, i, v.rownum === "absolute" ? i : v.rownum === "relative" ? i - from + 1 : undefined));
    if (!rows.length && v.end === "404") {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Error 404--Not Found</body></html>");
      return;
    }
    const body = rows.length ? JSON.stringify(rows) : v.end === "empty" ? "[]" : v.end === "badparam" ? BAD_PARAM : NO_DATA;
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}

function client(baseURL: string): OmspanClient {
  return new OmspanClient({ baseURL, token: TOKEN, timeoutMs: 5_000, retries: 0, backoffMs: 1, breakerFailures: 50, breakerCooldownMs: 1_000, logger });
}

async function readAll(v: Variant, pageSize: number) {
  const c = client(await start(v));
  const agg = new RealisasiAggregator();
  for await (const p of c.realisasiPages(pageSize, { pageCap: 1_000 })) agg.add(p.rows);
  return agg;
}

/** Σ i × 1000 rupiah over the rows, in sen. */
const sumSen = (n: number) => ((n * (n + 1)) / 2) * 1000 * 100;

describe("RealisasiKL paging against other readings of the row range", () => {
  it.each([
    ["absolute ROWNUM, no cap", { rownum: "absolute", cap: 1e9, end: "nodata" }, 500],
    ["absolute ROWNUM, cap below the page size", { rownum: "absolute", cap: 300, end: "nodata" }, 500],
    ["ROWNUM numbered per response, no cap", { rownum: "relative", cap: 1e9, end: "nodata" }, 500],
    ["ROWNUM numbered per response, cap below the page size", { rownum: "relative", cap: 300, end: "nodata" }, 500],
    ["no ROWNUM, cap below the page size", { rownum: "none", cap: 300, end: "empty" }, 500],
    ["exclusive upper bound", { rownum: "absolute", cap: 1e9, end: "empty", exclusiveTo: true }, 500],
    ["exclusive upper bound, ROWNUM per response", { rownum: "relative", cap: 1e9, end: "nodata", exclusiveTo: true }, 500],
    // a range past the end answered as a "wrong parameter" or a 404, after a short last page
    ["the missing-parameter body past the end", { rownum: "absolute", cap: 1e9, end: "badparam" }, 500],
    ["a 404 past the end", { rownum: "absolute", cap: 1e9, end: "404" }, 500],
    ["the missing-parameter body past the end, cap below the page size", { rownum: "absolute", cap: 300, end: "badparam" }, 500],
  ] as const)("%s: every row once", async (_name, shape, pageSize) => {
    const total = 2_345;
    const agg = await readAll({ total, ...shape }, pageSize);
    expect(agg.rows).toBe(total);
    const totals = agg.satkerTotals();
    expect((totals.get("527560")?.amountSen ?? 0) + (totals.get("527567")?.amountSen ?? 0)).toBe(sumSen(total));
    // the end is one extra request past the data
    expect(requests.at(-1)).toMatch(/^\/RealisasiKL\/\d+\/\d+$/);
  });
});

describe("RealisasiKL errors that are not the end", () => {
  it("the missing-parameter body right away (our URL is wrong) stays bad_request", async () => {
    const c = client(await start({ total: 0, cap: 1e9, rownum: "absolute", end: "badparam" }));
    await expect((async () => {
      for await (const _p of c.realisasiPages(500, { pageCap: 10 }));
    })()).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("after a FULL page it stays bad_request (the end is only taken after a short page)", async () => {
    const c = client(await start({ total: 1_000, cap: 1e9, rownum: "absolute", end: "badparam" }));
    await expect((async () => {
      for await (const _p of c.realisasiPages(500, { pageCap: 10 }));
    })()).rejects.toMatchObject({ kind: "bad_request" });
  });
});

describe("number and date forms another simulator may send", () => {
  it.each([
    // Indonesian grouping with a decimal comma and ONE group: unambiguous
    ["1.500,50", 150_050],
    ["-12.345,6", -1_234_560],
    // one dot followed by exactly three digits is a thousands group (rupiah never has 3 decimals)
    ["150.000", 15_000_000],
    ["-1.500", -150_000],
    // accounting negatives
    ["(150000)", -15_000_000],
    ["(1.500.000)", -150_000_000],
    ["150000-", -15_000_000],
    ["-Rp 150.000", -15_000_000],
  ])("amount %j → %d sen", async (s, sen) => {
    const { parseAmountSen } = await import("../../src/upstream/omspan-fields.js");
    expect(parseAmountSen(s)).toBe(sen);
  });

  it("keeps the plain decimal readings", async () => {
    const { parseAmountSen } = await import("../../src/upstream/omspan-fields.js");
    expect(parseAmountSen("0.500")).toBe(50);
    expect(parseAmountSen("1234.565")).toBe(123_457);
    expect(parseAmountSen("750000.50")).toBe(75_000_050);
    expect(parseAmountSen("1.5")).toBe(150);
    expect(parseAmountSen("12.50")).toBe(1_250);
    expect(parseAmountSen("(abc)")).toBeUndefined();
    expect(parseAmountSen("--5")).toBeUndefined();
  });

  it.each([
    ["04-FEB-26 12.00.00.000000 AM", { year: 2026, month: 2, day: 4 }],
    ["04-FEB-26 01.30.15.123456789 PM", { year: 2026, month: 2, day: 4 }],
    ["04-FEB-2026 00:00:00.0", { year: 2026, month: 2, day: 4 }],
    ["04-FEBRUARY-2026", { year: 2026, month: 2, day: 4 }],
    ["17-Agustus-2026", { year: 2026, month: 8, day: 17 }],
    ["01-NOPEMBER-26", { year: 2026, month: 11, day: 1 }],
    ["05-June-26", { year: 2026, month: 6, day: 5 }],
  ])("date %j", async (s, d) => {
    const { parseOracleDate } = await import("../../src/upstream/omspan-fields.js");
    expect(parseOracleDate(s)).toEqual(d);
  });

  it("still rejects month names it does not know", async () => {
    const { parseOracleDate } = await import("../../src/upstream/omspan-fields.js");
    expect(parseOracleDate("04-FEBXYZ-26")).toBeUndefined();
    expect(parseOracleDate("04-MONDAY-26")).toBeUndefined();
  });
});

describe("request headers", () => {
  it("sends the key as `Bearer <key>` even when configured with the document's 'Bearer ' or stray whitespace, plus the listed Content-Type", async () => {
    const base = await start({ total: 3, cap: 10, rownum: "absolute", end: "nodata" });
    const seen: (string | undefined)[] = [];
    server!.prependListener("request", (req) => seen.push(req.headers["content-type"]));
    const c = new OmspanClient({ baseURL: base, token: `  Bearer ${TOKEN}\n`, timeoutMs: 5_000, retries: 0, breakerFailures: 50, breakerCooldownMs: 1_000, logger });
    let rows = 0;
    for await (const p of c.realisasiPages(10, { pageCap: 5 })) rows += p.rows.length;
    expect(rows).toBe(3);
    expect(seen[0]).toBe("application/json");
    expect(c.keyInfo().year).toBe(2026);
  });
});
