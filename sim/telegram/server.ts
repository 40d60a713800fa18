/**
 * Transport over HTTP: the server the bot's Bot API requests arrive at (`/bot<token>/<method>`,
 * bodies decoded, the latency added) and the file download route (`/file/bot<token>/<path>`).
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { SimContext } from "./context.js";
import type { Dispatcher } from "./dispatch.js";
import type { FileStore } from "./files.js";
import { listenLocal } from "../kit.js";
import type { Observer } from "./observe.js";
import type { Connection } from "./method.js";
import { ApiError, parseBody, resolveAttachments } from "./request.js";

const MAX_BODY = 60 * 1024 * 1024;

/** The simulator's HTTP server; it answers 503 until serve() gives it the front that handles requests. */
export class SimServer {
  private front: HttpFront | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  /** Listens on `host:port` (0 = any free port). */
  static async listen(port: number, host: string): Promise<SimServer> {
    const holder: { self?: SimServer } = {};
    const server = http.createServer((req, res) => {
      const front = holder.self?.front;
      if (front) void front.handle(req, res);
      else res.writeHead(503).end();
    });
    server.keepAliveTimeout = 60_000;
    holder.self = new SimServer(server, await listenLocal(server, port, host));
    return holder.self;
  }

  serve(front: HttpFront): void {
    this.front = front;
  }

  /** Closes the server after the answers to pending polls had a moment to flush. */
  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // let the answers to the polls flush, then drop keep-alive sockets
      setImmediate(() => this.server.closeIdleConnections());
      setTimeout(() => this.server.closeAllConnections(), 200).unref();
    });
  }
}

/** Answers the HTTP requests of the bot. */
export class HttpFront {
  constructor(
    private readonly ctx: SimContext,
    private readonly observer: Observer,
    private readonly files: FileStore,
    private readonly dispatcher: Dispatcher,
  ) {}

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute) return this.serveFile(fileRoute[1]!, decodeURIComponent(fileRoute[2]!), res);
    const route = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!route) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(route[1]!) !== this.ctx.token) {
      return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const method = decodeURIComponent(route[2]!);
    // a long poll is not work in flight: waitForIdle would never return while the bot polls
    const counts = method.toLowerCase() !== "getupdates";
    if (counts) this.observer.inflight++;
    try {
      let raw: Record<string, unknown>;
      try {
        const body = await readBody(req, MAX_BODY);
        raw = { ...Object.fromEntries(url.searchParams), ...parseBody(body, req.headers["content-type"]) };
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(400, "Bad Request: can't read request body");
        return reply(res, err.code, { ok: false, error_code: err.code, description: err.description });
      }
      if (this.ctx.latencyMs > 0) await sleep(this.ctx.latencyMs);
      const conn: Connection = {
        onClose: (cb) =>
          res.once("close", () => {
            if (!res.writableEnded) cb();
          }),
        gone: () => res.destroyed || req.socket.destroyed,
      };
      const answer = await this.dispatcher.call(method, resolveAttachments(raw), conn);
      reply(res, answer.status, answer.body);
    } finally {
      if (counts) {
        this.observer.inflight--;
        this.observer.lastActivity = Date.now();
      }
    }
  }

  private serveFile(token: string, path: string, res: http.ServerResponse): void {
    const file = token === this.ctx.token ? this.files.byPath(path) : undefined;
    if (!file) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    res.writeHead(200, { "content-type": file.mimeType ?? "application/octet-stream", "content-length": file.data.length });
    res.end(file.data);
  }
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, "Request Entity Too Large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
