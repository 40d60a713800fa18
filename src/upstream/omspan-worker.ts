/**
 * The main thread's side of the sync's parse worker (omspan-parse-worker.ts): one worker
 * thread per walk, ended with it. The walk sends one answer at a time and waits for it, so
 * at most one page is in the worker and one fetched ahead: memory stays flat.
 */
import { Worker } from "node:worker_threads";
import { UpstreamError, type UpstreamErrorKind } from "./errors.js";
import type { HttpResponse } from "./http.js";
import type { PackedRealisasi, ParsedPage } from "./omspan-packed.js";

export interface ParseRequest {
  id: number;
  status: number;
  /** The body as received (transferred: no copy, no decoding in the main thread). */
  bytes: ArrayBuffer;
  maxRejectShare: number;
}

export type ParseReply =
  | { id: number; page: ParsedPage<PackedRealisasi> }
  | { id: number; error: { kind?: UpstreamErrorKind; upstream?: string; message: string; detail?: UpstreamError["detail"] } };

/**
 * The worker's file: compiled JavaScript beside this module (dist/, or a bundle that put it
 * there), or — when this module runs from its TypeScript source — a small bootstrap that
 * registers tsx in the worker first.
 */
function entry(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./omspan-parse-worker.boot.mjs", import.meta.url) : new URL("./omspan-parse-worker.js", import.meta.url);
}

export class OmspanParseWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (p: ParsedPage<PackedRealisasi>) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(private readonly maxRejectShare: number) {
    // Its own heap, capped like the main thread's (npm start): the garbage of parsed pages must
    // not grow the resident set while V8 waits for a full collection.
    this.worker = new Worker(entry(), { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } });
    this.worker.on("message", (reply: ParseReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if ("page" in reply) w.resolve(reply.page);
      else {
        const e = reply.error;
        w.reject(e.kind && e.upstream ? new UpstreamError(e.kind, e.upstream, e.message, e.detail) : new Error(e.message));
      }
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`omspan parse worker exited (${code})`)));
  }

  /** The answer read in the worker (throws UpstreamError as the in-thread walk would). */
  parse(res: Pick<HttpResponse, "status"> & { bytes: Buffer }): Promise<ParsedPage<PackedRealisasi>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const b = res.bytes;
      // A buffer of its own is handed over as it is; a slice of a shared one is copied first.
      const bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : new Uint8Array(b).buffer;
      const req: ParseRequest = { id, status: res.status, bytes, maxRejectShare: this.maxRejectShare };
      this.worker.postMessage(req, [bytes]);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("omspan parse worker closed");
    await this.worker.terminate();
  }
}
