import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OmspanSim } from "../../sim/omspan.js";
import { OmspanClient } from "../../src/upstream/omspan.js";
import { createLogger } from "../../src/logger.js";
import { openStore, type Store } from "../../src/store/db.js";
import { aggregateFa } from "../../src/budget/aggregate-lines.js";
import { BudgetStore } from "../../src/budget/store.js";
import { BudgetSync, SyncFailure } from "../../src/budget/sync.js";
import type { SyncListener } from "../../src/budget/reader.js";
import { freshPgSchema, TEST_PG_URL } from "../helpers/backends.js";

const logger = createLogger({ level: "silent", secrets: [] });
const NOW = new Date("2026-11-23T02:00:00Z");
const ASOF = { month: 11, day: 20 };

describe("aggregateFa: pagu minus per DataFA line, before summing", () => {
  it("keeps a negative line even when another line of the same akun is positive", () => {
    const line = (balancingSen: number) => ({ satker: "527560", akun: "521111", dipaSen: 1000, kontrakSen: 0, blokirSen: 0, actualSen: 1000 - balancingSen, balancingSen });
    const [a] = aggregateFa([line(-150_00), line(900_00), line(-50_00)]);
    expect(a).toMatchObject({ balancingSen: 700_00, minusSen: -200_00, minusLines: 2, lines: 3, identityMismatches: 0 });
  });
});

type Backend = { name: string; skip: string | false; open(): Promise<{ store: Store; drop(): Promise<void> }> };
const backends: Backend[] = [
  {
    name: "sqlite",
    skip: false,
    async open() {
      const store = await openStore("sqlite::memory:");
      return { store, drop: async () => undefined };
    },
  },
];
// PostgreSQL when its test server is given; otherwise reported as skipped, with the reason.
backends.push({
  name: "postgres",
  skip: TEST_PG_URL ? false : "PANTAU_TEST_PG_URL is not set (no PostgreSQL test server)",
  async open() {
    const s = await freshPgSchema(TEST_PG_URL!);
    const store = await openStore(s.url);
    return { store, drop: () => s.drop() };
  },
});

