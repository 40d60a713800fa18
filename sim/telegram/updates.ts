/**
 * Update delivery: the queue of updates the bot has not confirmed, their ids, the
 * allowed_updates filter and offset confirmation. How the updates leave (long polling or
 * webhook) is the transport's business; the queue only says when there is something to send.
 */
import type { Update } from "grammy/types";
import type { Observer } from "./observe.js";
import type { Params } from "./request.js";

/** Update types Telegram leaves out unless allowed_updates lists them. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** An update without its id, as the parts build them. */
export type NewUpdate = Omit<Update, "update_id">;

/** Updates waiting for the bot, oldest first. */
export class UpdateQueue {
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private allowedUpdates: Set<string> | null = null;
  private wakeScheduled = false;

  /** `wake` is called once per tick in which updates were queued (or delivery may resume). */
  constructor(
    private readonly observer: Observer,
    private readonly wake: () => void,
  ) {}

  /** Updates not yet confirmed by the bot. */
  get length(): number {
    return this.queue.length;
  }

  /** The allowed_updates the bot set, or null for Telegram's default set. */
  get allowed(): string[] | null {
    return this.allowedUpdates ? [...this.allowedUpdates] : null;
  }

  /** Queues an update with the next update_id. */
  enqueue(partial: NewUpdate): Update {
    const update = { update_id: this.nextUpdateId++, ...partial } as Update;
    this.queue.push(update);
    this.observer.counters.updatesQueued++;
    this.observer.lastActivity = Date.now();
    this.scheduleWake();
    return update;
  }

  /** Deliver on the next tick so that updates pushed together arrive in one batch. */
  scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wake();
    });
  }

  /** Unconfirmed updates, oldest first; updates of types the bot did not allow are dropped. */
  take(limit: number): Update[] {
    this.queue = this.queue.filter((u) => this.isAllowed(u));
    return this.queue.slice(0, limit);
  }

  /** getUpdates' offset: a positive one confirms every earlier update, a negative one keeps the last -offset. */
  confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  /** Removes one update (the webhook delivered or gave up on it). */
  remove(update: Update): void {
    this.queue = this.queue.filter((u) => u !== update);
  }

  /** drop_pending_updates */
  clear(): void {
    this.queue = [];
  }

  /** Applies an allowed_updates parameter: a list replaces the filter, an empty one restores the default. */
  setAllowed(p: Params): void {
    const allowed = p.json("allowed_updates", "can't parse allowed updates JSON object");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.length > 0 ? new Set(allowed.map(String)) : null;
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((k) => k !== "update_id") ?? "";
    return this.allowedUpdates ? this.allowedUpdates.has(type) : !OPT_IN_UPDATES.has(type);
  }
}
