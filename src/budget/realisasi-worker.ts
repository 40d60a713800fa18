/**
 * RealisasiKL read AND summed in a worker thread (realisasi-thread.ts), one per sync run: the
 * main thread fetches the pages (as bytes, handed over without a copy) and walks them with the
 * usual checks (upstream/omspan-paging.ts), the worker reads and aggregates them, and sends the
 * sums back once at the end. At most one page is in the worker and one fetched ahead, and the
 * worker's heap is capped, so memory stays flat (docs/architecture.md#the-path-of-an-omspan-sync).
 */
import type { Ymd } from "../domain/budget.js";
import type { OmspanClient } from "../upstream/omspan.js";
import type { RealisasiPage, RealisasiPagingOptions } from "../upstream/omspan-paging.js";
import { OmspanParseWorker, workerEntry } from "../upstream/omspan-worker.js";
import type { RealisasiCell } from "./aggregate.js";

/** What the sync keeps of the aggregation (RealisasiAggregator's cells, rows, keyCount, dataDate). */
export interface RealisasiTotals {
  cells: RealisasiCell[];
  rows: number;
  keyCount: number;
  dataDate?: Ymd;
}

/**
 * Walks RealisasiKL with the worker; `onPage` sees each page's counts (its rows stay in the
 * worker). Throws what the in-thread walk throws; the worker is ended either way.
 */
export async function aggregateInWorker(client: OmspanClient, pageSize: number, opts: RealisasiPagingOptions, onPage: (page: RealisasiPage<null>) => void): Promise<RealisasiTotals> {
  // 96 MB old: the sums (some 120,000 cells for a ministry) and their sorted copy at the end
  // live here; 8 MB young: a page's garbage comes in ~32 KB pieces, freed by each scavenge.
  const worker = new OmspanParseWorker<null>(client.maxRejectShare, workerEntry(import.meta.url, "realisasi-thread"), 96, 8);
  try {
    for await (const page of client.realisasiBytes(pageSize, opts, (res) => worker.parse(res))) onPage(page);
    return await worker.finish<RealisasiTotals>();
  } finally {
    await worker.close();
  }
}
