import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OmspanSim } from "../../sim/omspan.js";
import { OmspanClient } from "../../src/upstream/omspan.js";
import type { DipaLine, FaLine } from "../../src/upstream/omspan-rows.js";
import type { RealisasiPage } from "../../src/upstream/omspan-paging.js";
import type { IkRow } from "../../src/domain/budget.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { createLogger } from "../../src/logger.js";
import { RealisasiAggregator } from "../../src/budget/aggregate.js";
import { buildAnggaranSummary, detectPaguMinus } from "../../src/budget/summary.js";

const logger = createLogger({ level: "silent", secrets: [] });
const NOW = new Date("2026-11-23T02:00:00Z"); // 09.00 WIB, TW IV

let sim: OmspanSim;

function client(over: Partial<ConstructorParameters<typeof OmspanClient>[0]> = {}): OmspanClient {
  return new OmspanClient({
    baseURL: sim.baseUrl,
    token: sim.token,
    timeoutMs: 5_000,
    retries: 2,
    backoffMs: 5,
    breakerFailures: 50,
    breakerCooldownMs: 1_000,
    logger,
    ...over,
  });
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof UpstreamError) return e.kind;
    throw e;
  }
}

interface Synced {
  dipa: DipaLine[];
  fa: FaLine[];
  ik: IkRow[];
  agg: RealisasiAggregator;
  pages: RealisasiPage[];
}

async function sync(c: OmspanClient, pageSize = 5_000, pageCap = 1_000): Promise<Synced> {
  const [dipa, fa, ik] = [await c.dipa(), await c.dataFa(), await c.ikSatker()];
  const agg = new RealisasiAggregator();
  const pages: RealisasiPage[] = [];
  for await (const page of c.realisasiPages(pageSize, { pageCap })) {
    agg.add(page.rows);
    pages.push({ ...page, rows: [] }); // keep the bookkeeping, drop the rows
  }
  return { dipa: dipa.rows, fa: fa.rows, ik: ik.rows, agg, pages };
}

beforeAll(async () => {
  sim = await OmspanSim.start({ realisasiRows: 20_000, asOf: { month: 11, day: 20 }, seed: 5 });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.clearFaults();
  sim.setMaxRangeRows(10_000);
});

describe("a full sync against the simulator's independent reference", () => {
  let s: Synced;
  beforeAll(async () => {
    s = await sync(client());
  });

  it("every row arrives once; sums per satker, per akun × month and MAXDATE match the reference", () => {
    expect(s.agg.rows).toBe(20_000);
    expect(s.agg.maxDate).toEqual({ year: 2026, month: 11, day: 20 });
    const ref = sim.reference();
    const totals = s.agg.satkerTotals();
    expect(totals.size).toBe(ref.size);
    for (const [kd, e] of ref) {
      expect(totals.get(kd)?.amountSen, kd).toBe(e.realisasi * 100);
      expect(totals.get(kd)?.rows, kd).toBe(e.rows);
      const cells = Object.fromEntries(s.agg.cellsOf(kd).map((c) => [`${c.akun}|${c.month}`, c.amountSen / 100]));
      expect(cells, kd).toEqual(e.perAkunBulan);
    }
    // bounded: keys ≤ lines × months, far below the rows
    expect(s.agg.keyCount).toBeLessThanOrEqual(sim.data.lines.length * 11);
  });

  it("the /anggaran summary of 527560 matches the reference figure by figure", () => {
    const e = sim.expectedSatker("527560")!;
    const sum = buildAnggaranSummary({ kdsatker: "527560", dipa: s.dipa, fa: s.fa, realisasi: s.agg.cells(), ik: s.ik, dataDate: s.agg.maxDate, now: NOW });
    expect(sum.known).toBe(true);
    expect(sum.nama).toBe("KANTOR PERTANAHAN KABUPATEN PASURUAN");
    expect(sum.triwulanLabel).toBe("TW IV");
    expect(sum.paguSen).toBe(e.pagu * 100);
    expect(sum.realisasiSen).toBe(e.realisasi * 100);
    expect(sum.persen).toBeCloseTo((e.realisasi / e.pagu) * 100, 10);
    for (const j of sum.jenis) {
      expect(j.paguSen, j.kode).toBe(e.perJenis[j.kode]!.pagu * 100);
      expect(j.realisasiSen, j.kode).toBe(e.perJenis[j.kode]!.realisasi * 100);
      expect(j.target, j.kode).toBe({ "51": 95, "52": 90, "53": 90, "57": 95 }[j.kode]);
      expect(j.behind).toBe(j.persen! < j.target!);
    }
    expect(sum.kontrakSen).toBe(e.fa.kontrak * 100);
    expect(sum.blokirSen).toBe(e.fa.blokir * 100);
    expect(sum.sisaSen).toBe(e.fa.balancing * 100);
    expect(sum.paguMinus.map((p) => [p.akun, p.amountSen])).toEqual(Object.entries(e.paguMinusPerAkun).map(([a, v]) => [a, v * 100]));
    expect(sum.paguMinus.length).toBeGreaterThan(0); // 511129 is over-spent by design
    expect(sum.ikpa?.periode).toBe(e.ikLatest!.periode);
    expect(sum.ikpa?.score).toBe(e.ikLatest!.score);
    expect(sum.ikpa?.kategori).toBe(e.ikLatest!.kategori);
    expect(sum.dataDate).toEqual(e.maxDate);
    expect(sum.bulanan.at(-1)!.kumulatifSen).toBe(e.realisasi * 100);
    expect(sum.bulanan[10]!.kumulatifSen).toBe(e.realisasi * 100);
    expect(sum.crossCheck).toMatchObject({ paguSelisihSen: 0, realisasiSelisihSen: 0, identityMismatches: 0, consistent: true });
  });

  it("cross-checks agree for every satker; pagu minus per satker+akun equals the reference", () => {
    const ref = sim.reference();
    const minus = detectPaguMinus(s.fa);
    for (const [kd, e] of ref) {
      const sum = buildAnggaranSummary({ kdsatker: kd, dipa: s.dipa, fa: s.fa, realisasi: s.agg.cells(), ik: s.ik, now: NOW });
      expect(sum.crossCheck.consistent, kd).toBe(true);
      expect(Object.fromEntries(minus.filter((m) => m.satker === kd).map((m) => [m.akun, m.amountSen / 100])), kd).toEqual(e.paguMinusPerAkun);
    }
  });

  it("an unknown satker is reported as unknown", () => {
    const sum = buildAnggaranSummary({ kdsatker: "999999", dipa: s.dipa, fa: s.fa, realisasi: s.agg.cells(), ik: s.ik, now: NOW });
    expect(sum.known).toBe(false);
    expect(sum.persen).toBeUndefined();
    expect(sum.jenis).toEqual([]);
  });
});

