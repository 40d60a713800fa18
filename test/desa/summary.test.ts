import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workbook } from "@cj-tech-master/excelts";
import { summarizeDesa, type FamilyRow } from "../../src/desa/summary.js";
import { EXPORT_COLUMNS, familiesCsv, familiesXlsx, type ExportLabels } from "../../src/desa/export.js";
import { aggregateWilayah, DesaDirectory } from "../../src/desa/directory.js";
import { SippSim } from "../../sim/sipp.js";
import { expectedDesaSummary, generateSippData, type SippDataset } from "../../sim/sipp-data.js";
import { SippClient } from "../../src/upstream/sipp.js";
import type { BantuanRecord, P3keRecord } from "../../src/upstream/sipp-rows.js";
import { UpstreamCache } from "../../src/upstream/cache.js";
import { createLogger } from "../../src/logger.js";

const logger = createLogger({ level: "silent", secrets: [] });

function client(baseURL: string, cache = new UpstreamCache({ maxEntries: 100, staleMaxMs: 60_000 })) {
  return new SippClient({
    baseURL,
    token: "sipp-test-token",
    timeoutMs: 2000,
    retries: 0,
    breakerFailures: 50,
    breakerCooldownMs: 1000,
    logger,
    cache,
    ttlTrackingMs: 60_000,
    ttlDesaMs: 60_000,
    pageConcurrency: 4,
    pageCap: 100,
  });
}

