/**
 * The outbox sender: one loop on the leader that claims due rows and sends them, paced
 * (outbox-pacing.ts): one message in flight per chat (so a chat gets its messages in order),
 * several chats in parallel. The windows are seeded from the rows sent in the last minute, so
 * a restart does not start with a burst into groups that were just served.
 *
 * Delivery semantics — at-least-once, with the window of doubt kept as small as it can be.
 * Telegram's sendMessage has no idempotency key, so a sender that dies after Telegram accepted
 * a message but before it recorded "sent" cannot know whether the message went out. There are
 * two choices for such a row when it is found later:
 * - at-most-once: give it up — a crash loses the messages that were on the wire;
 * - at-least-once: send it again — a crash may duplicate them.
 * An alert that silently never arrives is worse for an officer than one that arrives twice, so
 * rows left in "sending" are sent again once their lease has expired (the lease keeps a slow but
 * live sender — another instance that was leader a moment ago — from being overtaken). The window
 * is kept small: a row is claimed immediately before its HTTP request and marked sent
 * immediately after the answer (one single-row UPDATE each), at most `maxInflight` rows are in
 * the window at any time, and a graceful stop (SIGTERM, app.stop()) claims nothing new and waits
 * for the requests in flight to be answered and recorded, so only a hard crash (SIGKILL, power
 * loss) can leave rows in doubt — and those are logged as such when they are retried.
 * test/alerts/crash.test.ts kills the real process with SIGKILL mid fan-out and shows both
 * sides: requests that had not reached Telegram arrive exactly once after the restart; the one
 * Telegram accepted whose answer was lost arrives twice.
 */
import { randomUUID } from "node:crypto";
import { GrammyError, HttpError } from "grammy";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { OutboxRepo, OutboxRow } from "./outbox.js";
import { MINUTE_MS, Pacer, type Pacing } from "./outbox-pacing.js";

/** Why a chat no longer takes messages: the bot was removed, blocked, or the chat is gone. */
export type GoneReason = "dikeluarkan" | "diblokir" | "hilang";

/** What the sender tells the subscriptions when a chat changes under it. */
export interface SenderHooks {
  /** The chat refuses the bot (403) or no longer exists (400 chat not found). */
  chatGone(chatId: number, reason: GoneReason, description: string): Promise<void>;
  /** 400 with migrate_to_chat_id: the group is now the supergroup `newId`. */
  chatMigrated(oldId: number, newId: number): Promise<void>;
}

/** Sends one HTML message (the bot API's sendMessage, in the app). */
export type SendFn = (chatId: number, html: string, signal: AbortSignal) => Promise<{ message_id: number }>;

/** The repository, the transport, the hooks, and the limits and timings of delivery. */
export interface OutboxSenderOptions {
  repo: OutboxRepo;
  send: SendFn;
  hooks: SenderHooks;
  logger: Logger;
  metrics?: Metrics;
  pacing: Pacing;
  /** Failed attempts (not 429) before a row is given up. */
  maxFailures: number;
  /** First retry delay after a failure, doubled per failure (jittered), capped at retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs?: number;
  /** How long a claim holds; must be longer than one send's timeout. */
  leaseMs: number;
  /** How often the table is looked at when nothing woke the sender (rows from other instances, retries). */
  pollMs?: number;
  /** Sends in flight at once (different chats). */
  maxInflight?: number;
  /** How long stop() waits for sends in flight before aborting them (default 3 s: the whole stop must fit in 10 s). */
  stopTimeoutMs?: number;
}

/** Counters since start (tests and the benchmark read them). */
export interface SenderStats {
  sent: number;
  rateLimited: number;
  failed: number;
  dead: number;
  inDoubt: number;
  migrated: number;
  gone: number;
}

/** The paced, at-least-once delivery loop (see above). */
export class OutboxSender {
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private dirty = true;
  private queue: OutboxRow[] = [];
  private lastFetch = 0;
  private lastRecover = 0;
  private readonly inflight = new Map<number, Promise<void>>();
  private readonly busyChats = new Set<number>();
  private readonly pacer: Pacer;
  private abort = new AbortController();
  private aborted = false;
  private readonly instance = randomUUID().slice(0, 8);
  private seq = 0;
  readonly stats: SenderStats = { sent: 0, rateLimited: 0, failed: 0, dead: 0, inDoubt: 0, migrated: 0, gone: 0 };

