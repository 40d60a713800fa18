import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import type { SimMessage } from "../../sim/telegram.js";
import type { ExpectedSatker } from "../../sim/omspan.js";
import { desimal2, persen, rupiah } from "../helpers/expected.js";

const OMSPAN = { realisasiRows: 20_000, satkerCount: 40, seed: 5, asOf: { month: 11, day: 20 } };
const KD = "527560";

let h: Harness;

const press = (from: number, msg: { chatId: number; messageId: number }, data: string, match?: RegExp | ((m: SimMessage) => boolean)) => h.press(from, msg, data, match);
const pressForAnswer = (from: number, msg: { chatId: number; messageId: number }, data: string, hh = h) => hh.pressForAnswer(from, msg, data);

const button = (msg: SimMessage, text: RegExp) => {
  const b = h.tg.buttons(msg).find((x) => text.test(x.text));
  if (!b) throw new Error(`no button ${String(text)} in ${JSON.stringify(h.tg.buttons(msg))}`);
  return b;
};

function expectFigures(text: string, exp: ExpectedSatker) {
  expect(text).toContain(exp.nama);
  expect(text).toContain(`Pagu: ${rupiah(exp.pagu)}`);
  expect(text).toContain(`Realisasi: ${rupiah(exp.realisasi)} (${persen((exp.realisasi / exp.pagu) * 100)})`);
  for (const [jenis, v] of Object.entries(exp.perJenis)) {
    expect(text).toContain(`${jenis} `);
    expect(text).toContain(`dari ${rupiah(v.pagu)}`);
    expect(text).toContain(`realisasi ${rupiah(v.realisasi)}`);
  }
  expect(text).toContain(`Kontrak: ${rupiah(exp.fa.kontrak)} · Blokir: ${rupiah(exp.fa.blokir)}`);
  expect(text).toContain(`Sisa dana: ${rupiah(exp.fa.balancing)}`);
  const minus = Object.entries(exp.paguMinusPerAkun);
  if (minus.length === 0) expect(text).toContain("Tidak ada akun pagu minus");
  else {
    expect(text).toContain(`Pagu minus (${minus.length} akun)`);
    for (const [akun, amount] of minus) expect(text).toContain(`akun ${akun} (${akun.slice(0, 2)}): ${rupiah(amount)}`);
  }
  const ik = exp.ikLatest!;
  expect(ik.score).toBeDefined();
  expect(text).toContain(`: ${desimal2(ik.score!)} (${ik.kategori}) — dihitung dari data OMSPAN`);
  expect(text).toContain("Indikator terlemah");
  expect(text).toContain("Data OMSPAN per 20 November 2026");
}

beforeAll(async () => {
  h = await startHarness({ omspan: OMSPAN, env: { OMSPAN_PAGE_SIZE: "3000", RATE_LIMIT_PER_MIN: "1000" } });
  await h.app.budget.sync.inProgress?.catch(() => undefined); // the run at start (no data yet)
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
}, 30_000);
afterAll(async () => {
  await h?.stop();
});

describe("/sinkron", () => {
  it("is for administrators only", async () => {
    const r = await h.say(OFFICER, "/sinkron");
    expect(r.text).toMatch(/khusus administrator/);
  });

  it("runs the sync with a progress message and reports rows, satker, duration and new pagu minus", async () => {
    const before = h.omspan!.count("/RealisasiKL");
    h.omspan!.setPaguMinus("527567", h.omspan!.data.lines.find((l) => l.kdsatker === "527567" && l.akun.startsWith("52"))!.akun, 2_500_000);
    const since = h.tg.mark();
    const calls = h.tg.calls.length;
    h.tg.sendText(ADMIN, "/sinkron");
    const done = await h.tg.waitFor({ chatId: ADMIN, since, match: /Sinkronisasi OMSPAN selesai/, timeoutMs: 20_000 });
    // The progress message was sent first and edited into the report.
    const sent = h.tg.calls.slice(calls).find((c) => c.method === "sendMessage" && c.chatId === ADMIN);
    expect(String(sent?.params.text)).toContain("Sinkronisasi OMSPAN dimulai");
    expect(done.edits).toBeGreaterThanOrEqual(1);
    expect(done.text).toContain("Baris realisasi: 20.000 · satker: 40");
    expect(done.text).toMatch(/durasi: .*(ms|detik)/);
    expect(done.text).toContain("Data OMSPAN per 20 November 2026");
    expect(done.text).toContain("pagu minus baru: 1");
    expect(done.text).toMatch(/527567 akun 52\d{4}: -Rp 2\.500\.000/);
    // 20 000 rows in ranges of 3 000: 7 pages with data and one empty answer.
    expect(h.omspan!.count("/RealisasiKL") - before).toBe(8);
    const runs = await h.app.budget.reader.runs(5);
    expect(runs[0]).toMatchObject({ status: "active", trigger: "admin", rows: 20_000, satker: 40 });
  }, 30_000);
});

