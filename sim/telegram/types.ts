/** The public shapes of the Telegram simulator: its options and what tests read back from it. */
import type { MessageEntity } from "grammy/types";
import type { ReplyMarkup } from "./markup.js";

/** Flood limits; each one left out is not enforced. */
export interface RateLimits {
  /** messages to one chat per second (Telegram: about 1) */
  perChatPerSec?: number;
  /** messages to one group/supergroup per minute (Telegram: 20) */
  perGroupPerMin?: number;
  /** messages overall per second (Telegram: about 30) */
  globalPerSec?: number;
}

/** How TelegramSim.start() sets the simulator up; every field has a default. */
export interface TelegramSimOptions {
  token?: string;
  /** 0 (default) = ephemeral port */
  port?: number;
  host?: string;
  botId?: number;
  botUsername?: string;
  botFirstName?: string;
  /** added to every API answer */
  latencyMs?: number;
  /** flood limits for sendMessage/sendDocument/sendPhoto; default none */
  limits?: RateLimits | false;
  /**
   * Group privacy mode (Telegram's default: on). With it, the bot only receives group
   * messages that are commands for it, replies to its messages and service messages,
   * unless it is an administrator.
   */
  privacyMode?: boolean;
  /** Reject a bare "&" in HTML (real Telegram shows it literally). Default true. */
  strictHtml?: boolean;
  /** Callback queries older than this can no longer be answered (Telegram: ~15 s). Default: no expiry. */
  callbackQueryTtlMs?: number;
  webhook?: {
    /** attempts per update before it is dropped (default 5) */
    maxAttempts?: number;
    /** first retry delay, doubled per attempt (default 50 ms) */
    retryDelayMs?: number;
    /** the bot must answer within this time or the update is sent again (default 10 s) */
    timeoutMs?: number;
  };
}

/** A document the bot sent. */
export interface SimDocument {
  filename: string;
  mimeType: string;
  data: Buffer;
  fileId: string;
  /** set when the bot sent an HTTP URL instead of uploading */
  url?: string;
}

/** A photo the bot sent, with the size read from its header. */
export interface SimPhoto {
  data: Buffer;
  fileId: string;
  width: number;
  height: number;
}

/** A message the bot sent, in its current state (edits update it in place). */
export interface SimMessage {
  chatId: number;
  messageId: number;
  kind: "text" | "document" | "photo";
  /** plain text after entity parsing; for documents/photos the plain caption ("" if none) */
  text: string;
  /** the raw text/caption as sent (HTML source when parse_mode is HTML) */
  html: string;
  parseMode?: string;
  entities: MessageEntity[];
  replyMarkup?: ReplyMarkup;
  replyToMessageId?: number;
  document?: SimDocument;
  photo?: SimPhoto;
  /** plain caption, for documents/photos */
  caption?: string;
  disableNotification: boolean;
  edits: number;
  /** global sequence number, bumped on creation and on every edit */
  seq: number;
  deleted: boolean;
  date: number;
  editDate?: number;
}

/** One Bot API call the bot made, with its outcome. */
export interface SimCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  ok: boolean;
  errorCode?: number;
  description?: string;
  chatId?: number;
}

/** The bot's answer to a callback query. */
export interface CallbackAnswer {
  id: string;
  text?: string;
  showAlert?: boolean;
  url?: string;
  at: number;
}

/** A sendChatAction the bot made ("typing", "upload_document", ...). */
export interface ChatActionRecord {
  chatId: number;
  action: string;
  at: number;
}

/** An error that failNext() makes the next calls of a method answer with. */
export interface FailSpec {
  error_code: number;
  description?: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
  /** how many calls fail (default 1) */
  times?: number;
  /** only calls for this chat_id */
  chatId?: number;
}

/** A button of a bot message, flattened from either keyboard kind. */
export interface SimButton {
  text: string;
  data?: string;
  url?: string;
  /** A web_app button's Mini App URL. */
  webApp?: string;
}

/** A user's or the bot's standing in a chat; in private chats "kicked" means the user blocked the bot. */
export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

/** Which bot message waitFor() waits for. */
export interface WaitForOptions {
  chatId?: number;
  /** only messages with seq > since (see mark()); default 0 = any */
  since?: number;
  /** tested against the plain text (caption for media), or a predicate on the message */
  match?: RegExp | ((m: SimMessage) => boolean);
  timeoutMs?: number;
}

/** Counters over the simulator's life. */
export interface SimStats {
  apiCalls: number;
  /** 429 answers (flood limits and injected) */
  rateLimited: number;
  /** answers produced by failNext */
  injectedFailures: number;
  updatesQueued: number;
  updatesPending: number;
  /** group messages Telegram would not pass to the bot (privacy mode, bot not in the group) */
  undelivered: number;
  webhookDeliveries: number;
  webhookFailures: number;
  webhookDropped: number;
}

/** Flattened buttons of a message (inline keyboard or reply keyboard). */
export function buttons(msg: SimMessage | undefined): SimButton[] {
  const markup = msg?.replyMarkup;
  if (!markup) return [];
  if ("inline_keyboard" in markup) {
    return markup.inline_keyboard.flat().map((b) => {
      const out: SimButton = { text: b.text };
      if ("callback_data" in b) out.data = b.callback_data;
      if ("url" in b) out.url = b.url;
      if ("web_app" in b && b.web_app) out.webApp = b.web_app.url;
      return out;
    });
  }
  if ("keyboard" in markup) {
    return markup.keyboard.flat().map((b) => ({ text: typeof b === "string" ? b : b.text }));
  }
  return [];
}
