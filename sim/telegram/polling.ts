/** Transport by long polling: getUpdates, with Telegram's 409 when two polls or a webhook compete. */
import type { Update } from "grammy/types";
import type { SimContext } from "./context.js";
import type { Connection, MethodTable } from "./method.js";
import { ApiError, type Params } from "./request.js";
import type { UpdateQueue } from "./updates.js";

export const CONFLICT_WEBHOOK =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const CONFLICT_POLL = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

interface Poller {
  limit: number;
  /** the client already hung up (e.g. grammY's bot.stop() aborted the request) */
  gone: () => boolean;
  finish: (result: Update[] | ApiError) => void;
}

/** The long polls waiting for updates. */
export class LongPolling {
  private readonly pollers = new Set<Poller>();

  constructor(
    private readonly ctx: SimContext,
    private readonly updates: UpdateQueue,
    private readonly webhookActive: () => boolean,
  ) {}

  methods(): MethodTable {
    return { getupdates: (p, conn) => this.getUpdates(p, conn) };
  }

  /** Answers the waiting polls that have updates now. */
  wake(): void {
    for (const poller of [...this.pollers]) {
      const ready = this.updates.take(poller.limit);
      if (ready.length > 0) poller.finish(ready);
    }
  }

  /** Ends every waiting poll with `result` (an empty list on close, 409 when a webhook is set). */
  endAll(result: Update[] | ApiError): void {
    for (const poller of [...this.pollers]) poller.finish(result);
  }

  private async getUpdates(p: Params, conn?: Connection): Promise<Update[]> {
    if (this.webhookActive()) throw new ApiError(409, CONFLICT_WEBHOOK);
    const offset = p.int("offset");
    const limit = Math.min(100, Math.max(1, p.int("limit") || 100));
    const timeout = Math.max(0, p.int("timeout") || 0);
    this.updates.setAllowed(p);
    if (offset !== undefined && !Number.isNaN(offset)) this.updates.confirm(offset);
    // A poll still waiting is ended by this one with 409, as on Telegram. It stops receiving
    // updates now; the answer waits a moment because grammY's bot.stop() aborts its poll and
    // polls again at once, and the aborted socket's close may be seen after the new request.
    for (const poller of [...this.pollers]) {
      this.pollers.delete(poller);
      setTimeout(() => poller.finish(poller.gone() ? [] : new ApiError(409, CONFLICT_POLL)), 30);
    }
    const ready = this.updates.take(limit);
    if (ready.length > 0 || timeout === 0 || this.ctx.closed) return ready;
    return new Promise<Update[]>((resolve, reject) => {
      let done = false;
      const poller: Poller = {
        limit,
        gone: () => conn?.gone() ?? false,
        finish: (result) => {
          if (done) return;
          done = true;
          this.pollers.delete(poller);
          clearTimeout(timer);
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poller.finish([]), timeout * 1000);
      this.pollers.add(poller);
      conn?.onClose(() => poller.finish([])); // the bot aborted its request (bot.stop())
    });
  }
}
