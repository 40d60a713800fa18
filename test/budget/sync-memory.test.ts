import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { OmspanSim } from "../../sim/omspan.js";
import { OmspanClient } from "../../src/upstream/omspan.js";
import { createLogger } from "../../src/logger.js";
import { RealisasiAggregator } from "../../src/budget/aggregate.js";

/** A forced full GC without starting node with --expose-gc. */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const ROWS = 300_000;
let sim: OmspanSim;

beforeAll(async () => {
  sim = await OmspanSim.start({ realisasiRows: ROWS, maxRangeRows: 10_000, asOf: { month: 11, day: 20 }, seed: 3 });
});

afterAll(async () => {
  await sim.close();
});

describe("memory stays bounded on the generator path", () => {
  it(`streams ${ROWS.toLocaleString("en")} rows page by page with a stable heap`, async () => {
    const client = new OmspanClient({
      baseURL: sim.baseUrl,
      token: sim.token,
      timeoutMs: 60_000,
      retries: 0,
      breakerFailures: 5,
      breakerCooldownMs: 1_000,
      logger: createLogger({ level: "silent", secrets: [] }),
    });
    const agg = new RealisasiAggregator();
    const samples: number[] = [];
    let pages = 0;
    for await (const page of client.realisasiPages(10_000, { pageCap: 100 })) {
      agg.add(page.rows);
      pages++;
      // measure after the batch is consumed (the generator holds nothing between pages)
      if (pages === 3 || pages % 6 === 0) samples.push(heap());
    }
    const end = heap();
    expect(pages).toBe(30);
    expect(agg.rows).toBe(ROWS);
    // 300 000 retained rows would be > 100 MB; allow only the aggregator's keys and noise.
    const baseline = samples[0]!;
    const peak = Math.max(...samples, end);
    expect(peak - baseline).toBeLessThan(16 * 1024 * 1024);
    // the aggregator holds keys, not rows
    expect(agg.keyCount).toBeLessThanOrEqual(sim.data.lines.length * 11);
    expect(agg.keyCount).toBeLessThan(ROWS / 20);
    // and the sums are still exact
    for (const [kd, e] of sim.reference()) expect(agg.satkerTotals().get(kd)?.amountSen, kd).toBe(e.realisasi * 100);
  });
});