describe("/anggaran SATKER", () => {
  it("shows figures equal to the simulator's independent reference", async () => {
    for (const kd of [KD, "527567", "527501", "018001"]) {
      const exp = h.omspan!.expectedSatker(kd)!;
      const r = await h.say(OFFICER, `/anggaran ${kd}`, { match: /Pagu:/ });
      expectFigures(r.text, exp);
      expect(r.parseMode).toBe("HTML");
      expect(h.tg.buttons(r).map((b) => b.text)).toEqual(["📈 Grafik", "📄 Rincian akun", "🏆 Peringkat realisasi", "🏆 Peringkat IKPA"]);
    }
  });

  it("lists every akun in pagu minus with its amount (designed over-spent lines)", async () => {
    const withMinus = [...h.omspan!.reference().values()].filter((e) => e.paguMinusLines.length > 0);
    expect(withMinus.length).toBeGreaterThan(1);
    for (const exp of withMinus) {
      const r = await h.say(OFFICER, `/anggaran ${exp.kdsatker}`, { match: /Pagu:/ });
      for (const [akun, amount] of Object.entries(exp.paguMinusPerAkun)) expect(r.text).toContain(`akun ${akun} (${akun.slice(0, 2)}): ${rupiah(amount)}`);
    }
  });

  it("marks jenis belanja against this quarter's target", async () => {
    const r = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
    expect(r.text).toContain("Per jenis belanja — target TW IV");
    expect(r.text).toMatch(/(🔻|✅) 51 Belanja Pegawai: \d+,\d% dari Rp [\d.]+ · target 95,0%/);
  });

  it("says so for an unknown satker and offers the name search", async () => {
    const r = await h.say(OFFICER, "/anggaran 999999");
    expect(r.text).toContain("Satker 999999 tidak ada di data OMSPAN");
    const b = button(r, /Cari satker/);
    const ask = await press(OFFICER, r, b.data!, /Kirim kode satker/);
    expect(ask.text).toContain("sebagian namanya");
    const ans = await h.say(OFFICER, "sidoarjo", { match: /Pagu:/ });
    expect(ans.text).toContain("KANTOR PERTANAHAN KABUPATEN SIDOARJO");
  });

  it("searches by name: one match answers, several give a keyboard", async () => {
    const one = await h.say(OFFICER, "/anggaran kota pasuruan", { match: /Pagu:/ });
    expectFigures(one.text, h.omspan!.expectedSatker("527567")!);
    const many = await h.say(OFFICER, "/anggaran malang");
    expect(many.text).toMatch(/2 satker cocok dengan “malang”/);
    const names = h.tg.buttons(many).map((b) => b.text);
    expect(names.some((n) => n.includes("KABUPATEN MALANG"))).toBe(true);
    expect(names.some((n) => n.includes("KOTA MALANG"))).toBe(true);
    const pick = button(many, /KOTA MALANG/);
    const kd = /\((\d{6})\)/.exec(pick.text)![1]!;
    const shown = await press(OFFICER, many, pick.data!, /Pagu:/);
    expectFigures(shown.text, h.omspan!.expectedSatker(kd)!);
    const none = await h.say(OFFICER, "/anggaran zzzqqq");
    expect(none.text).toContain("Tidak ada satker yang namanya cocok");
  });

  it("asks for the satker in a conversation, explains a bad answer, and /batal leaves", async () => {
    const ask = await h.say(OFFICER, "/anggaran", { match: /Kirim kode satker/ });
    expect(ask.text).toContain("Anggaran satker");
    const again = await h.say(OFFICER, "12", { match: /Kirim kode satker/ });
    expect(again.text).toContain("atau /batal");
    const ans = await h.say(OFFICER, KD, { match: /Pagu:/ });
    expectFigures(ans.text, h.omspan!.expectedSatker(KD)!);
    await h.say(OFFICER, "/anggaran", { match: /Kirim kode satker/ });
    const batal = await h.say(OFFICER, "/batal");
    expect(batal.text).toMatch(/dibatalkan/i);
  });

  it("answers officers in groups, refuses strangers without showing data", async () => {
    h.tg.addBotToGroup(GROUP, ADMIN);
    const r = await h.say(OFFICER, `/anggaran ${KD}`, { chatId: GROUP, match: /Pagu:/ });
    expectFigures(r.text, h.omspan!.expectedSatker(KD)!);
    const s = await h.say(STRANGER, `/anggaran ${KD}`);
    expect(s.text).toContain(String(STRANGER));
    expect(s.text).not.toContain("Pagu");
    const all = h.tg.messagesIn(STRANGER).map((m) => m.text).join("\n");
    expect(all).not.toContain("Rp ");
  });

  it("is registered in the command lists and the help", async () => {
    const lists = Object.entries(h.tg.commands);
    const of = (re: RegExp) => lists.filter(([k]) => re.test(k)).flatMap(([, v]) => v.map((c) => c.command));
    expect(of(/all_private_chats/)).toContain("anggaran");
    expect(of(/all_group_chats/)).toContain("anggaran");
    expect(of(/all_group_chats|all_private_chats/)).not.toContain("sinkron");
    const help = await h.say(ADMIN, "/bantuan");
    expect(help.text).toContain("/anggaran");
    expect(help.text).toContain("/sinkron");
  });
});