for (const backend of backends)
describe.skipIf(backend.skip)(`BudgetStore + BudgetSync on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ""}`, () => {
  let sim: OmspanSim;
  let store: Store;
  let drop: () => Promise<void>;
  let reader: BudgetStore;

  const client = () => new OmspanClient({ baseURL: sim.baseUrl, token: sim.token, timeoutMs: 5_000, retries: 1, backoffMs: 5, breakerFailures: 100, breakerCooldownMs: 1_000, logger });
  const newSync = (over: Partial<ConstructorParameters<typeof BudgetSync>[0]> = {}) =>
    new BudgetSync({ store: reader, client: client(), logger, pageSize: 2_000, pageCap: 100, now: () => NOW, ...over });

  beforeAll(async () => {
    sim = await OmspanSim.start({ realisasiRows: 20_000, satkerCount: 30, seed: 11, asOf: ASOF });
    ({ store, drop } = await backend.open());
    reader = new BudgetStore(store);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
    await sim?.close();
  });
  afterEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
  });

  it("first sync: every satker equals the simulator's reference; the run is recorded", async () => {
    expect(await reader.current()).toBeUndefined();
    const sync = newSync();
    const r = await sync.run("admin");
    expect(r).toMatchObject({ rows: 20_000, satker: 30, trigger: "admin", dataDate: { year: 2026, ...ASOF } });
    expect(r.changes).toBeUndefined();
    const snap = (await reader.current())!;
    expect(snap.datasetId).toBe(r.datasetId);
    const satker = await snap.satker();
    expect(satker.length).toBe(30);
    for (const { kdsatker, nama } of satker) {
      const exp = sim.expectedSatker(kdsatker)!;
      expect(nama).toBe(exp.nama);
      const s = (await snap.summary(kdsatker, NOW))!;
      expect(s.paguSen).toBe(exp.pagu * 100);
      expect(s.realisasiSen).toBe(exp.realisasi * 100);
      expect(s.kontrakSen).toBe(exp.fa.kontrak * 100);
      expect(s.blokirSen).toBe(exp.fa.blokir * 100);
      expect(s.sisaSen).toBe(exp.fa.balancing * 100);
      expect(Object.fromEntries(s.paguMinus.map((m) => [m.akun, m.amountSen / 100]))).toEqual(exp.paguMinusPerAkun);
      expect(s.ikpa?.score).toBe(exp.ikLatest?.score);
      expect(s.ikpa?.kategori).toBe(exp.ikLatest?.kategori);
      for (const b of s.bulanan) expect(b.realisasiSen).toBe((exp.perBulan[b.month] ?? 0) * 100);
      expect(s.crossCheck.consistent).toBe(true);
      const hist = await snap.ikpaHistory(kdsatker);
      expect(hist.at(-1)?.ikpa.score).toBe(exp.ikLatest?.score);
    }
    expect(await snap.summary("999999", NOW)).toBeUndefined();
    const [run] = await reader.runs(1);
    expect(run).toMatchObject({ id: r.datasetId, status: "active", trigger: "admin", rows: 20_000, satker: 30, maxdate: { year: 2026, ...ASOF } });
    expect(run!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("one run at a time: a second trigger joins the running one", async () => {
    const sync = newSync();
    const before = sim.count("/DipaBelanjaKL");
    sim.setLatency(20);
    const a = sync.run("admin");
    const b = sync.run("jadwal");
    expect(b).toBe(a);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.datasetId).toBe(rb.datasetId);
    expect(sim.count("/DipaBelanjaKL") - before).toBe(1);
    expect(sync.inProgress).toBeUndefined();
  });

  it("atomic swap: concurrent readers during a sync with changed data see the old set or the new one, never a mix", async () => {
    const sync = newSync({ pageSize: 1_000 });
    await sync.run("admin");
    const kds = (await (await reader.current())!.satker()).map((s) => s.kdsatker);
    const version = (ref: Map<string, { realisasi: number; paguMinusPerAkun: Record<string, number> }>) =>
      new Map(kds.map((kd) => [kd, `${ref.get(kd)!.realisasi}|${JSON.stringify(Object.entries(ref.get(kd)!.paguMinusPerAkun).sort())}`]));
    const oldV = version(sim.reference());
    // Changed data: more rows (every satker's realisasi changes) and a new pagu minus line.
    sim.setRealisasiRows(26_000);
    const line = sim.data.lines.find((l) => l.kdsatker === kds[5] && l.akun.startsWith("52"))!;
    sim.setPaguMinus(line.kdsatker, line.akun, 1_234_000);
    const newV = version(sim.reference());
    expect([...kds].filter((kd) => oldV.get(kd) !== newV.get(kd)).length).toBe(kds.length);
    sim.setLatency(5);

    const seen = { old: 0, new: 0 };
    let done = false;
    const reading = (async () => {
      while (!done) {
        const snap = (await reader.current())!;
        const sums = await Promise.all(kds.map((kd) => snap.summary(kd, NOW)));
        const got = sums.map((s) => `${s!.realisasiSen / 100}|${JSON.stringify(s!.paguMinus.map((m) => [m.akun, m.amountSen / 100]).sort())}`);
        const isOld = got.every((g, i) => g === oldV.get(kds[i]!));
        const isNew = got.every((g, i) => g === newV.get(kds[i]!));
        expect(isOld || isNew, `a mixed read of data set ${snap.datasetId}`).toBe(true);
        seen[isOld ? "old" : "new"]++;
        // better-sqlite3 answers synchronously: yield so the sync's HTTP I/O can progress.
        await new Promise((res) => setImmediate(res));
      }
    })();
    const r = await sync.run("jadwal");
    await new Promise((res) => setTimeout(res, 50));
    done = true;
    await reading;
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
    expect(r.changes?.paguMinusBaru.map((m) => `${m.satker}|${m.akun}|${m.amountSen}`)).toEqual([`${line.kdsatker}|${line.akun}|-123400000`]);
    expect(r.changes!.realisasiDeltaSen).not.toBe(0);
  }, 30_000);

  it("a failed sync (500 mid-way through RealisasiKL) keeps the last good data and records the error", async () => {
    const good = (await reader.current())!;
    const sync = newSync();
    sim.fault({ path: "/RealisasiKL", kind: "status", status: 500, times: Infinity, afterRequests: 3 });
    const err = await sync.run("jadwal").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncFailure);
    expect((err as SyncFailure).kind).toBe("unavailable");
    expect((await reader.current())!.datasetId).toBe(good.datasetId);
    const last = (await reader.lastRun())!;
    expect(last).toMatchObject({ status: "failed", trigger: "jadwal" });
    expect(last.error).toMatch(/unavailable/);
    const leftovers = await store.db.selectFrom("budget_realisasi").select((eb) => eb.fn.countAll<number>().as("n")).where("dataset_id", "=", last.id).executeTakeFirstOrThrow();
    expect(Number(leftovers.n)).toBe(0);
  });

  it("reaching the page cap fails with 'truncated' instead of swapping in partial data", async () => {
    const good = (await reader.current())!;
    const err = await newSync({ pageCap: 3 }).run("admin").catch((e: unknown) => e);
    expect((err as SyncFailure).kind).toBe("truncated");
    expect((await reader.current())!.datasetId).toBe(good.datasetId);
  });

  it("eselon I and KL IK endpoints missing or broken (404, 500, garbage) do not fail the sync: only satker IK rows feed the bot", async () => {
    sim.fault({ path: "/CapaianIKEselon1Re", kind: "status", status: 404, times: Infinity });
    sim.fault({ path: "/CapaianIKKLRe", kind: "garbage", times: Infinity });
    const r = await newSync().run("admin");
    expect(r.endpoints).toMatchObject({ CapaianIKEselon1Re: 0, CapaianIKKLRe: 0 });
    expect(r.endpoints.CapaianIKSatkerRe).toBeGreaterThan(0);
    const e = sim.expectedSatker("527560")!;
    expect((await (await reader.current())!.summary("527560", NOW))?.ikpa?.score).toBe(e.ikLatest!.score);
    // the satker endpoint itself stays required
    sim.clearFaults();
    sim.fault({ path: "/CapaianIKSatkerRe", kind: "status", status: 404, times: Infinity });
    expect(((await newSync().run("admin").catch((x: unknown) => x)) as SyncFailure).kind).toBe("not_found");
  });

  it("a rejected key stops the run, keeps the data, and tells the administrators once per incident with the key's year", async () => {
    const good = (await reader.current())!;
    const notices: string[] = [];
    const incidents = {
      open: false,
      async unauthorized(_u: string, _now?: Date, extra?: string) {
        if (this.open) return;
        this.open = true;
        notices.push(extra ?? "");
      },
      async ok() {
        this.open = false;
      },
    };
    const sync = newSync({ keyNote: (info, year) => `kunci ${info.year} / sekarang ${year}`, incidents });
    const token = sim.token;
    sim.setToken("rotated");
    try {
      for (let i = 0; i < 2; i++) expect(((await sync.run("jadwal").catch((e: unknown) => e)) as SyncFailure).kind).toBe("unauthorized");
    } finally {
      sim.setToken(token);
    }
    expect(notices).toEqual(["kunci 2026 / sekarang 2026"]);
    expect((await reader.current())!.datasetId).toBe(good.datasetId);
    await sync.run("jadwal");
    expect(incidents.open).toBe(false);
  });

  it("listeners get the new and the previous snapshot; older data sets are deleted after the swap", async () => {
    const sync = newSync();
    const calls: Parameters<SyncListener>[0][] = [];
    const off = sync.onSynced(async (e) => {
      calls.push(e);
    });
    sync.onSynced(async () => {
      throw new Error("a broken listener does not fail the sync");
    });
    const before = (await reader.current())!;
    const r1 = await sync.run("admin");
    const r2 = await sync.run("admin");
    off();
    expect(calls.map((c) => [c.snapshot.datasetId, c.previous?.datasetId, c.trigger])).toEqual([
      [r1.datasetId, before.datasetId, "admin"],
      [r2.datasetId, r1.datasetId, "admin"],
    ]);
    expect(r2.listenerErrors).toBe(1);
    // The previous set is still readable by the listener …
    const kd = (await calls[1]!.previous!.satker())[0]!.kdsatker;
    expect((await calls[1]!.previous!.summary(kd, NOW))!.paguSen).toBeGreaterThan(0);
    // … older ones are gone (their runs stay recorded).
    const kept = await store.db.selectFrom("budget_satker").select("dataset_id").distinct().execute();
    expect(kept.map((k) => Number(k.dataset_id)).sort((a, b) => a - b)).toEqual([r1.datasetId, r2.datasetId]);
    expect((await reader.runs(50)).find((x) => x.id === before.datasetId)?.status).toBe("superseded");
  });

  it("with the parse worker (OMSPAN_PARSE_WORKER): the same data set; a failing page or garbage rows keep the last good data", async () => {
    const inThread = (await newSync().run("admin"))!;
    const threadSnap = (await reader.current())!;
    const expected = await Promise.all((await threadSnap.satker()).map(async ({ kdsatker }) => threadSnap.summary(kdsatker, NOW)));
    const r = await newSync({ parseWorker: true }).run("admin");
    expect(r).toMatchObject({ rows: inThread.rows, satker: inThread.satker, dataDate: inThread.dataDate, endpoints: inThread.endpoints });
    const snap = (await reader.current())!;
    expect(snap.datasetId).toBe(r.datasetId);
    expect(await Promise.all((await snap.satker()).map(async ({ kdsatker }) => snap.summary(kdsatker, NOW)))).toEqual(expected);
    for (const { kdsatker } of await snap.satker()) expect((await snap.summary(kdsatker, NOW))!.realisasiSen).toBe(sim.expectedSatker(kdsatker)!.realisasi * 100);

    for (const fault of [
      { path: "/RealisasiKL", kind: "status", status: 500, times: Infinity, afterRequests: 3 },
      { path: "/RealisasiKL", kind: "garbage", body: '[{"ROWNUM":"1","KDSATKER":"527560"},{"x":"y"}]', afterRequests: 2 },
    ] as const) {
      sim.fault(fault);
      const err = await newSync({ parseWorker: true }).run("jadwal").catch((e: unknown) => e);
      sim.clearFaults();
      expect((err as SyncFailure).kind).toBe(fault.kind === "status" ? "unavailable" : "bad_response");
      expect((await reader.current())!.datasetId).toBe(r.datasetId);
      expect((await reader.lastRun())!).toMatchObject({ status: "failed" });
    }
  });

  it("schedules and the run at start only on the leader", async () => {
    const follower = newSync();
    let asked = 0;
    follower.start({ cron: "0 0 1 1 *", isLeader: () => (asked++, false) });
    // The follower asked whether it leads (synchronously, in start) and started nothing.
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(follower.inProgress).toBeUndefined();
    await follower.stop();

    // Fresh data: no run at start even on the leader.
    const fresh = newSync({ now: () => new Date(NOW.getTime() + 60_000) });
    fresh.start({ cron: "0 */2 * * *", isLeader: () => true });
    await new Promise((r) => setTimeout(r, 50));
    expect(fresh.inProgress).toBeUndefined();
    await fresh.stop();

    // Data older than the interval: the leader syncs at start.
    const later = newSync({ now: () => new Date(NOW.getTime() + 3 * 3_600_000) });
    let became: ((b: boolean) => void) | undefined;
    later.start({ cron: "0 */2 * * *", isLeader: () => true, onLeaderChange: (fn) => ((became = fn), () => undefined) });
    await new Promise((r) => setTimeout(r, 50));
    const run = later.inProgress;
    expect(run).toBeDefined();
    expect((await run!).trigger).toBe("start");
    expect(became).toBeDefined();
    await later.stop();
  });
});
