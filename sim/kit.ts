/** Pieces every HTTP simulator needs: listening, closing, injected faults, cancellable sleeps. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on `host:port` (port 0 = any free one) and resolves with the port actually bound. */
export function listenLocal(server: Server, port = 0, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and every open connection (keep-alive ones included) at once. */
export function closeNow(server: Server): Promise<void> {
  const done = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return done;
}

/** What every simulator's fault spec has: where it applies, after how many requests, how often. */
export interface FaultTiming {
  path?: string;
  /** let this many matching requests pass first */
  afterRequests?: number;
  /** how many requests it applies to (default 1; Infinity = until cleared) */
  times?: number;
}

export interface ActiveFault<F> {
  spec: F;
  passLeft: number;
  remaining: number;
  /** how many times it has applied (1 on the first), for faults that vary their body */
  fired: number;
}

/**
 * Injected faults of a simulator: several can be active; for each request every matching fault
 * counts it (passing it while `afterRequests` lasts) and the first one that is due applies.
 */
export class FaultSchedule<F extends FaultTiming> {
  private active: ActiveFault<F>[] = [];
  constructor(private readonly matches: (faultPath: string, requestPath: string) => boolean) {}

  add(f: F): void {
    this.active.push({ spec: f, passLeft: f.afterRequests ?? 0, remaining: f.times ?? 1, fired: 0 });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault that applies to this request, if any. */
  pick(path: string): ActiveFault<F> | undefined {
    let chosen: ActiveFault<F> | undefined;
    for (const f of this.active) {
      if (f.spec.path !== undefined && !this.matches(f.spec.path, path)) continue;
      if (f.passLeft > 0) {
        f.passLeft--;
        continue;
      }
      if (!chosen && f.remaining > 0) {
        f.remaining--;
        f.fired++;
        chosen = f;
      }
    }
    return chosen;
  }
}

/** Sleeps that close() can cancel, so a closed simulator leaves no timer behind. */
export class SimTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** What the request log of a simulator holds at least. */
export interface RecordedRequest {
  path: string;
}

/** A fault that has a kind; "reset" (the connection is dropped) and "hang" (no answer) are handled for every simulator. */
export interface KindedFault extends FaultTiming {
  kind: string;
}

/** What arrive() leaves to the simulator: nothing when the request is already finished, else the fault due (if any). */
export type Arrival<F> = { finished: true } | { finished: false; fault: ActiveFault<F> | undefined };

/**
 * An upstream simulator on node:http (SIPP, OMSPAN): its server and shutdown, the request log,
 * injected faults and the latency added to each answer. Subclasses answer in handle().
 */
export abstract class HttpSim<F extends KindedFault, R extends RecordedRequest> {
  /** Every request, in arrival order. */
  readonly requests: R[] = [];
  protected readonly timers = new SimTimers();
  protected closed = false;
  private readonly faults: FaultSchedule<F>;

  /**
   * `matches` tells whether a fault's (or count()'s) path covers a request path; the server's
   * requests go to handle() from now on.
   */
  protected constructor(
    private readonly server: Server,
    private readonly matches: (pattern: string, path: string) => boolean,
    protected latencyMs: number,
  ) {
    this.faults = new FaultSchedule<F>(matches);
    server.on("request", (req, res) => void this.handle(req, res));
  }

  /** A server listening on 127.0.0.1:`port` (0 = any free one), and its origin URL. */
  protected static async listen(port = 0): Promise<{ server: Server; origin: string }> {
    const server = createServer();
    return { server, origin: `http://127.0.0.1:${await listenLocal(server, port)}` };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.clear();
    await closeNow(this.server);
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Inject a fault; several can be active, the first matching one that is due applies. */
  fault(f: F): void {
    this.faults.add(f);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Number of recorded requests, optionally only those `path` covers (as for faults). */
  count(path?: string): number {
    if (path === undefined) return this.requests.length;
    let n = 0;
    for (const r of this.requests) if (this.matches(path, r.path)) n++;
    return n;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /**
   * Logs the request, picks the fault due for it and waits the latency. The request is
   * finished here when the simulator closed meanwhile or the fault is "reset" or "hang".
   */
  protected async arrive(req: IncomingMessage, rec: R): Promise<Arrival<F>> {
    this.requests.push(rec);
    const fault = this.faults.pick(rec.path);
    await this.timers.sleep(this.latencyMs);
    if (this.closed) return { finished: true };
    if (fault?.spec.kind === "reset") {
      req.socket.destroy();
      return { finished: true };
    }
    if (fault?.spec.kind === "hang") return { finished: true }; // never answered; close() ends the socket
    return { finished: false, fault };
  }
}
