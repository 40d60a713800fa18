import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workbook } from "@cj-tech-master/excelts";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { expectedDesaSummary, generateSippData, type P3keRecord, type SippDataset } from "../../sim/sipp-data.js";
import type { SimMessage } from "../../sim/telegram.js";
import { wireP3ke } from "../../sim/sipp-wire.js";
import { angka, masked, persenDari } from "../helpers/expected.js";

/**
 * Own data set (testData() is shared): Bangil and Kraton with 18 desa each (so Bangil's
 * keyboard has two pages, and KALIREJO exists in both), Bendomungal resized to 400 people
 * (27 pages of 15) and Kraton's desa KRATON to 200 (14 pages).
 */
const BIG = "3514141005"; // Kelurahan Bendomungal, Kec. Bangil
const MID = "3514162001"; // Desa Kraton, Kec. Kraton
let data: SippDataset;
let h: Harness;

const SUMMARY = /Sumber: SIPP/;
/**
 * A NIK typed into the address field upstream (spaced, as people type it), given to every
 * head of a desil-1 family of BIG: the /desa list and the exports must show it masked.
 */
const ALAMAT_WITH_NIK = "DUSUN KRAJAN RT 001 RW 002 NIK 3514 0123 4567 0001";
const ALAMAT_MASKED = "DUSUN KRAJAN RT 001 RW 002 NIK 3514********0001";
const NIK16 = /(?<!\d)\d{16}(?!\d)/;

function families(kode: string): Map<string, P3keRecord[]> {
  const out = new Map<string, P3keRecord[]>();
  for (const r of data.p3ke) {
    if (r.kode_kemdagri !== kode) continue;
    const list = out.get(r.id_keluarga_p3ke) ?? [];
    list.push(r);
    out.set(r.id_keluarga_p3ke, list);
  }
  return out;
}
const headOf = (members: P3keRecord[]) => members.find((m) => m.hubungan_dengan_kepala_keluarga === "Kepala Keluarga") ?? members[0]!;

const press = (from: number, msg: SimMessage, dataStr: string, match?: RegExp): Promise<SimMessage> => h.press(from, msg, dataStr, match, 8000);
const pressForAnswer = (from: number, msg: { chatId: number; messageId: number }, dataStr: string, hh = h) => hh.pressForAnswer(from, msg, dataStr);
/** Press, and return the answer once the bot is done with the press (whatever it would send, it has sent). */
async function pressSettled(from: number, msg: { chatId: number; messageId: number }, dataStr: string) {
  const u = h.tg.pressButton(from, msg, dataStr);
  const ans = await h.tg.waitForCallbackAnswer(u.callback_query!.id);
  await h.settled(u.update_id);
  return ans;
}

const button = (msg: SimMessage, text: string | RegExp) => {
  const b = h.tg.buttons(msg).find((x) => (typeof text === "string" ? x.text === text : text.test(x.text)));
  if (!b) throw new Error(`no button ${String(text)} in ${JSON.stringify(h.tg.buttons(msg))}`);
  return b;
};