describe("paging", () => {
  it("survives a server cap below the page size (next from = highest ROWNUM + 1)", async () => {
    sim.setMaxRangeRows(700);
    sim.resetRequests();
    const s = await sync(client(), 2_000);
    expect(s.agg.rows).toBe(20_000);
    const pages = s.pages;
    expect(pages).toHaveLength(Math.ceil(20_000 / 700));
    pages.forEach((p, i) => {
      expect(p.from).toBe(i * 700 + 1);
      expect(p.to).toBe(p.from + 1_999);
      expect(p.received).toBe(Math.min(700, 20_000 - i * 700));
      expect(p.nextFrom).toBe(p.maxRownum! + 1);
    });
    // one last request sees the no-data body
    expect(sim.count("/RealisasiKL")).toBe(pages.length + 1);
    expect(sim.requests.filter((r) => r.path.startsWith("/RealisasiKL")).at(-1)).toMatchObject({ path: "/RealisasiKL/20001/22000", rows: 0 });
    for (const [kd, e] of sim.reference()) expect(s.agg.satkerTotals().get(kd)?.amountSen).toBe(e.realisasi * 100);
  });

  it("fails with truncated at the page cap, after yielding the pages it got", async () => {
    const c = client();
    let pages = 0;
    const err = await kindOf(
      (async () => {
        for await (const _p of c.realisasiPages(5_000, { pageCap: 3 })) pages++;
      })(),
    );
    expect(err).toBe("truncated");
    expect(pages).toBe(3);
  });

  it("exactly at the cap with data complete is still reported incomplete (the end is only known from a no-data answer)", async () => {
    expect(await kindOf((async () => { for await (const _p of client().realisasiPages(5_000, { pageCap: 4 })); })())).toBe("truncated");
    let n = 0;
    for await (const p of client().realisasiPages(5_000, { pageCap: 5 })) n += p.rows.length;
    expect(n).toBe(20_000);
  });

  it("pauses between pages and can start at a row", async () => {
    const started = Date.now();
    let rows = 0;
    for await (const p of client().realisasiPages(5_000, { pageCap: 10, pauseMs: 30, startRow: 10_001 })) rows += p.rows.length;
    expect(rows).toBe(10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 30);
  });

  it("a transient 500 on one page is retried; the totals stay exact", async () => {
    sim.fault({ path: "/RealisasiKL", kind: "status", status: 500, afterRequests: 2 });
    sim.fault({ path: "/RealisasiKL", kind: "reset", afterRequests: 3 });
    const s = await sync(client());
    expect(s.agg.rows).toBe(20_000);
  });

  it("the missing-parameter body mid-sync is bad_request (our URL is wrong), not the end", async () => {
    sim.fault({ path: "/RealisasiKL", kind: "badparam", afterRequests: 1 });
    expect(await kindOf(sync(client()))).toBe("bad_request");
  });

  it("a page of garbage rows fails the sync (rejected share)", async () => {
    sim.fault({ path: "/RealisasiKL", kind: "garbage", body: '[{"ROWNUM":"1","KDSATKER":"527560"},{"x":"y"}]', afterRequests: 1 });
    expect(await kindOf(sync(client()))).toBe("bad_response");
  });
});

