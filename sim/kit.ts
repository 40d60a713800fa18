/** Pieces every HTTP simulator needs: listening, closing, injected faults, cancellable sleeps. */
import type { Server } from "node:http";
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
