import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { masked } from "../helpers/expected.js";

/**
 * Issue 6/7 acceptance, end to end through the real app with the simulators:
 * a restart in the middle of use (officers, subscriptions, alert state and an interrupted
 * conversation survive), a flood of updates under 429s (no crash, no lost answer), and
 * /readyz and /metrics showing what happened.
 */

async function scrape(h: Harness): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${h.app.healthPort()}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample line (`name{labels}` exactly as exposed), or undefined. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("restart in the middle of use", () => {
  const KD = "527560";
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      healthPort: 0,
      omspan: { realisasiRows: 3_000, satkerCount: 12, seed: 7, asOf: { month: 11, day: 20 } },
      env: { RATE_LIMIT_PER_MIN: "1000", OMSPAN_PAGE_SIZE: "1500" },
    });
    await h.app.budget.sync.inProgress?.catch(() => undefined); // the run at start
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  async function sinkron() {
    const s = h.tg.mark();
    h.tg.sendText(ADMIN, "/sinkron");
    return h.tg.waitFor({ chatId: ADMIN, since: s, match: /Sinkronisasi OMSPAN selesai/, timeoutMs: 20_000 });
  }

  it("officers, subscriptions, a removed group and an interrupted /cek conversation survive; the next sync alerts once", async () => {
    await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti`, { match: /ditambahkan/ });
    // A subscribed group, and one that removed the bot.
    h.tg.addBotToGroup(GROUP, OFFICER);
    await h.tg.waitFor({ chatId: GROUP, match: /Halo/ });
    await h.say(OFFICER, `/langganan ${KD}`, { chatId: GROUP, match: /sekarang berlangganan/ });
    const GONE = -100_900;
    h.tg.group(GONE, "Grup Lama", { botStatus: "left" });
    h.tg.addBotToGroup(GONE, OFFICER);
    await h.tg.waitFor({ chatId: GONE, match: /Halo/ });
    await h.say(OFFICER, `/langganan ${KD}`, { chatId: GONE, match: /sekarang berlangganan/ });
    const s0 = h.tg.mark();
    h.tg.removeBotFromGroup(GONE, STRANGER);
    await h.tg.waitFor({ chatId: ADMIN, since: s0, match: /Grup Lama/, timeoutMs: 10_000 });

    // /cek without the NIK: the bot asks for it ... and restarts before the answer.
    const ask = await h.say(OFFICER, "/cek", { match: /Kirim NIK/ });
    expect(ask.text).toMatch(/Kirim NIK/);
    await h.restart();

    const nik = h.sample.withBantuan;
    const answer = await h.say(OFFICER, nik, { match: /Hasil cek NIK/, timeoutMs: 10_000 });
    expect(answer.text).toContain(masked(nik));
    expect(await h.app.officers.isOfficer(OFFICER)).toBe(true);
    expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([KD]);
    expect(await h.app.alerts.subscriptions.group(GONE)).toMatchObject({ active: false });
    const list = await h.say(OFFICER, "/langganan", { chatId: GROUP });
    expect(list.text).toContain(`(${KD})`);

    // A new pagu minus after the restart: one alert in the subscribed group, none in the removed one.
    const exp = h.omspan!.expectedSatker(KD)!;
    const akun = h.omspan!.data.lines.find((l) => l.kdsatker === KD && l.akun.startsWith("52") && exp.paguMinusPerAkun[l.akun] === undefined)!.akun;
    h.omspan!.setPaguMinus(KD, akun, 4_400_000);
    // The group's first delivery attempt is refused with a 429: the alert waits in the outbox.
    h.tg.failNext("sendMessage", { error_code: 429, retry_after: 2, chatId: GROUP });
    const before = h.tg.mark();
    const report = await sinkron();
    expect(report.text).toContain("Peringatan baru dikirim ke 1 dari 1 grup yang berlangganan");
    // While it waits, /metrics shows the outbox depth and the 429 the sender got.
    await expect.poll(async () => sample(await scrape(h), "pantau_telegram_429_total"), { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(sample(await scrape(h), "pantau_outbox_depth")).toBe(1);

    const alert = await h.tg.waitFor({ chatId: GROUP, since: before, match: /Peringatan anggaran/, timeoutMs: 10_000 });
    expect(alert.text).toContain(`${exp.nama} (${KD})`);
    expect(alert.text).toContain("-Rp 4.400.000");
    await expect.poll(() => h.app.alerts.outbox.depth(), { timeout: 10_000 }).toBe(0);
    expect(h.tg.messagesIn(GROUP).filter((m) => m.seq > before)).toHaveLength(1);
    expect(h.tg.messagesIn(GONE).filter((m) => m.seq > before)).toHaveLength(0);

    // No duplicate on the next sync, even after another restart.
    await h.restart();
    const mid = h.tg.mark();
    expect((await sinkron()).text).toContain("Tidak ada peringatan baru untuk 1 grup yang berlangganan");
    // Every send goes through the outbox: nothing open there, nothing for the group beyond what it got.
    expect(await h.app.alerts.outbox.depth()).toBe(0);
    expect((await h.app.alerts.outbox.list({ chatId: GROUP })).filter((r) => r.kind === "alert")).toHaveLength(h.tg.messagesIn(GROUP).filter((m) => /Peringatan anggaran/.test(m.text)).length);
    expect(h.tg.messagesIn(GROUP).filter((m) => m.seq > mid)).toHaveLength(0);

    // The sync shows in /metrics (this process: the run just made) and /readyz reports the data.
    const m = await scrape(h);
    expect(sample(m, 'pantau_sync_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(m, 'pantau_sync_rows{endpoint="RealisasiKL"}')).toBe(3_000);
    expect(sample(m, "pantau_outbox_depth")).toBe(0);
    const ready = (await (await fetch(`http://127.0.0.1:${h.app.healthPort()}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: "ready", database: "ok", leader: true, sipp: { reachable: true }, omspan: { reachable: true } });
    expect(ready.omspanData).toMatchObject({ dataDate: "2026-11-20", lastRun: "active", syncing: false });
    expect(ready).not.toHaveProperty("redis"); // no REDIS_URL
  }, 90_000);
});

