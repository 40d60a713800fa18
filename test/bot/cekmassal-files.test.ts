/** /cekmassal with documents through the bot and the simulators: CSV and XLSX round trips, and every bad file. */
import { Workbook } from "@cj-tech-master/excelts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { expectedRow, RESULT_HEADERS, resultRows } from "../helpers/cekmassal.js";
import { maskNik } from "../../src/domain/nik.js";
import type { SimMessage } from "../../sim/telegram.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

const isDoc = (m: SimMessage) => m.kind === "document";

/** /cekmassal, then the file; resolves with the result document and the summary. */
async function sendList(data: Buffer, fileName: string): Promise<{ doc: SimMessage; summary: SimMessage }> {
  await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
  const since = h.tg.mark();
  h.tg.sendDocument(OFFICER, data, fileName);
  const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: isDoc, timeoutMs: 20_000 });
  const summary = await h.tg.waitFor({ chatId: OFFICER, since: doc.seq, match: /Hasil \/cekmassal/, timeoutMs: 10_000 });
  return { doc, summary };
}

/** Sends `data` as a file after /cekmassal and returns the bot's answer (a refusal), then leaves the conversation. */
async function refused(data: Buffer, fileName: string, opts: { fileSize?: number } = {}): Promise<string> {
  await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
  const jobs = await h.app.store.db.selectFrom("bulk_jobs").select("id").execute();
  const since = h.tg.mark();
  const upd = h.tg.sendDocument(OFFICER, data, fileName, opts);
  await h.settled(upd.update_id);
  const answer = h.tg.messagesIn(OFFICER).filter((m) => m.seq > since);
  await h.sendSettled(OFFICER, "/batal");
  expect(await h.app.store.db.selectFrom("bulk_jobs").select("id").execute()).toEqual(jobs); // nothing changed
  expect(answer).toHaveLength(1);
  return answer[0]!.text;
}

function people(n: number): string[] {
  const used = new Set<string>(Object.values(h.sample));
  return h.data.p3ke.filter((p) => !used.has(p.nik)).slice(0, n).map((p) => p.nik);
}

describe("/cekmassal with a CSV", () => {
  it("keeps the upload's delimiter and columns, masks the NIK column, adds the results per row", async () => {
    const s = h.sample;
    const niks = [s.withBantuan, s.bantuanOnly, s.unknown, s.withBantuan];
    const csv = ["No;Nama;NIK;Dusun", ...niks.map((n, i) => `${i + 1};Warga ${i + 1};${n};Krajan`), "5;Warga 5;3.51401E+15;Krajan"].join("\r\n");
    const { doc, summary } = await sendList(Buffer.from(csv, "utf8"), "calon-blt.csv");
    expect(doc.document!.filename).toMatch(/calon-blt.*\.csv$/);
    const rows = resultRows(doc, ";");
    expect(rows[0]).toEqual(["No", "Nama", "NIK", "Dusun", ...RESULT_HEADERS]);
    for (const [i, nik] of niks.slice(0, 3).entries()) {
      const r = rows[i + 1]!;
      const want = expectedRow(h.data, nik);
      expect(r.slice(0, 4)).toEqual([String(i + 1), `Warga ${i + 1}`, maskNik(nik), "Krajan"]);
      expect(r.slice(4, 10)).toEqual(["valid", want.p3ke, want.desa, want.kecamatan, want.desil, want.bantuan]);
      expect(r[10]!.split("; ").filter(Boolean).sort()).toEqual(want.opds);
      expect(r[11]!.split("; ").filter(Boolean)).toEqual(want.flags);
    }
    expect(rows[4]![4]).toBe("duplikat baris 2"); // row 2 of the file: the header is row 1
    expect(rows[5]![4]).toMatch(/^tidak valid: angka diubah spreadsheet/);
    expect(doc.document!.data.toString("utf8")).not.toMatch(/\d{16}/);
    expect(summary.text).toContain("calon-blt.csv");
    expect(summary.text).toContain("Valid: 3");
  });
});

