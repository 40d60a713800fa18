/**
 * Observation: what the bot did (messages, calls, callback answers, chat actions), when it was
 * last busy, and the waits tests build on that (waitFor, waitForCallbackAnswer, waitForIdle).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CallbackAnswer, ChatActionRecord, SimCall, SimMessage, SimStats, WaitForOptions } from "./types.js";

/** Events counted over the simulator's life; the parts that see them bump them. */
export type Counters = Omit<SimStats, "apiCalls" | "updatesPending">;

/** What the update side has still to do, for waitForIdle and the timeout messages. */
export interface Backlog {
  /** updates the bot has not confirmed yet */
  pending(): number;
  /** a webhook delivery is under way */
  delivering(): boolean;
}

/** The record of the bot's behaviour, and waits on it. */
export class Observer {
  /** every message the bot sent, in order (live objects: edits/deletes update them) */
  readonly messages: SimMessage[] = [];
  /** every API call, including failed ones and getUpdates */
  readonly calls: SimCall[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly chatActions: ChatActionRecord[] = [];
  readonly counters: Counters = {
    rateLimited: 0,
    injectedFailures: 0,
    updatesQueued: 0,
    undelivered: 0,
    webhookDeliveries: 0,
    webhookFailures: 0,
    webhookDropped: 0,
  };
  /** API requests being answered (getUpdates not counted: a long poll is not work) */
  inflight = 0;
  /** Date.now() of the last API call, answer or queued update */
  lastActivity = 0;
  private seq = 0;
  private closed = false;
  private readonly chatActivity = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private readonly closeListeners = new Set<(err: Error) => void>();

  constructor(private readonly backlog: Backlog) {}

  /** The next global sequence number, for a new or edited message. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Something a wait may be looking for happened: re-check the waits. */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Marks activity now, overall and, with `chatId`, in that chat. */
  touch(chatId: number | undefined): void {
    const now = Date.now();
    this.lastActivity = now;
    if (chatId !== undefined) this.chatActivity.set(chatId, now);
  }

  /** Rejects every pending wait with `err`; later waitForIdle calls fail at once. */
  close(err: Error): void {
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(err);
  }

  messagesIn(chatId: number): SimMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  /** The last (not deleted) bot message in a chat. */
  lastMessage(chatId: number): SimMessage | undefined {
    return this.messagesIn(chatId).filter((m) => !m.deleted).at(-1);
  }

  /** The current global seq; pass it as `since` to wait only for later messages/edits. */
  mark(): number {
    return this.seq;
  }

  /**
   * Resolves with the first bot message (new or edited after `since`, not deleted) in the
   * chat whose current state matches; rejects with what the chat did receive on timeout.
   */
  waitFor(opts: WaitForOptions = {}): Promise<SimMessage> {
    const since = opts.since ?? 0;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const match = opts.match;
    const test = (m: SimMessage): boolean =>
      !m.deleted &&
      m.seq > since &&
      (opts.chatId === undefined || m.chatId === opts.chatId) &&
      (match === undefined ? true : match instanceof RegExp ? new RegExp(match.source, match.flags.replace("g", "")).test(m.text) : match(m));
    return this.waitUntil(
      () => {
        let best: SimMessage | undefined;
        for (const m of this.messages) if (test(m) && (!best || m.seq < best.seq)) best = m;
        return best;
      },
      timeoutMs,
      () => this.describeWait(opts, since, timeoutMs),
    );
  }

  /** Resolves with the answer to callback query `id` (from pressButton's update). */
  waitForCallbackAnswer(id: string, timeoutMs = 5000): Promise<CallbackAnswer> {
    return this.waitUntil(
      () => this.callbackAnswers.find((a) => a.id === id),
      timeoutMs,
      () => `waitForCallbackAnswer timed out after ${timeoutMs} ms: callback query ${id} was not answered`,
    );
  }

  /**
   * Resolves when the bot has confirmed every update (webhook: delivered), has no API request
   * in flight and made no call concerning `chatId` (or none at all) for `quietMs`.
   */
  async waitForIdle(chatId?: number, quietMs = 150, timeoutMs = 10_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const last = chatId === undefined ? this.lastActivity : (this.chatActivity.get(chatId) ?? 0);
      const quiet = Date.now() - last >= quietMs;
      if (quiet && this.backlog.pending() === 0 && this.inflight === 0 && !this.backlog.delivering()) return;
      if (this.closed) throw new Error("TelegramSim closed");
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `waitForIdle timed out after ${timeoutMs} ms: ${this.backlog.pending()} update(s) not yet confirmed by the bot, ` +
            `${this.inflight} request(s) in flight — is the bot running?`,
        );
      }
      await sleep(Math.max(5, Math.min(25, quietMs / 3)));
    }
  }

  stats(): SimStats {
    return {
      apiCalls: this.calls.length,
      rateLimited: this.counters.rateLimited,
      injectedFailures: this.counters.injectedFailures,
      updatesQueued: this.counters.updatesQueued,
      updatesPending: this.backlog.pending(),
      undelivered: this.counters.undelivered,
      webhookDeliveries: this.counters.webhookDeliveries,
      webhookFailures: this.counters.webhookFailures,
      webhookDropped: this.counters.webhookDropped,
    };
  }

  private waitUntil<T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.closeListeners.delete(onClose);
      };
      const check = (): void => {
        const found = find();
        if (found !== undefined) {
          finish();
          resolve(found);
        }
      };
      const onClose = (err: Error): void => {
        finish();
        reject(err);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(describe()));
      }, timeoutMs);
      this.listeners.add(check);
      this.closeListeners.add(onClose);
      check();
    });
  }

  /** The timeout message of waitFor: what the chat did receive, failed calls, likely causes. */
  private describeWait(opts: WaitForOptions, since: number, timeoutMs: number): string {
    const where = opts.chatId === undefined ? "any chat" : `chat ${opts.chatId}`;
    const what = opts.match === undefined ? "" : opts.match instanceof RegExp ? ` matching ${String(opts.match)}` : " matching the predicate";
    const lines = [`waitFor timed out after ${timeoutMs} ms: no bot message in ${where} with seq > ${since}${what}.`];
    const received = opts.chatId === undefined ? this.messages : this.messagesIn(opts.chatId);
    lines.push(received.length === 0 ? "The bot sent nothing there." : `Bot messages there (${received.length}, last 10):`);
    for (const m of received.slice(-10)) {
      const flags = [m.deleted ? "deleted" : "", m.edits ? `edited ×${m.edits}` : ""].filter(Boolean).join(", ");
      const text = m.text.length > 300 ? `${m.text.slice(0, 300)}…` : m.text;
      lines.push(`  #${m.messageId} seq ${m.seq}${flags ? ` (${flags})` : ""}: ${JSON.stringify(text)}`);
    }
    const failed = this.calls.filter((c) => !c.ok && (opts.chatId === undefined || c.chatId === opts.chatId)).slice(-5);
    if (failed.length > 0) {
      lines.push("Failed API calls there:");
      for (const c of failed) lines.push(`  ${c.method} → ${c.errorCode} ${c.description}`);
    }
    const pending = this.backlog.pending();
    if (pending > 0) lines.push(`${pending} update(s) still waiting for the bot — is it running?`);
    if (this.counters.undelivered > 0) {
      lines.push(`${this.counters.undelivered} group message(s) were not delivered (privacy mode or bot not in the group).`);
    }
    return lines.join("\n");
  }
}