/** Minimal RFC 4180 reader. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

/** Export rows (header-keyed) against the canonical data of the desa. */
function expectRowsMatchData(kode: string, header: string[], rows: (string | number)[][]) {
  const fams = families(kode);
  expect(rows).toHaveLength(fams.size);
  const col = (name: string) => {
    const i = header.indexOf(name);
    expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  const [cId, cKepala, cNik, cAlamat, cDesil, cAnggota, cPenerima, cBantuan] = [
    "ID Keluarga P3KE",
    "Kepala Keluarga",
    "NIK Kepala (disamarkan)",
    "Alamat",
    "Desil",
    "Jumlah Anggota",
    "Anggota Penerima Bantuan",
    "Jumlah Bantuan",
  ].map(col) as number[];
  const bantuanPerNik = new Map<string, number>();
  for (const b of data.bantuan) bantuanPerNik.set(b.nik, (bantuanPerNik.get(b.nik) ?? 0) + 1);
  const seen = new Set<string>();
  for (const r of rows) {
    const id = String(r[cId!]);
    const members = fams.get(id);
    expect(members, `family ${id}`).toBeDefined();
    seen.add(id);
    const head = headOf(members!);
    expect(String(r[cKepala!])).toBe(head.nama);
    expect(String(r[cNik!])).toBe(masked(head.nik));
    // The simulator leaves some addresses out (null or ""); then another member's is taken, or none.
    const alamat = [head, ...members!].map((m) => wireP3ke(m, data.seed, 0).alamat).find((a): a is string => typeof a === "string" && a !== "") ?? "";
    expect(String(r[cAlamat!])).toBe(alamat === ALAMAT_WITH_NIK ? ALAMAT_MASKED : alamat);
    expect(Number(r[cDesil!])).toBe(head.desil_kesejahteraan);
    expect(Number(r[cAnggota!])).toBe(members!.length);
    expect(Number(r[cPenerima!])).toBe(members!.filter((m) => bantuanPerNik.has(m.nik)).length);
    expect(Number(r[cBantuan!])).toBe(members!.reduce((n, m) => n + (bantuanPerNik.get(m.nik) ?? 0), 0));
  }
  expect(seen.size).toBe(fams.size);
}

beforeAll(async () => {
  data = generateSippData({
    seed: 7,
    kecamatan: ["14", "16"],
    desaPerKecamatan: 18,
    peoplePerDesa: [8, 15],
    bigDesa: [
      { kode_kemdagri: BIG, people: 400 },
      { kode_kemdagri: MID, people: 200 },
    ],
  });
  for (const r of data.p3ke) if (r.kode_kemdagri === BIG && r.desil_kesejahteraan === 1) r.alamat = ALAMAT_WITH_NIK;
  h = await startHarness({ data, env: { RATE_LIMIT_PER_MIN: "1000" } });
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

describe("/desa keyboard flow", () => {
  it("kecamatan → desa (paged) → summary → back, all in one edited message", async () => {
    const menu = await h.say(OFFICER, "/desa");
    expect(menu.text).toMatch(/Pilih kecamatan/);
    const kecButtons = h.tg.buttons(menu);
    expect(kecButtons).toHaveLength(24);
    for (const b of kecButtons) expect(Buffer.byteLength(b.data!, "utf8")).toBeLessThanOrEqual(64);

    const list = await press(OFFICER, menu, button(menu, "Bangil").data!, /Kec\. Bangil — /); // the list, not its progress message
    expect(list.messageId).toBe(menu.messageId);
    const bangil = new Set(data.desa.filter((d) => d.kecamatanKode === "14").map((d) => d.kode_kemdagri));
    expect(list.text).toContain(`${bangil.size} desa/kelurahan`);
    const page1 = h.tg.buttons(list).filter((b) => b.data?.startsWith("ds1:s:"));
    expect(page1.length).toBeLessThan(bangil.size); // paged
    expect(button(list, "1/2")).toBeDefined();

    const list2 = await press(OFFICER, list, button(list, /Berikutnya/).data!, /Kec\. Bangil — /);
    const page2 = h.tg.buttons(list2).filter((b) => b.data?.startsWith("ds1:s:"));
    expect(button(list2, "2/2")).toBeDefined();
    const listed = new Set([...page1, ...page2].map((b) => b.data!.slice("ds1:s:".length)));
    expect(listed).toEqual(bangil);

    const back = await press(OFFICER, list2, button(list2, /Sebelumnya/).data!, /Kec\. Bangil — /);
    expect(h.tg.buttons(back).some((b) => b.text === "Bendomungal")).toBe(true);

    const summary = await press(OFFICER, back, button(back, "Bendomungal").data!, SUMMARY);
    expect(summary.messageId).toBe(menu.messageId);
    expect(summary.text).toContain("Kelurahan Bendomungal, Kec. Bangil");
    expect(h.tg.buttons(summary).map((b) => b.data)).toEqual([`ds1:x:${BIG}:csv`, `ds1:x:${BIG}:xlsx`, "ds1:c:14:0"]);

    const again = await press(OFFICER, summary, "ds1:c:14:0", /Kec\. Bangil — /);
    expect(again.text).toMatch(/Pilih salah satu/);
    const top = await press(OFFICER, again, button(again, /Daftar kecamatan/).data!, /Pilih kecamatan/);
    expect(h.tg.buttons(top)).toHaveLength(24);
  });

  it("a kecamatan without data says so, with a way back", async () => {
    const menu = await h.say(OFFICER, "/desa");
    const tosari = await press(OFFICER, menu, button(menu, "Tosari").data!, /Belum ada desa/);
    expect(tosari.text).toMatch(/Belum ada desa/);
    expect(h.tg.buttons(tosari).map((b) => b.data)).toEqual(["ds1:k"]);
  });
});

describe("/desa summary", () => {
  it("counts match the data: families, individuals, desil, padan, bantuan per OPD, desil 1 without bantuan", async () => {
    const exp = expectedDesaSummary(data, BIG);
    const m = await h.say(OFFICER, `/desa ${BIG}`, { match: SUMMARY });
    const text = m.text;
    expect(text).toContain(`${angka(exp.families)} keluarga · ${angka(exp.individuals)} jiwa`);
    expect(text).toContain(`Padan Dukcapil: ${persenDari(exp.padanYa, exp.individuals)}`);
    for (const [desil, c] of Object.entries(exp.perDesil)) {
      expect(text).toMatch(new RegExp(`Desil ${desil} — [^:]+: ${c.families} keluarga · ${c.individuals} jiwa`));
    }
    expect(text).toContain(`Penerima bantuan: ${exp.recipients} orang (${exp.recipientsInP3ke} terdaftar di P3KE) · ${exp.familiesWithBantuan} keluarga`);
    for (const [opd, n] of Object.entries(exp.recipientsPerOpd)) expect(text).toContain(`• ${opd}: ${n} orang`);
    const none = exp.desil1FamiliesNoBantuan;
    expect(text).toContain(`Desil 1 tanpa bantuan: ${none.length} dari ${exp.desil1Families} keluarga desil 1`);

    // Heads of those families, capped at 10: name, address with the NIK in it masked, masked NIK; "dan N lainnya".
    expect(none.length).toBeGreaterThan(10); // the data set is made so: the cap and the "lainnya" line are exercised
    const fams = families(BIG);
    const heads = none.map((id) => headOf(fams.get(id)!));
    const listed = text.split("\n").filter((l) => / — .* jiwa · /.test(l));
    expect(listed).toHaveLength(10);
    for (const l of listed) {
      const head = heads.find((p) => l.includes(`${p.nama} — `) && l.endsWith(`· ${masked(p.nik)}`));
      expect(head, l).toBeDefined();
      expect(l).toContain(` — ${ALAMAT_MASKED} · `);
    }
    expect(text).toContain(`dan ${none.length - 10} lainnya`);
    expect(text).not.toContain("3514 0123 4567 0001");
    expect(text).not.toMatch(NIK16);
    expect(m.parseMode).toBe("HTML");
  });

  it("fetches every page once, concurrently, with a throttled progress message edited into the result", async () => {
    h.app.cache.clear();
    h.sipp.setLatency(200);
    h.sipp.resetStats();
    const before = h.sipp.requests.length;
    const actionsBefore = h.tg.chatActions.length;
    try {
      const m = await h.say(OFFICER, `/desa ${BIG}`, { match: SUMMARY, timeoutMs: 15_000 });
      expect(m.edits).toBeGreaterThanOrEqual(2); // progress → progress → … → result
      const reqs = h.sipp.requests.slice(before).filter((r) => r.query.kode_kemdagri === BIG);
      for (const path of ["/api/p3ke", "/api/bantuan"]) {
        const pages = reqs.filter((r) => r.path === path).map((r) => Number(r.query.page));
        expect(new Set(pages).size).toBe(pages.length); // never a page twice
        expect(Math.max(...pages)).toBe(pages.length);
      }
      expect(reqs.filter((r) => r.path === "/api/p3ke")).toHaveLength(Math.ceil(400 / 15));
      expect(h.sipp.maxConcurrent).toBeGreaterThan(1);
      expect(h.sipp.maxConcurrent).toBeLessThanOrEqual(8); // SIPP_PAGE_CONCURRENCY=4 per endpoint
      // Progress edits at least 700 ms apart; no "message is not modified".
      const edits = h.tg.calls.filter((c) => c.method === "editMessageText" && Number(c.params.message_id) === m.messageId && c.chatId === OFFICER);
      expect(edits.every((c) => c.ok)).toBe(true);
      const progress = edits.slice(0, -1);
      expect(progress.some((c) => /P3KE: \d+\/27 halaman/.test(String(c.params.text)))).toBe(true);
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(700);
      expect(h.tg.chatActions.slice(actionsBefore).some((a) => a.chatId === OFFICER && a.action === "typing")).toBe(true);
    } finally {
      h.sipp.setLatency(0);
    }
  });

  it("a second request within the TTL makes no upstream call", async () => {
    await h.say(OFFICER, `/desa ${BIG}`, { match: SUMMARY });
    const before = h.sipp.count();
    const again = await h.say(ADMIN, `/desa ${BIG}`, { match: SUMMARY });
    expect(again.text).toContain("Bendomungal");
    expect(h.sipp.count()).toBe(before);
    // The same holds for the keyboard and the name search once the lists are loaded.
    await h.say(OFFICER, "/desa bendomungal", { match: SUMMARY });
    const before2 = h.sipp.count();
    await h.say(OFFICER, "/desa BENDOMUNGAL", { match: SUMMARY });
    expect(h.sipp.count()).toBe(before2);
  });

  it("audits every summary view with the kode", async () => {
    const rows = (await h.app.audit.recent(200)).filter((e) => e.action === "desa");
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((e) => /^3514\d{6}$/.test(e.subject ?? ""))).toBe(true);
    expect(rows.some((e) => e.subject === BIG && e.outcome === "ok" && e.userId === OFFICER)).toBe(true);
  });
});

describe("/desa NAMA and /desa KODE", () => {
  it("matches names case-, space- and hyphen-insensitively, and dotted codes", async () => {
    for (const q of ["BENDO MUNGAL", "bendomungal", "Kel. Bendo-mungal", "35.14.14.1005"]) {
      const m = await h.say(OFFICER, `/desa ${q}`, { match: SUMMARY });
      expect(m.text).toContain("Kelurahan Bendomungal");
    }
  });

  it("tolerates a small typo", async () => {
    const m = await h.say(OFFICER, "/desa bendomungl", { match: SUMMARY });
    expect(m.text).toContain("Kelurahan Bendomungal");
  });

  it("an ambiguous name gives a keyboard of matches", async () => {
    const m = await h.say(OFFICER, "/desa kalirejo", { match: /desa bernama/ });
    expect(m.text).toMatch(/Ada 2 desa bernama/);
    const kraton = button(m, "Kalirejo (Kec. Kraton)");
    const kode = data.desa.find((d) => d.kecamatanKode === "16" && d.nama === "KALIREJO")!.kode_kemdagri;
    expect(kraton.data).toBe(`ds1:s:${kode}`);
    const s = await press(OFFICER, m, kraton.data!, SUMMARY);
    expect(s.text).toContain("Desa Kalirejo, Kec. Kraton");
    expect(s.text).toContain(`${expectedDesaSummary(data, kode).families} keluarga`);
  });

  it("a kecamatan name shows its desa; a desa of exactly that name wins", async () => {
    const b = await h.say(OFFICER, "/desa Kec. Bangil", { match: /Kec\. Bangil — \d+ desa/ });
    expect(h.tg.buttons(b).some((x) => x.text === "Bendomungal")).toBe(true);
    const k = await h.say(OFFICER, "/desa kraton", { match: SUMMARY });
    expect(k.text).toContain("Desa Kraton, Kec. Kraton");
  });

  it("nothing found, codes outside Kab. Pasuruan and digits of the wrong length get clear messages", async () => {
    const none = await h.say(OFFICER, "/desa Zzyzx Kulon", { match: /tidak ditemukan/ });
    expect(none.text).toMatch(/tidak ditemukan/);
    const before = h.sipp.count();
    const luar = await h.say(OFFICER, "/desa 3515141005");
    expect(luar.text).toMatch(/bukan desa\/kelurahan Kab\. Pasuruan/);
    const nik = "3514145203880002";
    const salah = await h.say(OFFICER, `/desa ${nik}`);
    expect(salah.text).toMatch(/harus 10 angka/);
    expect(salah.text).not.toContain(nik);
    expect(h.sipp.count()).toBe(before);
    const unknown = await h.say(OFFICER, "/desa 3514149999", { match: /tidak ada di data/ });
    expect(unknown.text).toContain("3514149999");
  });
});

describe("exports", () => {
  it("CSV: every family with masked NIK, as a document, audited", async () => {
    const s = await h.say(OFFICER, `/desa ${BIG}`, { match: SUMMARY });
    const ans = pressForAnswer(OFFICER, s, `ds1:x:${BIG}:csv`);
    const doc = await h.tg.waitFor({ chatId: OFFICER, since: s.seq, match: (m) => m.kind === "document" });
    expect((await ans).text).toMatch(/Menyiapkan/);
    expect(doc.document!.filename).toMatch(new RegExp(`^keluarga-p3ke_${BIG}_bendomungal_\\d{8}\\.csv$`));
    expect(doc.caption).toMatch(/NIK disamarkan/);
    const csv = doc.document!.data.toString("utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).not.toMatch(NIK16);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expectRowsMatchData(BIG, header!, rows);
    await expect
      .poll(async () => (await h.app.audit.recent(5)).find((e) => e.action === "ekspor_csv"))
      .toMatchObject({ subject: BIG, userId: OFFICER, outcome: expect.stringMatching(/^ok/) });
  });

  it("XLSX: the same rows, readable back with excelts, no full NIK in any cell", async () => {
    const s = await h.say(OFFICER, `/desa ${MID}`, { match: SUMMARY });
    const since = h.tg.mark();
    h.tg.pressButton(OFFICER, s, `ds1:x:${MID}:xlsx`);
    const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: (m) => m.kind === "document" });
    expect(doc.document!.filename).toMatch(/\.xlsx$/);
    const wb = new Workbook();
    await wb.xlsx.load(doc.document!.data);
    const ws = wb.getWorksheet("Keluarga")!;
    const values: (string | number)[][] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : (v as string | number)))));
    const [header, ...rows] = values;
    expectRowsMatchData(MID, header!.map(String), rows);
    wb.eachSheet((sheet) => sheet.eachRow((row) => expect(JSON.stringify(row.values)).not.toMatch(NIK16)));
    await expect
      .poll(async () => (await h.app.audit.recent(5)).find((e) => e.action === "ekspor_xlsx"))
      .toMatchObject({ subject: MID, outcome: expect.stringMatching(/^ok/) });
  });
});

