import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/db.js";
import { createLogger } from "../../src/logger.js";
import { OutboxRepo } from "../../src/alerts/outbox.js";
import { OutboxSender, type OutboxSenderOptions } from "../../src/alerts/outbox-sender.js";
import { SlidingWindow } from "../../src/alerts/outbox-pacing.js";

const logger = createLogger({ level: "silent", secrets: [] });
const stores: Store[] = [];
const senders: OutboxSender[] = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.stop();
  for (const s of stores.splice(0)) await s.close();
});

async function repo() {
  const store = await openStore("sqlite::memory:");
  stores.push(store);
  return new OutboxRepo(store.db);
}

function sender(r: OutboxRepo, over: Partial<OutboxSenderOptions> & Pick<OutboxSenderOptions, "send">) {
  const s = new OutboxSender({
    repo: r,
    hooks: { chatGone: async () => undefined, chatMigrated: async () => undefined },
    logger,
    pacing: { globalPerSec: 100, groupPerMin: 100, chatPerSec: 100 },
    maxFailures: 3,
    retryBaseMs: 5,
    leaseMs: 5_000,
    pollMs: 20,
    ...over,
  });
  senders.push(s);
  return s;
}

describe("SlidingWindow", () => {
  it("at most `limit` events in any window", () => {
    const w = new SlidingWindow(2, 1000);
    expect(w.waitMs(0)).toBe(0);
    w.add(0);
    w.add(100);
    expect(w.waitMs(500)).toBe(500);
    expect(w.waitMs(999)).toBe(1);
    expect(w.waitMs(1000)).toBe(0); // the event at 0 has left the window
    expect(w.idle(1200)).toBe(true);
  });
});

describe("OutboxRepo", () => {
  it("dedupe key: enqueueing the same message twice inserts it once", async () => {
    const r = await repo();
    const m = { chatId: -1, text: "a", kind: "alert" as const, dedupeKey: "k1" };
    expect(await r.enqueue([m, m])).toBe(1);
    expect(await r.enqueue([m, { ...m, dedupeKey: "k2" }])).toBe(1);
    expect(await r.depth()).toBe(2);
  });

  it("a claim is won once; finishing with another token changes nothing", async () => {
    const r = await repo();
    await r.enqueue([{ chatId: -1, text: "a", kind: "alert", dedupeKey: "k" }]);
    const [row] = await r.due(Date.now());
    expect(await r.claim(row!.id, "a", Date.now() + 1000)).toBe(true);
    expect(await r.claim(row!.id, "b", Date.now() + 1000)).toBe(false);
    await r.markSent(row!.id, "b", Date.now(), 1);
    expect((await r.list())[0]!.status).toBe("sending");
    await r.markSent(row!.id, "a", Date.now(), 1);
    expect((await r.list())[0]!.status).toBe("sent");
  });
});

const TICK = 2;