describe("buttons", () => {
  let summary: SimMessage;
  beforeAll(async () => {
    summary = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
  });

  it("chart: a PNG of the cumulative realisasi against the target", async () => {
    const since = h.tg.mark();
    h.tg.pressButton(OFFICER, summary, button(summary, /Grafik/).data!);
    const photo = await h.tg.waitFor({ chatId: OFFICER, since, match: (m) => m.kind === "photo", timeoutMs: 15_000 });
    const png = photo.photo!.data;
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBe(600);
    expect(png.length).toBeGreaterThan(10_000);
    expect(photo.text).toContain("Realisasi kumulatif");
    expect(photo.text).toContain(KD);
  }, 20_000);

  it("chart: when the Bot API refuses sendPhoto, the same PNG arrives as a document", async () => {
    h.tg.failNext("sendPhoto", { error_code: 400, description: "Bad Request: PHOTO_INVALID_DIMENSIONS" });
    const since = h.tg.mark();
    h.tg.pressButton(OFFICER, summary, button(summary, /Grafik/).data!);
    const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: (m) => m.kind === "document", timeoutMs: 15_000 });
    expect(doc.document!.filename).toBe(`realisasi-${KD}.png`);
    expect(doc.document!.data.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(doc.text).toContain("Realisasi kumulatif");
    expect(h.tg.messagesIn(OFFICER).filter((m) => m.seq > since && m.kind === "photo")).toHaveLength(0);
  }, 20_000);

  it("detail: a CSV document whose figures add up to the reference", async () => {
    const since = h.tg.mark();
    h.tg.pressButton(OFFICER, summary, button(summary, /Rincian/).data!);
    const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: (m) => m.kind === "document" });
    expect(doc.document!.filename).toBe(`rincian-akun_${KD}_20261120.csv`);
    const lines = doc.document!.data.toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Akun;Jenis belanja;Pagu;Realisasi;Realisasi %;Kontrak;Blokir;Sisa dana;Pagu minus");
    const exp = h.omspan!.expectedSatker(KD)!;
    const rows = lines.slice(1).map((l) => l.split(";"));
    expect(rows.length).toBe(Object.keys(exp.perAkun).length);
    let pagu = 0;
    let real = 0;
    for (const r of rows) {
      const akun = r[0]!;
      expect(Number(r[2])).toBe(exp.perAkun[akun]!.pagu);
      expect(Number(r[3])).toBe(exp.perAkun[akun]!.realisasi);
      expect(Number(r[8])).toBe(exp.paguMinusPerAkun[akun] ?? 0);
      pagu += Number(r[2]);
      real += Number(r[3]);
    }
    expect(pagu).toBe(exp.pagu);
    expect(real).toBe(exp.realisasi);
  });

  it("ranking by realisasi % and by IKPA: top and bottom 5 and the satker's place", async () => {
    const ref = [...h.omspan!.reference().values()];
    const byPct = ref.map((e) => ({ kd: e.kdsatker, v: e.realisasi / e.pagu })).sort((a, b) => b.v - a.v || a.kd.localeCompare(b.kd));
    const r = await press(OFFICER, summary, button(summary, /Peringkat realisasi/).data!, /Peringkat realisasi/);
    expect(r.text).toContain("5 teratas");
    expect(r.text).toContain("5 terbawah");
    expect(r.text).toContain(`1. ${h.omspan!.expectedSatker(byPct[0]!.kd)!.nama} (${byPct[0]!.kd})`);
    expect(r.text).toContain(`40. ${h.omspan!.expectedSatker(byPct[39]!.kd)!.nama} (${byPct[39]!.kd})`);
    const pos = byPct.findIndex((x) => x.kd === KD) + 1;
    expect(r.text).toContain(`${KD} di peringkat ${pos} dari 40`);

    const byIk = ref.filter((e) => e.ikLatest?.score !== undefined).sort((a, b) => b.ikLatest!.score! - a.ikLatest!.score! || a.kdsatker.localeCompare(b.kdsatker));
    const i = await press(OFFICER, summary, button(summary, /Peringkat IKPA/).data!, /Peringkat IKPA/);
    expect(i.text).toContain(`1. ${byIk[0]!.nama} (${byIk[0]!.kdsatker}) — ${desimal2(byIk[0]!.ikLatest!.score!)}`);
  });

  it("stale and forged buttons are answered, never crash", async () => {
    for (const data of ["ag1:g:12345", "ag1:zz", "ag1:r:xx:527560", "ag1:g:527560:extra", "ag0:g:527560"]) {
      const a = await pressForAnswer(OFFICER, summary, data);
      expect(a.text ?? "").toMatch(/tidak berlaku/);
    }
    const gone = await pressForAnswer(OFFICER, summary, "ag1:d:999999");
    expect(gone.text).toContain("999999 tidak ada lagi");
    // Still working afterwards.
    const r = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
    expect(r.text).toContain("Pagu:");
  });

  it("refuses a stranger's button press: nothing reaches the chat of the button's message (where the document would go)", async () => {
    const since = h.tg.mark();
    const upd = h.tg.pressButton(STRANGER, summary, button(summary, /Rincian/).data!);
    await h.tg.waitForCallbackAnswer(upd.callback_query!.id); // answered (refused, or throttled: refused a moment ago)
    await h.settled(upd.update_id);
    expect(h.tg.messagesIn(summary.chatId).filter((m) => m.seq > since)).toEqual([]);
    expect(h.tg.messagesIn(STRANGER).filter((m) => m.seq > since)).toEqual([]);
  });
});

