import { createHash } from "node:crypto";
import type { Logger } from "../logger.js";

/**
 * Change notices between instances sharing one PostgreSQL database (LISTEN/NOTIFY), so that an
 * instance may keep a short-lived cache of rows another instance can change
 * (docs/architecture.md#the-path-of-an-update). A cache may rely on it only while `live`: a
 * notice is delivered only to a connection that was listening when it was sent, so after a
 * lost connection every subscriber is reset (`onReset`) and caching waits for the next LISTEN.
 */
export interface ChangeFeed {
  /** True while this instance receives every notice (listening, connection up). */
  readonly live: boolean;
  /**
   * The channel's name on the server: schema-qualified, so deployments (or test runs) in other
   * schemas of the same database do not hear each other. Used by writers in pg_notify.
   */
  channel(name: string): string;
  /** Notices of channel `name` go to `onNotice`; `onReset` runs whenever notices may have been missed. */
  subscribe(name: string, onNotice: (payload: string) => void, onReset: () => void): () => void;
  close(): Promise<void>;
}

/** The part of a node-postgres Client the feed uses (its tests replace nothing: a real server). */
interface ListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: "notification", fn: (msg: { channel: string; payload?: string }) => void): unknown;
  on(event: "error", fn: (err: Error) => void): unknown;
  on(event: "end", fn: () => void): unknown;
}

/** Channel names are fixed identifiers of this code, never user input; checked anyway. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,30}$/;

export interface PgChangeFeedOptions {
  /** The schema the store uses (current_schema()). */
  schema: string;
  /** A new, unconnected client for the listening connection (one per attempt). */
  newClient: () => ListenClient;
  logger?: Pick<Logger, "warn">;
  /** First wait before reconnecting; doubled up to 30 s. */
  retryMs?: number;
}

/** A ChangeFeed on one dedicated PostgreSQL connection, reconnected when it drops. */
export class PgChangeFeed implements ChangeFeed {
  private client: ListenClient | undefined;
  /** The connection is up and listening on every channel subscribed when it connected. */
  private connected = false;
  /** LISTENs of channels subscribed later, not yet confirmed. */
  private pending = 0;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly subs = new Map<string, Set<{ onNotice: (p: string) => void; onReset: () => void }>>();

  constructor(private readonly opts: PgChangeFeedOptions) {
    this.retryMs = opts.retryMs ?? 500;
  }

  get live(): boolean {
    return this.connected && this.pending === 0;
  }

  channel(name: string): string {
    if (!CHANNEL.test(name)) throw new Error(`invalid channel name: ${name}`);
    const full = `${name}@${this.opts.schema}`;
    // PostgreSQL truncates identifiers at 63 bytes: a long schema name is shortened to a hash.
    return Buffer.byteLength(full) <= 63 ? full : `${name}@${createHash("sha256").update(this.opts.schema).digest("hex").slice(0, 24)}`;
  }

  subscribe(name: string, onNotice: (payload: string) => void, onReset: () => void): () => void {
    const channel = this.channel(name);
    let set = this.subs.get(channel);
    if (!set) {
      set = new Set();
      this.subs.set(channel, set);
      // The first subscriber connects; a channel added later is listened to on the open
      // connection, and nobody relies on the feed until that LISTEN is done.
      if (!this.client) void this.connect();
      else void this.listenMore(this.client, channel);
    }
    const sub = { onNotice, onReset };
    set.add(sub);
    return () => set.delete(sub);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.down();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = this.opts.newClient();
    this.client = client;
    client.on("notification", (msg) => {
      if (client !== this.client) return;
      for (const s of this.subs.get(msg.channel) ?? []) s.onNotice(msg.payload ?? "");
    });
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.subs.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      if (client !== this.client) return;
      this.retryMs = this.opts.retryMs ?? 500;
      // Whatever changed while nobody listened is unknown: start from empty caches.
      this.reset();
      this.connected = true;
    } catch (err) {
      this.lost(client, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async listenMore(client: ListenClient, channel: string): Promise<void> {
    this.pending++;
    try {
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (err) {
      this.lost(client, err instanceof Error ? err : new Error(String(err)));
    } finally {
      this.pending--;
    }
  }

  private lost(client: ListenClient, err?: Error): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.down();
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.opts.logger?.warn({ err: err?.message }, "postgres: koneksi LISTEN terputus, cache petugas dimatikan sampai tersambung lagi");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private down(): void {
    const was = this.connected;
    this.connected = false;
    if (was) this.reset();
  }

  private reset(): void {
    for (const set of this.subs.values()) for (const s of set) s.onReset();
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