describe("OutboxRepo: a row's life", () => {
  const T = 1_000_000;
  const msg = (key: string, chatId = -1, kind: "alert" | "digest" | "admin" = "alert") => ({ chatId, text: `t ${key}`, kind, dedupeKey: key });

  it("enqueue stamps the row; due() gives waiting rows whose time has come, oldest first, up to the limit", async () => {
    const r = await repo();
    expect(await r.enqueue([msg("a"), msg("b"), msg("c")], T)).toBe(3);
    const [a] = await r.list();
    expect(a).toEqual({ id: a!.id, chatId: -1, text: "t a", kind: "alert", dedupeKey: "a", status: "pending", attempts: 0, failures: 0, nextAttemptAt: T, createdAt: T, sentAt: null, lastError: null });
    expect(await r.due(T - 1)).toEqual([]);
    expect((await r.due(T)).map((x) => x.dedupeKey)).toEqual(["a", "b", "c"]);
    expect((await r.due(T, 2)).map((x) => x.dedupeKey)).toEqual(["a", "b"]);
  });

  it("sent: claimed (attempt counted), marked sent by its claimer only; not due again", async () => {
    const r = await repo();
    await r.enqueue([msg("a")], T);
    const [row] = await r.due(T);
    expect(await r.claim(row!.id, "x", T + 5000)).toBe(true);
    expect(await r.due(T + 10_000)).toEqual([]); // sending is not waiting
    expect(await r.depth()).toBe(1); // but still open
    await r.markSent(row!.id, "other", T + 1, 99);
    expect((await r.list())[0]!.status).toBe("sending");
    await r.markSent(row!.id, "x", T + 1, 99);
    expect(await r.list()).toMatchObject([{ status: "sent", attempts: 1, failures: 0, sentAt: T + 1, lastError: null }]);
    expect(await r.depth()).toBe(0);
    expect(await r.sentSince(T + 1)).toEqual([{ chatId: -1, sentAt: T + 1 }]);
    expect(await r.sentSince(T + 2)).toEqual([]);
    expect(await r.claim(row!.id, "y", T + 5000)).toBe(false);
  });

  it("reschedule: a failure counts (failed), a 429 does not (pending); due again at the given time; the error is kept, cut at 500", async () => {
    const r = await repo();
    await r.enqueue([msg("a")], T);
    const [row] = await r.due(T);
    await r.claim(row!.id, "x", T + 5000);
    await r.reschedule(row!.id, "other", T + 100, "ignored", true);
    expect((await r.list())[0]!.status).toBe("sending");
    await r.reschedule(row!.id, "x", T + 100, "e".repeat(600), true);
    expect(await r.list()).toMatchObject([{ status: "failed", failures: 1, attempts: 1, nextAttemptAt: T + 100, lastError: "e".repeat(500) }]);
    expect(await r.due(T + 99)).toEqual([]);
    expect(await r.due(T + 100)).toHaveLength(1);
    await r.claim(row!.id, "x", T + 5000);
    await r.reschedule(row!.id, "x", T + 200, "429", false);
    expect(await r.list()).toMatchObject([{ status: "pending", failures: 1, attempts: 2, nextAttemptAt: T + 200 }]);
    await r.claim(row!.id, "x", T + 5000);
    await r.markDead(row!.id, "other", "gone");
    expect((await r.list())[0]!.status).toBe("sending");
    await r.markDead(row!.id, "x", "forbidden");
    expect(await r.list()).toMatchObject([{ status: "dead", failures: 2, lastError: "forbidden" }]);
    expect(await r.byStatus()).toEqual({ dead: 1 });
  });

  it("recoverExpired: only 'sending' rows whose lease ran out go back to pending, in doubt", async () => {
    const r = await repo();
    await r.enqueue([msg("a"), msg("b", -2), msg("c")], T);
    const [a, b] = await r.due(T);
    await r.claim(a!.id, "x", T + 100);
    await r.claim(b!.id, "x", T + 200);
    expect(await r.recoverExpired(T + 100)).toEqual([]); // a lease ending now has not run out
    expect(await r.recoverExpired(T + 150)).toEqual([{ id: a!.id, chatId: -1 }]);
    const rows = await r.list();
    expect(rows.map((x) => x.status)).toEqual(["pending", "sending", "pending"]);
    expect(rows[0]).toMatchObject({ nextAttemptAt: T + 150, lastError: "in doubt: sender stopped mid-send" });
  });

  it("cancelChat gives up the chat's waiting rows (optionally of some kinds); moveChat moves its open rows", async () => {
    const r = await repo();
    await r.enqueue([msg("a"), msg("d", -1, "digest"), msg("s"), msg("o", -2)], T);
    const rows = await r.list();
    await r.claim(rows[2]!.id, "x", T + 5000); // "s" is being sent
    expect(await r.cancelChat(-1, "x".repeat(600), undefined, ["digest"])).toBe(1);
    expect((await r.list({ status: "dead" })).map((x) => [x.dedupeKey, x.lastError])).toEqual([["d", "x".repeat(500)]]);
    expect(await r.moveChat(-1, -100, undefined)).toBe(2); // "a" (pending) and "s" (sending); not the dead one
    expect((await r.list({ chatId: -100 })).map((x) => x.dedupeKey)).toEqual(["a", "s"]);
    expect(await r.cancelChat(-100, "left")).toBe(1); // only the waiting one
    expect(await r.byStatus()).toEqual({ dead: 2, sending: 1, pending: 1 });
    expect((await r.list({ chatId: -2, status: "pending" })).map((x) => x.dedupeKey)).toEqual(["o"]);
  });
});

