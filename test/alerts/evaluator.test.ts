import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/db.js";
import { createLogger } from "../../src/logger.js";
import { createI18n, translator } from "../../src/i18n.js";
import { AlertEvaluator, loadSatker } from "../../src/alerts/evaluator.js";
import { OutboxRepo } from "../../src/alerts/outbox.js";
import { SubscriptionRepo } from "../../src/alerts/subscriptions.js";
import { satker, setMinus, setRealisasi, TestBudget } from "../helpers/budget-reader.js";
import { freshPgSchema, TEST_PG_URL } from "../helpers/backends.js";

/**
 * The evaluator without Telegram: what it queues in the outbox after a sync, on SQLite and on
 * PostgreSQL. The budget data go through the real aggregation and store (TestBudget).
 */
const BACKENDS = [
  { name: "SQLite", skip: false as const },
  { name: "PostgreSQL", skip: TEST_PG_URL ? (false as const) : "PANTAU_TEST_PG_URL is not set (no PostgreSQL test server)" },
];

const KD = "527560";
const G = -100900;
const OFFICER = 2002;
const T0 = Date.parse("2026-11-23T02:00:00Z");
const logger = createLogger({ level: "silent", secrets: [] });
const t = translator(createI18n());

/** A logger whose records the test reads (the evaluation's log is what an operator sees of it). */
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ level: "info", secrets: [], destination: destination as never });
  return { log, records: () => lines.flatMap((l) => l.split("\n")).filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function open(name: string): Promise<Store> {
  let url: string;
  if (name === "PostgreSQL") {
    const schema = await freshPgSchema(TEST_PG_URL!);
    cleanups.push(() => schema.drop());
    url = schema.url;
  } else {
    const dir = mkdtempSync(join(tmpdir(), "pantau-eval-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    url = `sqlite:${join(dir, "p.db")}`;
  }
  const store = await openStore(url);
  cleanups.push(() => store.close());
  return store;
}

async function setup(name: string) {
  const store = await open(name);
  const subscriptions = new SubscriptionRepo(store.db);
  const outbox = new OutboxRepo(store.db);
  const budget = new TestBudget(store).add(satker(KD, "Kantor Pertanahan Kota Malang"));
  const evaluator = (now: number, subs: SubscriptionRepo = subscriptions) => new AlertEvaluator({ db: store.db, subscriptions: subs, outbox, t, logger, marginPct: 5, now: () => new Date(now) });
  await subscriptions.activateGroup(G, "Grup");
  await subscriptions.subscribe(G, [KD], OFFICER);
  await evaluator(T0).baseline(G, [KD], await budget.sync());
  return { store, subscriptions, outbox, budget, evaluator };
}

for (const b of BACKENDS)
  describe.skipIf(b.skip)(`alert evaluation on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => {
    it("two instances that read the state before either committed, at different times, queue ONE message for the data set", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 2_500_000);
      const snap = await e.budget.sync();
      // Instance B read the alert state before A committed (READ COMMITTED, two instances): it
      // sees no condition yet and raises the same one. Its clock is 90 s later than A's.
      const before = await e.subscriptions.state(G);
      const stale = Object.assign(Object.create(e.subscriptions) as SubscriptionRepo, { state: async () => before });
      const a = await e.evaluator(T0).evaluateAll(snap);
      const bRes = await e.evaluator(T0 + 90_000, stale).evaluateAll(snap);
      expect([a.messages, bRes.messages]).toEqual([1, 0]);
      const rows = await e.outbox.list({ chatId: G });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.text).toContain("Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 2.500.000</b>");
    });

    it("other changes in the same data set are another message: the key holds the changes too", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 1_000);
      setMinus(e.budget.get(KD), "511111", 2_000);
      const snap = await e.budget.sync();
      // Instance B believed 511111 was told already: it raises only 521211, a different change set.
      const stale = Object.assign(Object.create(e.subscriptions) as SubscriptionRepo, {
        state: async () => [{ key: `minus:${KD}:511111`, kdsatker: KD, kind: "minus" as const, data: { akun: "511111" } }],
      });
      const bRes = await e.evaluator(T0, stale).evaluateAll(snap);
      // A reads the state B wrote (521211 told) and raises 511111: another change set, another message.
      const a = await e.evaluator(T0).evaluateAll(snap);
      expect([bRes.messages, a.messages]).toEqual([1, 1]);
      const texts = (await e.outbox.list({ chatId: G })).map((r) => r.text);
      expect(texts).toHaveLength(2);
      expect([texts[0]!.includes("akun 521211"), texts[0]!.includes("akun 511111")]).toEqual([true, false]);
      expect([texts[1]!.includes("akun 521211"), texts[1]!.includes("akun 511111")]).toEqual([false, true]);
    });

    it("baseline: what holds when a group subscribes is recorded as known, without a message; later syncs alert only on changes", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 1_000);
      const snap = await e.budget.sync();
      const loaded = await e.evaluator(T0).baseline(G, [KD, "999999"], snap);
      expect([...loaded.keys()]).toEqual([KD, "999999"]);
      expect(loaded.get("999999")).toBeUndefined(); // not in the data
      expect(loaded.get(KD)!.conds.active.map((c) => c.key)).toEqual([`minus:${KD}:521211`]);
      expect((await e.subscriptions.state(G)).map((x) => x.key)).toEqual([`minus:${KD}:521211`]);
      expect(await e.outbox.list({ chatId: G })).toEqual([]);
      expect((await e.evaluator(T0).evaluateAll(await e.budget.sync())).messages).toBe(0);
      expect(await e.evaluator(T0).baseline(G, [KD], undefined)).toEqual(new Map());
    });

    it("the same change in a later data set is a new alert (raised, cleared, raised again: three messages)", async () => {
      const e = await setup(b.name);
      const ev = e.evaluator(T0);
      setMinus(e.budget.get(KD), "521211", 700_000);
      expect((await ev.evaluateAll(await e.budget.sync())).messages).toBe(1);
      setMinus(e.budget.get(KD), "521211", 0);
      expect((await ev.evaluateAll(await e.budget.sync())).messages).toBe(1);
      setMinus(e.budget.get(KD), "521211", 700_000);
      expect((await ev.evaluateAll(await e.budget.sync())).messages).toBe(1);
      const texts = (await e.outbox.list({ chatId: G })).map((r) => r.text);
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain("Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 700.000</b>");
      expect(texts[1]).toContain("✅ Akun 521211 tidak lagi pagu minus.");
      expect(texts[2]).toContain("Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 700.000</b>");
    });

    it("a data set without changes queues nothing; an unsubscribed satker and a group gone inactive are left out", async () => {
      const e = await setup(b.name);
      const ev = e.evaluator(T0);
      expect(await ev.evaluateAll(await e.budget.sync())).toEqual({ groups: 1, alerted: 0, messages: 0, raised: 0, cleared: 0, errors: 0 });
      e.budget.add(satker("527567", "Kantor Pertanahan Kab. Malang"));
      setMinus(e.budget.get("527567"), "521211", 9_999);
      expect((await ev.evaluateAll(await e.budget.sync())).messages).toBe(0);
      await e.subscriptions.deactivateGroup(G, "test");
      setMinus(e.budget.get(KD), "521211", 1_000);
      expect(await ev.evaluateAll(await e.budget.sync())).toEqual({ groups: 0, alerted: 0, messages: 0, raised: 0, cleared: 0, errors: 0 });
      expect(await e.outbox.list({ chatId: G })).toEqual([]);
    });

    it("pagu minus comes from the per-line detection of the sync: a negative line is not hidden by a positive one of the same akun", async () => {
      const e = await setup(b.name);
      // setMinus adds a line with BALANCING_AMT −Rp 300.000 beside the akun's positive line (sisa Rp 5 juta).
      setMinus(e.budget.get(KD), "521211", 300_000);
      const r = await e.evaluator(T0).evaluateAll(await e.budget.sync());
      expect(r).toMatchObject({ alerted: 1, messages: 1, raised: 1 });
      const [row] = await e.outbox.list({ chatId: G });
      expect(row!.text).toContain("Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 300.000</b>");
    });
  });

for (const b of BACKENDS)
  describe.skipIf(b.skip)(`alert evaluation, edges, on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => {
    it("the alert message in full: title, data date, the satker by name and code, the line, the footer", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 300_000);
      await e.evaluator(T0).evaluateAll(await e.budget.sync());
      const [row] = await e.outbox.list({ chatId: G });
      expect(row!.kind).toBe("alert");
      expect(row!.text).toBe(
        [
          "🔔 <b>Peringatan anggaran</b>",
          "Data OMSPAN per 20 November 2026",
          "",
          "<b>Kantor Pertanahan Kota Malang</b> (527560)",
          "🔴 Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 300.000</b>",
          "",
          "Rincian: <code>/anggaran 527560</code>",
        ].join("\n"),
      );
    });

    it("raised and cleared are counted per evaluation", async () => {
      const e = await setup(b.name);
      const ev = e.evaluator(T0);
      setMinus(e.budget.get(KD), "521211", 1_000);
      setMinus(e.budget.get(KD), "511111", 2_000);
      expect(await ev.evaluateAll(await e.budget.sync())).toEqual({ groups: 1, alerted: 1, messages: 1, raised: 2, cleared: 0, errors: 0 });
      setMinus(e.budget.get(KD), "521211", 0);
      setMinus(e.budget.get(KD), "511111", 0);
      expect(await ev.evaluateAll(await e.budget.sync())).toEqual({ groups: 1, alerted: 1, messages: 1, raised: 0, cleared: 2, errors: 0 });
    });

    it("the state a group was told is read in key order, whatever order it was written in", async () => {
      const e = await setup(b.name);
      const keys = [`minus:${KD}:533111`, `behind:${KD}:2026Q4`, `minus:${KD}:511111`, `ikpa:${KD}`];
      for (const key of keys) await e.subscriptions.addState(G, [{ key, kdsatker: KD, kind: "minus", data: {} }], T0);
      await e.subscriptions.removeState(G, [`minus:${KD}:521211`]); // the baseline's entry, written first
      await e.subscriptions.addState(G, [{ key: `minus:${KD}:521211`, kdsatker: KD, kind: "minus", data: {} }], T0); // now written last
      expect((await e.subscriptions.state(G)).map((s) => s.key)).toEqual([
        `behind:${KD}:2026Q4`,
        `ikpa:${KD}`,
        `minus:${KD}:511111`,
        `minus:${KD}:521211`,
        `minus:${KD}:533111`,
      ]);
    });

    it("two instances clearing different conditions of the same data set queue two messages", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 1_000);
      setMinus(e.budget.get(KD), "511111", 2_000);
      expect((await e.evaluator(T0).evaluateAll(await e.budget.sync())).messages).toBe(1);
      setMinus(e.budget.get(KD), "521211", 0);
      setMinus(e.budget.get(KD), "511111", 0);
      const snap = await e.budget.sync();
      // Instance B believed only 521211 was told: it clears 521211 alone.
      const told = (await e.subscriptions.state(G)).filter((s) => s.key === `minus:${KD}:521211`);
      const stale = Object.assign(Object.create(e.subscriptions) as SubscriptionRepo, { state: async () => told });
      const bRes = await e.evaluator(T0, stale).evaluateAll(snap);
      // A reads what B left (511111 told) and clears it: another change set, another message.
      const a = await e.evaluator(T0).evaluateAll(snap);
      expect([bRes.messages, a.messages]).toEqual([1, 1]);
      const texts = (await e.outbox.list({ chatId: G })).map((r) => r.text);
      expect(texts).toHaveLength(3);
      expect([texts[1]!.includes("✅ Akun 521211 tidak lagi pagu minus."), texts[1]!.includes("Akun 511111")]).toEqual([true, false]);
      expect([texts[2]!.includes("Akun 521211"), texts[2]!.includes("✅ Akun 511111 tidak lagi pagu minus.")]).toEqual([false, true]);
    });

    it("a group whose satker cannot be read is counted as an error; the other groups get their alert", async () => {
      const e = await setup(b.name);
      const G2 = -100901;
      e.budget.add(satker("527567", "Kantor Pertanahan Kab. Malang"));
      await e.subscriptions.activateGroup(G2, "Grup 2");
      await e.subscriptions.subscribe(G2, ["527567"], OFFICER);
      setMinus(e.budget.get(KD), "521211", 1_000);
      const snap = await e.budget.sync();
      const broken = Object.assign(Object.create(snap) as typeof snap, {
        summary: async (kd: string, now: Date) => {
          if (kd === "527567") throw new Error("unreadable");
          return snap.summary(kd, now);
        },
      });
      const { log, records } = capturingLogger();
      const ev = new AlertEvaluator({ db: e.store.db, subscriptions: e.subscriptions, outbox: e.outbox, t, logger: log, marginPct: 5, now: () => new Date(T0) });
      expect(await ev.evaluateAll(broken)).toEqual({ groups: 2, alerted: 1, messages: 1, raised: 1, cleared: 0, errors: 1 });
      const logged = records().map((r) => [r.msg, r.chat, r.dataset, r.errors]);
      expect(logged).toEqual([
        ["alerts: evaluating a group failed", G2, undefined, undefined],
        ["alerts evaluated", undefined, snap.datasetId, 1],
      ]);
      expect(await e.outbox.list({ chatId: G2 })).toEqual([]);
      expect(await e.outbox.list({ chatId: G })).toHaveLength(1);
    });

    it("a group that left after the list of active groups was read gets nothing", async () => {
      const e = await setup(b.name);
      const listed = await e.subscriptions.activeGroups();
      await e.subscriptions.deactivateGroup(G, "test");
      const stale = Object.assign(Object.create(e.subscriptions) as SubscriptionRepo, { activeGroups: async () => listed });
      setMinus(e.budget.get(KD), "521211", 1_000);
      expect(await e.evaluator(T0, stale).evaluateAll(await e.budget.sync())).toEqual({ groups: 1, alerted: 0, messages: 0, raised: 0, cleared: 0, errors: 0 });
      expect(await e.subscriptions.state(G)).toEqual([]);
      expect(await e.outbox.list({ chatId: G })).toEqual([]);
    });

    it("baseline records only subscribed satkers, and nothing for a chat that is no group", async () => {
      const e = await setup(b.name);
      e.budget.add(satker("527567", "Kantor Pertanahan Kab. Malang"));
      setMinus(e.budget.get(KD), "521211", 1_000);
      setMinus(e.budget.get("527567"), "521211", 2_000);
      const snap = await e.budget.sync();
      await e.evaluator(T0).baseline(G, [KD, "527567"], snap);
      expect((await e.subscriptions.state(G)).map((x) => x.key)).toEqual([`minus:${KD}:521211`]);
      const loaded = await e.evaluator(T0).baseline(-100999, ["527567"], snap);
      expect([...loaded.keys()]).toEqual(["527567"]);
      expect(await e.subscriptions.state(-100999)).toEqual([]);
    });

    it("a satker the data set has a summary for but does not know is not loaded", async () => {
      const e = await setup(b.name);
      const snap = await e.budget.sync();
      const real = (await snap.summary(KD, new Date(T0)))!;
      const unknown = Object.assign(Object.create(snap) as typeof snap, { summary: async () => ({ ...real, known: false }) });
      expect(await loadSatker(unknown, KD, new Date(T0), 5)).toBeUndefined();
      expect((await loadSatker(snap, KD, new Date(T0), 5))?.summary.kdsatker).toBe(KD);
    });

    it("a satker behind its quarter's target by more than the margin is alerted", async () => {
      const e = await setup(b.name);
      setRealisasi(e.budget.get(KD), "521211", 10);
      const r = await e.evaluator(T0).evaluateAll(await e.budget.sync());
      expect(r).toMatchObject({ messages: 1, raised: 1 });
      const [row] = await e.outbox.list({ chatId: G });
      expect(row!.text).toContain("🔻 52 Belanja Barang: realisasi");
    });

    it("a satker two groups follow is read once per evaluation", async () => {
      const e = await setup(b.name);
      const G2 = -100901;
      await e.subscriptions.activateGroup(G2, "Grup 2");
      await e.subscriptions.subscribe(G2, [KD], OFFICER);
      setMinus(e.budget.get(KD), "521211", 1_000);
      const snap = await e.budget.sync();
      const reads: string[] = [];
      const counting = Object.assign(Object.create(snap) as typeof snap, {
        summary: async (kd: string, now: Date) => {
          reads.push(kd);
          return snap.summary(kd, now);
        },
      });
      expect(await e.evaluator(T0).evaluateAll(counting)).toMatchObject({ groups: 2, alerted: 2, messages: 2 });
      expect(reads).toEqual([KD]);
    });

    it("idle() resolves only after the running evaluation is done", async () => {
      const e = await setup(b.name);
      setMinus(e.budget.get(KD), "521211", 1_000);
      const snap = await e.budget.sync();
      const ev = e.evaluator(T0);
      const running = ev.evaluateAll(snap);
      await ev.idle();
      expect(await e.outbox.list({ chatId: G })).toHaveLength(1);
      await running;
    });
  });
