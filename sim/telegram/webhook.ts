/**
 * Transport by webhook: setWebhook/deleteWebhook/getWebhookInfo, and delivery of the queued
 * updates to the bot's URL one at a time, in order, with retries (doubling delay), a read
 * timeout, and the method call a webhook answer may carry.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { nowSec, type SimContext } from "./context.js";
import { Described, type MethodTable } from "./method.js";
import type { Observer } from "./observe.js";
import { CONFLICT_WEBHOOK, type LongPolling } from "./polling.js";
import { ApiError, badRequest, type Params } from "./request.js";
import type { UpdateQueue } from "./updates.js";

interface Webhook {
  url: string;
  secret?: string;
  lastError?: { date: number; message: string };
}

class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Runs a method the bot called in its webhook answer. */
export type ReplyCall = (method: string, params: Record<string, unknown>) => Promise<unknown>;

/** The webhook, if one is set, and its delivery loop. */
export class WebhookDelivery {
  private webhook: Webhook | undefined;
  private busy = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly observer: Observer,
    private readonly updates: UpdateQueue,
    private readonly polling: LongPolling,
    private readonly replyCall: ReplyCall,
  ) {}

  get active(): boolean {
    return this.webhook !== undefined;
  }

  /** A delivery is under way (the bot has not answered yet, or a retry is pending). */
  get delivering(): boolean {
    return this.busy;
  }

  methods(): MethodTable {
    return {
      setwebhook: (p) => this.setWebhook(p),
      deletewebhook: (p) => {
        const wasSet = this.webhook !== undefined;
        this.webhook = undefined;
        if (p.bool("drop_pending_updates")) this.updates.clear();
        return new Described(true, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
      },
      getwebhookinfo: () => this.getWebhookInfo(),
    };
  }

  /** POSTs queued updates to the webhook one at a time, in order, retrying failures. */
  async deliver(): Promise<void> {
    if (this.busy || this.ctx.closed) return;
    this.busy = true;
    try {
      while (this.webhook && !this.ctx.closed) {
        const update = this.updates.take(1)[0];
        if (!update) break;
        const hook = this.webhook;
        const { maxAttempts, retryDelayMs } = this.ctx.webhook;
        let delivered = false;
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          if (this.webhook !== hook || this.ctx.closed) break;
          delivered = await this.post(hook, JSON.stringify(update));
          if (delivered) break;
          this.observer.counters.webhookFailures++;
          if (attempt < maxAttempts) await sleep(retryDelayMs * 2 ** (attempt - 1)).catch(() => undefined);
        }
        if (this.webhook !== hook || this.ctx.closed) continue; // re-delivered under the new settings
        if (!delivered) this.observer.counters.webhookDropped++;
        this.updates.remove(update);
        this.observer.lastActivity = Date.now();
      }
    } finally {
      this.busy = false;
    }
  }

  /** One delivery attempt; true when the bot answered 2xx (its answer's method call is run). */
  private async post(hook: Webhook, body: string): Promise<boolean> {
    try {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (hook.secret) headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret;
      const abort = new AbortController();
      const onClosing = (): void => abort.abort();
      const closing = this.ctx.closingSignal;
      closing.addEventListener("abort", onClosing);
      const timer = setTimeout(() => abort.abort(new TimeoutError()), this.ctx.webhook.timeoutMs);
      let res: Response;
      let text: string;
      try {
        res = await fetch(hook.url, { method: "POST", headers, body, signal: abort.signal });
        text = await res.text();
      } finally {
        clearTimeout(timer);
        closing.removeEventListener("abort", onClosing);
      }
      if (res.ok) {
        this.observer.counters.webhookDeliveries++;
        await this.webhookReply(text);
        return true;
      }
      hook.lastError = { date: nowSec(), message: `Wrong response from the webhook: ${res.status} ${res.statusText}` };
    } catch (e) {
      const timedOut = e instanceof TimeoutError || (e instanceof Error && e.cause instanceof TimeoutError);
      hook.lastError = { date: nowSec(), message: timedOut ? "Read timeout expired" : "Connection refused" };
    }
    return false;
  }

  /** A webhook answer may carry one method call ("webhook reply"). */
  private async webhookReply(text: string): Promise<void> {
    if (!text.trim()) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof body === "object" && body !== null && typeof (body as { method?: unknown }).method === "string") {
      const { method, ...params } = body as Record<string, unknown> & { method: string };
      await this.replyCall(method, params);
    }
  }

  private setWebhook(p: Params): Described {
    const url = p.str("url") ?? "";
    if (url === "") {
      this.webhook = undefined;
      return new Described(true, "Webhook was deleted");
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest("bad webhook: Failed to resolve host: Name or service not known");
    }
    // Telegram demands HTTPS on ports 443/80/88/8443; the simulator accepts local HTTP
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    }
    const secret = p.str("secret_token");
    if (secret !== undefined && secret !== "") {
      if (secret.length > 256) throw badRequest("secret token is too long");
      if (!/^[A-Za-z0-9_-]+$/.test(secret)) throw badRequest("secret token contains unallowed characters");
    }
    if (p.bool("drop_pending_updates")) this.updates.clear();
    this.updates.setAllowed(p);
    this.webhook = { url, ...(secret ? { secret } : {}) };
    this.polling.endAll(new ApiError(409, CONFLICT_WEBHOOK));
    this.updates.scheduleWake();
    return new Described(true, "Webhook was set");
  }

  private getWebhookInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
    };
    if (this.webhook) {
      info.max_connections = 40;
      info.ip_address = "127.0.0.1";
      if (this.webhook.lastError) {
        info.last_error_date = this.webhook.lastError.date;
        info.last_error_message = this.webhook.lastError.message;
      }
      const allowed = this.updates.allowed;
      if (allowed) info.allowed_updates = allowed;
    }
    return info;
  }
}
