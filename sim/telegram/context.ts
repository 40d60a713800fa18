/** What every part of the Telegram simulator shares: the bot, its settings and whether it is closing. */
import type { User } from "grammy/types";
import { ApiError } from "./request.js";
import type { TelegramSimOptions } from "./types.js";

/** Webhook delivery settings, defaults filled in. */
export interface WebhookOptions {
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs: number;
}

/** The simulator's settings (two of them changeable at run time) and its lifecycle. */
export class SimContext {
  readonly token: string;
  readonly botUser: User;
  latencyMs: number;
  privacyMode: boolean;
  readonly strictHtml: boolean;
  readonly callbackTtl: number | undefined;
  readonly webhook: WebhookOptions;
  private readonly closing = new AbortController();

  constructor(opts: TelegramSimOptions) {
    this.token = opts.token ?? "123456:TEST-TOKEN";
    this.botUser = {
      id: opts.botId ?? 1000,
      is_bot: true,
      first_name: opts.botFirstName ?? "pantau",
      username: opts.botUsername ?? "pantau_bot",
    };
    this.latencyMs = opts.latencyMs ?? 0;
    this.privacyMode = opts.privacyMode ?? true;
    this.strictHtml = opts.strictHtml ?? true;
    this.callbackTtl = opts.callbackQueryTtlMs;
    this.webhook = {
      maxAttempts: opts.webhook?.maxAttempts ?? 5,
      retryDelayMs: opts.webhook?.retryDelayMs ?? 50,
      timeoutMs: opts.webhook?.timeoutMs ?? 10_000,
    };
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Aborted by close(): long waits (webhook requests, retry sleeps) listen to it. */
  get closingSignal(): AbortSignal {
    return this.closing.signal;
  }

  close(): void {
    this.closing.abort();
  }
}

/** Unix time in seconds, as in Bot API dates. */
export const nowSec = (): number => Math.floor(Date.now() / 1000);

export const forbidden = (text: string): ApiError => new ApiError(403, `Forbidden: ${text}`);

/** A chat_id given as a number or a numeric string; undefined for anything else (e.g. "@name"). */
export function toChatId(raw: unknown): number | undefined {
  if (typeof raw === "number" && Number.isInteger(raw)) return raw;
  if (typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
  return undefined;
}
