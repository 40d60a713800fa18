/**
 * The first sheet of an uploaded XLSX, read as a stream (docs/cekmassal.md#berkas-daftar-file-formats):
 * rows are turned into text one at a time, so a 10,000-row workbook never exists as a whole
 * object model in memory.
 */
import type { Cell, CellValue } from "@cj-tech-master/excelts";
import { RecordCollector } from "./table.js";
import { ListFileError, type ListLimits, type ListTable } from "./types.js";
import { checkZip, ZipGuardError } from "./zip-guard.js";

/** What the XML parts of a list may inflate to: generous for 10,000 rows of many columns, small against a zip bomb. */
const MAX_XML_BYTES = 64 * 1024 * 1024;
/** Columns read per row: a sheet wider than this is not a list a person keeps. */
const MAX_COLUMNS = 500;
/**
 * How long reading one workbook may take before it counts as damaged. A 10,000-row list reads
 * in one or two seconds; the bound is for a parse that stalls (a promise of the parser that never
 * settles, as damaged local headers once caused), so that the officer gets an answer.
 */
export const XLSX_READ_DEADLINE_MS = 60_000;

/**
 * `work`, or a rejection with `onTimeout()` after `ms`. The timer can fire only while the event
 * loop is free: it bounds a stalled promise, not a synchronous loop.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Excel stores numbers as doubles and shows 15 significant digits: a 16-digit NIK typed as a
 * number is no longer that NIK. Such numbers (1e15 and above) are shown the way Excel's
 * General format does, `3.51401E+15`, so that nikFromCell reports them as unreadable.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e15) {
    const [mantissa, exponent] = n.toExponential(5).split("e") as [string, string];
    const m = mantissa.replace(/\.?0+$/, "");
    const e = Number(exponent);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return String(n);
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** A date as ISO text (a time only when there is one); Excel's dates carry no zone, excelts reads them as UTC. */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() === 0 ? "" : ` ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${day}${time}`;
}

/** A cell value as the user sees it: numbers (see numberText), dates, formulas by their result, rich text and links by their text. */
export function valueText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : dateText(v);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("error" in v) return String(v.error);
  if ("formula" in v || "sharedFormula" in v) return valueText((v as { result?: CellValue }).result);
  if ("text" in v) return typeof v.text === "string" ? v.text : valueText(v.text as CellValue);
  return "";
}

/** Reads the first visible sheet of a workbook whose bytes start with the ZIP signature, within XLSX_READ_DEADLINE_MS. */
export function readXlsx(bytes: Uint8Array, limits: ListLimits): Promise<ListTable> {
  return withDeadline(readFirstSheet(bytes, limits), XLSX_READ_DEADLINE_MS, () => new ListFileError({ kind: "corrupt" }));
}

async function readFirstSheet(bytes: Uint8Array, limits: ListLimits): Promise<ListTable> {
  let names: string[];
  let checked: Uint8Array;
  try {
    ({ names, zip: checked } = await checkZip(bytes, MAX_XML_BYTES));
  } catch (e) {
    if (e instanceof ZipGuardError) throw new ListFileError({ kind: "corrupt" });
    throw e;
  }
  if (!names.includes("xl/workbook.xml")) {
    // A Word or PowerPoint file is a ZIP too: another kind of file, not a broken workbook.
    if (names.some((n) => n.startsWith("word/") || n.startsWith("ppt/"))) throw new ListFileError({ kind: "unsupported" });
    throw new ListFileError({ kind: "corrupt" });
  }
  // Loaded here, not at start: only an uploaded workbook needs excelts (outside the try: a
  // missing module is a deployment fault, not a corrupt file).
  const { InMemoryWorkbookReader } = await import("./xlsx-in-memory.js");
  const collector = new RecordCollector(limits);
  let read: { name: string | undefined } | undefined;
  try {
    const reader = new InMemoryWorkbookReader(checked, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore" });
    for await (const sheet of reader) {
      // The workbook part may come after the sheets in the ZIP; without it, the first sheet found is taken.
      const first = reader.model?.sheets?.find((s) => s.state !== "hidden" && s.state !== "veryHidden");
      const isFirst = first === undefined || first.name === sheet.name;
      for await (const row of sheet) {
        if (!isFirst) continue; // other sheets are read past, not kept
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell: Cell, col: number) => {
          if (col <= MAX_COLUMNS) cells[col - 1] = valueText(cell.value);
        });
        collector.add(Array.from(cells, (c) => c ?? ""), row.number);
      }
      if (isFirst) {
        read = { name: sheet.name || undefined };
        break;
      }
    }
  } catch (e) {
    if (e instanceof ListFileError) throw e;
    throw new ListFileError({ kind: "corrupt" });
  }
  if (read === undefined) throw new ListFileError({ kind: "empty" });
  const sheetName = read.name;
  return collector.table(sheetName === undefined ? { format: "xlsx" } : { format: "xlsx", sheetName });
}
