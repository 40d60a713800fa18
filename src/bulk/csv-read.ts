/**
 * A small RFC 4180 reader for uploaded lists (docs/cekmassal.md#berkas-daftar-file-formats):
 * `,` or `;` (whichever occurs more outside quotes on the first lines), quoted fields with
 * `""`, line breaks inside quotes, CRLF or LF. Text is UTF-8 (with or without BOM), UTF-16
 * with a BOM, or, when it is not valid UTF-8, Windows-1252 (what older Excel saves as "CSV").
 */

export type CsvDelimiter = "," | ";";

/** Bytes → text; a BOM decides, else UTF-8 if valid, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Counts `,` and `;` outside quotes in the first lines; a tie (also none at all) is `,`. */
export function detectDelimiter(text: string, lines = 20): CsvDelimiter {
  let comma = 0;
  let semi = 0;
  let quoted = false;
  let seen = 0;
  for (let i = 0; i < text.length && seen < lines; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === ",") comma++;
    else if (ch === ";") semi++;
    else if (ch === "\n") seen++;
  }
  return semi > comma ? ";" : ",";
}

/** Thrown for text that is not CSV: a quote that never closes, or text after a closing quote. */
export class CsvSyntaxError extends Error {}

/**
 * Records of `text`. A record of one empty field (a blank line) is kept as `[""]`, so record
 * numbers stay the line numbers a spreadsheet shows; the line break at the very end adds none.
 * `onRecord` may return false to stop early (row limits).
 */
export function parseCsv(text: string, delimiter: CsvDelimiter, onRecord: (fields: string[]) => boolean | void): void {
  let fields: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  let atFieldStart = true;
  // A run of ordinary characters is taken at once (a 5 MB file is mostly such runs).
  const plain = delimiter === "," ? /[^,\r\n]+/y : /[^;\r\n]+/y;
  const endRecord = (): boolean => {
    fields.push(field);
    const go = onRecord(fields) !== false;
    fields = [];
    field = "";
    atFieldStart = true;
    return go;
  };
  while (i < n) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // A quoted field: up to the closing quote; "" is one quote.
      let j = i + 1;
      let value = "";
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new CsvSyntaxError("unclosed quote");
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      field = value;
      i = j;
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== "\r" && next !== "\n") throw new CsvSyntaxError("text after a closing quote");
      continue;
    }
    atFieldStart = false;
    if (ch === delimiter) {
      fields.push(field);
      field = "";
      atFieldStart = true;
      i++;
    } else if (ch === "\r" || ch === "\n") {
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      if (!endRecord()) return;
    } else {
      plain.lastIndex = i;
      plain.test(text);
      field += text.slice(i, plain.lastIndex);
      i = plain.lastIndex;
    }
  }
  if (!atFieldStart || fields.length > 0 || field !== "") endRecord();
}
