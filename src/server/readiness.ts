import type { Logger } from "../logger.js";

export interface ReadinessResult {
  ok: boolean;
  checks: Record<string, unknown>;
  /** When these checks ran (ms). */
  at: number;
}

/**
 * Readiness computed in the background every `intervalMs` and served from memory: /readyz is
 * then as cheap as /healthz, and a flood of probes cannot load the database or the upstreams.
 */
export class Readiness {
  private result: ReadinessResult = { ok: false, checks: { status: "starting" }, at: Date.now() };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReadinessResult> | undefined;

  constructor(
    private readonly probe: () => Promise<{ ok: boolean; checks: Record<string, unknown> }>,
    private readonly opts: { intervalMs: number; logger: Logger },
  ) {}

  last(): ReadinessResult {
    return this.result;
  }

  /** Run the checks now (joined when a run is in progress). */
  refresh(): Promise<ReadinessResult> {
    this.running ??= this.probe()
      .then(
        (r) => ({ ...r, at: Date.now() }),
        (err: unknown) => {
          this.opts.logger.warn({ err }, "readiness probe failed");
          return { ok: false, checks: { probe: "error" }, at: Date.now() };
        },
      )
      .then((r) => (this.result = r))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