describe("errors through the client", () => {
  it("401 plain text: unauthorized, no retry", async () => {
    sim.resetRequests();
    expect(await kindOf(client({ token: "eyJ.wrong.key" }).dipa())).toBe("unauthorized");
    expect(sim.count()).toBe(1);
  });

  it.each([
    ["nodata", "ok"],
    ["badparam", "bad_request"],
    ["html200", "bad_response"],
  ] as const)("%s → %s", async (kind, expected) => {
    sim.fault({ path: "/DataFA", kind });
    const p = client().dataFa();
    expect(await kindOf(p)).toBe(expected);
    if (kind === "nodata") expect((await client().dataFa()).rows.length).toBeGreaterThan(0);
  });

  it("the no-data body is an empty result", async () => {
    sim.fault({ path: "/CapaianIKKLRe", kind: "nodata" });
    expect(await client().ikKl()).toEqual({ rows: [], received: 0, rejected: 0 });
  });

  it("every built-in garbage body is bad_response", async () => {
    for (let i = 0; i < 4; i++) sim.fault({ path: "/DipaBelanjaKL", kind: "garbage", times: 1 });
    for (let i = 0; i < 4; i++) expect(await kindOf(client().dipa())).toBe("bad_response");
  });

  it("5xx is retried and then unavailable; a hang is a timeout", async () => {
    sim.fault({ path: "/DataFA", kind: "status", status: 503, times: 2 });
    expect((await client().dataFa()).rows.length).toBeGreaterThan(0);
    sim.fault({ path: "/DataFA", kind: "status", status: 502, times: 3 });
    expect(await kindOf(client().dataFa())).toBe("unavailable");
    sim.fault({ path: "/DataFA", kind: "hang" });
    expect(await kindOf(client({ timeoutMs: 200, retries: 0 }).dataFa())).toBe("timeout");
  });

  it("eselon I and KL rows parse (KL keys arrive with spaces)", async () => {
    const c = client();
    const es1 = await c.ikEselon1();
    const kl = await c.ikKl();
    expect(es1.rejected).toBe(0);
    expect(es1.rows.every((r) => /^056\d\d$/.test(r.kode) && r.level === "eselon1")).toBe(true);
    expect(kl.rows.length).toBe(10);
    expect(kl.rows[0]).toMatchObject({ level: "kl", kode: "056" });
    expect(Object.keys(kl.rows[0]!.values).length).toBeGreaterThan(8);
    expect(c.keyInfo().year).toBe(2026);
  });
});

describe("changes between syncs", () => {
  it("a new pagu minus and an IKPA change show up in the next summary", async () => {
    const akun = sim.data.lines.find((l) => l.kdsatker === "527567" && l.jenis === "53")!.akun;
    sim.setPaguMinus("527567", akun, 1_000_000);
    sim.setIk("527567", 11, { ...Object.fromEntries(Object.keys(sim.data.ikSatkerRows()[0]!.fields).filter((k) => k.startsWith("BBT_IND_")).map((k) => [k, "0"])), IK_REALISASI: "50.00", BBT_IND_REALISASI: "20" });
    try {
      const s = await sync(client());
      const sum = buildAnggaranSummary({ kdsatker: "527567", dipa: s.dipa, fa: s.fa, realisasi: s.agg.cells(), ik: s.ik, now: NOW });
      expect(sum.paguMinus.find((p) => p.akun === akun)).toMatchObject({ amountSen: -100_000_000, lines: 1 });
      expect(sum.ikpa).toMatchObject({ periode: 11, score: 50, kategori: "Kurang" });
      expect(sum.crossCheck.consistent).toBe(true);
    } finally {
      sim.setPaguMinus("527567", akun, 0);
    }
  });

  it("a different row count is a different data set, still consistent", async () => {
    sim.setRealisasiRows(7_777);
    try {
      const s = await sync(client(), 3_000);
      expect(s.agg.rows).toBe(7_777);
      for (const [kd, e] of sim.reference()) {
        expect(s.agg.satkerTotals().get(kd)?.amountSen ?? 0, kd).toBe(e.realisasi * 100);
        const sum = buildAnggaranSummary({ kdsatker: kd, dipa: s.dipa, fa: s.fa, realisasi: s.agg.cells(), now: NOW });
        expect(sum.crossCheck.realisasiSelisihSen, kd).toBe(0);
      }
    } finally {
      sim.setRealisasiRows(20_000);
    }
  });
});
