/**
 * The budget sync's RealisasiKL worker (a worker thread; started by aggregateInWorker in
 * realisasi-worker.ts): reads each answer (upstream/omspan-worker.ts: the fast reader, else the
 * general one) AND folds its rows into the sums here, so that the main thread only fetches
 * pages and writes the result. A page's reply carries only its counts, for the walk's checks;
 * the sums go back once, when asked at the end.
 */
import { parentPort } from "node:worker_threads";
import type { Ymd } from "../domain/budget.js";
import { forEachPacked } from "../upstream/omspan-packed.js";
import { errorReply, readRealisasiRequest, type FinishRequest, type ParseReply, type ParseRequest } from "../upstream/omspan-worker.js";
import { RealisasiAggregator } from "./aggregate.js";
import type { RealisasiTotals } from "./realisasi-worker.js";

const port = parentPort;
if (!port) throw new Error("realisasi-thread runs as a worker thread");
const agg = new RealisasiAggregator();
const dates = new Map<number, Ymd>();
const addRow = agg.addRow.bind(agg);

port.on("message", (req: ParseRequest | FinishRequest) => {
  try {
    if ("finish" in req) {
      const dataDate = agg.dataDate;
      const result: RealisasiTotals = { cells: agg.cells(), rows: agg.rows, keyCount: agg.keyCount, ...(dataDate ? { dataDate } : {}) };
      port.postMessage({ id: req.id, result } satisfies ParseReply<null>);
      return;
    }
    const page = readRealisasiRequest(req);
    if (page.kind === "rows") forEachPacked(page.rows, dates, addRow);
    const reply: ParseReply<null> = { id: req.id, page: page.kind === "rows" ? { ...page, rows: null } : page };
    port.postMessage(reply);
  } catch (e) {
    port.postMessage(errorReply(req.id, e));
  }
});
