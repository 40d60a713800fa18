import fs from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { Workbook } from "@cj-tech-master/excelts";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_LIST_LIMITS, ListFileError, nikFromCell, readListFile, readPastedList, type ListFileProblem, type ListTable } from "../../src/bulk/list-file.js";
import { parseCsv } from "../../src/bulk/csv-read.js";
import { headerScore } from "../../src/bulk/nik-column.js";
import { checkZip, ZipGuardError, zipEntries } from "../../src/bulk/zip-guard.js";

const NIK_A = "3514014101900001";
const NIK_B = "3514145203880002";
const NIK_C = "3514010107850003";

const csv = (text: string): Buffer => Buffer.from(text, "utf8");

async function problemOf(p: Promise<unknown> | (() => unknown)): Promise<ListFileProblem> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(ListFileError);
    return (e as ListFileError).problem;
  }
  throw new Error("no ListFileError");
}

async function xlsx(rows: unknown[][], build?: (wb: Workbook) => void, sheet = "Daftar"): Promise<Buffer> {
  const wb = new Workbook();
  build?.(wb);
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ZIP of stored/deflated entries, with the option to lie about an entry's size. */
function zip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

/** The parts of a ZIP, to put them back in another order. */
function unzip(bytes: Buffer): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  for (const e of zipEntries(bytes).entries) {
    const start = e.offset + 30 + bytes.readUInt16LE(e.offset + 26) + bytes.readUInt16LE(e.offset + 28);
    const raw = bytes.subarray(start, start + e.compressedSize);
    parts.set(e.name, e.method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
  }
  return parts;
}

const col = (t: ListTable, c: number): string[] => t.rows.map((r) => r[c]!);

describe("nikFromCell", () => {
  it.each([
    [NIK_A, { kind: "nik", value: NIK_A }],
    ["3514 0141 0190 0001", { kind: "nik", value: NIK_A }],
    ["3514.0141.0190.0001", { kind: "nik", value: NIK_A }],
    ["3514-0141-0190-0001", { kind: "nik", value: NIK_A }],
    [` '${NIK_A} `, { kind: "nik", value: NIK_A }],
    [`"${NIK_A}"`, { kind: "nik", value: NIK_A }],
    ["3.51401E+15", { kind: "unreadable", reason: "scientific" }],
    ["3,51401E+15", { kind: "unreadable", reason: "scientific" }],
    ["3.514014101900001e15", { kind: "unreadable", reason: "scientific" }],
    ["514014101900001", { kind: "unreadable", reason: "digits-lost" }],
    ["belum ada", { kind: "unreadable", reason: "not-a-number" }],
    ["3514O14101900001", { kind: "unreadable", reason: "not-a-number" }],
    ["   ", { kind: "unreadable", reason: "empty" }],
    ["-", { kind: "unreadable", reason: "empty" }],
    ["123", { kind: "nik", value: "123" }],
  ])("%j → %j", (cell, out) => {
    expect(nikFromCell(cell)).toEqual(out);
  });

  it("property: a NIK it returns is exactly the digits of the cell, in order", () => {
    const cellChar = fc.constantFrom("0", "1", "3", "5", "9", " ", ".", "-", "E", "e", "+", ",", "'", "a", "\u00a0");
    fc.assert(
      fc.property(fc.string({ unit: cellChar, maxLength: 24 }), (cell) => {
        const r = nikFromCell(cell);
        if (r.kind === "nik") {
          expect(r.value).toBe(cell.replace(/\D/g, ""));
          expect(r.value).toMatch(/^\d+$/);
          expect(r.value.length).not.toBe(15);
        }
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{15}$/), fc.constantFrom(" ", ".", "-", ""), (nik, sep) => {
        const grouped = nik.match(/.{4}/g)!.join(sep);
        expect(nikFromCell(grouped)).toEqual({ kind: "nik", value: nik });
      }),
    );
  });
});

describe("reading CSV", () => {
  it("reads comma and semicolon lists with CRLF or LF, a BOM or none, and keeps row numbers", async () => {
    for (const [d, eol, bom] of [[",", "\r\n", ""], [";", "\n", "\uFEFF"], [";", "\r\n", "\uFEFF"], [",", "\n", ""]] as const) {
      const text = `${bom}No${d}Nama${d}NIK${d}Alamat${eol}1${d}Siti${d}${NIK_A}${d}Krajan${eol}${eol}2${d}Budi${d}${NIK_B}${d}RT 01${eol}`;
      const t = await readListFile(csv(text), "daftar.csv");
      expect(t).toMatchObject({ format: "csv", delimiter: d, header: ["No", "Nama", "NIK", "Alamat"], nikColumn: 2, rowNumbers: [2, 4], baseName: "daftar" });
      expect(t.rows).toEqual([["1", "Siti", NIK_A, "Krajan"], ["2", "Budi", NIK_B, "RT 01"]]);
    }
  });

  it("reads quoted fields with delimiters, quotes and line breaks; the semicolon wins when it is the separator outside quotes", async () => {
    const text = `Nama;NIK;Catatan\r\n"Siti, ""Bu RT""";${NIK_A};"baris satu\r\nbaris dua; tiga"\r\n"a,b,c,d";${NIK_B};x\r\n`;
    const t = await readListFile(csv(text), "x.csv");
    expect(t.delimiter).toBe(";");
    expect(t.rows).toEqual([['Siti, "Bu RT"', NIK_A, "baris satu\r\nbaris dua; tiga"], ["a,b,c,d", NIK_B, "x"]]);
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it("reads Windows-1252 (not valid UTF-8) and UTF-16 with a BOM", async () => {
    const latin = Buffer.from(`Nama,NIK\nJos\xe9,${NIK_A}\n`, "latin1");
    expect((await readListFile(latin, "a.csv")).rows[0]).toEqual(["José", NIK_A]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Nama;NIK\r\nSiti;${NIK_B}\r\n`, "utf16le")]);
    expect((await readListFile(utf16, "b.csv")).rows[0]).toEqual(["Siti", NIK_B]);
  });

  it("pads short rows to the widest row", async () => {
    const t = await readListFile(csv(`NIK,Nama\n${NIK_A}\n${NIK_B},Budi,ekstra\n`), "a.csv");
    expect(t.header).toEqual(["NIK", "Nama", ""]);
    expect(t.rows).toEqual([[NIK_A, "", ""], [NIK_B, "Budi", "ekstra"]]);
  });

  it("property: records written by RFC 4180 rules read back as they were", () => {
    const unit = fc.constantFrom("a", "b", " ", '"', ",", ";", "\n", "\r", "=", "1", "é");
    const field = fc.string({ unit, maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom(",", ";"), fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (d, records) => {
        const quote = (f: string): string => (/["\r\n,;]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);
        const text = records.map((r) => r.map(quote).join(d)).join("\r\n");
        const out: string[][] = [];
        parseCsv(text, d as "," | ";", (fields) => {
          out.push(fields);
        });
        expect(out).toEqual(records);
      }),
    );
  });
});

describe("finding the NIK column", () => {
  it.each([
    ["NIK", 2],
    ["nik", 2],
    [" No. KTP ", 2],
    ["No KTP", 2],
    ["Nomor KTP", 2],
    ["nomor induk", 2],
    ["Nomor Induk Kependudukan", 2],
    ["NIK KTP", 2],
    ["N.I.K.", 2],
    ["NIK Penerima", 1],
    ["Status KTP", 1],
    ["Nama", 0],
    ["No KK", 0],
  ])("header %j scores %d", (h, score) => {
    expect(headerScore(h)).toBe(score);
  });

  it("finds the column by its header wherever it is, also when its cells are damaged", async () => {
    const t = await readListFile(csv(`Nama;Nomor Induk Kependudukan;Alamat\nSiti;3.51401E+15;Krajan\nBudi;;RT 2\n`), "a.csv");
    expect(t.nikColumn).toBe(1);
    const quoted = await readListFile(csv(`Nama;Nomor\nSiti;'3.51401E+15\nBudi;'3.51415E+15\n`), "a.csv");
    expect(quoted.nikColumn).toBe(1);
    expect(t.nikColumn).toBe(1);
  });

  it("prefers a column full of NIKs over a header that only mentions KTP", async () => {
    const t = await readListFile(csv(`Nama,Status KTP,Nomor\nSiti,ada,${NIK_A}\nBudi,ada,${NIK_B}\n`), "a.csv");
    expect(t.nikColumn).toBe(2);
    expect(t.header).toEqual(["Nama", "Status KTP", "Nomor"]);
  });

  it("finds the column by content (at least half of its cells) when no header names it", async () => {
    const t = await readListFile(csv(`Nama,Nomor,Telepon\nSiti,${NIK_A},0812\nBudi,3514 1452 0388 0002,0813\nAni,belum ada,0814\n`), "a.csv");
    expect(t.nikColumn).toBe(1);
    expect(t.header).toEqual(["Nama", "Nomor", "Telepon"]);
    expect(t.rows).toHaveLength(3);
  });

  it("reads a file without a header row: every row is data, the header is generated", async () => {
    const t = await readListFile(csv(`Siti,${NIK_A},Krajan\nBudi,${NIK_B},RT 2\n`), "a.csv");
    expect(t.header).toEqual(["A", "NIK", "C"]);
    expect(t.rowNumbers).toEqual([1, 2]);
    expect(col(t, 1)).toEqual([NIK_A, NIK_B]);
  });

  it("reports no NIK column when no header names it and too few cells hold one", async () => {
    expect(await problemOf(readListFile(csv(`Nama,Nomor\nSiti,${NIK_A}\nBudi,12\nAni,13\n`), "a.csv"))).toEqual({ kind: "no-nik-column" });
  });
});

describe("reading XLSX", () => {
  it("reads the first visible sheet as text: numbers a spreadsheet damaged stay unreadable, dates and formulas as text", async () => {
    const bytes = await xlsx(
      [
        ["No", "Nama", "NIK", "Lahir", "Jumlah"],
        [1, "Siti", NIK_A, new Date(Date.UTC(1990, 0, 1)), { formula: "1+1", result: 2 }],
        [],
        [3, { richText: [{ text: "Bu" }, { text: "di" }] }, 3514145203880002, null, 2.5],
        [4, "Ani", 351401010785000, null, true],
      ],
      (wb) => {
        wb.addWorksheet("Tersembunyi", { state: "hidden" }).addRow(["x"]);
      },
    );
    const t = await readListFile(bytes, "C:\\Users\\pendamping\\calon BLT.xlsx");
    expect(t).toMatchObject({ format: "xlsx", sheetName: "Daftar", nikColumn: 2, header: ["No", "Nama", "NIK", "Lahir", "Jumlah"], rowNumbers: [2, 4, 5], baseName: "calon BLT" });
    expect(t.rows).toEqual([
      ["1", "Siti", NIK_A, "1990-01-01", "2"],
      ["3", "Budi", "3.51415E+15", "", "2.5"],
      ["4", "Ani", "351401010785000", "", "TRUE"],
    ]);
    expect(col(t, 2).map(nikFromCell)).toEqual([
      { kind: "nik", value: NIK_A },
      { kind: "unreadable", reason: "scientific" },
      { kind: "unreadable", reason: "digits-lost" },
    ]);
  });

  it("takes the first tab whatever the order of the parts in the ZIP", async () => {
    const wb = new Workbook();
    wb.addWorksheet("Pertama").addRow(["NIK"]);
    wb.getWorksheet("Pertama")!.addRow([NIK_A]);
    wb.addWorksheet("Kedua").addRow(["NIK"]);
    wb.getWorksheet("Kedua")!.addRow([NIK_B]);
    const parts = unzip(Buffer.from(await wb.xlsx.writeBuffer()));
    const sheets = [...parts.keys()].filter((n) => n.startsWith("xl/worksheets/sheet"));
    expect(sheets.sort()).toEqual(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]);
    const front = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"].filter((n) => parts.has(n));
    const order = [...front, "xl/worksheets/sheet2.xml", "xl/worksheets/sheet1.xml", ...[...parts.keys()].filter((n) => !front.includes(n) && !sheets.includes(n))];
    for (const bytes of [zip(order.map((name) => ({ name, data: parts.get(name)! }))), zip([...parts].map(([name, data]) => ({ name, data })))]) {
      const t = await readListFile(bytes, "a.xlsx");
      expect(t.sheetName).toBe("Pertama");
      expect(t.rows).toEqual([[NIK_A]]);
    }
  });

  it("never writes the workbook to a temporary file (excelts' reader would, for a sheet before the shared strings)", async () => {
    const bytes = await xlsx([["NIK"], [NIK_A]]);
    const order = [...unzip(bytes).keys()];
    expect(order.indexOf("xl/worksheets/sheet1.xml")).toBeLessThan(order.indexOf("xl/sharedStrings.xml"));
    const mkdtemp = vi.spyOn(fs, "mkdtempSync");
    const createWriteStream = vi.spyOn(fs, "createWriteStream");
    try {
      expect((await readListFile(bytes, "a.xlsx")).rows).toEqual([[NIK_A]]);
      expect(mkdtemp).not.toHaveBeenCalled();
      expect(createWriteStream).not.toHaveBeenCalled();
    } finally {
      mkdtemp.mockRestore();
      createWriteStream.mockRestore();
    }
  });

  it("reads a workbook laid out as Excel writes it (parts in Excel's order, shared and inline strings, a date style, a formula)", async () => {
    const xml = (body: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n${body}`);
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const parts = [
      {
        name: "[Content_Types].xml",
        data: xml(
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
      },
      { name: "_rels/.rels", data: xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
      { name: "xl/workbook.xml", data: xml(`<workbook ${ns}><sheets><sheet name="Calon BLT 2027" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
      {
        name: "xl/_rels/workbook.xml.rels",
        data: xml(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
        ),
      },
      {
        name: "xl/worksheets/sheet1.xml",
        data: xml(
          `<worksheet ${ns}><dimension ref="A1:D4"/><sheetData>` +
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
            `<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" s="1"><v>32874</v></c></row>` +
            `<row r="4"><c r="A4"><f>A2+1</f><v>2</v></c><c r="B4" t="inlineStr"><is><t>BUDI</t></is></c><c r="C4"><v>3514145203880000</v></c><c r="D4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>` +
            "</sheetData></worksheet>",
        ),
      },
      { name: "xl/styles.xml", data: xml(`<styleSheet ${ns}><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`) },
      { name: "xl/sharedStrings.xml", data: xml(`<sst ${ns} count="6" uniqueCount="6"><si><t>No</t></si><si><t>Nama</t></si><si><t>No. KTP</t></si><si><t>Tgl Lahir</t></si><si><r><t>SITI </t></r><r><rPr><b/></rPr><t>AMINAH</t></r></si><si><t>${NIK_A}</t></si></sst>`) },
    ];
    const t = await readListFile(zip(parts), "Calon BLT.xlsx");
    expect(t).toMatchObject({ sheetName: "Calon BLT 2027", nikColumn: 2, header: ["No", "Nama", "No. KTP", "Tgl Lahir"], rowNumbers: [2, 4] });
    expect(t.rows).toEqual([
      ["1", "SITI AMINAH", NIK_A, "1990-01-01"],
      ["2", "BUDI", "3.51415E+15", "xy"],
    ]);
  });

  it("finds a column of NIKs stored as numbers (each then unreadable), and reads a list without a header row", async () => {
    const t = await readListFile(await xlsx([["Siti", 3514014101900001], ["Budi", 3514145203880002]]), "a.xlsx");
    expect(t).toMatchObject({ nikColumn: 1, header: ["A", "NIK"], rowNumbers: [1, 2] });
    expect(col(t, 1)).toEqual(["3.51401E+15", "3.51415E+15"]);
  });
});

describe("bad input", () => {
  const small = { ...DEFAULT_LIST_LIMITS, maxRows: 3, maxBytes: 2000, maxTextLines: 2 };

  it("refuses what is not a list: a PDF, a photo, a Word file, a legacy .xls, a binary with a .csv name", async () => {
    expect(await problemOf(readListFile(Buffer.from("%PDF-1.7\n..."), "daftar.pdf"))).toEqual({ kind: "unsupported" });
    expect(await problemOf(readListFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "foto.jpg"))).toEqual({ kind: "unsupported" });
    expect(await problemOf(readListFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), "daftar.csv"))).toEqual({ kind: "unsupported" });
    expect(await problemOf(readListFile(csv(`NIK\n${NIK_A}\n`), "daftar.docx"))).toEqual({ kind: "unsupported" });
    expect(await problemOf(readListFile(Buffer.from([0x41, 0, 0x42, 0]), "daftar.csv"))).toEqual({ kind: "unsupported" });
    const docx = zip([{ name: "[Content_Types].xml", data: Buffer.from("<Types/>") }, { name: "word/document.xml", data: Buffer.from("<w:document/>") }]);
    expect(await problemOf(readListFile(docx, "surat.docx"))).toEqual({ kind: "unsupported" });
    const xls = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
    Buffer.from("Workbook", "utf16le").copy(xls, 600);
    expect(await problemOf(readListFile(xls, "lama.xls"))).toEqual({ kind: "unsupported" });
  });

  it("recognises an encrypted workbook (a CFB container with an EncryptedPackage stream)", async () => {
    const enc = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(enc);
    Buffer.from("EncryptionInfo", "utf16le").copy(enc, 1100);
    Buffer.from("EncryptedPackage", "utf16le").copy(enc, 1200);
    expect(await problemOf(readListFile(enc, "rahasia.xlsx"))).toEqual({ kind: "encrypted" });
  });

  it("reports a corrupt workbook: cut short, not a ZIP behind the name, a ZIP without a workbook, broken XML, a CSV quote left open", async () => {
    const good = await xlsx([["NIK"], [NIK_A]]);
    expect(await problemOf(readListFile(good.subarray(0, good.length - 40), "a.xlsx"))).toEqual({ kind: "corrupt" });
    expect(await problemOf(readListFile(csv("bukan zip"), "a.xlsx"))).toEqual({ kind: "corrupt" });
    expect(await problemOf(readListFile(zip([{ name: "lain.txt", data: Buffer.from("x") }]), "a.xlsx"))).toEqual({ kind: "corrupt" });
    const broken = zip([
      { name: "[Content_Types].xml", data: Buffer.from("<Types") },
      { name: "xl/workbook.xml", data: Buffer.from("<workbook><sheets><sheet name='a'") },
      { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<worksheet><sheetData><row><c t='s'><v>9</v") },
    ]);
    expect(await problemOf(readListFile(broken, "a.xlsx"))).toMatchObject({ kind: expect.stringMatching(/^(corrupt|empty)$/) });
    expect(await problemOf(readListFile(csv(`NIK\n"${NIK_A}\n`), "a.csv"))).toEqual({ kind: "corrupt" });
  });

  it("refuses a ZIP whose parts inflate past what they declare or past the budget (zip bomb)", async () => {
    const lying = zip([{ name: "xl/workbook.xml", data: Buffer.alloc(1_000_000, 0x20), declared: 100 }]);
    expect(await problemOf(readListFile(lying, "a.xlsx"))).toEqual({ kind: "corrupt" });
    const huge = zip([{ name: "xl/workbook.xml", data: Buffer.alloc(10, 0x20), declared: 200 * 1024 * 1024 }]);
    expect(await problemOf(readListFile(huge, "a.xlsx"))).toEqual({ kind: "corrupt" });
  });

  it("checks a ZIP's parts before parsing: sizes as declared, within the budget, no part hidden from the directory", async () => {
    const reason = async (p: Promise<unknown>): Promise<string> => {
      try {
        await p;
        return "ok";
      } catch (e) {
        expect(e).toBeInstanceOf(ZipGuardError);
        return (e as ZipGuardError).reason;
      }
    };
    const parts = [{ name: "a.xml", data: Buffer.from("<a/>") }, { name: "b.xml", data: Buffer.alloc(100_000, 0x20) }];
    expect((await checkZip(zip(parts), 200_000)).names).toEqual(["a.xml", "b.xml"]);
    expect(await reason(checkZip(zip(parts), 50_000))).toBe("too-big");
    expect(await reason(checkZip(zip([parts[0]!, { ...parts[1]!, declared: 1000 }]), 200_000))).toBe("too-big");
    expect(await reason(checkZip(zip([parts[0]!, { ...parts[1]!, declared: 150_000 }]), 200_000))).toBe("not-zip");
    // A local entry the central directory does not list: the streaming parser would still read it.
    const hidden = zip(parts);
    const extra = zip([{ name: "c.xml", data: Buffer.alloc(10, 0x20) }]);
    const localOnly = extra.subarray(0, 30 + 5 + deflateRawSync(Buffer.alloc(10, 0x20)).length);
    const cdStart = hidden.readUInt32LE(hidden.length - 6);
    const smuggled = Buffer.concat([hidden.subarray(0, cdStart), localOnly, hidden.subarray(cdStart)]);
    smuggled.writeUInt32LE(cdStart + localOnly.length, smuggled.length - 6);
    expect(await reason(checkZip(smuggled, 200_000))).toBe("not-zip");
  });

  it("gives the parser a ZIP rebuilt from the directory: its sizes in a data descriptor (deflated) or the local header (stored), nothing else", async () => {
    const upload = await xlsx([["NIK"], [NIK_A]]); // excelts writes data descriptors (flag bit 3, sizes 0 locally)
    expect(upload.readUInt16LE(6) & 0x08).toBe(0x08);
    const { names, zip: rebuilt } = await checkZip(upload, 1_000_000);
    const bytes = Buffer.from(rebuilt);
    const { entries, directoryOffset } = zipEntries(bytes);
    expect(entries.map((e) => e.name)).toEqual(names);
    expect(entries.map((e) => [e.name, e.compressedSize, e.uncompressedSize, e.crc32])).toEqual(
      zipEntries(upload).entries.map((e) => [e.name, e.compressedSize, e.uncompressedSize, e.crc32]),
    );
    expect(entries.some((e) => e.method === 8)).toBe(true);
    let next = 0;
    for (const e of entries) {
      expect(e.offset).toBe(next); // back to back, nothing between but the descriptor
      expect(bytes.readUInt16LE(e.offset + 28)).toBe(0); // no extra field
      const end = e.offset + 30 + e.rawName.length + e.compressedSize;
      if (e.method === 8) {
        expect(bytes.readUInt16LE(e.offset + 6) & 0x08).toBe(0x08);
        expect([bytes.readUInt32LE(e.offset + 14), bytes.readUInt32LE(e.offset + 18), bytes.readUInt32LE(e.offset + 22)]).toEqual([0, 0, 0]);
        expect([bytes.readUInt32LE(end), bytes.readUInt32LE(end + 4), bytes.readUInt32LE(end + 8), bytes.readUInt32LE(end + 12)]).toEqual([0x08074b50, e.crc32, e.compressedSize, e.uncompressedSize]);
        next = end + 16;
      } else {
        expect(bytes.readUInt16LE(e.offset + 6) & 0x08).toBe(0);
        expect([bytes.readUInt32LE(e.offset + 18), bytes.readUInt32LE(e.offset + 22)]).toEqual([e.compressedSize, e.uncompressedSize]);
        next = end;
      }
    }
    expect(directoryOffset).toBe(next);
    expect(unzip(bytes)).toEqual(unzip(upload));
  });

  it("reports an empty list: no bytes, blank lines only, a header without rows, an empty sheet", async () => {
    expect(await problemOf(readListFile(Buffer.alloc(0), "a.csv"))).toEqual({ kind: "empty" });
    expect(await problemOf(readListFile(csv("\r\n\r\n ; \r\n"), "a.csv"))).toEqual({ kind: "empty" });
    expect(await problemOf(readListFile(csv("No;Nama;NIK\r\n"), "a.csv"))).toEqual({ kind: "empty" });
    expect(await problemOf(readListFile(await xlsx([]), "a.xlsx"))).toEqual({ kind: "empty" });
    expect(await problemOf(readListFile(await xlsx([["No", "NIK"]]), "a.xlsx"))).toEqual({ kind: "empty" });
  });

  it("refuses too large a file and too many rows, counting only data rows", async () => {
    expect(await problemOf(readListFile(Buffer.alloc(2001, 0x41), "a.csv", small))).toEqual({ kind: "too-large", maxBytes: 2000 });
    const rows = (n: number): string => ["NIK", ...Array.from({ length: n }, () => NIK_A)].join("\n");
    expect((await readListFile(csv(rows(3)), "a.csv", small)).rows).toHaveLength(3);
    expect(await problemOf(readListFile(csv(rows(5)), "a.csv", small))).toEqual({ kind: "too-many-rows", rows: 5, maxRows: 3 });
    const sheet = await xlsx([["NIK"], ...Array.from({ length: 4 }, () => [NIK_A])]);
    expect(await problemOf(readListFile(sheet, "a.xlsx", { ...small, maxBytes: 1e6 }))).toEqual({ kind: "too-many-rows", rows: 4, maxRows: 3 });
  });
});

describe("pasted text", () => {
  it("takes one NIK per line, trims spaces and punctuation, skips blank lines and keeps line numbers", () => {
    const t = readPastedList(`  ${NIK_A}\n\n• ${NIK_B};\r\n"3514 0101 0785 0003"\n`);
    expect(t).toEqual({ format: "text", header: [], rows: [[NIK_A], [NIK_B], ["3514 0101 0785 0003"]], rowNumbers: [1, 3, 4], nikColumn: 0 });
    expect(nikFromCell(t.rows[2]![0]!)).toEqual({ kind: "nik", value: NIK_C });
  });

  it("refuses an empty paste and more lines than allowed", async () => {
    expect(await problemOf(() => readPastedList(" \n ,\n"))).toEqual({ kind: "empty" });
    expect(await problemOf(() => readPastedList([NIK_A, NIK_B, NIK_C].join("\n"), { ...DEFAULT_LIST_LIMITS, maxTextLines: 2 }))).toEqual({ kind: "too-many-rows", rows: 3, maxRows: 2 });
  });
});
