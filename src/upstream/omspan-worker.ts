/**
 * The main thread's side of the sync's worker (budget/realisasi-thread.ts): one worker
 * thread per walk, ended with it. The walk sends one answer at a time and waits for it, so
 * at most one page is in the worker and one fetched ahead: memory stays flat.
 */
import { Worker } from "node:worker_threads";
import { UpstreamError, type UpstreamErrorKind } from "./errors.js";
import type { HttpResponse } from "./http.js";
import { parseRealisasiText, type PackedRealisasi, type ParsedPage } from "./omspan-packed.js";
import { scanRealisasiBytes } from "./omspan-realisasi-scan.js";

export interface ParseRequest {
  id: number;
  status: number;
  /** The body as received (transferred: no copy, no decoding in the main thread). */
  bytes: ArrayBuffer;
  maxRejectShare: number;
}

/** Asks a worker that keeps state across pages (the budget sync's) for its result. */
export interface FinishRequest {
  id: number;
  finish: true;
}

export type ParseReply<R = PackedRealisasi> =
  | { id: number; page: ParsedPage<R> }
  | { id: number; result: unknown }
  | { id: number; error: { kind?: UpstreamErrorKind; upstream?: string; message: string; detail?: UpstreamError["detail"] } };

/** One answer read in a worker: the plain bodies by the fast reader, anything else (and every failure) the general way. */
export function readRealisasiRequest(req: ParseRequest): ParsedPage<PackedRealisasi> {
  const bytes = Buffer.from(req.bytes);
  const fast = req.status >= 200 && req.status < 300 ? scanRealisasiBytes(bytes, req.maxRejectShare) : undefined;
  if (fast) return fast;
  // Decoded as the HTTP client decodes a text body: UTF-8, without a byte order mark.
  const decoded = bytes.toString("utf8");
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  return parseRealisasiText({ status: req.status, text }, req.maxRejectShare);
}

/** A failure as the worker sends it back (rebuilt as the same UpstreamError on the other side). */
export function errorReply(id: number, e: unknown): ParseReply<never> {
  return e instanceof UpstreamError
    ? { id, error: { kind: e.kind, upstream: e.upstream, message: e.message.slice(`${e.upstream}: ${e.kind}: `.length), detail: e.detail } }
    : { id, error: { message: e instanceof Error ? e.message : String(e) } };
}

/**
 * The worker's file: compiled JavaScript beside this module (dist/, or a bundle that put it
 * there), or — when this module runs from its TypeScript source — a small bootstrap that
 * registers tsx in the worker first.
 */
export function workerEntry(moduleUrl: string, name: string): URL {
  return moduleUrl.endsWith(".ts") ? new URL(`./${name}.boot.mjs`, moduleUrl) : new URL(`./${name}.js`, moduleUrl);
}

/** `R`: what the worker sends back for a page (packed rows here; nothing when it keeps them, as the budget sync's does). */
export class OmspanParseWorker<R = PackedRealisasi> {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (p: never) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    private readonly maxRejectShare: number,
    entry: URL,
    oldGenerationMb = 64,
    youngGenerationMb = 16,
  ) {
    // Its own heap, capped: the garbage of read pages must not grow the resident set while V8
    // waits for a full collection.
    this.worker = new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: oldGenerationMb, maxYoungGenerationSizeMb: youngGenerationMb } });
    this.worker.on("message", (reply: ParseReply<R>) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if ("page" in reply) w.resolve(reply.page as never);
      else if ("result" in reply) w.resolve(reply.result as never);
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
  parse(res: Pick<HttpResponse, "status"> & { bytes: Buffer }): Promise<ParsedPage<R>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ParsedPage<R>>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const b = res.bytes;
      // A buffer of its own is handed over as it is; a slice of a shared one is copied first.
      const bytes = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : new Uint8Array(b).buffer;
      const req: ParseRequest = { id, status: res.status, bytes, maxRejectShare: this.maxRejectShare };
      this.worker.postMessage(req, [bytes]);
    });
  }

  /** The result of a worker that keeps state across pages, once every page was read. */
  finish<T>(): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const req: FinishRequest = { id, finish: true };
      this.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("omspan parse worker closed");
    await this.worker.terminate();
  }
}
