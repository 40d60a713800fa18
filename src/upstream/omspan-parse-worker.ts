/**
 * The sync's parse worker (a worker thread; started by OmspanParseWorker): reads RealisasiKL
 * answers — the plain ones with the fast reader (omspan-realisasi-scan.ts), others by JSON.parse,
 * classification and the row parser — and sends them back packed, so that the main
 * thread's core aggregates while this one parses.
 */
import { parentPort } from "node:worker_threads";
import { packedBuffers } from "./omspan-packed.js";
import { errorReply, readRealisasiRequest, type ParseReply, type ParseRequest } from "./omspan-worker.js";

const port = parentPort;
if (!port) throw new Error("omspan-parse-worker runs as a worker thread");
port.on("message", (req: ParseRequest) => {
  try {
    const page = readRealisasiRequest(req);
    const reply: ParseReply = { id: req.id, page };
    port.postMessage(reply, page.kind === "rows" ? packedBuffers(page.rows) : []);
  } catch (e) {
    port.postMessage(errorReply(req.id, e));
  }
});
