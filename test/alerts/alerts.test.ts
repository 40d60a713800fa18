import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TelegramSim, type RateLimits } from "../../sim/telegram.js";
import { openStore, type Store } from "../../src/store/db.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createMetrics } from "../../src/metrics.js";
import { createAlerts, type Alerts } from "../../src/alerts/index.js";
import type { Leader } from "../../src/store/leader.js";
import { satker, setMinus, setRealisasi, TestBudget } from "../helpers/budget-reader.js";
import { freshPgSchema, TEST_PG_URL } from "../helpers/backends.js";

/** SQLite always; PostgreSQL too when PANTAU_TEST_PG_URL is set (same code, same migrations), else reported as skipped. */
const BACKENDS = [
  { b: "sqlite" as const, skip: false as const },
  { b: "postgres" as const, skip: TEST_PG_URL ? (false as const) : "PANTAU_TEST_PG_URL is not set (no PostgreSQL test server)" },
];
let backend: "sqlite" | "postgres" = "sqlite";

const ADMIN = 1001;
const TEST_AUDIT_KEY = "pantau-test-audit-key-0123456789abcdef";
const OFFICER = 2002;
const KD = "527560";
const logger = createLogger({ level: "silent", secrets: [] });

class FakeLeader implements Pick<Leader, "isLeader" | "onChange"> {
  private readonly fns = new Set<(l: boolean) => void>();
  constructor(private leader = true) {}
  isLeader() {
    return this.leader;
  }
  onChange(fn: (l: boolean) => void) {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  set(l: boolean) {
    this.leader = l;
    for (const f of this.fns) f(l);
  }
}

interface Env {
  tg: TelegramSim;
  store: Store;
  budget: TestBudget;
  alerts: Alerts;
  metrics: ReturnType<typeof createMetrics>;
  leader: FakeLeader;
  dbUrl: string;
  /** A second app on the same database (restart). */
  reopen(): Promise<Alerts>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function setup(opts: { env?: Record<string, string>; limits?: RateLimits; leader?: boolean; tg?: TelegramSim } = {}): Promise<Env> {
  const tg = opts.tg ?? (await TelegramSim.start(opts.limits ? { limits: opts.limits } : {}));
  if (!opts.tg) cleanups.push(() => tg.close());
  tg.user(ADMIN, { started: true });
  let dbUrl: string;
  if (backend === "postgres") {
    const schema = await freshPgSchema(TEST_PG_URL!);
    cleanups.push(() => schema.drop());
    dbUrl = schema.url;
  } else {
    const dir = mkdtempSync(join(tmpdir(), "pantau-alerts-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    dbUrl = `sqlite:${join(dir, "p.db")}`;
  }
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, ADMIN_IDS: String(ADMIN), AUDIT_HMAC_KEY: TEST_AUDIT_KEY, ...opts.env });
  // The budget data sets live in the same database, written by the real aggregation and store.
  const budgetStore = await openStore(dbUrl);
  cleanups.push(() => budgetStore.close());
  const budget = new TestBudget(budgetStore);
  const metrics = createMetrics({ defaultMetrics: false });
  const leader = new FakeLeader(opts.leader ?? true);
  const stores: Store[] = [];
  const make = async () => {
    const store = await openStore(dbUrl);
    stores.push(store);
    const alerts = createAlerts({ config, store, logger, metrics, reader: budget, leader, backoffMs: 5, pollMs: 50 });
    cleanups.push(async () => {
      await alerts.stop();
      await store.close();
    });
    return { store, alerts };
  };
  const first = await make();
  let current = first.alerts;
  budget.onSynced((e) => current.onSync(e));
  first.alerts.startSender();
  return {
    tg,
    store: first.store,
    budget,
    alerts: first.alerts,
    metrics,
    leader,
    dbUrl,
    async reopen() {
      const next = await make();
      current = next.alerts;
      next.alerts.startSender();
      return next.alerts;
    },
  };
}

async function subscribe(e: Env, chatId: number, kds: string[], title = `Grup ${-chatId}`) {
  e.tg.group(chatId, title);
  await e.alerts.subscriptions.activateGroup(chatId, title);
  await e.alerts.subscriptions.subscribe(chatId, kds, OFFICER);
}

/**
 * The outbox is empty: every message there is was sent (a row is marked sent only after
 * Telegram's answer, so the simulator already holds it), and nothing else can be sent, since
 * every send goes through the outbox. No bot polls here, so the sim's update queue is ignored.
 */
async function settle(_e: Env, alerts = _e.alerts, timeout = 20_000) {
  await expect.poll(() => alerts.outbox.depth(), { timeout, interval: 50 }).toBe(0);
}

const texts = (tg: TelegramSim, chatId: number) => tg.messagesIn(chatId).map((m) => m.text);

for (const { b, skip } of BACKENDS)
describe.skipIf(skip)(`on ${b}${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(() => {
    backend = b;
  });

  describe("alerts after a sync, through the outbox", () => {
    it("subscribe, sync: the alert arrives once; a second sync sends nothing; clear and return alert again", async () => {
      const e = await setup();
      const G = -100201;
      e.budget.add(satker(KD, "Kantor Pertanahan Kota Malang"), satker("527567", "Kantor Pertanahan Kab. Malang"));
      await subscribe(e, G, [KD]);
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G)).toEqual([]); // nothing wrong: nothing to say

      setMinus(e.budget.get(KD), "521211", 2_500_000);
      setMinus(e.budget.get("527567"), "521211", 9_999); // not subscribed: never mentioned
      await e.budget.sync();
      const alert = await e.tg.waitFor({ chatId: G, match: /Peringatan anggaran/ });
      expect(alert.parseMode).toBe("HTML");
      expect(alert.text).toContain("Kantor Pertanahan Kota Malang (527560)");
      expect(alert.text).toContain("Pagu minus: akun 521211 (Belanja Barang) -Rp 2.500.000");
      expect(alert.text).toContain("Data OMSPAN per 20 November 2026");
      expect(alert.text).not.toContain("527567");
      await settle(e);

      await e.budget.sync();
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G)).toHaveLength(1);

      setMinus(e.budget.get(KD), "521211", 0);
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G)).toHaveLength(2);
      expect(texts(e.tg, G)[1]).toContain("✅ Akun 521211 tidak lagi pagu minus.");
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G)).toHaveLength(2);

      setMinus(e.budget.get(KD), "521211", 700_000);
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G)).toHaveLength(3);
      expect(texts(e.tg, G)[2]).toContain("Pagu minus: akun 521211 (Belanja Barang) -Rp 700.000");
      const rows = await e.alerts.outbox.list({ chatId: G });
      expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
      await expect.poll(async () => (await e.metrics.outboxDepth.get()).values[0]?.value).toBe(0);
    });

    it("behind target (margin from config) and IKPA drop, several satker in ONE message per group", async () => {
      const e = await setup({ env: { ALERT_BEHIND_MARGIN_PCT: "10" } });
      const G = -100202;
      e.budget.add(satker(KD, "A"), satker("527567", "B"));
      await subscribe(e, G, [KD, "527567"]);
      await e.budget.sync();
      setRealisasi(e.budget.get(KD), "531111", 85); // 5 short of 90: within the margin of 10
      setRealisasi(e.budget.get(KD), "521211", 70); // 20 short
      e.budget.get("527567").ik.push({ ...e.budget.get("527567").ik[1]!, periode: 11, values: Object.fromEntries(Object.keys(e.budget.get("527567").ik[1]!.values).map((k) => [k, 80])) });
      await e.budget.sync();
      await settle(e);
      const [m, ...more] = texts(e.tg, G);
      expect(more).toEqual([]);
      expect(m).toContain("A (527560)\n🔻 52 Belanja Barang: realisasi 70,0%, target TW");
      expect(m).not.toContain("53 Belanja Modal");
      expect(m).toContain("B (527567)\n📉 IKPA turun: Oktober Sangat Baik → November Cukup (nilai 80,00");
    });

    it("a group that removed the bot (403) is deactivated, administrators are told, later alerts skip it", async () => {
      const e = await setup();
      const [G1, G2] = [-100203, -100204];
      e.budget.add(satker(KD, "Kantor A"));
      await subscribe(e, G1, [KD], "Grup Keuangan A");
      await subscribe(e, G2, [KD], "Grup Keuangan B");
      await e.budget.sync();
      e.tg.removeBotFromGroup(G1, OFFICER);
      setMinus(e.budget.get(KD), "521211", 1_000_000);
      await e.budget.sync();
      const notice = await e.tg.waitFor({ chatId: ADMIN, match: /Grup Keuangan A/ });
      expect(notice.text).toContain(`(${G1}) mengeluarkan bot`);
      expect(notice.text).toContain("Langganan peringatan untuk 527560 dinonaktifkan");
      await settle(e);
      expect(texts(e.tg, G2)).toHaveLength(1);
      expect(texts(e.tg, G1)).toEqual([]);
      expect(await e.alerts.subscriptions.group(G1)).toMatchObject({ active: false, deactivatedReason: "dikeluarkan" });
      expect((await e.alerts.outbox.list({ chatId: G1 })).map((r) => r.status)).toEqual(["dead"]);

      const callsBefore = e.tg.calls.filter((c) => c.chatId === G1).length;
      setMinus(e.budget.get(KD), "531111", 5);
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G2)).toHaveLength(2);
      expect(e.tg.calls.filter((c) => c.chatId === G1)).toHaveLength(callsBefore);
      expect(texts(e.tg, ADMIN)).toHaveLength(1); // told once
    });

    it("a group migrated to a supergroup (400 migrate_to_chat_id): the subscription moves and the alert arrives there", async () => {
      const e = await setup();
      const OLD = -4242;
      const NEW = -1_000_000_004_242;
      e.budget.add(satker(KD, "A"));
      await subscribe(e, OLD, [KD]);
      await e.budget.sync();
      e.tg.migrateGroup(OLD, NEW, OFFICER);
      setMinus(e.budget.get(KD), "521211", 1_000);
      await e.budget.sync();
      const m = await e.tg.waitFor({ chatId: NEW, match: /Pagu minus/ });
      expect(m.text).toContain("akun 521211");
      expect(await e.alerts.subscriptions.list(NEW)).toEqual([KD]);
      expect(await e.alerts.subscriptions.list(OLD)).toEqual([]);
      // Its alert state moved too: nothing is re-sent.
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, NEW)).toHaveLength(1);
    });

    it("other failures are retried with backoff; after OUTBOX_MAX_ATTEMPTS the message is given up", async () => {
      const e = await setup({ env: { OUTBOX_MAX_ATTEMPTS: "3" } });
      const [G1, G2] = [-100205, -100206];
      e.budget.add(satker(KD, "A"));
      await subscribe(e, G1, [KD]);
      await e.budget.sync();
      e.tg.failNext("sendMessage", { error_code: 500, description: "Internal Server Error", times: 2, chatId: G1 });
      setMinus(e.budget.get(KD), "521211", 1_000);
      await e.budget.sync();
      await settle(e);
      expect(texts(e.tg, G1)).toHaveLength(1);
      const [row] = await e.alerts.outbox.list({ chatId: G1 });
      expect(row).toMatchObject({ status: "sent", attempts: 3, failures: 2 });

      await subscribe(e, G2, [KD]);
      e.tg.failNext("sendMessage", { error_code: 502, description: "Bad Gateway", times: 10, chatId: G2 });
      await e.alerts.evaluator.evaluateAll((await e.budget.current())!);
      e.alerts.sender.kick();
      await settle(e);
      const [dead] = await e.alerts.outbox.list({ chatId: G2 });
      expect(dead).toMatchObject({ status: "dead", attempts: 3, failures: 3, lastError: "502 Bad Gateway" });
    });

    it("429 storms are absorbed: retry_after honoured, every group gets exactly one message", async () => {
      const e = await setup({ limits: { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 } });
      e.budget.add(satker(KD, "A"));
      const groups = Array.from({ length: 12 }, (_, i) => -200_000 - i);
      for (const g of groups) await subscribe(e, g, [KD]);
      await e.budget.sync();
      e.tg.failNext("sendMessage", { error_code: 429, retry_after: 1, times: 25 });
      setMinus(e.budget.get(KD), "521211", 1_000);
      const t0 = Date.now();
      await e.budget.sync();
      await settle(e);
      for (const g of groups) expect(texts(e.tg, g)).toHaveLength(1);
      expect(e.alerts.sender.stats.rateLimited).toBe(25);
      expect(e.tg.stats().rateLimited).toBe(25);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000); // retry_after was waited for
      expect(await e.alerts.outbox.byStatus()).toEqual({ sent: 12 });
    });

    it("paced under the limits: a fan-out to 60 groups with the simulator's limits on sees no 429", async () => {
      const e = await setup({ limits: { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 }, env: { OUTBOX_GLOBAL_PER_SEC: "25" } });
      e.budget.add(satker(KD, "A"));
      const groups = Array.from({ length: 60 }, (_, i) => -300_000 - i);
      for (const g of groups) await subscribe(e, g, [KD]);
      await e.budget.sync();
      setMinus(e.budget.get(KD), "521211", 1_000);
      const t0 = Date.now();
      await e.budget.sync();
      await settle(e);
      const ms = Date.now() - t0;
      for (const g of groups) expect(texts(e.tg, g)).toHaveLength(1);
      // The simulator shares this process's event loop: when the machine is loaded, requests
      // sent apart can be read together and stamped as one burst. Unpaced, 60 sends would meet
      // 30 refusals; paced at 25/s at most a stray one or two.
      expect(e.tg.stats().rateLimited).toBeLessThanOrEqual(2);
      // 60 sends at 25/s: at least (60 − 25) / 25 s after the first second's burst.
      expect(ms).toBeGreaterThanOrEqual(1300);
      const sends = e.tg.calls.filter((c) => c.method === "sendMessage").map((c) => c.at);
      for (let i = 25; i < sends.length; i++) expect(sends[i]! - sends[i - 25]!).toBeGreaterThanOrEqual(1000 - 100);
    });

    it("only the leader sends; a new leader picks up what is waiting", async () => {
      const e = await setup({ leader: false });
      const G = -100207;
      e.budget.add(satker(KD, "A"));
      await subscribe(e, G, [KD]);
      await e.budget.sync();
      setMinus(e.budget.get(KD), "521211", 1_000);
      await e.budget.sync(); // evaluated (any instance may), queued, not sent
      await new Promise((r) => setTimeout(r, 300));
      expect(await e.alerts.outbox.depth()).toBe(1);
      expect(texts(e.tg, G)).toEqual([]);
      e.leader.set(true);
      await settle(e);
      expect(texts(e.tg, G)).toHaveLength(1);
    });

    it("two instances evaluating the same sync, two senders: still one message per group", async () => {
      const e = await setup();
      e.budget.add(satker(KD, "A"));
      const groups = Array.from({ length: 8 }, (_, i) => -500_000 - i);
      for (const g of groups) await subscribe(e, g, [KD]);
      await e.budget.sync();
      const other = await e.reopen(); // a second app on the same database (its sender runs too)
      setMinus(e.budget.get(KD), "521211", 1_000);
      const snap = await e.budget.sync(); // evaluated by `other` (the listener follows the newest app)…
      await Promise.all([e.alerts.evaluator.evaluateAll(snap), other.evaluator.evaluateAll(snap)]); // …and by both again, at once
      await settle(e);
      await settle(e, other);
      for (const g of groups) expect(texts(e.tg, g)).toHaveLength(1);
      expect(await e.alerts.outbox.byStatus()).toEqual({ sent: groups.length });
    });

    it("the digest: one compact message per group, once per scheduled time", async () => {
      const e = await setup();
      const [G1, G2] = [-100208, -100209];
      e.budget.add(satker(KD, "Kantor A"), satker("527567", "Kantor B"));
      setMinus(e.budget.get("527567"), "521211", 3_000_000);
      await subscribe(e, G1, [KD, "527567"]);
      await subscribe(e, G2, ["527567"]);
      expect(await e.alerts.runDigest(new Date("2026-11-23T01:00:00Z"))).toEqual({ groups: 0, messages: 0 }); // no data yet
      await e.budget.sync();
      await settle(e);
      const before = texts(e.tg, G1).length;
      const slot = new Date("2026-11-23T01:00:00Z");
      expect(await e.alerts.runDigest(slot)).toEqual({ groups: 2, messages: 2 });
      expect(await e.alerts.runDigest(slot)).toEqual({ groups: 2, messages: 0 }); // a second trigger for the same time
      await settle(e);
      const d1 = texts(e.tg, G1).slice(before);
      expect(d1).toHaveLength(1);
      expect(d1[0]).toContain("Ringkasan anggaran");
      expect(d1[0]).toContain("Kantor A (527560)");
      expect(d1[0]).toContain("Kantor B (527567)");
      expect(d1[0]).toContain("Pagu minus 1 akun, jumlah -Rp 3.000.000");
      expect(texts(e.tg, G2).filter((t) => t.includes("Ringkasan anggaran"))).toHaveLength(1);
    });
  });

  describe("restart in the middle of a fan-out", () => {
    it("app stopped mid-delivery and started again: every group gets exactly one message", async () => {
      const e = await setup({ limits: { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 }, env: { OUTBOX_GLOBAL_PER_SEC: "10" } });
      e.budget.add(satker(KD, "A"));
      const groups = Array.from({ length: 40 }, (_, i) => -400_000 - i);
      for (const g of groups) await subscribe(e, g, [KD]);
      await e.budget.sync();
      setMinus(e.budget.get(KD), "521211", 1_000);
      await e.budget.sync();
      await expect.poll(() => e.tg.messages.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(12);
      await e.alerts.stop(); // graceful: sends in flight are answered and recorded
      const delivered = e.tg.messages.length;
      expect(delivered).toBeLessThan(40);
      const status = await e.alerts.outbox.byStatus();
      expect(status.sent).toBe(delivered);
      expect(status.sending).toBeUndefined();

      const again = await e.reopen();
      await settle(e, again);
      for (const g of groups) expect(texts(e.tg, g)).toHaveLength(1);
      expect(await again.outbox.byStatus()).toEqual({ sent: 40 });
    });

    it("rows left 'sending' by a crashed sender are sent again after their lease (at-least-once)", async () => {
      const e = await setup({ env: { OUTBOX_LEASE_MS: "2000" } });
      await e.alerts.stop();
      const G = -100210;
      e.tg.group(G, "Grup");
      await e.alerts.outbox.enqueue([{ chatId: G, text: "pesan", kind: "alert", dedupeKey: "t:1" }]);
      // What a crash between claim and answer leaves behind:
      const [row] = await e.alerts.outbox.list();
      expect(await e.alerts.outbox.claim(row!.id, "dead-instance:1", Date.now() + 2000)).toBe(true);
      const again = await e.reopen();
      await new Promise((r) => setTimeout(r, 500));
      expect(texts(e.tg, G)).toEqual([]); // the lease still holds: a live sender might be answering
      await settle(e, again, 10_000);
      expect(texts(e.tg, G)).toEqual(["pesan"]);
      expect(again.sender.stats.inDoubt).toBe(1);
    });
  });
});