describe("stale and forged buttons", () => {
  it.each([
    ["ds1:c:99:0", "unknown kecamatan"],
    ["ds1:c:14:x", "bad page"],
    ["ds1:s:3514145203880002", "a NIK instead of a kode"],
    ["ds1:s:3515141005", "a kode outside Kab. Pasuruan"],
    ["ds1:x:3514141005:pdf", "unknown format"],
    ["ds1:s:3514141005:extra", "extra field"],
    ["ds1:zz", "unknown action"],
    ["ds0:s:3514141005", "an older format"],
  ])("%s (%s) gets a clear answer, nothing else", async (dataStr) => {
    const menu = await h.say(OFFICER, "/desa");
    const before = h.sipp.count();
    const ans = await pressForAnswer(OFFICER, menu, dataStr);
    expect(ans.text).toMatch(/tidak berlaku/);
    expect(h.sipp.count()).toBe(before);
  });

  it("an old page number shows the last page; an old summary's buttons still work", async () => {
    const menu = await h.say(OFFICER, "/desa");
    const list = await press(OFFICER, menu, "ds1:c:14:50", /Kec\. Bangil/);
    expect(button(list, "2/2")).toBeDefined();
    const s = await h.say(OFFICER, `/desa ${BIG}`, { match: SUMMARY });
    await h.say(OFFICER, "/id");
    const back = await press(OFFICER, s, "ds1:c:14:0", /Kec\. Bangil/);
    expect(back.messageId).toBe(s.messageId);
    expect(h.logs.join("")).not.toMatch(/handler failed/);
  });
});