describe("failed syncs keep the previous data", () => {
  it("an OMSPAN 500 in the middle of RealisasiKL: report, old data served with its age", async () => {
    const ok = await h.app.budget.reader.current();
    h.omspan!.fault({ path: "/RealisasiKL", kind: "status", status: 500, times: Infinity, afterRequests: 2 });
    try {
      const since = h.tg.mark();
      h.tg.sendText(ADMIN, "/sinkron");
      const r = await h.tg.waitFor({ chatId: ADMIN, since, match: /gagal/, timeoutMs: 20_000 });
      expect(r.text).toContain("OMSPAN sedang tidak tersedia");
      expect(r.text).toContain("Data sebelumnya tetap dipakai");
      expect(r.text).toMatch(/Data yang dipakai: per 20 November 2026/);
    } finally {
      h.omspan!.clearFaults();
    }
    expect((await h.app.budget.reader.current())!.datasetId).toBe(ok!.datasetId);
    const last = await h.app.budget.reader.lastRun();
    expect(last).toMatchObject({ status: "failed" });
    expect(last!.error).toMatch(/unavailable/);
    const a = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
    expectFigures(a.text, h.omspan!.expectedSatker(KD)!);
    expect(a.text).toMatch(/Sinkronisasi terakhir gagal \(.*WIB\); data di atas berumur/);
  }, 30_000);

  it("a rejected key (401): stops, keeps serving, tells administrators once with the key's year", async () => {
    const good = h.omspan!.token;
    h.omspan!.setToken("another-key");
    try {
      for (let i = 0; i < 2; i++) {
        const since = h.tg.mark();
        const u = h.tg.sendText(ADMIN, "/sinkron");
        const r = await h.tg.waitFor({ chatId: ADMIN, since, match: /Sinkronisasi OMSPAN gagal/, timeoutMs: 20_000 });
        expect(r.text).toContain("kunci API OMSPAN ditolak");
        await h.settled(u.update_id);
      }
      // The notice comes through the outbox: wait for it, then (after the second failed run) count.
      await h.tg.waitFor({ chatId: ADMIN, match: /OMSPAN menolak kunci API/ });
      const notices = h.tg.messagesIn(ADMIN).filter((m) => /OMSPAN<\/b> menolak kunci API|OMSPAN menolak kunci API/.test(m.html ?? m.text));
      expect(notices.length).toBe(1);
      expect(notices[0]!.text).toContain("tahun anggaran 2026");
      expect(notices[0]!.text).not.toContain("berbeda dengan tahun berjalan");
      const a = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
      expect(a.text).toMatch(/Sinkronisasi terakhir gagal/);
    } finally {
      h.omspan!.setToken(good);
    }
    const since = h.tg.mark();
    h.tg.sendText(ADMIN, "/sinkron");
    await h.tg.waitFor({ chatId: ADMIN, since, match: /selesai/, timeoutMs: 20_000 });
    await h.tg.waitFor({ chatId: ADMIN, since, match: /kembali menerima kunci API/ });
    // The outbox sends in order: a second "rejected" notice would have come before the recovery.
    expect(h.tg.messagesIn(ADMIN).filter((m) => /OMSPAN menolak kunci API/.test(m.text))).toHaveLength(1);
    const a = await h.say(OFFICER, `/anggaran ${KD}`, { match: /Pagu:/ });
    expect(a.text).not.toMatch(/Sinkronisasi terakhir gagal/);
  }, 40_000);
});