describe("/cekmassal with an XLSX", () => {
  it("answers with an XLSX: first sheet, header kept, NIK masked, same results as for the CSV", async () => {
    const niks = people(5);
    const wb = new Workbook();
    const ws = wb.addWorksheet("Calon KPM");
    ws.addRow(["Nama", "No. KTP", "RT"]);
    niks.forEach((n, i) => ws.addRow([`Warga ${i}`, n, "01"]));
    wb.addWorksheet("Lain").addRow(["abaikan"]);
    const { doc } = await sendList(Buffer.from(await wb.xlsx.writeBuffer()), "kpm.xlsx");
    expect(doc.document!.filename).toMatch(/\.xlsx$/);
    const out = new Workbook();
    await out.xlsx.load(doc.document!.data);
    const sheet = out.worksheets[0]!;
    expect(sheet.name).toBe("Calon KPM");
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)));
    expect(values(1)).toEqual(["Nama", "No. KTP", "RT", ...RESULT_HEADERS]);
    niks.forEach((nik, i) => {
      const want = expectedRow(h.data, nik);
      const r = values(i + 2);
      expect(r.slice(0, 3)).toEqual([`Warga ${i}`, maskNik(nik), "01"]);
      expect(r.slice(3, 9)).toEqual(["valid", want.p3ke, want.desa, want.kecamatan, want.desil, want.bantuan]);
    });
  });
});

describe("/cekmassal: a bad file changes nothing and is explained", () => {
  it("another file type", async () => {
    expect(await refused(Buffer.from("%PDF-1.4 …"), "daftar.pdf")).toMatch(/bukan CSV atau XLSX/);
  });
  it("an encrypted workbook", async () => {
    const enc = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(enc);
    Buffer.from("EncryptedPackage", "utf16le").copy(enc, 1200);
    expect(await refused(enc, "rahasia.xlsx")).toMatch(/dilindungi kata sandi/);
  });
  it("a corrupt workbook", async () => {
    const wb = new Workbook();
    wb.addWorksheet("A").addRow(["NIK"]);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await refused(good.subarray(0, good.length - 200), "rusak.xlsx")).toMatch(/tidak bisa dibaca/);
  });
  it("an empty file", async () => {
    expect(await refused(Buffer.from("Nama;NIK\r\n"), "kosong.csv")).toMatch(/tidak berisi baris data/);
  });
  it("no NIK column", async () => {
    expect(await refused(Buffer.from("Nama,Alamat\r\nBudi,Bangil\r\nSiti,Beji\r\n"), "tanpa-nik.csv")).toMatch(/Kolom NIK tidak ditemukan/);
  });
  it("more than 10,000 rows", async () => {
    const nik = h.sample.unknown;
    const csv = ["NIK", ...Array.from({ length: 10_001 }, () => nik)].join("\n");
    expect(await refused(Buffer.from(csv), "besar.csv")).toMatch(/lebih dari 10\.000 baris/);
  });
  it("more than 5 MB, refused before it is downloaded", async () => {
    const downloads = () => h.tg.calls.filter((c) => c.method === "getFile").length;
    const before = downloads();
    expect(await refused(Buffer.from("NIK\n"), "raksasa.csv", { fileSize: 6 * 1024 * 1024 })).toMatch(/terlalu besar/);
    expect(downloads()).toBe(before);
  });
  it("a file in a group (with /cekmassal) gets the private-chat hint; a stranger's file the refusal", async () => {
    h.tg.group(GROUP, "Grup Desa");
    const since = h.tg.mark();
    const upd = h.tg.sendDocument(OFFICER, Buffer.from(`NIK\n${h.sample.unknown}\n`), "daftar.csv", { chatId: GROUP, caption: "/cekmassal" });
    await h.settled(upd.update_id);
    expect(h.tg.messagesIn(GROUP).filter((m) => m.seq > since).map((m) => m.text)).toEqual([expect.stringMatching(/hanya bisa dipakai di chat pribadi/)]);
    const s2 = h.tg.mark();
    const u2 = h.tg.sendDocument(STRANGER, Buffer.from(`NIK\n${h.sample.unknown}\n`), "daftar.csv");
    await h.settled(u2.update_id);
    expect(h.tg.messagesIn(STRANGER).filter((m) => m.seq > s2).map((m) => m.text)).toEqual([expect.stringMatching(/hanya untuk petugas terdaftar/)]);
    expect(await h.app.store.db.selectFrom("bulk_jobs").select("id").where("officer_id", "in", [STRANGER]).execute()).toEqual([]);
  });
});
