/**
 * CSV and XLSX exports of the families of one desa (docs/architecture.md#commands-and-features). NIKs are masked before
 * they get here (FamilyRow.nikKepala); free text is also passed through maskNiksInText, so a
 * NIK typed into an address field upstream does not leak either.
 */
import { maskNiksInText } from "../domain/nik.js";
import { csvField } from "../domain/csv.js";
import type { FamilyRow } from "./summary.js";

export type ExportColumn = "no" | "idKeluarga" | "kepala" | "nikKepala" | "alamat" | "desil" | "anggota" | "anggotaPenerima" | "jumlahBantuan";

export const EXPORT_COLUMNS: readonly ExportColumn[] = ["no", "idKeluarga", "kepala", "nikKepala", "alamat", "desil", "anggota", "anggotaPenerima", "jumlahBantuan"];

export interface ExportLabels {
  /** Header text per column (from the locale). */
  columns: Record<ExportColumn, string>;
  /** XLSX sheet names. */
  sheetKeluarga: string;
  sheetInfo: string;
  /** Label/value lines for the XLSX info sheet (desa, kode, time of data, note on masking). */
  info: [string, string][];
}

type Cell = string | number;

const safeText = (s: string | undefined): string => maskNiksInText(s ?? "");

function cells(r: FamilyRow, i: number): Record<ExportColumn, Cell> {
  return {
    no: i + 1,
    idKeluarga: safeText(r.idKeluarga),
    kepala: safeText(r.kepala),
    nikKepala: r.nikKepala ?? "",
    alamat: safeText(r.alamat),
    desil: r.desil ?? "",
    anggota: r.anggota,
    anggotaPenerima: r.anggotaPenerima,
    jumlahBantuan: r.jumlahBantuan,
  };
}

/** UTF-8 with BOM (so Excel reads names correctly), comma-separated, CRLF line ends. */
export function familiesCsv(rows: readonly FamilyRow[], labels: Pick<ExportLabels, "columns">): Buffer {
  const lines = [EXPORT_COLUMNS.map((c) => csvField(labels.columns[c])).join(",")];
  rows.forEach((r, i) => {
    const c = cells(r, i);
    lines.push(EXPORT_COLUMNS.map((k) => csvField(c[k])).join(","));
  });
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

const WIDTHS: Record<ExportColumn, number> = {
  no: 6,
  idKeluarga: 16,
  kepala: 28,
  nikKepala: 20,
  alamat: 36,
  desil: 8,
  anggota: 10,
  anggotaPenerima: 14,
  jumlahBantuan: 12,
};

/** One sheet of families (header row frozen, autofilter) and one of information about the data. */
export async function familiesXlsx(rows: readonly FamilyRow[], labels: ExportLabels): Promise<Buffer> {
  // excelts is loaded at the first XLSX export, not at start (idle memory).
  const { Workbook } = await import("@cj-tech-master/excelts");
  const wb = new Workbook();
  wb.creator = "pantau";
  const ws = wb.addWorksheet(labels.sheetKeluarga, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ header: labels.columns[c], key: c, width: WIDTHS[c] }));
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) => ws.addRow(cells(r, i)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };

  const info = wb.addWorksheet(labels.sheetInfo);
  info.columns = [
    { key: "k", width: 24 },
    { key: "v", width: 60 },
  ];
  for (const [k, v] of labels.info) info.addRow({ k, v: safeText(v) });
  info.getColumn(1).font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