describe("summarizeDesa against the simulator's data (wire quirks included)", () => {
  let ds: SippDataset;
  let sim: SippSim;
  beforeAll(async () => {
    ds = generateSippData({ seed: 11, kecamatan: ["01", "14", "18"], desaPerKecamatan: [3, 5], peoplePerDesa: [20, 90], bigDesa: [{ people: 300 }] });
    sim = await SippSim.start({ data: ds });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("every desa: families, individuals, desil, padan, recipients per OPD, desil 1 without bantuan", async () => {
    const sipp = client(sim.baseUrl);
    for (const d of ds.desa) {
      const exp = expectedDesaSummary(ds, d.kode_kemdagri);
      const { value } = await sipp.desa(d.kode_kemdagri);
      const s = summarizeDesa(d.kode_kemdagri, value.p3ke, value.bantuan);
      expect(s.families).toBe(exp.families);
      expect(s.individuals).toBe(exp.individuals);
      expect(s.padanYa).toBe(exp.padanYa);
      expect(Object.fromEntries(s.perDesil.map((l) => [l.desil, { families: l.families, individuals: l.individuals }]))).toEqual(exp.perDesil);
      expect(s.bantuanRows).toBe(exp.bantuanRows);
      expect(s.recipients).toBe(exp.recipients);
      expect(s.recipientsInP3ke).toBe(exp.recipientsInP3ke);
      expect(Object.fromEntries(s.perOpd.map((o) => [o.opd, o.recipients]))).toEqual(exp.recipientsPerOpd);
      expect(s.familiesWithBantuan).toBe(exp.familiesWithBantuan);
      expect(s.desil1Families).toBe(exp.desil1Families);
      expect(s.desil1NoBantuan.map((f) => f.idKeluarga).sort()).toEqual(exp.desil1FamiliesNoBantuan);
      expect(s.nama).toBe(d.nama);
      expect(s.kelurahan).toBe(d.kelurahan);
      expect(JSON.stringify(s)).not.toMatch(/(?<!\d)\d{16}(?!\d)/);
    }
  });

  it("the directory lists the desa of a kecamatan from the data, both spellings of Gondang Wetan", async () => {
    const dir = new DesaDirectory(client(sim.baseUrl));
    for (const kec of ["01", "14", "18"]) {
      const got = await dir.kecamatan(kec);
      const want = ds.desa.filter((d) => d.kecamatanKode === kec);
      expect(got.entries.map((e) => e.kode).sort()).toEqual(want.map((d) => d.kode_kemdagri).sort());
      for (const e of got.entries) expect(e.nama).toBe(want.find((d) => d.kode_kemdagri === e.kode)!.nama);
    }
    expect((await dir.kecamatan("24")).entries).toEqual([]);
    const before = sim.count();
    const all = await dir.all();
    expect(all.failed).toEqual([]);
    expect(all.entries).toHaveLength(ds.desa.length);
    const again = await dir.all();
    expect(again.hit).toBe(true);
    expect(sim.count()).toBe(before + 20); // only the 20 kecamatan not asked before (empty: one page each)
  });
});

/** A pseudonymised NIK as SippClient hands it on: a stand-in hash and the masked form, written out. */
const who = (nik: string) => ({ nikHash: `hash-${nik}`, nikMasked: `${nik.slice(0, 4)}********${nik.slice(12)}` });
const rec = (o: Partial<P3keRecord>): P3keRecord => ({ kodeKemdagri: "3514012004", desa: "COWEK", kecamatan: "PURWODADI", ...o });
const ban = (o: Partial<BantuanRecord>): BantuanRecord => ({ namaOpd: "DINAS SOSIAL", ...o });

describe("summarizeDesa edge cases", () => {
  it("uses the head's desil, falls back to the first member, counts a person listed twice once", () => {
    const s = summarizeDesa("3514012004", [
      rec({ idKeluarga: "1", ...who("3514010101900001"), nama: "ANAK", desil: 1 }),
      rec({ idKeluarga: "1", ...who("3514010101900002"), nama: "KEPALA", kepalaKeluarga: true, desil: 1, alamat: "DUSUN KRAJAN" }),
      rec({ idKeluarga: "1", ...who("3514010101900002"), nama: "KEPALA", kepalaKeluarga: true, desil: 1 }),
      rec({ idKeluarga: "2", ...who("3514010101900003"), nama: "SENDIRI" }),
      rec({ ...who("3514010101900004"), nama: "TANPA KELUARGA", desil: 2 }),
      rec({ nama: "TANPA NIK", desil: 3 }),
    ], [
      ban({ ...who("3514010101900003"), namaOpd: "DINAS P&K" }),
      ban({ ...who("3514010101900003"), namaOpd: "DINAS SOSIAL" }),
      ban({ namaOpd: "DINAS SOSIAL" }),
      ban({ ...who("3514999999990001"), namaOpd: "DINAS SOSIAL" }),
    ]);
    expect(s.families).toBe(4);
    expect(s.individuals).toBe(5);
    const f1 = s.familyRows.find((f) => f.idKeluarga === "1")!;
    expect(f1).toMatchObject({ kepala: "KEPALA", nikKepala: "3514********0002", alamat: "DUSUN KRAJAN", desil: 1, anggota: 2, anggotaPenerima: 0, jumlahBantuan: 0 });
    expect(s.perDesil).toEqual([
      { desil: 1, families: 1, individuals: 2 },
      { desil: 2, families: 1, individuals: 1 },
      { desil: 3, families: 1, individuals: 1 },
      { families: 1, individuals: 1 },
    ]);
    expect(s.recipients).toBe(3); // two NIKs and one row without NIK
    expect(s.recipientsInP3ke).toBe(1);
    expect(s.perOpd).toEqual([
      { opd: "DINAS SOSIAL", recipients: 3 },
      { opd: "DINAS P&K", recipients: 1 },
    ]);
    expect(s.familiesWithBantuan).toBe(1);
    expect(s.desil1NoBantuan.map((f) => f.idKeluarga)).toEqual(["1"]);
    expect(s.familyRows.find((f) => f.idKeluarga === "2")).toMatchObject({ anggotaPenerima: 1, jumlahBantuan: 2 });
    expect(s.nama).toBe("COWEK");
    expect(s.kecamatan).toBe("Purwodadi");
  });

  it("an empty desa is all zeros", () => {
    const s = summarizeDesa("3514149999", [], []);
    expect(s).toMatchObject({ families: 0, individuals: 0, recipients: 0, perDesil: [], desil1NoBantuan: [], familyRows: [] });
    expect(s.nama).toBeUndefined();
  });
});

describe("aggregateWilayah", () => {
  it("groups by kode, keeps the most frequent spelling, drops rows of another kecamatan", () => {
    const entries = aggregateWilayah("15", [
      { kodeKemdagri: "3514152002", desa: "ORO-ORO OMBO", kecamatan: "REMBANG", rows: 10 },
      { kodeKemdagri: "3514152002", desa: "Oro  Oro Ombo", kecamatan: "REMBANG", rows: 3 },
      { kodeKemdagri: "3514152001", desa: "REMBANG", kecamatan: "REMBANG", rows: 4 },
      { kodeKemdagri: "3514142001", desa: "RACI", kecamatan: "REMBANG", rows: 4 },
      { desa: "TANPA KODE", rows: 1 },
    ]);
    expect(entries).toEqual([
      { kode: "3514152002", nama: "ORO-ORO OMBO", key: "OROOROOMBO", kecamatanKode: "15", kecamatan: "Rembang" },
      { kode: "3514152001", nama: "REMBANG", key: "REMBANG", kecamatanKode: "15", kecamatan: "Rembang" },
    ]);
  });
});

describe("exports", () => {
  const labels: ExportLabels = {
    columns: Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, c.toUpperCase()])) as ExportLabels["columns"],
    sheetKeluarga: "Keluarga",
    sheetInfo: "Info",
    info: [["Desa", "Cowek"]],
  };
  const rows = summarizeDesa("3514012004", [
    rec({ idKeluarga: "7", ...who("3514010101900001"), nama: 'SITI "NUR", AMINAH', alamat: "=HYPERLINK(\"x\")", desil: 1, kepalaKeluarga: true }),
    rec({ idKeluarga: "8", ...who("3514010101900005"), nama: "BUDI", alamat: "RT 1 NIK 3514010101900005", desil: 2, kepalaKeluarga: true }),
  ], []).familyRows;

  it("CSV quotes fields, defuses formulas and masks NIKs in free text", () => {
    const csv = familiesCsv(rows, labels).toString("utf8");
    expect(csv.startsWith("\uFEFFNO,IDKELUARGA,KEPALA,NIKKEPALA,ALAMAT")).toBe(true);
    expect(csv).toContain('"SITI ""NUR"", AMINAH"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("RT 1 NIK 3514********0005");
    expect(csv).not.toMatch(/\d{16}/);
    expect(csv.split("\r\n")).toHaveLength(4); // header, 2 rows, trailing empty
  });

  it("XLSX round-trips through excelts", async () => {
    const buf = await familiesXlsx(rows, labels);
    const wb = new Workbook();
    await wb.xlsx.load(buf);
    const ws = wb.getWorksheet("Keluarga")!;
    expect(ws.rowCount).toBe(3);
    // Header row bold and frozen, autofilter over it, columns sized for their content.
    expect(ws.getRow(1).font).toMatchObject({ bold: true });
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:I1");
    expect(ws.getColumn(5).width).toBe(36);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map((c) => c.toUpperCase()));
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([1, "7", 'SITI "NUR", AMINAH', "3514********0001", '=HYPERLINK("x")', 1, 1, 0, 0]);
    expect(ws.getRow(3).getCell(5).value).toBe("RT 1 NIK 3514********0005");
    expect(wb.getWorksheet("Info")!.getRow(1).getCell(2).value).toBe("Cowek");
  });

  it("CSV: what the data lacks is an empty cell", () => {
    const bare: FamilyRow = { idKeluarga: "", anggota: 1, anggotaPenerima: 0, jumlahBantuan: 0, opd: [] };
    expect(familiesCsv([bare], labels).toString("utf8")).toBe(
      "\uFEFFNO,IDKELUARGA,KEPALA,NIKKEPALA,ALAMAT,DESIL,ANGGOTA,ANGGOTAPENERIMA,JUMLAHBANTUAN\r\n1,,,,,,1,0,0\r\n",
    );
  });

  it("XLSX: the info sheet has bold labels in a column of its own, NIKs in its values masked; the workbook names its creator", async () => {
    const buf = await familiesXlsx(rows, { ...labels, info: [["Desa", "Cowek"], ["Catatan", "pelapor 3514010101900005"]] });
    const wb = new Workbook();
    await wb.xlsx.load(buf);
    expect(wb.creator).toBe("pantau");
    const info = wb.getWorksheet("Info")!;
    expect([info.getRow(1).getCell(1).value, info.getRow(1).getCell(2).value]).toEqual(["Desa", "Cowek"]);
    expect([info.getRow(2).getCell(1).value, info.getRow(2).getCell(2).value]).toEqual(["Catatan", "pelapor 3514********0005"]);
    expect(info.getRow(2).getCell(1).font).toMatchObject({ bold: true });
    expect([info.getColumn(1).width, info.getColumn(2).width]).toEqual([24, 60]);
  });

  it("the XLSX reader refuses what is not a readable workbook: truncated, encrypted (an OLE container), not a zip", async () => {
    const buf = await familiesXlsx(rows, labels);
    // A password-protected .xlsx is an OLE compound file (D0 CF 11 E0 …), not a zip.
    const encrypted = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(1024)]);
    for (const bad of [buf.subarray(0, buf.length >> 1), encrypted, Buffer.from("NIK,NAMA\n")]) {
      await expect(new Workbook().xlsx.load(bad)).rejects.toThrow();
    }
  });
});
