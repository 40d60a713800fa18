/**
 * The sync's parse worker (a worker thread; started by OmspanParseWorker): reads RealisasiKL
 * answers — the plain ones with the fast reader (omspan-realisasi-scan.ts), others by JSON.parse,
 * classification and the row parser — and sends them back packed, so that the main
 * thread's core aggregates while this one parses.
 */
import { parentPort } from "node:worker_threads";
import { UpstreamError } from "./errors.js";
import { packedBuffers, parseRealisasiText } from "./omspan-packed.js";
import { scanRealisasi } from "./omspan-realisasi-scan.js";
import type { ParseReply, ParseRequest } from "./omspan-worker.js";

const port = parentPort;
if (!port) throw new Error("omspan-parse-worker runs as a worker thread");
port.on("message", (req: ParseRequest) => {
  let reply: ParseReply;
  try {
    // Decoded as the HTTP client decodes a text body: UTF-8, without a byte order mark.
    const decoded = Buffer.from(req.bytes).toString("utf8");
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    // The fast reader takes the plain bodies; anything else is read (and failed) the general way.
    const ok = req.status >= 200 && req.status < 300;
    const page = (ok ? scanRealisasi(text, req.maxRejectShare) : undefined) ?? parseRealisasiText({ status: req.status, text }, req.maxRejectShare);
    reply = { id: req.id, page };
    port.postMessage(reply, page.kind === "rows" ? packedBuffers(page.rows) : []);
  } catch (e) {
    reply =
      e instanceof UpstreamError
        ? { id: req.id, error: { kind: e.kind, upstream: e.upstream, message: e.message.slice(`${e.upstream}: ${e.kind}: `.length), detail: e.detail } }
        : { id: req.id, error: { message: e instanceof Error ? e.message : String(e) } };
    port.postMessage(reply);
  }
});
