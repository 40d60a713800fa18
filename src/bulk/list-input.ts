/**
 * Stand-in for list-file.ts (pasted text only) until the file side lands: the same shapes, so
 * that the job and the bot need only their imports changed.
 */
import { csvField } from "../domain/csv.js";
import { normalizeNik } from "../domain/nik.js";

export interface ListTable {
  format: "csv" | "xlsx" | "text";
  delimiter?: string;
  header: string[];
  rows: string[][];
  rowNumbers: number[];
  nikColumn: number;
  sheetName?: string;
}

/** One NIK per line; blank lines skipped. */
export function readPastedList(text: string): ListTable {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    rows.push([line.trim()]);
    rowNumbers.push(i + 1);
  });
  return { format: "text", header: ["NIK"], rows, rowNumbers, nikColumn: 0 };
}

export function nikFromCell(cell: string): { kind: "nik"; value: string } | { kind: "unreadable"; reason: string } {
  const s = cell.trim();
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(s)) return { kind: "unreadable", reason: "scientific" };
  return { kind: "nik", value: normalizeNik(s) };
}

export function writeResultFile(table: ListTable, labels: { headers: string[] }, rows: { nikMasked: string; extra: string[]; highlight: boolean }[]): { bytes: Buffer; fileName: string; mimeType: string } {
  const lines = [[table.header[table.nikColumn] ?? "NIK", ...labels.headers], ...rows.map((r) => [r.nikMasked, ...r.extra])].map((cells) => cells.map((c) => csvField(c)).join(","));
  return { bytes: Buffer.from(`\ufeff${lines.join("\r\n")}\r\n`, "utf8"), fileName: "hasil-cekmassal.csv", mimeType: "text/csv" };
}
