/** The shapes of an uploaded list (docs/cekmassal.md#berkas-daftar-file-formats); re-exported by list-file.ts. */

export type ListFormat = "csv" | "xlsx" | "text";

export interface ListLimits {
  maxRows: number;
  maxBytes: number;
  maxTextLines: number;
}

/** 10,000 rows, 5 MB, 200 pasted lines (SPEC /cekmassal). */
export const DEFAULT_LIST_LIMITS: ListLimits = { maxRows: 10_000, maxBytes: 5 * 1024 * 1024, maxTextLines: 200 };

export interface ListTable {
  format: ListFormat;
  /** csv: the upload's delimiter, reused on output. */
  delimiter?: "," | ";";
  /** Original header cells as text; generated (column letters, the NIK column "NIK") for a file without a header row; [] for pasted text. */
  header: string[];
  /** Data rows, every cell as the user sees it, each as wide as the widest row. */
  rows: string[][];
  /** For rows[i], its 1-based row number in the sheet/file (header = row 1), for "duplikat baris N". */
  rowNumbers: number[];
  /** Index of the NIK column in each row. */
  nikColumn: number;
  /** xlsx: the first sheet's name, reused on output. */
  sheetName?: string;
  /** The upload's file name without folders, extension or anything NIK-like (safeBaseName), for the result's name. */
  baseName?: string;
}

export type ListFileProblem =
  | { kind: "unsupported" }
  | { kind: "too-large"; maxBytes: number }
  | { kind: "encrypted" }
  | { kind: "corrupt" }
  | { kind: "empty" }
  | { kind: "no-nik-column" }
  | { kind: "too-many-rows"; rows: number; maxRows: number };

/** Every bad input of readListFile / readPastedList; `problem` says which, for the caller's message. */
export class ListFileError extends Error {
  constructor(readonly problem: ListFileProblem) {
    super(`list file: ${problem.kind}`);
    this.name = "ListFileError";
  }
}
