import { GrammyError, type Api, type InlineKeyboard } from "grammy";
import type { Logger } from "../logger.js";

/**
 * A message that is edited while long work goes on (docs/architecture.md#commands-and-features): edits are throttled (at most
 * one per `minIntervalMs`, the latest text wins), never overlap, and are skipped when the text
 * did not change, so Telegram never answers "message is not modified".
 */
export class ProgressMessage {
  private lastText: string;
  private lastEditAt = 0;
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly messageId: number,
    shownText: string,
    private readonly opts: { minIntervalMs: number; logger?: Logger },
  ) {
    this.lastText = shownText;
    this.lastEditAt = Date.now();
  }

  update(html: string): void {
    if (this.closed) return;
    this.pending = html;
    this.schedule();
  }

  /** Stop editing; resolves once an edit in flight has landed (so the final edit comes last). */
  async finish(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.inFlight || this.timer || this.pending === undefined) return;
    const wait = this.lastEditAt + this.opts.minIntervalMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
      return;
    }
    this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = undefined;
    if (this.closed || text === undefined || text === this.lastText) return;
    this.lastText = text;
    this.lastEditAt = Date.now();
    this.inFlight = this.api
      .editMessageText(this.chatId, this.messageId, text)
      .then(
        () => undefined,
        (e: unknown) => this.opts.logger?.debug({ err: e }, "progress edit failed"),
      )
      .finally(() => {
        this.inFlight = undefined;
        this.lastEditAt = Date.now();
        this.schedule();
      });
  }
}

export function isNotModified(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /message is not modified/i.test(e.description);
}

/** "message to edit not found", "message can't be edited": the message is gone or too old. */
export function isUneditable(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /message to edit not found|message can't be edited|there is no text in the message/i.test(e.description);
}

/**
 * Edit a bot message into `html`; when it cannot be edited any more, send it as a new message.
 * Returns the id of the message that now shows the text.
 */
export async function editOrReply(
  api: Api,
  chatId: number,
  messageId: number | undefined,
  html: string,
  keyboard?: InlineKeyboard,
): Promise<number> {
  const other = { link_preview_options: { is_disabled: true }, reply_markup: keyboard };
  if (messageId !== undefined) {
    try {
      await api.editMessageText(chatId, messageId, html, other);
      return messageId;
    } catch (e) {
      if (isNotModified(e)) return messageId;
      if (!isUneditable(e)) throw e;
    }
  }
  const m = await api.sendMessage(chatId, html, other);
  return m.message_id;
}