describe("OutboxSender pacing", () => {
  it("per group per minute and per chat per second, in order per chat, chats in parallel", async () => {
    const r = await repo();
    const sent: { chat: number; text: string; at: number }[] = [];
    const s = sender(r, {
      // Scaled down: "minute" = 400 ms, "second" = 100 ms.
      pacing: { globalPerSec: 100, groupPerMin: 3, chatPerSec: 1, secondWindowMs: 100, minuteWindowMs: 400 },
      send: async (chat, text) => {
        sent.push({ chat, text, at: Date.now() });
        return { message_id: sent.length };
      },
    });
    const msgs = [];
    for (let i = 0; i < 7; i++) msgs.push({ chatId: -10, text: `g${i}`, kind: "alert" as const, dedupeKey: `g${i}` });
    for (let i = 0; i < 5; i++) msgs.push({ chatId: 77, text: `p${i}`, kind: "admin" as const, dedupeKey: `p${i}` });
    await r.enqueue(msgs);
    s.start();
    await expect.poll(() => sent.length, { timeout: 5000, interval: 20 }).toBe(12);
    const group = sent.filter((x) => x.chat === -10);
    expect(group.map((x) => x.text)).toEqual(["g0", "g1", "g2", "g3", "g4", "g5", "g6"]);
    // TICK: the sender stamps a send a moment before this test's send() stamps it; the
    // millisecond clock may tick in between, so a gap can read 1 ms short of the window.
    for (let i = 3; i < group.length; i++) expect(group[i]!.at - group[i - 3]!.at).toBeGreaterThanOrEqual(400 - TICK);
    for (let i = 1; i < group.length; i++) expect(group[i]!.at - group[i - 1]!.at).toBeGreaterThanOrEqual(100 - TICK);
    const priv = sent.filter((x) => x.chat === 77);
    expect(priv.map((x) => x.text)).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    // The private chat was not held up by the group's minute limit.
    expect(priv.at(-1)!.at).toBeLessThan(group.at(-1)!.at);
    expect(await r.byStatus()).toEqual({ sent: 12 });
  });

  it("global limit across chats", async () => {
    const r = await repo();
    const at: number[] = [];
    const s = sender(r, {
      pacing: { globalPerSec: 4, groupPerMin: 100, chatPerSec: 100, secondWindowMs: 200, minuteWindowMs: 1000 },
      send: async () => (at.push(Date.now()), { message_id: 1 }),
    });
    await r.enqueue(Array.from({ length: 12 }, (_, i) => ({ chatId: -(i + 1), text: "x", kind: "alert" as const, dedupeKey: `k${i}` })));
    s.start();
    await expect.poll(() => at.length, { timeout: 5000, interval: 20 }).toBe(12);
    for (let i = 4; i < at.length; i++) expect(at[i]! - at[i - 4]!).toBeGreaterThanOrEqual(200 - TICK);
  });

  it("stop() waits for the send in flight and records it; nothing new is claimed", async () => {
    const r = await repo();
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let calls = 0;
    const s = sender(r, {
      send: async () => {
        calls++;
        await gate;
        return { message_id: 9 };
      },
    });
    await r.enqueue([{ chatId: -1, text: "a", kind: "alert", dedupeKey: "a" }, { chatId: -1, text: "b", kind: "alert", dedupeKey: "b" }]);
    s.start();
    await expect.poll(() => calls).toBe(1);
    const stopped = s.stop();
    setTimeout(release, 100);
    await stopped;
    expect(calls).toBe(1);
    expect((await r.list()).map((x) => x.status)).toEqual(["sent", "pending"]);
  });
});
