import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../logger.js";

/**
 * A small node:http server shared by the public port (webhook, Mini App) and the internal
 * ops port (/healthz, /readyz, /metrics): a handful of routes need no framework. Every request
 * runs inside one error boundary, so no request, however malformed, can stop the process;
 * timeouts bound slow or idle clients (see docs/architecture.md#operations).
 */

/** A request as the routes see it: the parsed path and query, never the raw URL. */
export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** The body, at most `maxBytes`; undefined when it is larger (the caller answers 413). */
  body(maxBytes: number): Promise<Buffer | undefined>;
}

export type Handler = (req: HttpRequest, res: ServerResponse) => Promise<void> | void;

export interface HttpServerOptions {
  name: string;
  port: number;
  host: string;
  logger: Logger;
  handle: Handler;
}

export interface PantauHttpServer {
  server: Server;
  port: number;
  /** Stop accepting, then wait for `drain` (work acknowledged but unfinished; up to timeoutMs). */
  close(timeoutMs?: number, drain?: () => Promise<unknown>): Promise<void>;
}

/** Bounds for clients: headers within 10 s, a whole request within 30 s, idle keep-alive 5 s. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_URL_LENGTH = 4096;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), "application/json; charset=utf-8", headers);
}

export function sendText(res: ServerResponse, status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** The path and query of a request target, or undefined when it cannot be one. */
export function parseTarget(raw: string | undefined): { path: string; query: URLSearchParams } | undefined {
  if (!raw || raw.length > MAX_URL_LENGTH || !raw.startsWith("/")) return undefined;
  try {
    const url = new URL(raw, "http://localhost");
    return { path: decodeURIComponent(url.pathname), query: url.searchParams };
  } catch {
    return undefined; // "//[", "/%E0%A4%A" …
  }
}

function bodyReader(req: IncomingMessage): (maxBytes: number) => Promise<Buffer | undefined> {
  return (maxBytes) =>
    new Promise((resolve) => {
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > maxBytes) return resolve(undefined);
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          resolve(undefined);
          req.removeAllListeners("data");
          req.resume(); // drain and discard the rest; the answer closes the connection
        } else chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", () => resolve(undefined));
      req.on("aborted", () => resolve(undefined));
    });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<PantauHttpServer> {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // One boundary for everything a request can do: parsing, routing, the handler, the answer.
    const fail = (e: unknown) => {
      opts.logger.error({ err: e, server: opts.name }, "http handler failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal" });
      else res.destroy();
    };
    try {
      const target = parseTarget(req.url);
      if (!target) return sendJson(res, 400, { error: "bad request" }, { connection: "close" });
      const request: HttpRequest = { method: req.method ?? "GET", path: target.path, query: target.query, headers: req.headers, body: bodyReader(req) };
      Promise.resolve(opts.handle(request, res)).catch(fail);
    } catch (e) {
      fail(e);
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Malformed requests (bad request line, invalid header bytes, oversized headers): answer 400
  // when the socket can still take it, never throw.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    opts.logger.debug({ code: err.code, server: opts.name }, "http client error");
    if (socket.writable && !socket.destroyed) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => opts.logger.error({ err, server: opts.name }, "http server error"));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;

  return {
    server,
    port,
    async close(timeoutMs = 8000, drain) {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([Promise.all([drain?.(), closed]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      server.closeAllConnections();
    },
  };
}
