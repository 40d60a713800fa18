/**
 * The sender's side of Telegram's flood limits (docs/architecture.md, the path of an alert).
 * All configurable, defaults under Telegram's limits: at most `globalPerSec` sends per second
 * overall (OUTBOX_GLOBAL_PER_SEC, 25 < 30), `groupPerMin` per group per minute
 * (OUTBOX_GROUP_PER_MIN, 18 < 20) and `chatPerSec` per chat per second (OUTBOX_CHAT_PER_SEC, 1),
 * as sliding windows with a small safety margin; a 429 blocks its chat for retry_after.
 */

/** The limits, per second overall and per chat, per minute per group. */
export interface Pacing {
  /** Sends per second overall (Telegram: about 30). */
  globalPerSec: number;
  /** Sends per minute into one group (Telegram: 20). */
  groupPerMin: number;
  /** Sends per second into one chat (Telegram: about 1). */
  chatPerSec: number;
  /** Window lengths (tests shorten them); default 1 s and 1 min plus a safety margin. */
  secondWindowMs?: number;
  minuteWindowMs?: number;
}

/** "At most `limit` events in any `windowMs`": the sender's side of Telegram's flood limits. */
export class SlidingWindow {
  private stamps: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** ms until one more event fits (0: now). */
  waitMs(now: number): number {
    this.prune(now);
    if (this.stamps.length < this.limit) return 0;
    return this.stamps[this.stamps.length - this.limit]! + this.windowMs - now;
  }

  add(at: number): void {
    this.stamps.push(at);
    if (this.stamps.length > 1 && this.stamps[this.stamps.length - 2]! > at) this.stamps.sort((a, b) => a - b);
  }

  /** True when nothing in the window any more (the window can be dropped). */
  idle(now: number): boolean {
    this.prune(now);
    return this.stamps.length === 0;
  }

  private prune(now: number): void {
    let i = 0;
    while (i < this.stamps.length && this.stamps[i]! <= now - this.windowMs) i++;
    if (i > 0) this.stamps.splice(0, i);
  }
}

/** Safety margins: the limits are counted where Telegram receives the request, we count at dispatch. */
const SECOND_MS = 1000 + 60;
/** The longest default window: sends older than this no longer count anywhere. */
export const MINUTE_MS = 60_000 + 600;

/** The windows of all chats: one overall, one per chat, one more per group; and the chats a 429 blocked. */
export class Pacer {
  private readonly global: SlidingWindow;
  private readonly chats = new Map<number, SlidingWindow[]>();
  private readonly blockedUntil = new Map<number, number>();

  constructor(private readonly pacing: Pacing) {
    this.global = new SlidingWindow(pacing.globalPerSec, pacing.secondWindowMs ?? SECOND_MS);
  }

  /** ms until `chatId` may receive one more message (0: now), the overall window aside. */
  chatWait(chatId: number, now: number): number {
    const blocked = (this.blockedUntil.get(chatId) ?? 0) - now;
    return Math.max(0, blocked, ...this.windowsOf(chatId).map((w) => w.waitMs(now)));
  }

  /** ms until one more message fits overall (0: now). */
  globalWait(now: number): number {
    return this.global.waitMs(now);
  }

  /** A message to `chatId` went out (or is about to) at `at`. */
  record(chatId: number, at: number): void {
    for (const w of this.windowsOf(chatId)) w.add(at);
    this.global.add(at);
  }

  /** Telegram said 429: nothing to `chatId` before `until`. */
  block(chatId: number, until: number): void {
    this.blockedUntil.set(chatId, until);
  }

  /** Forgets the windows of idle chats (not of those in `busy`) and the blocks that ended. */
  prune(now: number, busy: ReadonlySet<number>): void {
    for (const [chat, ws] of this.chats) if (!busy.has(chat) && ws.every((w) => w.idle(now))) this.chats.delete(chat);
    for (const [chat, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(chat);
  }

  private windowsOf(chatId: number): SlidingWindow[] {
    let ws = this.chats.get(chatId);
    if (!ws) {
      const { chatPerSec, groupPerMin, secondWindowMs, minuteWindowMs } = this.pacing;
      ws = [new SlidingWindow(chatPerSec, secondWindowMs ?? SECOND_MS)];
      if (chatId < 0) ws.push(new SlidingWindow(groupPerMin, minuteWindowMs ?? MINUTE_MS));
      this.chats.set(chatId, ws);
    }
    return ws;
  }
}
