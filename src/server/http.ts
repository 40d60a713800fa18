import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

/**
 * The bot's HTTP port: the Telegram webhook (BOT_MODE=webhook) and /healthz, /readyz, /metrics.
 * Plain node:http: four routes do not need a framework.
 *
 * Webhook updates are acknowledged as soon as the secret and the JSON are checked; the work
 * continues after the answer (SPEC §8), tracked so a shutdown can wait for it. The price:
 * Telegram does not redeliver an update whose handling failed after the acknowledgement;
 * handlers answer the user themselves on failure (bot.catch).
 */
export interface HttpServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  metrics: Metrics;
  webhook?: { path: string; secret: string; handle: (u: Update) => Promise<void> };
  ready: () => Promise<{ ok: boolean; checks: Record<string, unknown> }>;
}

export interface PantauHttpServer {
  server: Server;
  port: number;
  /** Updates acknowledged but still being handled. */
  inFlight(): number;
  /** Stop accepting, then wait for in-flight updates (up to timeoutMs). */
  close(timeoutMs?: number): Promise<void>;
}

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = "application/json"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHttpServer(opts: HttpServerOptions): Promise<PantauHttpServer> {
  const inflight = new Set<Promise<void>>();
  let closing = false;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      try {
        if (opts.webhook && req.method === "POST" && url.pathname === opts.webhook.path) {
          if (!secretMatches(req.headers["x-telegram-bot-api-secret-token"], opts.webhook.secret)) {
            opts.logger.warn({ path: url.pathname }, "webhook call with a wrong secret");
            return send(res, 401, '{"ok":false}');
          }
          if (closing) return send(res, 503, '{"ok":false,"reason":"shutting down"}');
          const body = await readBody(req);
          let update: Update;
          try {
            update = JSON.parse(body?.toString("utf8") ?? "") as Update;
            if (typeof update?.update_id !== "number") throw new Error("no update_id");
          } catch {
            return send(res, 400, '{"ok":false}');
          }
          send(res, 200, '{"ok":true}');
          const p = opts.webhook
            .handle(update)
            .catch((e: unknown) => opts.logger.error({ err: e, update: update.update_id }, "webhook update failed"))
            .finally(() => inflight.delete(p));
          inflight.add(p);
          return;
        }
        if (req.method === "GET" && url.pathname === "/healthz") return send(res, 200, '{"status":"ok"}');
        if (req.method === "GET" && url.pathname === "/readyz") {
          const r = await opts.ready();
          return send(res, r.ok && !closing ? 200 : 503, JSON.stringify({ status: r.ok && !closing ? "ready" : "not ready", ...r.checks }));
        }
        if (req.method === "GET" && url.pathname === "/metrics") {
          return send(res, 200, await opts.metrics.registry.metrics(), opts.metrics.registry.contentType);
        }
        send(res, 404, '{"error":"not found"}');
      } catch (e) {
        opts.logger.error({ err: e, path: url.pathname }, "http handler failed");
        if (!res.headersSent) send(res, 500, '{"error":"internal"}');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;

  return {
    server,
    port,
    inFlight: () => inflight.size,
    async close(timeoutMs = 8000) {
      closing = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const drained = Promise.allSettled([...inflight]);
      await Promise.race([Promise.all([drained, closed]), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      server.closeAllConnections();
    },
  };
}
