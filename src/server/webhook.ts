import { timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { sendJson, type HttpRequest } from "./http.js";

/** Telegram sends updates of a few KB; anything near this is not an update. */
const MAX_UPDATE_BYTES = 1 << 20;

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface WebhookOptions {
  path: string;
  secret: string;
  logger: Logger;
  handle: (u: Update) => Promise<void>;
}

/**
 * The Telegram webhook: checks the secret token, acknowledges as soon as the JSON is read,
 * and handles the update after the answer (a slow answer would make Telegram send it again).
 * The price: Telegram does not redeliver an update whose handling failed after the
 * acknowledgement, so the bot's error boundary answers the user itself.
 */
export function webhookRoute(opts: WebhookOptions) {
  const inflight = new Set<Promise<void>>();
  let closing = false;
  return {
    matches: (req: HttpRequest) => req.path === opts.path,
    async handle(req: HttpRequest, res: ServerResponse): Promise<void> {
      if (req.method !== "POST") return sendJson(res, 405, { ok: false }, { allow: "POST" });
      if (!secretMatches(req.headers["x-telegram-bot-api-secret-token"], opts.secret)) {
        opts.logger.warn("webhook call with a wrong secret");
        return sendJson(res, 401, { ok: false });
      }
      if (closing) return sendJson(res, 503, { ok: false, reason: "shutting down" });
      const body = await req.body(MAX_UPDATE_BYTES);
      if (body === undefined) return sendJson(res, 413, { ok: false }, { connection: "close" });
      let update: Update;
      try {
        update = JSON.parse(body.toString("utf8")) as Update;
        if (typeof update?.update_id !== "number") throw new Error("no update_id");
      } catch {
        return sendJson(res, 400, { ok: false });
      }
      sendJson(res, 200, { ok: true });
      const p = opts
        .handle(update)
        .catch((e: unknown) => opts.logger.error({ err: e, update: update.update_id }, "webhook update failed"))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
    inFlight: () => inflight.size,
    /** No new updates (503, Telegram retries them elsewhere/later); resolves when those acknowledged are done. */
    drain(): Promise<unknown> {
      closing = true;
      return Promise.allSettled([...inflight]);
    },
  };
}

export type WebhookRoute = ReturnType<typeof webhookRoute>;