describe("the very first sync", () => {
  it("a request during the first sync waits for it with a progress note edited into the answer", async () => {
    const h2 = await startHarness({ omspan: { ...OMSPAN, latencyMs: 150 }, env: { OMSPAN_PAGE_SIZE: "2000", ADMIN_IDS: String(OFFICER) } });
    try {
      expect(h2.app.budget.sync.inProgress).toBeDefined();
      const since = h2.tg.mark();
      const calls = h2.tg.calls.length;
      h2.tg.sendText(OFFICER, `/anggaran ${KD}`);
      const done = await h2.tg.waitFor({ chatId: OFFICER, since, match: /Pagu:/, timeoutMs: 20_000 });
      const sent = h2.tg.calls.slice(calls).filter((c) => c.method === "sendMessage" && c.chatId === OFFICER);
      expect(sent.length).toBe(1); // the progress note, edited into the answer
      expect(String(sent[0]!.params.text)).toContain("disinkronkan dari OMSPAN untuk pertama kali");
      expect(done.edits).toBeGreaterThanOrEqual(1);
      expectFigures(done.text, h2.omspan!.expectedSatker(KD)!);
      const runs = await h2.app.budget.reader.runs();
      expect(runs[0]).toMatchObject({ status: "active", trigger: "start" });
    } finally {
      await h2.stop();
    }
  }, 40_000);

  it("without an OMSPAN key the budget commands are neither handled nor advertised", async () => {
    const h3 = await startHarness({ env: { ADMIN_IDS: String(OFFICER) } });
    try {
      const r = await h3.say(OFFICER, `/anggaran ${KD}`);
      expect(r.text).toContain("Perintah tidak dikenal");
      const s = await h3.say(OFFICER, "/sinkron");
      expect(s.text).toContain("Perintah tidak dikenal");
      const help = await h3.say(OFFICER, "/bantuan");
      expect(help.text).toContain("/cek");
      expect(help.text).not.toMatch(/\/anggaran|\/sinkron|\/langganan/);
      const menus = Object.values(h3.tg.commands).flat().map((c) => c.command);
      expect(menus).toContain("cek");
      expect(menus).not.toContain("anggaran");
      expect(menus).not.toContain("sinkron");
      expect(menus).not.toContain("langganan");
    } finally {
      await h3.stop();
    }
  }, 20_000);
});
