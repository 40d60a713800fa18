import type { Api, InlineKeyboard } from "grammy";
import type { Logger } from "../logger.js";
import { splitMessage } from "../domain/format.js";
import { editOrReply, ProgressMessage } from "./progress.js";

export interface ScreenOptions {
  /** Progress edits at most this often (Telegram: about one message per second per chat). */
  progressIntervalMs: number;
  /** Work shorter than this (a cached answer) is shown without a progress message. */
  progressDelayMs: number;
  logger?: Logger;
}

const DEFAULTS: ScreenOptions = { progressIntervalMs: 800, progressDelayMs: 300 };

/**
 * What the user sees of one piece of work, in one message: a progress message while it runs,
 * edited into the result (the message of a pressed button is edited in place; otherwise a
 * new one is sent). The one reply/edit helper of the features.
 */
export class Screen {
  private readonly opts: ScreenOptions;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    /** The message being shown (a pressed button's), or undefined: the next show sends one. */
    public messageId: number | undefined,
    opts: Partial<ScreenOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Long HTML is split on line breaks; the keyboard goes under the last part. */
  async show(html: string, keyboard?: InlineKeyboard): Promise<void> {
    await this.showParts(splitMessage(html), keyboard);
  }

  /** Several prepared parts (each ≤ 4096 characters), the keyboard under the last one. */
  async showParts(parts: readonly string[], keyboard?: InlineKeyboard): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      const kb = i === parts.length - 1 ? keyboard : undefined;
      if (i === 0) this.messageId = await editOrReply(this.api, this.chatId, this.messageId, parts[0]!, kb);
      else await this.api.sendMessage(this.chatId, parts[i]!, { link_preview_options: { is_disabled: true }, reply_markup: kb });
    }
  }

  /**
   * Run `work`, showing "typing" throughout; when it takes longer than progressDelayMs, the
   * screen turns into a progress message that `work` updates (throttled) and that the caller
   * then edits into the result. A cached answer therefore arrives without a progress message.
   */
  async run<T>(initialHtml: string, work: (progress: (html: string) => void) => Promise<T>): Promise<T> {
    const typing = () => this.api.sendChatAction(this.chatId, "typing").catch(() => undefined);
    void typing();
    const typingTimer = setInterval(() => void typing(), 4500);
    let latest = initialHtml;
    let pm: ProgressMessage | undefined;
    const p = work((html) => {
      latest = html;
      pm?.update(html);
    });
    let timer: NodeJS.Timeout | undefined;
    const slow = await Promise.race([
      p.then(
        () => false,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.opts.progressDelayMs);
      }),
    ]);
    clearTimeout(timer);
    try {
      if (slow) {
        const shown = latest;
        await this.show(shown).catch((e: unknown) => this.opts.logger?.debug({ err: e }, "progress message not shown"));
        if (this.messageId !== undefined) {
          pm = this.progress(shown);
          if (latest !== shown) pm.update(latest);
        }
      }
      return await p;
    } finally {
      clearInterval(typingTimer);
      await pm?.finish();
    }
  }

  /**
   * Show `text()` at once and refresh it every second while `work` runs (a sync whose progress
   * is read, not pushed); the caller then shows the result on the same message.
   */
  async follow<T>(text: () => string, work: Promise<T>): Promise<T> {
    work.catch(() => undefined); // if showing fails, the work's own failure is not left unhandled
    const first = text();
    await this.show(first);
    const pm = this.progress(first);
    const timer = setInterval(() => pm.update(text()), 1000);
    try {
      return await work;
    } finally {
      clearInterval(timer);
      await pm.finish();
    }
  }

  private progress(shown: string): ProgressMessage {
    return new ProgressMessage(this.api, this.chatId, this.messageId!, shown, { minIntervalMs: this.opts.progressIntervalMs, logger: this.opts.logger });
  }
}
