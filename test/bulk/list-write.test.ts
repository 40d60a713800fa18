import { Workbook } from "@cj-tech-master/excelts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readListFile, readPastedList, resultFileName, safeBaseName, writeResultFile, type ListTable, type ResultRow } from "../../src/bulk/list-file.js";
import { neutralizeFormula } from "../../src/domain/csv.js";
import { maskNik } from "../../src/domain/nik.js";

const NIK_A = "3514014101900001";
const NIK_B = "3514145203880002";
const ADDED = { headers: ["Status", "Desil", "Catatan"] };

const result = (t: ListTable, highlight: (i: number) => boolean = () => false): ResultRow[] =>
  t.rows.map((r, i) => ({ nikMasked: maskNik(r[t.nikColumn]!), extra: ["valid", String(i + 1), i === 0 ? "=HYPERLINK(1)" : "desil 1–2 tanpa bantuan"], highlight: highlight(i) }));

describe("result CSV", () => {
  it("keeps every column in order, masks the NIK, adds the caller's columns: UTF-8 with BOM, the upload's delimiter, CRLF, no formula", async () => {
    const t = await readListFile(Buffer.from(`No;Nama;NIK;Catatan\r\n1;"Siti; Bu RT";${NIK_A};=1+2\r\n2;Budi;${NIK_B};"NIK suami ${NIK_A}"\r\n`), "calon BLT.csv");
    const out = await writeResultFile(t, ADDED, result(t));
    expect(out.fileName).toBe("calon BLT-hasil-cek.csv");
    expect(out.mimeType).toBe("text/csv");
    const text = out.bytes.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.slice(1)).toBe(
      [
        "No;Nama;NIK;Catatan;Status;Desil;Catatan",
        `1;"Siti; Bu RT";3514********0001;'=1+2;valid;1;'=HYPERLINK(1)`,
        "2;Budi;3514********0002;NIK suami 3514********0001;valid;2;desil 1–2 tanpa bantuan",
        "",
      ].join("\r\n"),
    );
    expect(text).not.toContain(NIK_A);
  });

  it("writes pasted text as a comma CSV with a NIK header", async () => {
    const t = readPastedList(`${NIK_A}\n${NIK_B}`);
    const out = await writeResultFile(t, { headers: ["Status"] }, t.rows.map(() => ({ nikMasked: "3514********0001", extra: ["ok"], highlight: false })));
    expect(out.fileName).toBe("daftar-hasil-cek.csv");
    expect(out.bytes.toString("utf8")).toBe("\uFEFFNIK,Status\r\n3514********0001,ok\r\n3514********0001,ok\r\n");
  });

  it("refuses results that do not match the rows", async () => {
    const t = readPastedList(NIK_A);
    await expect(writeResultFile(t, ADDED, [])).rejects.toThrow();
  });

  it("property: a written CSV reads back with every column but the NIK as it was (a formula behind an apostrophe)", async () => {
    const unit = fc.constantFrom("a", "B", " ", '"', ",", ";", "\n", "\r\n", "=", "-", "+", "@", "1", "é", "\t");
    const cell = fc.string({ unit, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<"," | ";">(",", ";"),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        async (delimiter, nikAt, cells) => {
          const rows = cells.map((r) => [...r.slice(0, nikAt), NIK_A, ...r.slice(nikAt)]);
          const header = ["Satu", "Dua", "Tiga", "Empat"].map((h, i) => (i === nikAt ? "NIK" : h));
          const table: ListTable = { format: "csv", delimiter, header, rows, rowNumbers: rows.map((_, i) => i + 2), nikColumn: nikAt };
          const out = await writeResultFile(table, { headers: ["Hasil"] }, rows.map(() => ({ nikMasked: "3514********0001", extra: ["x"], highlight: false })));
          const back = await readListFile(out.bytes, out.fileName);
          expect(back.delimiter).toBe(delimiter);
          expect(back.nikColumn).toBe(nikAt);
          expect(back.header).toEqual([...header, "Hasil"]);
          expect(back.rows).toEqual(rows.map((r) => [...r.map((c, i) => (i === nikAt ? "3514********0001" : neutralizeFormula(c))), "x"]));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("result XLSX", () => {
  it("has the sheet's name, a bold frozen header with filters, fitted widths, highlighted rows, numbers as numbers", async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet("Calon BLT");
    ws.addRow(["No", "Nama", "NIK", "Alamat"]);
    ws.addRow([1, "Siti", NIK_A, "Dusun Krajan RT 01 RW 02, Desa Sukamaju, Kecamatan Purwosari, Kabupaten Pasuruan"]);
    ws.addRow([2, "Budi", NIK_B, "RT 2"]);
    const t = await readListFile(Buffer.from(await wb.xlsx.writeBuffer()), "daftar 3514014101900001 desa.xlsx");
    const out = await writeResultFile(t, ADDED, result(t, (i) => i === 1));
    expect(out.fileName).toBe("daftar desa-hasil-cek.xlsx");
    expect(out.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    const back = new Workbook();
    await back.xlsx.load(out.bytes);
    expect(back.worksheets.map((w) => w.name)).toEqual(["Calon BLT"]);
    const sheet = back.worksheets[0]!;
    const values = (n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["No", "Nama", "NIK", "Alamat", "Status", "Desil", "Catatan"]);
    expect(values(2)).toEqual([1, "Siti", "3514********0001", expect.stringContaining("Dusun Krajan"), "valid", 1, "=HYPERLINK(1)"]);
    expect(sheet.getRow(2).getCell(7).type).not.toBe(6); // text, not a formula
    expect(values(3)).toEqual([2, "Budi", "3514********0002", "RT 2", "valid", 2, "desil 1–2 tanpa bantuan"]);
    expect(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(JSON.stringify(sheet.autoFilter)).toMatch(/A1.*G1|"column":7/);
    const fill = (r: number, c: number): unknown => (sheet.getRow(r).getCell(c).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
    expect([1, 4, 7].map((c) => fill(3, c))).toEqual(["FFFFF2CC", "FFFFF2CC", "FFFFF2CC"]);
    expect(fill(2, 1)).toBeUndefined();
    const width = (c: number): number => sheet.getColumn(c).width ?? 0;
    expect(width(1)).toBe(6); // short column: the minimum
    expect(width(4)).toBe(50); // long address: capped
    expect(width(7)).toBe("desil 1–2 tanpa bantuan".length + 2);
    expect(out.bytes.includes(Buffer.from(NIK_A))).toBe(false);
  });

  it("property: every column but the NIK keeps its place and text", async () => {
    const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", "1", "é", "-", "/"), minLength: 1, maxLength: 5 }).filter((s) => s.trim() !== "" && !/^-?\d+$/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 4 }), async (nikAt, cells) => {
        const rows = cells.map((r) => [...r.slice(0, nikAt), NIK_B, ...r.slice(nikAt)]);
        const table: ListTable = { format: "xlsx", sheetName: "S", header: ["A", "B", "C"], rows, rowNumbers: rows.map((_, i) => i + 2), nikColumn: nikAt };
        const out = await writeResultFile(table, { headers: ["X"] }, rows.map(() => ({ nikMasked: "m", extra: ["e"], highlight: true })));
        const back = await readListFile(out.bytes, "r.xlsx").catch(() => undefined);
        const wb = new Workbook();
        await wb.xlsx.load(out.bytes);
        const got = wb.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
        expect(got).toEqual(rows.map((r) => [...r.map((c, i) => (i === nikAt ? "m" : c)), "e"]));
        expect(back === undefined || back.rows.length === rows.length).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe("result file name", () => {
  it.each([
    ["C:\\data\\calon BLT.xlsx", "calon BLT"],
    ["../../etc/passwd", "passwd"],
    ["3514014101900001.csv", ""],
    ["daftar_3514-0141-0190-0001_rt2.csv", "daftar__rt2"],
    ["<daftar>:*?.csv", "daftar"],
    ["a/b\\Daftar Penerima (RT 2).v1.xlsx", "Daftar Penerima (RT 2).v1"],
  ])("%j → base %j", (name, base) => {
    expect(safeBaseName(name)).toBe(base);
  });

  it("falls back to a plain name and keeps the format's extension", () => {
    expect(resultFileName(safeBaseName("3514014101900001.xlsx"), "xlsx")).toBe("daftar-hasil-cek.xlsx");
    expect(resultFileName("data", "text")).toBe("data-hasil-cek.csv");
  });
});