describe("access and groups", () => {
  it("strangers are refused, their button presses too, and nothing is fetched", async () => {
    const before = h.sipp.count();
    const r = await h.say(STRANGER, `/desa ${BIG}`);
    expect(r.text).toMatch(/hanya untuk petugas/);
    const other = STRANGER + 7;
    const idMsg = await h.say(other, "/id");
    const ans = await pressForAnswer(other, idMsg, `ds1:s:${BIG}`);
    expect(ans.text).toMatch(/hanya untuk petugas/);
    const ans2 = await pressSettled(other, idMsg, `ds1:x:${BIG}:csv`);
    expect(ans2.text ?? "").not.toMatch(/Menyiapkan/);
    expect(h.tg.messagesIn(other).some((m) => m.kind === "document")).toBe(false);
    expect(h.sipp.count()).toBe(before);
    const deep = await h.say(other + 1, `/start desa_${BIG}`);
    expect(deep.text).toMatch(/belum terdaftar/);
  });

  it("a group gets the counts but no names, no NIKs and no export; it links to the private chat", async () => {
    h.tg.group(GROUP, "Tim Pendamping Bangil");
    const s = await h.say(OFFICER, `/desa ${BIG}`, { chatId: GROUP, match: SUMMARY });
    const exp = expectedDesaSummary(data, BIG);
    expect(s.text).toContain(`${exp.families} keluarga`);
    expect(s.text).toContain(`Desil 1 tanpa bantuan: ${exp.desil1FamiliesNoBantuan.length}`);
    expect(s.text).toMatch(/hanya di chat pribadi/);
    const buttons = h.tg.buttons(s);
    expect(buttons[0]!.url).toBe(`https://t.me/${h.tg.botUser.username}?start=desa_${BIG}`);
    expect(buttons.some((b) => b.data?.startsWith("ds1:x:"))).toBe(false);

    // Keyboard flow in the group too.
    const menu = await h.say(OFFICER, "/desa", { chatId: GROUP });
    const list = await press(OFFICER, menu, "ds1:c:16:0", /Kec\. Kraton/);
    const s2 = await press(OFFICER, list, `ds1:s:${MID}`, SUMMARY);
    expect(s2.chatId).toBe(GROUP);

    // A forged export press in the group is refused.
    const ans = await pressSettled(OFFICER, s, `ds1:x:${BIG}:csv`);
    expect(ans.text).toMatch(/chat pribadi/);

    const groupOut = h.tg.messagesIn(GROUP).map((m) => `${m.text}\n${m.kind}`).join("\n");
    expect(groupOut).not.toContain("document");
    expect(groupOut).not.toMatch(/3514\*{8}\d{4}/);
    expect(groupOut).not.toMatch(NIK16);
    for (const fam of [...families(BIG).values(), ...families(MID).values()]) {
      const head = headOf(fam);
      expect(groupOut).not.toContain(`${head.nama} — `); // no head at all is listed in the group
    }
    const audit = await h.app.audit.recent(20);
    expect(audit.find((e) => e.action === "ekspor_csv" && e.chatId === GROUP)?.outcome).toBe("ditolak:grup");
  });

  it("the deep link ?start=desa_<kode> opens that summary in private, with names and export", async () => {
    const s = await h.say(OFFICER, `/start desa_${BIG}`, { match: SUMMARY });
    expect(s.text).toContain("Kelurahan Bendomungal");
    expect(s.text).toMatch(/3514\*{8}\d{4}/);
    expect(h.tg.buttons(s).some((b) => b.data === `ds1:x:${BIG}:csv`)).toBe(true);
    const bad = await h.say(OFFICER, "/start desa_123");
    expect(bad.text).toMatch(/Pilih kecamatan/);
  });

  it("/desa is in the help text and in the command lists", async () => {
    const help = await h.say(OFFICER, "/bantuan");
    expect(help.text).toContain("/desa");
    expect(h.tg.commands["all_private_chats"]?.map((c) => c.command)).toContain("desa");
    expect(h.tg.commands["all_group_chats"]?.map((c) => c.command)).toContain("desa");
  });
});

