import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { REDIS_DOWN, redisDown, throttledWarn } from "./redis-client.js";

/**
 * Who runs the once-per-deployment jobs (OMSPAN sync, alerts): call `isLeader()` right
 * before doing the work. `onChange` fires when leadership is gained or lost.
 */
export interface Leader {
  isLeader(): boolean;
  /** Returns a function that removes the listener. */
  onChange(fn: (leader: boolean) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Without Redis there is one instance, and it is always the leader. */
export class LocalLeader implements Leader {
  isLeader(): boolean {
    return true;
  }
  onChange(_fn: (leader: boolean) => void): () => void {
    return () => undefined; // leadership never changes
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export interface LeaderLockOptions {
  /** Redis key of the lock. */
  key: string;
  /** Lock lifetime; a crashed leader is replaced at most this long (plus one renewal) later. */
  ttlMs?: number;
  /** How often the leader renews and the others try to take over (default ttl / 3). */
  renewMs?: number;
  /** This instance's token (default: random). */
  id?: string;
  logger: Logger;
}

// Compare-and-set renewal and compare-and-delete release: only the holder's token may
// extend or remove the lock, so a leader that lost it (expired, taken over) cannot hurt
// the new one.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Leader election with one Redis key: `SET key token NX PX ttl` to become leader, renewed
 * every `renewMs` with a compare-and-set script, released on stop with compare-and-delete.
 * Leadership is only claimed while the lock is known to be held: `isLeader()` turns false
 * by itself when the last confirmed renewal is older than the TTL (e.g. a stalled event
 * loop), before the lock can have passed to another instance; a renewal that fails or
 * finds another token steps down at once.
 */
export class LeaderLock implements Leader {
  readonly id: string;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly logger: Logger;
  private readonly warn: ReturnType<typeof throttledWarn>;
  private readonly listeners = new Set<(leader: boolean) => void>();
  private leader = false;
  /** Until when the lock is surely ours (send time of the last successful SET/renew + TTL − margin). */
  private validUntil = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    opts: LeaderLockOptions,
  ) {
    this.key = opts.key;
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.renewMs = Math.max(10, opts.renewMs ?? Math.floor(this.ttlMs / 3));
    if (this.renewMs >= this.ttlMs) throw new Error("LeaderLock: renewMs harus lebih kecil dari ttlMs");
    this.id = opts.id ?? randomUUID();
    this.logger = opts.logger;
    this.warn = throttledWarn(opts.logger);
  }

  isLeader(): boolean {
    return this.leader && Date.now() < this.validUntil;
  }

  onChange(fn: (leader: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** First attempt is awaited, so `isLeader()` is meaningful once this resolves. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.runTick();
  }

  /** Stops renewing and releases the lock if held, so another instance takes over at its next try. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    this.set(false); // stop leading before another instance can start
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      await this.client.eval(RELEASE, 1, this.key, this.id);
    } catch (err) {
      this.warn("redis: kunci leader tidak terlepas (kedaluwarsa sendiri)", err);
    }
  }

  private async runTick(): Promise<void> {
    this.ticking = this.tick();
    await this.ticking;
    this.ticking = undefined;
    if (this.running) {
      this.timer = setTimeout(() => void this.runTick(), this.renewMs);
      this.timer.unref();
    }
  }

  private async tick(): Promise<void> {
    const sentAt = Date.now();
    try {
      if (redisDown(this.client)) throw REDIS_DOWN;
      let held: boolean;
      if (this.leader) {
        held = Number(await this.client.eval(RENEW, 1, this.key, this.id, this.ttlMs)) === 1;
        if (!held) this.logger.warn({ key: this.key }, "leader: kunci diambil instance lain; berhenti menjadi leader");
      } else {
        held = (await this.client.set(this.key, this.id, "PX", this.ttlMs, "NX")) === "OK";
        // Still ours from before a failed renewal (Redis was briefly unreachable): take it back.
        if (!held) held = Number(await this.client.eval(RENEW, 1, this.key, this.id, this.ttlMs)) === 1;
      }
      if (held) this.validUntil = sentAt + this.ttlMs - Math.min(this.ttlMs / 10, 1_000);
      this.set(held);
    } catch (err) {
      this.warn("redis: kunci leader tidak bisa diperbarui", err);
      this.set(false);
    }
  }

  private set(leader: boolean): void {
    if (!leader) this.validUntil = 0;
    if (leader === this.leader) return;
    this.leader = leader;
    this.logger.info({ key: this.key, id: this.id }, leader ? "leader: instance ini menjadi leader" : "leader: instance ini bukan leader lagi");
    for (const fn of this.listeners) {
      try {
        fn(leader);
      } catch (err) {
        this.logger.error({ err }, "leader: listener onChange gagal");
      }
    }
  }
}
