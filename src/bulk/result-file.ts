/**
 * The result of a checked list, in the format it came in (docs/cekmassal.md#berkas-daftar-file-formats):
 * every original column in its order, the NIK column masked, the caller's columns added.
 */
import { PassThrough } from "node:stream";
import type { Style as CellStyle } from "@cj-tech-master/excelts";
import { csvField } from "../domain/csv.js";
import { maskNiksInText } from "../domain/nik.js";
import type { ListTable } from "./types.js";

/** Headers of the added columns, already translated by the caller. */
export interface ResultColumns {
  headers: string[];
}
export interface ResultRow {
  nikMasked: string;
  extra: string[];
  highlight: boolean;
}
export interface ResultFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_MIME = "text/csv";
/** Light yellow: rows the officer should look at again. */
const HIGHLIGHT = "FFFFF2CC";
const MIN_WIDTH = 6;
const MAX_WIDTH = 50;

/**
 * The upload's name made safe to reuse: no folders, no extension, nothing that looks like a
 * NIK (a list named after a person's NIK must not carry it on), safe characters, at most 80.
 */
export function safeBaseName(fileName: string): string {
  return cleanStem((fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, ""));
}

function cleanStem(stem: string): string {
  return stem
    .replace(/\d(?:[ .\-_\u00a0]?\d){15,}/g, "")
    .replace(/[^\p{L}\p{N} _().-]+/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s._-]+|[\s._-]+$/g, "")
    .slice(0, 80);
}

/** `<base>-hasil-cek.xlsx` / `.csv` (pasted text and CSV both give CSV); `daftar` when nothing of the name is left. */
export function resultFileName(baseName: string | undefined, format: ListTable["format"]): string {
  const stem = cleanStem(baseName ?? "");
  return `${stem === "" ? "daftar" : stem}-hasil-cek.${format === "xlsx" ? "xlsx" : "csv"}`;
}

/**
 * Header and rows of the result as text: original columns (NIK masked, any other NIK-like text
 * masked too), then the added ones. A row is made when asked for (`row(i)`), twice for an XLSX
 * (widths, then writing), so that 10,000 rows of cells never exist at once.
 */
function resultCells(table: ListTable, added: ResultColumns, rows: readonly ResultRow[]): { header: string[]; row: (i: number) => string[] } {
  if (rows.length !== table.rows.length) throw new Error(`result rows ${rows.length} for ${table.rows.length} list rows`);
  let width = Math.max(table.header.length, table.nikColumn + 1);
  for (const r of table.rows) width = Math.max(width, r.length);
  const header = Array.from({ length: width }, (_, c) => maskNiksInText(table.header[c] ?? "") || (c === table.nikColumn ? "NIK" : ""));
  const row = (i: number): string[] => {
    const r = table.rows[i]!;
    const res = rows[i]!;
    const original = Array.from({ length: width }, (_, c) => (c === table.nikColumn ? res.nikMasked : maskNiksInText(r[c] ?? "")));
    return [...original, ...res.extra.map((e) => maskNiksInText(e))];
  };
  return { header: [...header, ...added.headers], row };
}

/** UTF-8 with BOM, the upload's delimiter (`,` for pasted text), CRLF, every cell safe against formula injection. */
function resultCsv(delimiter: "," | ";", header: string[], count: number, row: (i: number) => string[]): Buffer {
  const line = (cells: string[]): string => cells.map((c) => csvField(c, delimiter)).join(delimiter);
  const lines = [line(header)];
  for (let i = 0; i < count; i++) lines.push(line(row(i)));
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

/** An integer Excel holds exactly (up to 15 digits, no leading zero) goes in as a number, so filters and sums work. */
const PLAIN_INTEGER = /^-?(?:0|[1-9]\d{0,14})$/;
const cellValue = (s: string): string | number => (PLAIN_INTEGER.test(s) ? Number(s) : s);

/** Column widths that fit the longest cell, within MIN_WIDTH..MAX_WIDTH characters. */
function widths(header: string[], count: number, row: (i: number) => string[]): number[] {
  const w = header.map((h) => h.length);
  for (let i = 0; i < count; i++) {
    const r = row(i);
    for (let c = 0; c < w.length; c++) w[c] = Math.max(w[c]!, (r[c] ?? "").length);
  }
  return w.map((n) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, n + 2)));
}

/** Header row (bold, frozen, filters on), highlighted rows filled, the upload's sheet name; written as a stream. */
async function resultXlsx(sheetName: string, header: string[], count: number, row: (i: number) => string[], highlight: readonly boolean[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  // excelts is loaded at the first XLSX result, not at start (idle memory).
  const { WorkbookWriter } = await import("@cj-tech-master/excelts");
  const wb = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "pantau";
  const ws = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = widths(header, count, row).map((width) => ({ width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.commit();
  // One shared style object per (highlighted, cell type): excelts caches a style's id by object
  // identity, so a fresh style per cell made it serialise every cell's style to compare it (some
  // 400 MB of garbage for 10,000 rows, which set the job's peak memory). The type is part of the
  // key because the cached id depends on it (numbers get a number format).
  const shared = new Map<string, Partial<CellStyle>>();
  const styleOf = (lit: boolean, type: unknown): Partial<CellStyle> => {
    const key = `${lit}:${String(type)}`;
    const known = shared.get(key);
    if (known) return known;
    const style: Partial<CellStyle> = lit ? { fill: { type: "pattern", pattern: "solid", fgColor: { argb: HIGHLIGHT } } } : {};
    shared.set(key, style);
    return style;
  };
  for (let i = 0; i < count; i++) {
    const added = ws.addRow(row(i).map(cellValue));
    const lit = highlight[i] === true;
    for (let c = 1; c <= header.length; c++) {
      const cell = added.getCell(c);
      cell.style = styleOf(lit, cell.type);
    }
    added.commit();
  }
  ws.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** The result document: every original column in the original order, the NIK column replaced by nikMasked, then the added columns. */
export async function writeResultFile(table: ListTable, added: ResultColumns, rows: ResultRow[]): Promise<ResultFile> {
  const { header, row } = resultCells(table, added, rows);
  const fileName = resultFileName(table.baseName, table.format);
  if (table.format === "xlsx") {
    const bytes = await resultXlsx(table.sheetName ?? "Sheet1", header, rows.length, row, rows.map((r) => r.highlight));
    return { bytes, fileName, mimeType: XLSX_MIME };
  }
  return { bytes: resultCsv(table.delimiter ?? ",", header, rows.length, row), fileName, mimeType: CSV_MIME };
}
