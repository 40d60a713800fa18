import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe("access gate", () => {
  it("/start, /bantuan and /id answer everyone", async () => {
    const start = await h.say(STRANGER, "/start");
    expect(start.text).toContain(String(STRANGER));
    const id = await h.say(STRANGER, "/id");
    expect(id.text).toContain(String(STRANGER));
    const help = await h.say(STRANGER, "/bantuan");
    expect(help.text).toContain("/id");
    expect(help.text).not.toContain("/petugas");
    // The alias /help is public too (another stranger: three public commands a minute each).
    const alias = await h.say(STRANGER + 11, "/help");
    expect(alias.text).toContain("/id");
    expect(alias.text).not.toMatch(/hanya untuk petugas/);
  });

  it("a stranger gets one polite refusal with their id and no upstream call", async () => {
    const before = h.sipp.count();
    const refusal = await h.say(STRANGER, `/cek ${h.sample.withBantuan}`);
    expect(refusal.text).toMatch(/hanya untuk petugas/);
    expect(refusal.text).toContain(String(STRANGER));
    // Repeated attempts within the minute are dropped silently (rate-limited).
    const since = h.tg.mark();
    const ids = [h.tg.sendText(STRANGER, `/cek ${h.sample.withBantuan}`), h.tg.sendText(STRANGER, h.sample.withBantuan)].map((u) => u.update_id);
    await Promise.all(ids.map((id) => h.settled(id)));
    expect(h.tg.messagesIn(STRANGER).filter((m) => m.seq > since)).toHaveLength(0);
    expect(h.sipp.count()).toBe(before);
  });

  it("a stranger's button press (forged data) is answered with a refusal, nothing else runs", async () => {
    const other = STRANGER + 1;
    await h.say(other, "/id");
    const msg = h.tg.messagesIn(other).at(-1)!;
    const upd = h.tg.pressButton(other, { chatId: other, messageId: msg.messageId }, "cek:3514145203880002");
    await expect.poll(() => h.tg.callbackAnswers.find((a) => a.id === upd.callback_query!.id)).toBeTruthy();
    const ans = h.tg.callbackAnswers.find((a) => a.id === upd.callback_query!.id)!;
    expect(ans.text).toMatch(/hanya untuk petugas/);
  });

  it("an officer's forged or stale button press gets a clear answer, never an exception", async () => {
    await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan|diperbarui/ });
    const old = await h.say(OFFICER, "/id");
    const upd = h.tg.pressButton(OFFICER, { chatId: OFFICER, messageId: old.messageId }, "x".repeat(64));
    await expect.poll(() => h.tg.callbackAnswers.find((a) => a.id === upd.callback_query!.id)).toBeTruthy();
    expect(h.tg.callbackAnswers.find((a) => a.id === upd.callback_query!.id)!.text).toMatch(/tidak berlaku/);
  });

  it("officer added → allowed at once; removed → refused at once", async () => {
    const newcomer = 4004;
    const refused = await h.say(newcomer, `/cek ${h.sample.noBantuan}`);
    expect(refused.text).toMatch(/hanya untuk petugas/);
    const added = await h.say(ADMIN, `/petugas tambah ${newcomer} Budi Santoso`);
    expect(added.text).toMatch(/ditambahkan/);
    const list = await h.say(ADMIN, "/petugas daftar");
    expect(list.text).toContain(String(newcomer));
    expect(list.text).toContain("Budi Santoso");
    const ok = await h.say(newcomer, `/cek ${h.sample.noBantuan}`, { match: /Hasil cek NIK/ });
    expect(ok.text).toContain("Hasil cek NIK");
    const removed = await h.say(ADMIN, `/petugas hapus ${newcomer}`);
    expect(removed.text).toMatch(/dihapus/);
    // The refusal throttle allows one refusal per minute; this user's earlier refusal is > 0 s old, so use a fresh check:
    const before = h.sipp.count();
    const since = h.tg.mark();
    await h.settled(h.tg.sendText(newcomer, `/cek ${h.sample.female}`).update_id);
    // A refusal, or nothing when the refusal throttle already spoke this minute; never an answer.
    const after = h.tg.messagesIn(newcomer).filter((m) => m.seq > since);
    expect(after.filter((m) => !/hanya untuk petugas/.test(m.text))).toEqual([]);
    expect(h.sipp.count()).toBe(before);
  });

  it("/petugas is for administrators only and validates its arguments", async () => {
    const denied = await h.say(OFFICER, `/petugas tambah 5555`);
    expect(denied.text).toMatch(/khusus administrator/);
    const bad = await h.say(ADMIN, "/petugas tambah abc");
    expect(bad.text).toMatch(/harus berupa angka/);
    const usage = await h.say(ADMIN, "/petugas");
    expect(usage.text).toMatch(/Cara pakai/);
    const adminStays = await h.say(ADMIN, `/petugas hapus ${ADMIN}`);
    expect(adminStays.text).toMatch(/administrator/);
  });

  it("in a group, strangers' chatter is ignored and officers' help is answered", async () => {
    h.tg.group(GROUP, "Grup Keuangan");
    // With privacy mode off the bot receives the chatter (else Telegram would not deliver it at all).
    h.tg.privacyMode = false;
    try {
      expect(await h.sendSettled(STRANGER + 7, "selamat pagi semua", { chatId: GROUP })).toEqual([]);
    } finally {
      h.tg.privacyMode = true;
    }
    const help = await h.say(OFFICER, "/bantuan", { chatId: GROUP });
    expect(help.text).toContain("/cek");
  });

  it("registers separate command lists for private chats and groups", () => {
    const scopes = Object.keys(h.tg.commands);
    expect(scopes.some((s) => s.includes("all_private_chats"))).toBe(true);
    expect(scopes.some((s) => s.includes("all_group_chats"))).toBe(true);
  });

  it("officers survive a restart", async () => {
    await h.restart();
    const list = await h.say(ADMIN, "/petugas daftar");
    expect(list.text).toContain(String(OFFICER));
    const ok = await h.say(OFFICER, `/cek ${h.sample.withBantuan}`, { match: /Hasil cek NIK/ });
    expect(ok.text).toContain("Hasil cek NIK");
  });
});

