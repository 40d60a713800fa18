import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { rupiah } from "../helpers/expected.js";

const OMSPAN = { realisasiRows: 5_000, satkerCount: 20, seed: 7, asOf: { month: 11, day: 20 } };
const KD = "527560";

let h: Harness;

/** Every message the bot sent into `chatId` after `since`. */
const since = (chatId: number, seq: number) => h.tg.messagesIn(chatId).filter((m) => m.seq > seq);

/** /sinkron as the administrator; returns the report. */
async function sinkron() {
  const s = h.tg.mark();
  h.tg.sendText(ADMIN, "/sinkron");
  return h.tg.waitFor({ chatId: ADMIN, since: s, match: /Sinkronisasi OMSPAN selesai/, timeoutMs: 20_000 });
}

/** The outbox has nothing left to send and the chats are quiet. */
async function delivered() {
  await expect.poll(() => h.app.alerts.outbox.depth(), { timeout: 15_000, interval: 50 }).toBe(0);
  await h.tg.waitForIdle(undefined, 200);
}

beforeAll(async () => {
  h = await startHarness({ omspan: OMSPAN, env: { RATE_LIMIT_PER_MIN: "1000", OMSPAN_PAGE_SIZE: "2500" } });
  await h.app.budget.sync.inProgress?.catch(() => undefined); // the run at start
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti`, { match: /ditambahkan/ });
}, 30_000);
afterAll(async () => {
  await h?.stop();
});

describe("/langganan, /berhenti", () => {
  it("in a private chat: explains that it is for groups", async () => {
    const r = await h.say(OFFICER, "/langganan 527560");
    expect(r.text).toContain("dipakai di grup");
    expect(await h.app.alerts.subscriptions.list(OFFICER)).toEqual([]);
    const b = await h.say(OFFICER, "/berhenti");
    expect(b.text).toContain("dipakai di grup");
  });

  it("the bot added to a group greets it; a stranger cannot subscribe it", async () => {
    const s = h.tg.mark();
    h.tg.addBotToGroup(GROUP, STRANGER); // group owners are often not officers
    const hello = await h.tg.waitFor({ chatId: GROUP, since: s, match: /Halo/ });
    expect(hello.text).toContain("/langganan KODE");
    const r = await h.say(STRANGER, "/langganan 527560", { chatId: GROUP });
    expect(r.text).toContain(String(STRANGER));
    expect(r.text).toMatch(/hanya untuk petugas/);
    expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([]);
  });

  it("an officer subscribes the group: names, current conditions, the digest time; bad and unknown codes explained", async () => {
    const bad = await h.say(OFFICER, "/langganan 5275 abc", { chatId: GROUP });
    expect(bad.text).toContain("harus 6 angka, bukan: 5275, abc");
    const none = await h.say(OFFICER, "/langganan 999999", { chatId: GROUP });
    expect(none.text).toContain("Tidak ada di data OMSPAN: 999999");

    const exp = h.omspan!.expectedSatker(KD)!;
    const r = await h.say(OFFICER, `/langganan ${KD} 999999`, { chatId: GROUP });
    expect(r.text).toContain("Grup ini sekarang berlangganan peringatan anggaran");
    expect(r.text).toContain(`${exp.nama} (${KD})`);
    // Conditions that hold already are shown now (and not alerted again after the next sync).
    const minus = Object.entries(exp.paguMinusPerAkun).sort((a, b) => a[0].localeCompare(b[0]));
    expect(minus.length).toBeGreaterThan(0); // the simulator's satker KD is made with pagu minus
    expect(r.text).toContain(`Pagu minus: akun ${minus[0]![0]} (`);
    expect(r.text).toContain(rupiah(minus[0]![1]));
    expect(r.text).toContain("Tidak ada di data OMSPAN: 999999");
    expect(r.text).toMatch(/Ringkasan berikutnya: Senin, \d+ \w+ \d{4} 08\.00 WIB/);
    expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([KD]);

    const again = await h.say(OFFICER, `/langganan ${KD}`, { chatId: GROUP });
    expect(again.text).toContain("sudah berlangganan");
    const list = await h.say(OFFICER, "/langganan", { chatId: GROUP });
    expect(list.text).toContain("Langganan peringatan grup ini (1 satker)");
    expect(list.text).toContain(`${exp.nama} (${KD})`);
  });

  it("end to end: OMSPAN shows a new pagu minus, /sinkron, ONE alert in the group with satker and amount; no duplicate on the next sync", async () => {
    const exp = h.omspan!.expectedSatker(KD)!;
    const akun = h.omspan!.data.lines.find((l) => l.kdsatker === KD && l.akun.startsWith("52") && exp.paguMinusPerAkun[l.akun] === undefined)!.akun;
    const before = h.tg.mark();
    h.omspan!.setPaguMinus(KD, akun, 2_500_000);
    const report = await sinkron();
    // The report says what changed, and which groups were alerted.
    expect(report.text).toContain(`${KD} akun ${akun}: -Rp 2.500.000`);
    expect(report.text).toContain("Peringatan baru dikirim ke 1 dari 1 grup yang berlangganan");
    const alert = await h.tg.waitFor({ chatId: GROUP, since: before, match: /Peringatan anggaran/, timeoutMs: 10_000 });
    expect(alert.text).toContain(`${exp.nama} (${KD})`);
    expect(alert.text).toContain(`Pagu minus: akun ${akun} (Belanja Barang) -Rp 2.500.000`);
    expect(alert.text).toContain("Data OMSPAN per 20 November 2026");
    // Only the new condition: those shown when the group subscribed are not alerted again.
    expect(alert.text.match(/Pagu minus: akun/g)).toHaveLength(1);
    expect(alert.text).not.toContain("🔻");
    await delivered();
    expect(since(GROUP, before)).toHaveLength(1);

    const mid = h.tg.mark();
    expect((await sinkron()).text).toContain("Tidak ada peringatan baru untuk 1 grup yang berlangganan");
    await delivered();
    expect(since(GROUP, mid)).toHaveLength(0);

    // Cleared, then back: told both times.
    h.omspan!.setPaguMinus(KD, akun, 0);
    await sinkron();
    const cleared = await h.tg.waitFor({ chatId: GROUP, since: mid, match: /tidak lagi pagu minus/, timeoutMs: 10_000 });
    expect(cleared.text).toContain(`Akun ${akun} tidak lagi pagu minus`);
    const back = h.tg.mark();
    h.omspan!.setPaguMinus(KD, akun, 1_200_000);
    await sinkron();
    const again = await h.tg.waitFor({ chatId: GROUP, since: back, match: /Peringatan anggaran/, timeoutMs: 10_000 });
    expect(again.text).toContain(`akun ${akun} (Belanja Barang) -Rp 1.200.000`);
  }, 60_000);

  it("/berhenti ends one or all subscriptions", async () => {
    await h.say(OFFICER, "/langganan 527567", { chatId: GROUP });
    const one = await h.say(OFFICER, "/berhenti 527567 123456", { chatId: GROUP });
    expect(one.text).toContain("Langganan dihentikan: 527567");
    expect(one.text).toContain("tidak berlangganan: 123456");
    expect(one.text).toContain(`Masih berlangganan: ${KD}`);
    const all = await h.say(OFFICER, "/berhenti", { chatId: GROUP });
    expect(all.text).toContain(`Semua langganan grup ini dihentikan (${KD})`);
    expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([]);
    const empty = await h.say(OFFICER, "/langganan", { chatId: GROUP });
    expect(empty.text).toContain("belum berlangganan");
  });

  it("the bot removed from a group: deactivated, administrators told; added back: active again", async () => {
    const G = -100777;
    h.tg.group(G, "Grup Satker Malang", { botStatus: "left" });
    h.tg.addBotToGroup(G, OFFICER);
    await h.tg.waitFor({ chatId: G, match: /Halo/ });
    await h.say(OFFICER, `/langganan ${KD}`, { chatId: G, match: /berlangganan/ });
    const s = h.tg.mark();
    h.tg.removeBotFromGroup(G, STRANGER);
    const notice = await h.tg.waitFor({ chatId: ADMIN, since: s, match: /Grup Satker Malang/, timeoutMs: 10_000 });
    expect(notice.text).toContain(`(${G}) mengeluarkan bot`);
    expect(notice.text).toContain(`Langganan peringatan untuk ${KD} dinonaktifkan`);
    expect(await h.app.alerts.subscriptions.group(G)).toMatchObject({ active: false });

    const s2 = h.tg.mark();
    h.tg.addBotToGroup(G, OFFICER);
    const back = await h.tg.waitFor({ chatId: G, since: s2, match: /aktif lagi/ });
    expect(back.text).toContain(`berlaku kembali: ${KD}`);
    expect(await h.app.alerts.subscriptions.group(G)).toMatchObject({ active: true });
  });

  it("the bot added back by someone who is not an officer: subscriptions stay paused, administrators told; an officer resumes them", async () => {
    const G = -100778;
    h.tg.group(G, "Grup Satker Kediri", { botStatus: "left" });
    h.tg.addBotToGroup(G, OFFICER);
    await h.tg.waitFor({ chatId: G, match: /Halo/ });
    await h.say(OFFICER, `/langganan ${KD}`, { chatId: G, match: /berlangganan/ });
    const s = h.tg.mark();
    h.tg.removeBotFromGroup(G, STRANGER);
    await h.tg.waitFor({ chatId: ADMIN, since: s, match: /Grup Satker Kediri/, timeoutMs: 10_000 });

    const s2 = h.tg.mark();
    h.tg.addBotToGroup(G, STRANGER);
    const paused = await h.tg.waitFor({ chatId: G, since: s2, match: /dijeda|aktif lagi/ });
    expect(paused.text).toContain(`(${KD}) masih dijeda`);
    expect(await h.app.alerts.subscriptions.group(G)).toMatchObject({ active: false });
    const notice = await h.tg.waitFor({ chatId: ADMIN, since: s2, match: /ditambahkan lagi ke grup/, timeoutMs: 10_000 });
    expect(notice.text).toContain(`Grup Satker Kediri</b> (<code>${G}</code>)`.replace(/<[^>]+>/g, ""));
    expect(notice.text).toContain(`ID ${STRANGER}`);

    const resumed = await h.say(OFFICER, "/langganan", { chatId: G, match: /KODE|berlangganan|527560/ });
    expect(resumed.text).toContain(KD);
    expect(await h.app.alerts.subscriptions.group(G)).toMatchObject({ active: true });
  });

  it("a group upgraded to a supergroup (service message) keeps its subscription under the new id", async () => {
    const OLD = -5555;
    const NEW = -1_000_000_005_555;
    h.tg.group(OLD, "Grup Lama", { botStatus: "left" });
    h.tg.addBotToGroup(OLD, OFFICER);
    await h.say(OFFICER, `/langganan ${KD}`, { chatId: OLD, match: /berlangganan/ });
    h.tg.migrateGroup(OLD, NEW, OFFICER);
    await expect.poll(() => h.app.alerts.subscriptions.list(NEW), { timeout: 5000 }).toEqual([KD]);
    expect(await h.app.alerts.subscriptions.list(OLD)).toEqual([]);
    const list = await h.say(OFFICER, "/langganan", { chatId: NEW });
    expect(list.text).toContain(KD);
  });

  it("is registered in the group command list and the help", async () => {
    const groupCmds = Object.entries(h.tg.commands)
      .filter(([k]) => /all_group_chats/.test(k))
      .flatMap(([, v]) => v.map((c) => c.command));
    expect(groupCmds).toEqual(expect.arrayContaining(["langganan", "berhenti"]));
    const help = await h.say(OFFICER, "/bantuan");
    expect(help.text).toContain("/langganan");
    expect(help.text).toContain("/berhenti");
  });
});