  constructor(private readonly opts: OutboxSenderOptions) {
    this.pacer = new Pacer(opts.pacing);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Something was enqueued (or changed): look at the table now rather than at the next poll. */
  kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.aborted = false;
    this.abort = new AbortController();
    this.dirty = true;
    this.loopDone = this.loop();
  }

  /**
   * Claim nothing new; wait for the sends in flight to be answered and recorded (up to
   * stopTimeoutMs, then abort them: those rows stay "sending" and are retried after the lease).
   */
  async stop(): Promise<void> {
    if (!this.running) {
      await this.loopDone;
      return;
    }
    this.running = false;
    this.wake?.();
    await this.loopDone;
    const pending = [...this.inflight.values()];
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.allSettled(pending).then(() => false),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(true), this.opts.stopTimeoutMs ?? 3000))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        this.aborted = true;
        this.abort.abort();
        await Promise.allSettled([...this.inflight.values()]);
        this.opts.logger.warn({ rows: pending.length }, "outbox: sends still in flight at stop were aborted; they are retried after the lease");
      }
    }
    await this.updateDepth();
  }

  private async loop(): Promise<void> {
    const { repo, logger } = this.opts;
    try {
      await this.recover(Date.now());
      for (const s of await repo.sentSince(Date.now() - MINUTE_MS)) this.pacer.record(s.chatId, s.sentAt);
    } catch (err) {
      logger.error({ err }, "outbox: start failed");
    }
    while (this.running) {
      try {
        await this.step();
      } catch (err) {
        logger.error({ err }, "outbox: sender step failed");
        await this.sleep(1000);
      }
    }
  }

  private async recover(now: number): Promise<void> {
    this.lastRecover = now;
    const rows = await this.opts.repo.recoverExpired(now);
    if (rows.length > 0) {
      this.stats.inDoubt += rows.length;
      this.dirty = true;
      this.opts.logger.warn({ rows: rows.length, ids: rows.slice(0, 20).map((r) => r.id) }, "outbox: messages in doubt (sender stopped mid-send) are sent again (at-least-once)");
    }
  }

  private async refresh(now: number): Promise<void> {
    const { repo, leaseMs } = this.opts;
    if (now - this.lastRecover > Math.min(5000, leaseMs / 2)) await this.recover(now);
    this.dirty = false;
    this.lastFetch = now;
    this.queue = (await repo.due(now)).filter((r) => !this.inflight.has(r.id));
    this.pacer.prune(now, this.busyChats);
    await this.updateDepth();
  }

  private async updateDepth(): Promise<void> {
    if (!this.opts.metrics) return;
    try {
      this.opts.metrics.outboxDepth.set(await this.opts.repo.depth());
    } catch {
      /* the database is closing */
    }
  }

  private async step(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1000;
    let now = Date.now();
    if (this.dirty || now - this.lastFetch >= pollMs) await this.refresh(now);
    if (!this.running) return;
    if (this.inflight.size >= (this.opts.maxInflight ?? 8)) {
      await this.sleep(pollMs);
      return;
    }
    now = Date.now();
    // The first row (oldest first) of a chat that may receive now; later rows of a chat wait for earlier ones.
    const seen = new Set<number>();
    let pick = -1;
    let minWait = pollMs;
    for (let i = 0; i < this.queue.length; i++) {
      const chat = this.queue[i]!.chatId;
      if (seen.has(chat)) continue;
      seen.add(chat);
      if (this.busyChats.has(chat)) continue; // woken when its send completes
      const w = this.pacer.chatWait(chat, now);
      if (w === 0) {
        pick = i;
        break;
      }
      minWait = Math.min(minWait, w);
    }
    if (pick === -1) {
      await this.sleep(this.queue.length === 0 ? pollMs : Math.max(1, minWait));
      return;
    }
    const globalWait = this.pacer.globalWait(now);
    if (globalWait > 0) {
      await this.sleep(globalWait);
      return;
    }
    const row = this.queue.splice(pick, 1)[0]!;
    const token = `${this.instance}:${++this.seq}`;
    if (!(await this.opts.repo.claim(row.id, token, Date.now() + this.opts.leaseMs))) return; // taken or cancelled meanwhile
    this.pacer.record(row.chatId, Date.now());
    this.busyChats.add(row.chatId);
    const p = this.deliver(row, token).finally(() => {
      this.busyChats.delete(row.chatId);
      this.inflight.delete(row.id);
      this.wake?.();
    });
    this.inflight.set(row.id, p);
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private async deliver(row: OutboxRow, token: string): Promise<void> {
    const { repo, logger } = this.opts;
    let messageId: number;
    try {
      const msg = await this.opts.send(row.chatId, row.text, this.abort.signal);
      messageId = msg.message_id;
    } catch (e) {
      if (this.aborted) return; // stopping: the row stays "sending" and is retried after its lease
      try {
        await this.failed(row, token, e);
      } catch (err) {
        logger.error({ err, id: row.id }, "outbox: cannot record a failed send (retried after the lease)");
      }
      return;
    }
    this.stats.sent++;
    // Record at once: this UPDATE closes the window in which a crash would leave the row in doubt.
    for (let i = 0; i < 3; i++) {
      try {
        await repo.markSent(row.id, token, Date.now(), messageId);
        return;
      } catch (err) {
        if (i === 2) logger.error({ err, id: row.id }, "outbox: sent, but cannot record it (it may be sent again after the lease)");
      }
    }
  }

  private backoff(failures: number): number {
    const max = this.opts.retryMaxMs ?? 600_000;
    const base = Math.min(max, this.opts.retryBaseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private async failed(row: OutboxRow, token: string, e: unknown): Promise<void> {
    const { repo, logger, hooks } = this.opts;
    const now = Date.now();
    this.dirty = true;
    if (e instanceof GrammyError) {
      const desc = `${e.error_code} ${e.description}`;
      if (e.error_code === 429) {
        // Wait exactly what Telegram says, for this message and everything else to this chat.
        const after = Math.max(1, e.parameters.retry_after ?? 1) * 1000;
        this.stats.rateLimited++;
        this.opts.metrics?.telegram429.inc();
        this.pacer.block(row.chatId, now + after);
        logger.debug({ chat: row.chatId, id: row.id, retryAfterS: after / 1000 }, "outbox: 429, waiting retry_after");
        await repo.reschedule(row.id, token, now + after, desc, false);
        return;
      }
      const newId = e.parameters.migrate_to_chat_id;
      if (e.error_code === 400 && newId !== undefined) {
        this.stats.migrated++;
        logger.info({ from: row.chatId, to: newId }, "outbox: group became a supergroup; subscription moved");
        await hooks.chatMigrated(row.chatId, newId);
        await repo.reschedule(row.id, token, now, desc, false);
        this.queue = this.queue.filter((r) => r.chatId !== row.chatId);
        return;
      }
      const gone: GoneReason | undefined =
        e.error_code === 403 ? (/blocked/i.test(e.description) ? "diblokir" : "dikeluarkan") : e.error_code === 400 && /chat not found/i.test(e.description) ? "hilang" : undefined;
      if (gone) {
        this.stats.gone++;
        this.stats.dead++;
        await repo.markDead(row.id, token, desc);
        logger.warn({ chat: row.chatId, id: row.id, code: e.error_code, description: e.description }, "outbox: chat refuses the bot; deactivated");
        await hooks.chatGone(row.chatId, gone, e.description);
        this.queue = this.queue.filter((r) => r.chatId !== row.chatId);
        return;
      }
      if (e.error_code === 400) {
        // The message itself is wrong (entities, length…): sending it again cannot help.
        this.stats.dead++;
        logger.error({ chat: row.chatId, id: row.id, description: e.description }, "outbox: message rejected by Telegram (400); given up");
        await repo.markDead(row.id, token, desc);
        return;
      }
      await this.retry(row, token, desc);
      return;
    }
    const desc = e instanceof HttpError ? `network: ${String((e.error as Error | undefined)?.message ?? e.message)}` : `error: ${e instanceof Error ? e.message : String(e)}`;
    await this.retry(row, token, desc);
  }

  private async retry(row: OutboxRow, token: string, desc: string): Promise<void> {
    const failures = row.failures + 1;
    if (failures >= this.opts.maxFailures) {
      this.stats.dead++;
      this.opts.logger.error({ chat: row.chatId, id: row.id, failures, error: desc }, "outbox: giving up after repeated failures");
      await this.opts.repo.markDead(row.id, token, desc);
      return;
    }
    this.stats.failed++;
    const at = Date.now() + this.backoff(failures);
    this.opts.logger.warn({ chat: row.chatId, id: row.id, failures, error: desc, retryAt: at }, "outbox: send failed; retrying with backoff");
    await this.opts.repo.reschedule(row.id, token, at, desc, true);
  }
}
