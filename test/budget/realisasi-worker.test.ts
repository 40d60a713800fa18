import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { OmspanSim } from "../../sim/omspan.js";
import { OmspanClient } from "../../src/upstream/omspan.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { createLogger } from "../../src/logger.js";
import { RealisasiAggregator } from "../../src/budget/aggregate.js";
import { aggregateInWorker } from "../../src/budget/realisasi-worker.js";
import { forEachPacked, guessNextFrom, packRealisasi, type PackedRow } from "../../src/upstream/omspan-packed.js";
import type { RealisasiPagingOptions } from "../../src/upstream/omspan-paging.js";
import type { Ymd } from "../../src/domain/budget.js";

/**
 * The budget sync reads and sums RealisasiKL in a worker thread (`aggregateInWorker`), the
 * next page fetched while one is read. It must make exactly the requests of the in-thread walk
 * (`realisasiPages`), see the same pages, reach the same sums, and fail the same way.
 */
const logger = createLogger({ level: "silent", secrets: [] });
let sim: OmspanSim;

const client = () =>
  new OmspanClient({ baseURL: sim.baseUrl, token: sim.token, timeoutMs: 5_000, retries: 2, backoffMs: 5, breakerFailures: 50, breakerCooldownMs: 1_000, logger });

interface Walk {
  requests: string[];
  pages: { from: number; to: number; received: number; rejected: number; maxRownum?: number; nextFrom: number }[];
  cells: unknown[];
  rows: number;
  error?: string;
}

async function walk(kind: "thread" | "worker", pageSize: number, opts: RealisasiPagingOptions): Promise<Walk> {
  sim.resetRequests();
  const pages: Walk["pages"] = [];
  let totals: { cells: unknown[]; rows: number } = { cells: [], rows: 0 };
  let error: string | undefined;
  try {
    const c = client();
    if (kind === "thread") {
      const agg = new RealisasiAggregator();
      for await (const { rows, page: _n, ...p } of c.realisasiPages(pageSize, opts)) {
        agg.add(rows);
        pages.push(p);
      }
      totals = { cells: agg.cells(), rows: agg.rows };
    } else {
      totals = await aggregateInWorker(c, pageSize, opts, ({ rows: _rows, page: _n, ...p }) => void pages.push(p));
    }
  } catch (e) {
    error = e instanceof UpstreamError ? e.kind : String(e);
  }
  const requests = sim.requests.filter((r) => r.path.startsWith("/RealisasiKL")).map((r) => `${r.path} ${r.status}`);
  return { requests, pages, cells: totals.cells, rows: totals.rows, ...(error ? { error } : {}) };
}

beforeAll(async () => {
  sim = await OmspanSim.start({ realisasiRows: 6_000, asOf: { month: 11, day: 20 }, seed: 9 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.clearFaults();
  sim.setMaxRangeRows(10_000);
});

describe("the worker walk is the in-thread walk", () => {
  const cases: [string, number, RealisasiPagingOptions, () => void][] = [
    ["full pages, then the no-data answer", 2_000, { pageCap: 100 }, () => undefined],
    ["a short last page", 2_500, { pageCap: 100 }, () => undefined],
    ["a server cap below the page size", 2_500, { pageCap: 100 }, () => sim.setMaxRangeRows(750)],
    ["from a start row, with a pause", 1_500, { pageCap: 100, startRow: 2_501, pauseMs: 5 }, () => undefined],
    ["the page cap reached: truncated", 1_000, { pageCap: 3 }, () => undefined],
    ["exactly at the cap", 1_500, { pageCap: 4 }, () => undefined],
    ["a transient 500 and a reset, retried", 1_200, { pageCap: 100 }, () => {
      sim.fault({ path: "/RealisasiKL", kind: "status", status: 500, afterRequests: 2 });
      sim.fault({ path: "/RealisasiKL", kind: "reset", afterRequests: 3 });
    }],
    ["the missing-parameter body mid-walk: bad_request", 1_200, { pageCap: 100 }, () => sim.fault({ path: "/RealisasiKL", kind: "badparam", afterRequests: 1 })],
    ["the missing-parameter body after a short page: the end", 2_500, { pageCap: 100 }, () => sim.fault({ path: "/RealisasiKL", kind: "badparam", afterRequests: 3 })],
    ["garbage rows: bad_response", 1_200, { pageCap: 100 }, () => sim.fault({ path: "/RealisasiKL", kind: "garbage", body: '[{"ROWNUM":"1","KDSATKER":"527560"},{"x":"y"}]', afterRequests: 1 })],
    ["an HTML page: bad_response", 1_200, { pageCap: 100 }, () => sim.fault({ path: "/RealisasiKL", kind: "html200", afterRequests: 2 })],
  ];
  it.each(cases)("%s", async (_name, pageSize, opts, setup) => {
    setup();
    const inThread = await walk("thread", pageSize, opts);
    sim.clearFaults();
    setup();
    const inWorker = await walk("worker", pageSize, opts);
    expect(inWorker).toEqual(inThread);
    expect(inThread.requests.length).toBeGreaterThan(1);
  });

  it("the sums are the simulator's reference", async () => {
    const w = await walk("worker", 2_500, { pageCap: 100 });
    expect(w.rows).toBe(6_000);
    const { cells } = await aggregateInWorker(client(), 2_500, { pageCap: 100 }, () => undefined);
    const bySatker = new Map<string, number>();
    for (const c of cells) bySatker.set(c.kdsatker, (bySatker.get(c.kdsatker) ?? 0) + c.amountSen);
    for (const [kd, e] of sim.reference()) expect(bySatker.get(kd)).toBe(e.realisasi * 100);
  });
});

describe("packed rows", () => {
  const ymd = fc.record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) });
  const code = fc.stringMatching(/^[0-9A-Z]{6}$/);
  const row = fc.record(
    { kdsatker: code, akun: code, tanggal: ymd, maxdate: ymd, amountSen: fc.maxSafeInteger().map((n) => n - Math.floor(Number.MAX_SAFE_INTEGER / 2)), rownum: fc.nat() },
    { requiredKeys: ["kdsatker", "akun", "tanggal", "amountSen"] },
  );
  it("unpack what was packed: the same fields, dates as one object each", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 50 }), (rows) => {
        const back: PackedRow[] = [];
        const dates = new Map<number, Ymd>();
        forEachPacked(packRealisasi(rows), dates, (r) => back.push({ ...r }));
        expect(back).toEqual(rows.map((r) => ({ ...r, maxdate: r.maxdate, rownum: r.rownum })));
        for (const r of back) expect(dates.get(r.tanggal.year * 10_000 + r.tanggal.month * 100 + r.tanggal.day)).toBe(r.tanggal);
      }),
    );
  });

  it("the guess of the next start is the last row's ROWNUM + 1, however it is written", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000_000 }), { minLength: 1, maxLength: 30 }), fc.boolean(), fc.constantFrom("ROWNUM", "rownum", "ROW_NUM"), (nums, quoted, key) => {
        const body = JSON.stringify(nums.map((n) => ({ [key]: quoted ? String(n) : n, AMOUNT: "1" })));
        expect(guessNextFrom(body)).toBe(nums.at(-1)! + 1);
      }),
    );
    expect(guessNextFrom('{"body":{"value":"Tidak Ada Data"}}')).toBeUndefined();
  });
});