describe("a flood of updates under 429s", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ healthPort: 0, env: { RATE_LIMIT_PER_MIN: "1000" } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("every user gets an answer, nothing crashes, /metrics counts the 429s, the commands and the cache", async () => {
    const officers = Array.from({ length: 40 }, (_, i) => 50_000 + i);
    const strangers = Array.from({ length: 40 }, (_, i) => 60_000 + i);
    for (const id of officers) await h.app.officers.add(id, null, ADMIN);
    // Ten distinct NIKs for 40 officers: most lookups are cache hits (or share one call).
    const niks = h.data.p3ke.slice(0, 10).map((r) => r.nik);

    // Flood limits (a global one low enough that the burst takes several rounds of 429s: more
    // than a fixed number of retries absorbs), and a burst of injected 429s on top.
    h.tg.setLimits({ perChatPerSec: 1, globalPerSec: 10 });
    h.tg.failNext("sendMessage", { error_code: 429, retry_after: 1, times: 15 });
    const since = h.tg.mark();
    officers.forEach((id, i) => h.tg.sendText(id, `/cek ${niks[i % niks.length]!}`));
    strangers.forEach((id) => h.tg.sendText(id, "/id"));

    const answered = (chatId: number, re: RegExp) => h.tg.messagesIn(chatId).some((m) => m.seq > since && re.test(m.text));
    await expect
      .poll(() => [...officers.filter((id) => !answered(id, /Hasil cek NIK/)), ...strangers.filter((id) => !answered(id, /\d{5}/))], { timeout: 30_000, interval: 200 })
      .toEqual([]);
    for (const [i, id] of officers.entries()) {
      const m = h.tg.messagesIn(id).find((x) => x.seq > since && /Hasil cek NIK/.test(x.text))!;
      expect(m.text).toContain(masked(niks[i % niks.length]!));
    }
    expect(h.tg.stats().rateLimited).toBeGreaterThan(15);
    h.tg.setLimits(false);
    // A repeat is served from the cache (the flood itself shared in-flight calls).
    const calls = h.sipp.count("/api/tracking");
    expect((await h.say(officers[0]!, `/cek ${niks[0]!}`, { match: /Hasil cek NIK/ })).text).toContain(masked(niks[0]!));
    expect(h.sipp.count("/api/tracking")).toBe(calls);

    // Still alive and ready.
    expect((await fetch(`http://127.0.0.1:${h.app.healthPort()}/healthz`)).status).toBe(200);
    expect((await h.say(ADMIN, "/id")).text).toContain(String(ADMIN));

    const m = await scrape(h);
    expect(sample(m, "pantau_telegram_429_total")).toBeGreaterThan(15);
    expect(sample(m, 'pantau_updates_total{command="cek"}')).toBeGreaterThanOrEqual(40);
    expect(sample(m, 'pantau_updates_total{command="id"}')).toBeGreaterThanOrEqual(41);
    expect(sample(m, 'pantau_upstream_request_duration_seconds_count{upstream="sipp",outcome="ok"}')).toBeGreaterThanOrEqual(10);
    expect(sample(m, 'pantau_cache_lookups_total{result="hit"}')).toBeGreaterThan(0);
    expect(sample(m, "pantau_cache_hit_ratio")).toBeGreaterThan(0);
    expect(sample(m, "pantau_outbox_depth")).toBe(0);
  }, 60_000);
});
