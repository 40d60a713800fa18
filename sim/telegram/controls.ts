/** Test controls over the Bot API's answers: injected failures (failNext) and flood limits (429). */
import type { Observer } from "./observe.js";
import { ApiError } from "./request.js";
import type { FailSpec, RateLimits } from "./types.js";

/** Sending methods that count against flood limits. */
const COUNTED = new Set(["sendmessage", "senddocument", "sendphoto"]);

/** Sliding-window counter for the flood limits. */
class Window {
  private stamps: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  /** ms until one more event fits, 0 if it fits now */
  waitMs(now: number): number {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length < this.limit) return 0;
    return this.stamps[this.stamps.length - this.limit]! + this.windowMs - now;
  }
  add(now: number): void {
    this.stamps.push(now);
  }
}

function getWindow(map: Map<number, Window>, key: number, limit: number, windowMs: number): Window {
  let w = map.get(key);
  if (!w) {
    w = new Window(limit, windowMs);
    map.set(key, w);
  }
  return w;
}

/** Injected failures by lower-case method name, and the flood-limit windows. */
export class Controls {
  private readonly failures = new Map<string, FailSpec[]>();
  private limits: RateLimits | false = false;
  private readonly chatWindows = new Map<number, Window>();
  private readonly groupWindows = new Map<number, Window>();
  private globalWindow: Window | undefined;

  constructor(
    private readonly observer: Observer,
    limits: RateLimits | false,
  ) {
    this.setLimits(limits);
  }

  /** The next `times` calls of `method` (optionally only for `chatId`) fail with this error. */
  failNext(method: string, err: FailSpec): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ ...err });
    this.failures.set(key, list);
  }

  /** Throws the injected failure due for this call, if any. */
  injectFailure(method: string, chatId: number | undefined): void {
    const list = this.failures.get(method);
    if (!list) return;
    const index = list.findIndex((f) => f.chatId === undefined || f.chatId === chatId);
    if (index === -1) return;
    const spec = list[index]!;
    const times = (spec.times ?? 1) - 1;
    if (times <= 0) list.splice(index, 1);
    else spec.times = times;
    this.observer.counters.injectedFailures++;
    const code = spec.error_code;
    const retryAfter = code === 429 ? (spec.retry_after ?? 1) : spec.retry_after;
    const parameters: ApiError["parameters"] = {};
    if (retryAfter !== undefined) parameters.retry_after = retryAfter;
    if (spec.migrate_to_chat_id !== undefined) parameters.migrate_to_chat_id = spec.migrate_to_chat_id;
    throw new ApiError(
      code,
      spec.description ?? defaultDescription(code, retryAfter),
      Object.keys(parameters).length > 0 ? parameters : undefined,
    );
  }

  /** Replaces the flood limits (false: none) and forgets what was counted so far. */
  setLimits(limits: RateLimits | false): void {
    this.limits = limits;
    this.chatWindows.clear();
    this.groupWindows.clear();
    this.globalWindow = limits && limits.globalPerSec ? new Window(limits.globalPerSec, 1000) : undefined;
  }

  /** Flood limits (only when configured). Throws 429 with retry_after in whole seconds ≥ 1. */
  checkRate(method: string, chatId: number): void {
    const limits = this.limits;
    if (!limits || !COUNTED.has(method)) return;
    const now = Date.now();
    const windows: Window[] = [];
    if (limits.perChatPerSec) windows.push(getWindow(this.chatWindows, chatId, limits.perChatPerSec, 1000));
    if (limits.perGroupPerMin && chatId < 0) {
      windows.push(getWindow(this.groupWindows, chatId, limits.perGroupPerMin, 60_000));
    }
    if (this.globalWindow) windows.push(this.globalWindow);
    const wait = Math.max(0, ...windows.map((w) => w.waitMs(now)));
    if (wait > 0) {
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    for (const w of windows) w.add(now);
  }
}

function defaultDescription(code: number, retryAfter: number | undefined): string {
  switch (code) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 429:
      return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    case 502:
      return "Bad Gateway";
    default:
      return code >= 500 ? "Internal Server Error" : `Error ${code}`;
  }
}