describe("/desa NAMA on a cold cache", () => {
  let c: Harness;
  beforeAll(async () => {
    c = await startHarness({ data, env: { RATE_LIMIT_PER_MIN: "1000" } });
    await c.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it("an exact name is found through the desa_kelurahan filter, without loading all 24 kecamatan", async () => {
    const m = await c.say(OFFICER, "/desa Desa Kraton", { match: SUMMARY, timeoutMs: 15_000 });
    expect(m.text).toContain("Desa Kraton, Kec. Kraton");
    expect(m.text).toContain(`${expectedDesaSummary(data, MID).families} keluarga`);
    const p3ke = c.sipp.requests.filter((r) => r.path === "/api/p3ke");
    expect(p3ke.some((r) => r.query.desa_kelurahan === "KRATON")).toBe(true);
    expect(p3ke.filter((r) => r.query.kecamatan !== undefined)).toEqual([]);
  });

  it("a typo still finds the desa through the whole directory", async () => {
    const m = await c.say(OFFICER, "/desa kratom", { match: SUMMARY, timeoutMs: 30_000 });
    expect(m.text).toContain("Kec. Kraton");
    expect(c.sipp.requests.some((r) => r.query.kecamatan !== undefined)).toBe(true);
  }, 40_000);
});

describe("upstream failures", () => {
  let h2: Harness;
  beforeAll(async () => {
    h2 = await startHarness({
      data,
      env: { RATE_LIMIT_PER_MIN: "1000", CACHE_TTL_DESA_S: "1", SIPP_RETRIES: "1", SIPP_PAGE_CAP: "20", SIPP_PAGE_CONCURRENCY: "2" },
    });
    await h2.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
  });
  afterAll(async () => {
    await h2?.stop();
  });

  it("a failure mid-way gives a clear message, never a half-counted summary; retry works", async () => {
    h2.sipp.fault({ path: "/api/p3ke", kind: "status", status: 500, afterRequests: 4, times: Infinity });
    const m = await h2.say(OFFICER, `/desa ${MID}`, { match: /⚠️/, timeoutMs: 10_000 });
    expect(m.text).toMatch(/SIPP sedang tidak tersedia/);
    expect(m.text).not.toMatch(/keluarga/);
    expect(h2.sipp.count("/api/p3ke")).toBeGreaterThan(4);
    const retry = h2.tg.buttons(m).find((b) => /Coba lagi/.test(b.text))!;
    expect(retry.data).toBe(`ds1:s:${MID}`);
    h2.sipp.clearFaults();
    const since = h2.tg.mark();
    h2.tg.pressButton(OFFICER, m, retry.data!);
    const ok = await h2.tg.waitFor({ chatId: OFFICER, since, match: SUMMARY });
    expect(ok.text).toContain(`${expectedDesaSummary(data, MID).families} keluarga`);
    const audit = (await h2.app.audit.recent(10)).filter((e) => e.action === "desa");
    expect(audit.map((e) => e.outcome)).toEqual(expect.arrayContaining(["ok", "galat:unavailable"]));
  });

  it("when SIPP is down, the last cached summary is shown with its age", async () => {
    await h2.say(OFFICER, `/desa ${MID}`, { match: SUMMARY });
    h2.advanceCacheClock(1100); // past the TTL (1 s here), without waiting for it
    h2.sipp.fault({ path: "/api/p3ke", kind: "status", status: 502, afterRequests: 3, times: Infinity });
    const m = await h2.say(OFFICER, `/desa ${MID}`, { match: SUMMARY, timeoutMs: 10_000 });
    expect(m.text).toMatch(/Data dari cache/);
    expect(m.text).toContain(`${expectedDesaSummary(data, MID).families} keluarga`);
    h2.sipp.clearFaults();
    const audit = await h2.app.audit.recent(1);
    expect(audit[0]).toMatchObject({ action: "desa", outcome: "ok (cache lama)" });
  });

  it("more pages than SIPP_PAGE_CAP: 'data terpotong', no summary", async () => {
    const m = await h2.say(OFFICER, `/desa ${BIG}`, { match: /⚠️/ });
    expect(m.text).toMatch(/Data terpotong/);
    expect(m.text).not.toMatch(/keluarga ·/);
  });

  it("a kecamatan listing longer than SIPP_PAGE_CAP still gives the desa keyboard (its own, larger cap)", async () => {
    const menu = await h2.say(OFFICER, "/desa");
    const before = h2.sipp.count("/api/p3ke");
    const since = h2.tg.mark();
    h2.tg.pressButton(OFFICER, menu, "ds1:c:14:0"); // Bangil: BIG alone is more than 20 pages
    const m = await h2.tg.waitFor({ chatId: OFFICER, since, match: /Pilih salah satu|⚠️/ }); // not the progress message
    expect(m.text).not.toMatch(/⚠️/);
    expect(h2.tg.buttons(m).some((b) => b.data === `ds1:s:${BIG}`)).toBe(true);
    expect(h2.sipp.count("/api/p3ke") - before).toBeGreaterThan(20);
  });

  it("an unreadable listing during the keyboard flow is explained with a retry button", async () => {
    h2.sipp.fault({ path: "/api/p3ke", kind: "html200", times: Infinity });
    const menu = await h2.say(OFFICER, "/desa");
    const since = h2.tg.mark();
    h2.tg.pressButton(OFFICER, menu, "ds1:c:16:0");
    const m = await h2.tg.waitFor({ chatId: OFFICER, since, match: /⚠️/ });
    expect(m.text).toMatch(/tidak bisa dibaca/);
    expect(h2.tg.buttons(m).map((b) => b.data)).toEqual(["ds1:c:16:0", "ds1:k"]);
    h2.sipp.clearFaults();
    expect(h2.logs.join("")).not.toMatch(/handler failed/);
  });
});
