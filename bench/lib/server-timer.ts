import dc from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** One request as the server saw it: from parsed headers to the response handed to the socket. */
export interface ServerTiming {
  path: string;
  /** performance.now() at arrival (headers parsed) */
  start: number;
  /** performance.now() when the response was handed to the socket; NaN while in flight */
  end: number;
  ms: number;
}

interface ChannelMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/**
 * Times every request served on `port` by an in-process node:http server (a simulator),
 * through Node's diagnostics channels, so the simulators need no hooks. This is the
 * upstream time as the upstream sees it; the client's own HTTP work is not in it.
 */
export class ServerTimer {
  /** In arrival order; entries of requests still in flight have `end` NaN. */
  readonly timings: ServerTiming[] = [];
  private readonly open = new WeakMap<ServerResponse, ServerTiming>();
  private readonly onStart = (raw: unknown): void => {
    const m = raw as ChannelMessage;
    if (!this.matches(m.server)) return;
    const t: ServerTiming = { path: (m.request.url ?? "/").split("?")[0]!, start: performance.now(), end: NaN, ms: NaN };
    this.open.set(m.response, t);
    this.timings.push(t);
  };
  private readonly onFinish = (raw: unknown): void => {
    const m = raw as ChannelMessage;
    const t = this.open.get(m.response);
    if (!t) return;
    this.open.delete(m.response);
    t.end = performance.now();
    t.ms = t.end - t.start;
  };

  constructor(private readonly port: number) {
    dc.subscribe("http.server.request.start", this.onStart);
    dc.subscribe("http.server.response.finish", this.onFinish);
  }

  static forUrl(baseUrl: string): ServerTimer {
    return new ServerTimer(Number(new URL(baseUrl).port));
  }

  /** Requests active at or after `time` (performance.now()): arrived later, or not yet answered then. */
  after(time: number): ServerTiming[] {
    return this.timings.filter((t) => t.start >= time || !(t.end < time));
  }

  close(): void {
    dc.unsubscribe("http.server.request.start", this.onStart);
    dc.unsubscribe("http.server.response.finish", this.onFinish);
  }

  private matches(server: Server): boolean {
    const a = server.address();
    return a !== null && typeof a === "object" && a.port === this.port;
  }
}
