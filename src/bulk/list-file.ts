/**
 * Uploaded beneficiary lists for /cekmassal (docs/cekmassal.md#berkas-daftar-file-formats):
 * a CSV, an XLSX (first sheet) or pasted text in, a ListTable out; the result file back in
 * the same format. Every bad input is a ListFileError, so the caller has one message per kind.
 */
import { decodeText, detectDelimiter, parseCsv } from "./csv-read.js";
import { safeBaseName } from "./result-file.js";
import { RecordCollector } from "./table.js";
import { DEFAULT_LIST_LIMITS, ListFileError, type ListLimits, type ListTable } from "./types.js";
import { readXlsx } from "./xlsx-read.js";

export { nikFromCell, type CellNik } from "./cell-nik.js";
export { writeResultFile, resultFileName, safeBaseName, type ResultColumns, type ResultRow } from "./result-file.js";
export { DEFAULT_LIST_LIMITS, ListFileError, type ListFileProblem, type ListFormat, type ListLimits, type ListTable } from "./types.js";

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
/** Compound File (OLE): an encrypted OOXML workbook, or a legacy .xls/.doc. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** PDF, PNG, JPEG, GIF, WebP/RIFF, gzip, 7z, RAR: files officers send by mistake. */
const BINARY = [[0x25, 0x50, 0x44, 0x46], [0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38], [0x52, 0x49, 0x46, 0x46], [0x1f, 0x8b], [0x37, 0x7a, 0xbc, 0xaf], [0x52, 0x61, 0x72, 0x21]];

/** The stream name an encrypted OOXML package keeps inside its CFB container (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

/** Text, not a binary file with a .csv name: no NUL in the first 8 KB (UTF-16 with a BOM excepted). */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  return !bytes.subarray(0, 8192).includes(0);
}

function readCsv(bytes: Uint8Array, limits: ListLimits): ListTable {
  const text = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const collector = new RecordCollector(limits);
  let rowNumber = 0;
  try {
    parseCsv(text, delimiter, (fields) => collector.add(fields, ++rowNumber));
  } catch {
    throw new ListFileError({ kind: "corrupt" });
  }
  return collector.table({ format: "csv", delimiter });
}

/** Reads an uploaded document. Throws ListFileError for every bad input; never anything else. */
export async function readListFile(bytes: Uint8Array, fileName: string, limits: ListLimits = DEFAULT_LIST_LIMITS): Promise<ListTable> {
  try {
    if (bytes.length > limits.maxBytes) throw new ListFileError({ kind: "too-large", maxBytes: limits.maxBytes });
    if (bytes.length === 0) throw new ListFileError({ kind: "empty" });
    const baseName = safeBaseName(fileName);
    if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return { ...(await readXlsx(bytes, limits)), baseName };
    if (startsWith(bytes, CFB)) {
      throw new ListFileError({ kind: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE) ? "encrypted" : "unsupported" });
    }
    const ext = extensionOf(fileName);
    if (ext === "xlsx" || ext === "xlsm") throw new ListFileError({ kind: "corrupt" });
    if (BINARY.some((m) => startsWith(bytes, m))) throw new ListFileError({ kind: "unsupported" });
    if ((ext === "csv" || ext === "txt" || ext === "") && looksLikeText(bytes)) return { ...readCsv(bytes, limits), baseName };
    throw new ListFileError({ kind: "unsupported" });
  } catch (e) {
    if (e instanceof ListFileError) throw e;
    // The promise: nothing but a ListFileError leaves; an unexpected failure is an unreadable file.
    throw new ListFileError({ kind: "corrupt" });
  }
}

/** Quotes, bullets and punctuation around a pasted NIK ("• 3514…", "3514…;"). */
const PASTE_EDGE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Pasted text: one NIK per line (blank lines skipped, surrounding spaces/punctuation trimmed), at most maxTextLines. */
export function readPastedList(text: string, limits: ListLimits = DEFAULT_LIST_LIMITS): ListTable {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const cell = line.replace(PASTE_EDGE, "");
    if (cell === "") return;
    rows.push([cell]);
    rowNumbers.push(i + 1);
  });
  if (rows.length === 0) throw new ListFileError({ kind: "empty" });
  if (rows.length > limits.maxTextLines) throw new ListFileError({ kind: "too-many-rows", rows: rows.length, maxRows: limits.maxTextLines });
  return { format: "text", header: [], rows, rowNumbers, nikColumn: 0 };
}
