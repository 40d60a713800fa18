import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { masked } from "../helpers/expected.js";

let h: Harness;
const allBotText = () => h.tg.messages.map((m) => `${m.text}\n${m.html}\n${JSON.stringify(m.replyMarkup ?? {})}`).join("\n");

beforeAll(async () => {
  h = await startHarness();
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

describe("/cek NIK", () => {
  it("shows the person, masked NIK, desil, padan and bantuan grouped by OPD", async () => {
    const nik = h.sample.withBantuan;
    const person = h.data.p3ke.find((p) => p.nik === nik)!;
    const rows = h.data.bantuan.filter((b) => b.nik === nik);
    const reply = await h.say(OFFICER, `/cek ${nik}`, { match: /Hasil cek NIK/ });
    expect(reply.text).toContain(masked(nik));
    expect(reply.text).not.toContain(nik);
    expect(reply.text).toContain(person.nama);
    expect(reply.text).toContain(`Desil ${person.desil_kesejahteraan}`);
    expect(reply.text).toContain(`Padan Dukcapil: ${person.padan_dukcapil}`);
    expect(reply.text).toContain(`Bantuan (${rows.length})`);
    for (const opd of new Set(rows.map((r) => r.nama_opd))) expect(reply.text).toContain(opd);
    expect(reply.parseMode).toBe("HTML");
  });

  it("accepts a NIK pasted with spaces and a bare NIK without the command", async () => {
    const nik = h.sample.noBantuan;
    const spaced = `${nik.slice(0, 4)} ${nik.slice(4, 8)} ${nik.slice(8, 12)} ${nik.slice(12)}`;
    const a = await h.say(OFFICER, `/cek ${spaced}`, { match: /Hasil cek NIK/ });
    expect(a.text).toContain("Belum tercatat menerima bantuan");
    const b = await h.say(OFFICER, nik, { match: /Hasil cek NIK/ });
    expect(b.text).toContain(masked(nik));
  });

  it("says plainly when the NIK is not in P3KE, and still shows its bantuan", async () => {
    const reply = await h.say(OFFICER, `/cek ${h.sample.bantuanOnly}`, { match: /Hasil cek NIK/ });
    expect(reply.text).toContain("tidak terdaftar di P3KE");
    expect(reply.text).toMatch(/Bantuan \(\d+\)/);
    const none = await h.say(OFFICER, `/cek ${h.sample.unknown}`, { match: /Hasil cek NIK/ });
    expect(none.text).toContain("tidak terdaftar di P3KE");
    expect(none.text).toContain("Belum tercatat menerima bantuan");
  });

  it.each([
    ["35141452038800", /16 angka; yang Anda kirim 14/],
    ["3514143202880002", /Tanggal lahir dalam NIK tidak valid/],
    ["3514145203880000", /Nomor urut/],
    ["3514005203880002", /kecamatan/],
    ["9914145203880002", /provinsi/],
    ["3514000000000001", /kecamatan/],
  ])("explains a malformed NIK %s without calling SIPP", async (nik, why) => {
    const before = h.sipp.count("/api/tracking");
    const reply = await h.say(OFFICER, `/cek ${nik}`);
    expect(reply.text).toMatch(why);
    expect(h.sipp.count("/api/tracking")).toBe(before);
  });

  it("serves a repeat from the cache without a second SIPP call", async () => {
    const nik = h.sample.female;
    await h.say(OFFICER, `/cek ${nik}`, { match: /Hasil cek NIK/ });
    const before = h.sipp.count("/api/tracking");
    const again = await h.say(ADMIN, `/cek ${nik}`, { match: /Hasil cek NIK/ });
    expect(again.text).toContain(masked(nik));
    expect(h.sipp.count("/api/tracking")).toBe(before);
  });

  it("shows typing while SIPP is asked, and answers from the cache without it", async () => {
    const used = new Set<string>(Object.values(h.sample));
    const nik = h.data.p3ke.find((p) => !used.has(p.nik))!.nik;
    const typingFor = (since: number) => h.tg.chatActions.filter((a) => a.chatId === OFFICER && a.action === "typing" && a.at >= since).length;
    h.sipp.setLatency(300);
    try {
      const t0 = Date.now();
      await h.say(OFFICER, `/cek ${nik}`, { match: /Hasil cek NIK/ });
      expect(typingFor(t0)).toBe(1);
    } finally {
      h.sipp.setLatency(0);
    }
    const t1 = Date.now();
    const got = await h.sendSettled(OFFICER, `/cek ${nik}`); // done with the update: a "typing" would have been sent
    expect(got.map((m) => m.text).join("\n")).toContain("Hasil cek NIK");
    expect(typingFor(t1)).toBe(0);
  });

  it("audits every lookup with a masked NIK and a keyed hash, never the full NIK", async () => {
    // Entries are written before each answer is sent: all are there already.
    const entries = await h.app.audit.recent(100);
    const cek = entries.filter((e) => e.action === "cek");
    expect(cek.length).toBeGreaterThanOrEqual(4);
    for (const e of cek) {
      expect(e.subject).toMatch(/^\d{4}\*{8}\d{4}$/);
      expect(e.subjectHash).toMatch(/^[0-9a-f]{32}$/);
      expect(e.keyId).toBe(h.app.audit.keyId);
      expect(e.userId === OFFICER || e.userId === ADMIN).toBe(true);
    }
    expect(cek.map((e) => e.outcome)).toEqual(expect.arrayContaining(["p3ke+bantuan", "bantuan_saja", "tidak_ditemukan"]));
  });
});

describe("/cek as a conversation", () => {
  it("asks for the NIK, explains a wrong answer, asks again, then answers", async () => {
    const ask = await h.say(OFFICER, "/cek");
    expect(ask.text).toMatch(/Kirim NIK/);
    const wrong = await h.say(OFFICER, "12345");
    expect(wrong.text).toMatch(/16 angka/);
    expect(wrong.text).toMatch(/Kirim NIK lagi/);
    const ok = await h.say(OFFICER, h.sample.withBantuan, { match: /Hasil cek NIK/ });
    expect(ok.text).toContain(masked(h.sample.withBantuan));
    // The conversation is over: plain text is no longer taken as an answer.
    const after = await h.say(OFFICER, "halo");
    expect(after.text).toMatch(/Kirim \/cek/);
  });

  it("/batal leaves the conversation", async () => {
    await h.say(OFFICER, "/cek", { match: /Kirim NIK/ });
    const bye = await h.say(OFFICER, "/batal");
    expect(bye.text).toBe("Dibatalkan.");
    const before = h.sipp.count("/api/tracking");
    const after = await h.say(OFFICER, "bukan nik");
    expect(after.text).toMatch(/Kirim \/cek/);
    expect(h.sipp.count("/api/tracking")).toBe(before);
  });

  it("a button press during the conversation is answered by its own handler, the conversation goes on", async () => {
    const ask = await h.say(OFFICER, "/cek", { match: /Kirim NIK/ });
    const upd = h.tg.pressButton(OFFICER, { chatId: OFFICER, messageId: ask.messageId }, "usang:123");
    const ans = await h.tg.waitForCallbackAnswer(upd.callback_query!.id);
    expect(ans.text).toMatch(/tidak berlaku/);
    const ok = await h.say(OFFICER, h.sample.noBantuan, { match: /Hasil cek NIK/ });
    expect(ok.text).toContain(masked(h.sample.noBantuan));
  });

  it("another command during the conversation runs as that command", async () => {
    await h.say(OFFICER, "/cek", { match: /Kirim NIK/ });
    const id = await h.say(OFFICER, "/id");
    expect(id.text).toContain(String(OFFICER));
  });
});

describe("/cek in a group", () => {
  it("gives a hint and a private-chat button, never personal data, and calls nothing", async () => {
    h.tg.group(GROUP, "Tim Pendamping Bangil");
    const before = h.sipp.count("/api/tracking");
    const nik = h.sample.withBantuan;
    const hint = await h.say(OFFICER, `/cek ${nik}`, { chatId: GROUP });
    expect(hint.text).toMatch(/tidak ditampilkan di grup/);
    const buttons = h.tg.buttons(hint);
    expect(buttons[0]?.url).toMatch(/^https:\/\/t\.me\/\w+\?start=cek$/);
    expect(h.sipp.count("/api/tracking")).toBe(before);
    const groupText = h.tg.messagesIn(GROUP).map((m) => m.text).join("\n");
    expect(groupText).not.toContain(nik);
    expect(groupText).not.toContain(masked(nik));
    expect(groupText).not.toContain(h.data.p3ke.find((p) => p.nik === nik)!.nama);
  });

  it("the deep link /start cek opens the conversation in private", async () => {
    const ask = await h.say(OFFICER, "/start cek");
    expect(ask.text).toMatch(/Kirim NIK/);
    await h.say(OFFICER, "/batal");
  });

  it("the deep link /start cek gives a stranger the refusal with their id, never the NIK prompt", async () => {
    const stranger = STRANGER + 40;
    const r = await h.say(stranger, "/start cek");
    expect(r.text).not.toMatch(/Kirim NIK/);
    expect(r.text).toMatch(/belum terdaftar/);
    expect(r.text).toContain(String(stranger));
  });

  it("/start with an unknown payload greets an officer like /start", async () => {
    const r = await h.say(OFFICER, "/start xyz");
    expect(r.text).toMatch(/Selamat datang/);
  });
});

describe("privacy", () => {
  it("no full NIK in any bot output, button or log line", () => {
    const niks = [h.sample.withBantuan, h.sample.noBantuan, h.sample.bantuanOnly, h.sample.unknown, h.sample.female];
    const out = allBotText();
    const logs = h.logs.join("");
    expect(logs.length).toBeGreaterThan(0);
    for (const nik of niks) {
      expect(out).not.toContain(nik);
      expect(logs).not.toContain(nik);
    }
    expect(logs).not.toContain("sipp-test-token");
    expect(logs).not.toContain(h.tg.token);
  });
});
