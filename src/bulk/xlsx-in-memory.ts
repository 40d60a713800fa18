/**
 * excelts' streaming reader kept in memory; a module of its own so that xlsx-read.ts can load
 * excelts (~10 MB resident) only when the first workbook arrives, not at start.
 */
import { WorkbookReader, type WorksheetReader } from "@cj-tech-master/excelts";

/** excelts' Node reader spills worksheets that come before the shared strings to temporary files; a list's NIKs must stay in memory. */
export class InMemoryWorkbookReader extends WorkbookReader {
  override async _storeWaitingWorksheet(sheetNo: string, entry: AsyncIterable<unknown>): Promise<never> {
    const chunks: Uint8Array[] = [];
    const encoder = new TextEncoder();
    for await (const chunk of entry) {
      if (chunk instanceof Uint8Array) chunks.push(chunk);
      else if (typeof chunk === "string") chunks.push(encoder.encode(chunk));
    }
    return { sheetNo, chunks } as never;
  }

  override async *_processWaitingWorksheets(waiting: unknown[]): AsyncIterableIterator<{ eventType: "worksheet"; value: WorksheetReader }> {
    for (const w of waiting as { sheetNo: string; chunks: Uint8Array[] }[]) {
      const iterator = (async function* () {
        yield* w.chunks;
      })();
      yield* this._parseWorksheet(iterator, w.sheetNo);
    }
  }
}
