import type { Api, Transformer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import type { Metrics } from "../metrics.js";
import { floodWait } from "./flood.js";

/**
 * Every text the bot sends is HTML (locales/id.ftl carries <b>, <i>, <code>; upstream text
 * is escaped with escapeHtml): parse_mode is set here once, for every method that takes a
 * text or a caption, unless the call sets its own or passes entities.
 */
export function htmlByDefault(): Transformer {
  return (prev, method, payload, signal) => {
    const p = payload as Record<string, unknown> | undefined;
    if (p && FORMATTED.has(method) && !("parse_mode" in p) && !("entities" in p) && !("caption_entities" in p) && (typeof p.text === "string" || typeof p.caption === "string")) {
      return prev(method, { ...p, parse_mode: "HTML" } as typeof payload, signal);
    }
    return prev(method, payload, signal);
  };
}

/** Methods whose `text` / `caption` Telegram formats (answerCallbackQuery's text is plain). */
const FORMATTED = new Set(["sendMessage", "editMessageText", "sendDocument", "sendPhoto", "editMessageCaption", "copyMessage"]);

/**
 * The bot's Bot API client, installed in order (the first installed is the innermost):
 * count 429s (retries included) → wait out 429s (flood) → retry 5xx/network → HTML default.
 */
export function configureApi(api: Api, metrics?: Metrics): void {
  if (metrics) {
    api.config.use(async (prev, method, payload, signal) => {
      const r = await prev(method, payload, signal);
      if (!r.ok && r.error_code === 429) metrics.telegram429.inc();
      return r;
    });
  }
  // 429 → wait retry_after (spread) and try again while the budget lasts: no answer is lost in a flood.
  api.config.use(floodWait());
  // 5xx/network → a few retries (docs/domain.md#telegram-limits).
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  api.config.use(htmlByDefault());
}