describe("access gate: groups, buttons and other updates of strangers", () => {
  const G2 = GROUP - 1;
  const refusal = (id: number) => `⛔ Maaf, bot ini hanya untuk petugas terdaftar.\nID Telegram Anda: ${id}\nMinta administrator menambahkan ID ini.`;

  it("a stranger's command in a group is refused there; a command for another bot or inside chatter is not ours", async () => {
    h.tg.group(G2, "Grup Anggaran");
    const s = STRANGER + 60;
    const refused = await h.say(s, `/cek ${h.sample.withBantuan}`, { chatId: G2 });
    expect(refused.text).toBe(refusal(s));
    h.tg.privacyMode = false;
    try {
      expect(await h.sendSettled(s + 1, `/cek@lain_bot ${h.sample.withBantuan}`, { chatId: G2 })).toEqual([]);
      expect(await h.sendSettled(s + 2, "tolong /cek dong", { chatId: G2 })).toEqual([]);
    } finally {
      h.tg.privacyMode = true;
    }
    // Addressed to this bot, in other letter case: ours, and public.
    const id = await h.say(s + 3, "/id@PANTAU_BOT", { chatId: G2 });
    expect(id.text).toContain(String(s + 3));
  });

  it("the gate as built (here anew, after a restart): public commands thrice a minute; a button press in a group refused as an alert, later presses answered silently", async () => {
    await h.restart();
    const p = STRANGER + 90;
    let answered = 0;
    for (let i = 0; i < 4; i++) answered += (await h.sendSettled(p, "/id")).length;
    expect(answered).toBe(3);
    h.tg.group(G2, "Grup Anggaran");
    const msg = await h.say(OFFICER, "/bantuan", { chatId: G2 });
    const s = STRANGER + 70;
    const first = await h.pressForAnswer(s, { chatId: G2, messageId: msg.messageId }, "cek:3514145203880002");
    expect([first.text, first.showAlert]).toEqual([`Maaf, bot ini hanya untuk petugas terdaftar. ID Anda: ${s}`, true]);
    for (let i = 0; i < 2; i++) {
      const later = await h.pressForAnswer(s, { chatId: G2, messageId: msg.messageId }, "cek:3514145203880002");
      expect([later.text, later.showAlert]).toEqual([undefined, undefined]);
    }
  });

  it("a stranger who starts the bot (a member update, no message) gets no answer; an inline query gets an empty personal answer", async () => {
    const s = STRANGER + 80;
    const from = h.tg.user(s);
    const since = h.tg.mark();
    await h.settled(h.tg.unblock(s).update_id);
    expect(h.tg.messagesIn(s).filter((m) => m.seq > since)).toEqual([]);
    const inline = h.tg.pushUpdate({ inline_query: { id: "q-stranger", from, query: "3514", offset: "" } });
    await h.settled(inline.update_id);
    const call = h.tg.calls.find((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === "q-stranger");
    expect([call?.params.results, call?.params.cache_time, call?.params.is_personal]).toEqual([[], 60, true]);
  });
});

describe("replies to strangers", () => {
  let r: Harness;
  beforeAll(async () => {
    r = await startHarness();
  });
  afterAll(async () => {
    await r?.stop();
  });

  it("public commands answer a stranger at most three times a minute; the rest is handled and dropped", async () => {
    const stranger = STRANGER + 40;
    let replies = 0;
    for (const text of ["/start", "/id", "/bantuan", "/start", "/id", "/start"]) replies += (await r.sendSettled(stranger, text)).length;
    expect(replies).toBe(3);
    // Another stranger is not affected by the first one's budget.
    expect(await r.sendSettled(stranger + 1, "/id")).toHaveLength(1);
  });
});

describe("per-user rate limit", () => {
  let r: Harness;
  beforeAll(async () => {
    r = await startHarness({ env: { RATE_LIMIT_PER_MIN: "3" } });
    await r.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
    await r.say(ADMIN, `/petugas tambah ${OFFICER + 1}`, { match: /ditambahkan/ });
  });
  afterAll(async () => {
    await r?.stop();
  });

  it("an officer over the limit is told once, not left in silence; nothing over the limit reaches SIPP", async () => {
    const since = r.tg.mark();
    const sippBefore = r.sipp.count();
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(r.tg.sendText(OFFICER, "/id").update_id);
    ids.push(r.tg.sendText(OFFICER, `/cek ${r.sample.withBantuan}`).update_id);
    await Promise.all(ids.map((id) => r.settled(id)));
    const got = r.tg.messagesIn(OFFICER).filter((m) => m.seq > since);
    expect(got.filter((m) => m.text.includes(String(OFFICER)))).toHaveLength(3);
    expect(got.filter((m) => /Terlalu banyak permintaan/.test(m.text))).toHaveLength(1);
    expect(got).toHaveLength(4);
    expect(r.sipp.count()).toBe(sippBefore);
  });

  it("an officer's button press over the limit is answered 'too fast'; a member update or a group message over the limit is not answered", async () => {
    await r.restart(); // the limiter built within this test
    const o = OFFICER + 1;
    let last = await r.say(o, "/id");
    for (let i = 0; i < 2; i++) last = await r.say(o, "/id");
    for (let i = 0; i < 2; i++) {
      const ans = await r.pressForAnswer(o, { chatId: o, messageId: last.messageId }, "x".repeat(10));
      expect(ans.text).toBe("⏳ Terlalu banyak permintaan. Coba lagi sebentar lagi.");
    }
    const since = r.tg.mark();
    // A member update (the officer stops and restarts the bot) is not a message: nothing to tell.
    await r.settled(r.tg.unblock(o).update_id);
    expect(r.tg.messagesIn(o).filter((m) => m.seq > since)).toEqual([]);
    r.tg.group(GROUP, "Grup Keuangan");
    expect(await r.sendSettled(o, "/id", { chatId: GROUP })).toEqual([]);
  });

  it("a stranger over the limit gets nothing beyond the one refusal", async () => {
    const s = STRANGER + 50;
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push(...(await r.sendSettled(s, `/cek ${r.sample.withBantuan}`)).map((m) => m.text));
    expect(got).toEqual([`⛔ Maaf, bot ini hanya untuk petugas terdaftar.\nID Telegram Anda: ${s}\nMinta administrator menambahkan ID ini.`]);
  });
});
