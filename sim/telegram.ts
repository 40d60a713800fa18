/**
 * An in-process HTTP simulator of the Telegram Bot API.
 *
 * A real grammY bot talks to it (`new Bot(token, { client: { apiRoot: sim.apiRoot } })`),
 * by long polling or through a webhook the simulator calls, while tests act as Telegram
 * users through the control API (`sendText`, `pressButton`, `blockBy`, ...) and read what
 * the bot did (`messages`, `calls`, `waitFor`, ...).
 *
 * It aims to fail where Telegram fails: HTML is parsed with tdlib's rules (byte offsets in
 * the errors, 4096 UTF-16 units after parsing), callback_data is limited to 64 bytes,
 * blocked users / kicked bots / migrated groups give the real 403/400 answers, flood limits
 * give 429 with retry_after, a second long poll gets 409, editing without changes gets
 * "message is not modified", group messages are filtered by privacy mode, and so on.
 * Where the simulator is stricter than Telegram it says so (see telegram/format.ts).
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { Api } from "grammy";
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  ChatMember,
  ChatMemberUpdated,
  Message,
  MessageEntity,
  Update,
  User,
} from "grammy/types";
import {
  botCommandEntities,
  hasLoneSurrogate,
  parseText,
  ParseEntitiesError,
  UnsupportedParseModeError,
  type FormattedText,
} from "./telegram/format.js";
import {
  ApiError,
  badRequest,
  describeParams,
  guessMimeType,
  isUploadedFile,
  Params,
  parseBody,
  resolveAttachments,
  sniffImage,
  type UploadedFile,
} from "./telegram/request.js";
import {
  markupKey,
  parseCommands,
  parseReplyMarkup,
  parseScope,
  scopeKey,
  type ReplyMarkup,
} from "./telegram/markup.js";
import { listenLocal } from "./kit.js";

export { ApiError } from "./telegram/request.js";
export type { ReplyMarkup } from "./telegram/markup.js";

// ---------------------------------------------------------------- public types

export interface RateLimits {
  /** messages to one chat per second (Telegram: about 1) */
  perChatPerSec?: number;
  /** messages to one group/supergroup per minute (Telegram: 20) */
  perGroupPerMin?: number;
  /** messages overall per second (Telegram: about 30) */
  globalPerSec?: number;
}

export interface TelegramSimOptions {
  token?: string;
  /** 0 (default) = ephemeral port */
  port?: number;
  host?: string;
  botId?: number;
  botUsername?: string;
  botFirstName?: string;
  /** added to every API answer */
  latencyMs?: number;
  /** flood limits for sendMessage/sendDocument/sendPhoto; default none */
  limits?: RateLimits | false;
  /**
   * Group privacy mode (Telegram's default: on). With it, the bot only receives group
   * messages that are commands for it, replies to its messages and service messages,
   * unless it is an administrator.
   */
  privacyMode?: boolean;
  /** Reject a bare "&" in HTML (real Telegram shows it literally). Default true. */
  strictHtml?: boolean;
  /** Callback queries older than this can no longer be answered (Telegram: ~15 s). Default: no expiry. */
  callbackQueryTtlMs?: number;
  webhook?: {
    /** attempts per update before it is dropped (default 5) */
    maxAttempts?: number;
    /** first retry delay, doubled per attempt (default 50 ms) */
    retryDelayMs?: number;
    /** the bot must answer within this time or the update is sent again (default 10 s) */
    timeoutMs?: number;
  };
}

export interface SimDocument {
  filename: string;
  mimeType: string;
  data: Buffer;
  fileId: string;
  /** set when the bot sent an HTTP URL instead of uploading */
  url?: string;
}

export interface SimPhoto {
  data: Buffer;
  fileId: string;
  width: number;
  height: number;
}

/** A message the bot sent, in its current state (edits update it in place). */
export interface SimMessage {
  chatId: number;
  messageId: number;
  kind: "text" | "document" | "photo";
  /** plain text after entity parsing; for documents/photos the plain caption ("" if none) */
  text: string;
  /** the raw text/caption as sent (HTML source when parse_mode is HTML) */
  html: string;
  parseMode?: string;
  entities: MessageEntity[];
  replyMarkup?: ReplyMarkup;
  replyToMessageId?: number;
  document?: SimDocument;
  photo?: SimPhoto;
  /** plain caption, for documents/photos */
  caption?: string;
  disableNotification: boolean;
  edits: number;
  /** global sequence number, bumped on creation and on every edit */
  seq: number;
  deleted: boolean;
  date: number;
  editDate?: number;
}

export interface SimCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  ok: boolean;
  errorCode?: number;
  description?: string;
  chatId?: number;
}

export interface CallbackAnswer {
  id: string;
  text?: string;
  showAlert?: boolean;
  url?: string;
  at: number;
}

export interface ChatActionRecord {
  chatId: number;
  action: string;
  at: number;
}

export interface FailSpec {
  error_code: number;
  description?: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
  /** how many calls fail (default 1) */
  times?: number;
  /** only calls for this chat_id */
  chatId?: number;
}

export interface SimButton {
  text: string;
  data?: string;
  url?: string;
}

export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

export interface WaitForOptions {
  chatId?: number;
  /** only messages with seq > since (see mark()); default 0 = any */
  since?: number;
  /** tested against the plain text (caption for media), or a predicate on the message */
  match?: RegExp | ((m: SimMessage) => boolean);
  timeoutMs?: number;
}

export interface SimStats {
  apiCalls: number;
  /** 429 answers (flood limits and injected) */
  rateLimited: number;
  /** answers produced by failNext */
  injectedFailures: number;
  updatesQueued: number;
  updatesPending: number;
  /** group messages Telegram would not pass to the bot (privacy mode, bot not in the group) */
  undelivered: number;
  webhookDeliveries: number;
  webhookFailures: number;
  webhookDropped: number;
}

/** Flattened buttons of a message (inline keyboard or reply keyboard). */
export function buttons(msg: SimMessage | undefined): SimButton[] {
  const markup = msg?.replyMarkup;
  if (!markup) return [];
  if ("inline_keyboard" in markup) {
    return markup.inline_keyboard.flat().map((b) => {
      const out: SimButton = { text: b.text };
      if ("callback_data" in b) out.data = b.callback_data;
      if ("url" in b) out.url = b.url;
      return out;
    });
  }
  if ("keyboard" in markup) {
    return markup.keyboard.flat().map((b) => ({ text: typeof b === "string" ? b : b.text }));
  }
  return [];
}

// ---------------------------------------------------------------- internals

type PublicChat = Exclude<Chat, Chat.ChannelChat>;

interface ChatState {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  username?: string;
  /** private chats: the user has started the bot */
  opened: boolean;
  /** the bot's status; in private chats "kicked" means blocked by the user */
  botStatus: MemberStatus;
  members: Map<number, MemberStatus>;
  nextMessageId: number;
  userMessages: Map<number, Message>;
  botMessages: Map<number, SimMessage>;
  migratedTo?: number;
}

interface Poller {
  limit: number;
  /** the client already hung up (e.g. grammY's bot.stop() aborted the request) */
  gone: () => boolean;
  finish: (result: Update[] | ApiError) => void;
}

interface Webhook {
  url: string;
  secret?: string;
  lastError?: { date: number; message: string };
}

interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  data: Buffer;
  filename?: string;
  mimeType?: string;
}

/** A result with the extra "description" field some methods return (setWebhook). */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type Handler = (p: Params, conn?: Connection) => unknown;

interface Connection {
  onClose(cb: () => void): void;
  gone(): boolean;
}

const MAX_BODY = 60 * 1024 * 1024;
const MAX_DOCUMENT = 50 * 1024 * 1024;
const CONFLICT_WEBHOOK =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const CONFLICT_POLL = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/** Update types Telegram leaves out unless allowed_updates lists them. */
const OPT_IN_UPDATES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
/** Sending methods that count against flood limits. */
const COUNTED = new Set(["sendmessage", "senddocument", "sendphoto"]);

/** Every Bot API method the installed grammY knows; others get 404 like on Telegram. */
const KNOWN_METHODS = new Set(
  Object.getOwnPropertyNames(Api.prototype)
    .filter((name) => name !== "constructor")
    .map((name) => name.toLowerCase()),
);

const nowSec = (): number => Math.floor(Date.now() / 1000);

class TimeoutError extends Error {
  override name = "TimeoutError";
}
const forbidden = (text: string): ApiError => new ApiError(403, `Forbidden: ${text}`);

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

export class TelegramSim {
  readonly token: string;
  readonly port: number;
  readonly apiRoot: string;
  readonly botUser: User;
  /** mutable at run time */
  latencyMs: number;
  privacyMode: boolean;

  /** every message the bot sent, in order (live objects: edits/deletes update them) */
  readonly messages: SimMessage[] = [];
  /** every API call, including failed ones and getUpdates */
  readonly calls: SimCall[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly chatActions: ChatActionRecord[] = [];
  /** setMyCommands lists by scope key: "default", "all_private_chats", "chat:-100…", "…#en" */
  readonly commands: Record<string, BotCommand[]> = {};
  descriptions: { description?: string; shortDescription?: string } = {};

  private readonly server: http.Server;
  private readonly strictHtml: boolean;
  private readonly callbackTtl: number | undefined;
  private readonly hookOptions: { maxAttempts: number; retryDelayMs: number; timeoutMs: number };
  private limits: RateLimits | false;
  private readonly users = new Map<number, User>();
  private readonly chats = new Map<number, ChatState>();
  private readonly migrations = new Map<number, number>();
  private readonly files = new Map<string, StoredFile>();
  private readonly callbackQueries = new Map<string, { at: number; answered: boolean }>();
  private readonly failures = new Map<string, FailSpec[]>();
  private readonly chatWindows = new Map<number, Window>();
  private readonly groupWindows = new Map<number, Window>();
  private globalWindow: Window | undefined;

  private queue: Update[] = [];
  private nextUpdateId = 1;
  private allowedUpdates: Set<string> | null = null;
  private readonly pollers = new Set<Poller>();
  private wakeScheduled = false;
  private webhook: Webhook | undefined;
  private webhookBusy = false;
  private readonly closing = new AbortController();
  private closed = false;

  private seq = 0;
  private nextCallbackId = 1;
  private nextFileId = 1;
  private inflight = 0;
  private lastActivity = 0;
  private readonly chatActivity = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private readonly closeListeners = new Set<(err: Error) => void>();
  private readonly counters = {
    rateLimited: 0,
    injectedFailures: 0,
    updatesQueued: 0,
    undelivered: 0,
    webhookDeliveries: 0,
    webhookFailures: 0,
    webhookDropped: 0,
  };
  private readonly handlers: Record<string, Handler>;

  private constructor(server: http.Server, port: number, opts: TelegramSimOptions) {
    this.server = server;
    this.port = port;
    this.token = opts.token ?? "123456:TEST-TOKEN";
    const host = opts.host ?? "127.0.0.1";
    this.apiRoot = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    this.botUser = {
      id: opts.botId ?? 1000,
      is_bot: true,
      first_name: opts.botFirstName ?? "pantau",
      username: opts.botUsername ?? "pantau_bot",
    };
    this.latencyMs = opts.latencyMs ?? 0;
    this.privacyMode = opts.privacyMode ?? true;
    this.strictHtml = opts.strictHtml ?? true;
    this.callbackTtl = opts.callbackQueryTtlMs;
    this.hookOptions = {
      maxAttempts: opts.webhook?.maxAttempts ?? 5,
      retryDelayMs: opts.webhook?.retryDelayMs ?? 50,
      timeoutMs: opts.webhook?.timeoutMs ?? 10_000,
    };
    this.limits = opts.limits ?? false;
    this.setLimits(this.limits);

    this.handlers = {
      getme: () => this.getMe(),
      logout: () => true,
      close: () => true,
      getupdates: (p, conn) => this.getUpdates(p, conn),
      setwebhook: (p) => this.setWebhook(p),
      deletewebhook: (p) => this.deleteWebhook(p),
      getwebhookinfo: () => this.getWebhookInfo(),
      sendmessage: (p) => this.sendMessage(p),
      senddocument: (p) => this.sendMedia(p, "document"),
      sendphoto: (p) => this.sendMedia(p, "photo"),
      editmessagetext: (p) => this.editMessageText(p),
      editmessagecaption: (p) => this.editMessageCaption(p),
      editmessagereplymarkup: (p) => this.editMessageReplyMarkup(p),
      deletemessage: (p) => this.deleteMessage(p),
      answercallbackquery: (p) => this.answerCallbackQuery(p),
      sendchataction: (p) => this.sendChatAction(p),
      setmycommands: (p) => this.setMyCommands(p),
      getmycommands: (p) => this.commands[this.commandKey(p)] ?? [],
      deletemycommands: (p) => {
        delete this.commands[this.commandKey(p)];
        return true;
      },
      setmydescription: (p) => {
        this.descriptions.description = p.str("description") ?? "";
        return true;
      },
      setmyshortdescription: (p) => {
        this.descriptions.shortDescription = p.str("short_description") ?? "";
        return true;
      },
      getchat: (p) => this.getChat(p),
      getchatmember: (p) => this.getChatMember(p),
      getchatadministrators: (p) => this.getChatAdministrators(p),
      getchatmembercount: (p) => {
        const chat = this.chatFor(p);
        return chat.type === "private" ? 2 : 1 + [...chat.members.values()].filter(isPresent).length;
      },
      leavechat: (p) => this.leaveChat(p),
      getfile: (p) => this.getFile(p),
    };
  }

  /** Starts the HTTP server and resolves once it listens. */
  static async start(opts: TelegramSimOptions = {}): Promise<TelegramSim> {
    // requests can only arrive after listen(), by which time the simulator exists
    const holder: { sim?: TelegramSim } = {};
    const server = http.createServer((req, res) => {
      if (holder.sim) void holder.sim.onRequest(req, res);
      else res.writeHead(503).end();
    });
    server.keepAliveTimeout = 60_000;
    const port = await listenLocal(server, opts.port ?? 0, opts.host ?? "127.0.0.1");
    holder.sim = new TelegramSim(server, port, opts);
    return holder.sim;
  }

  /** Ends pending long polls (empty answer), stops webhook delivery and closes the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const poller of [...this.pollers]) poller.finish([]);
    this.closing.abort();
    const err = new Error("TelegramSim closed");
    for (const listener of [...this.closeListeners]) listener(err);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // let the answers to the polls flush, then drop keep-alive sockets
      setImmediate(() => this.server.closeIdleConnections());
      setTimeout(() => this.server.closeAllConnections(), 200).unref();
    });
  }

  setLimits(limits: RateLimits | false): void {
    this.limits = limits;
    this.chatWindows.clear();
    this.groupWindows.clear();
    this.globalWindow = limits && limits.globalPerSec ? new Window(limits.globalPerSec, 1000) : undefined;
  }

  // ================================================================ HTTP

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute) return this.serveFile(fileRoute[1]!, decodeURIComponent(fileRoute[2]!), res);
    const route = /^\/bot([^/]*)\/([^/]*)$/.exec(url.pathname);
    if (!route) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(route[1]!) !== this.token) {
      return reply(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const method = decodeURIComponent(route[2]!);
    const counts = method.toLowerCase() !== "getupdates";
    if (counts) this.inflight++;
    try {
      let raw: Record<string, unknown>;
      try {
        const body = await readBody(req, MAX_BODY);
        raw = { ...Object.fromEntries(url.searchParams), ...parseBody(body, req.headers["content-type"]) };
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(400, "Bad Request: can't read request body");
        return reply(res, err.code, { ok: false, error_code: err.code, description: err.description });
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const conn: Connection = {
        onClose: (cb) =>
          res.once("close", () => {
            if (!res.writableEnded) cb();
          }),
        gone: () => res.destroyed || req.socket.destroyed,
      };
      const answer = await this.call(method, resolveAttachments(raw), conn);
      reply(res, answer.status, answer.body);
    } finally {
      if (counts) {
        this.inflight--;
        this.lastActivity = Date.now();
      }
    }
  }

  private serveFile(token: string, path: string, res: http.ServerResponse): void {
    const file = token === this.token ? [...this.files.values()].find((f) => f.path === path) : undefined;
    if (!file) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    res.writeHead(200, { "content-type": file.mimeType ?? "application/octet-stream", "content-length": file.data.length });
    res.end(file.data);
  }

  /** Runs one API method with recording and fault injection; used by HTTP and webhook replies. */
  private async call(
    method: string,
    raw: Record<string, unknown>,
    conn?: Connection,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const key = method.toLowerCase();
    const chatId = toChatId(raw.chat_id);
    const record: SimCall = { method, params: describeParams(raw), at: Date.now(), ok: false };
    if (chatId !== undefined) record.chatId = chatId;
    this.calls.push(record);
    if (key !== "getupdates") this.touch(chatId);
    try {
      this.injectFailure(key, chatId);
      const handler = this.handlers[key];
      let result: unknown;
      if (handler) result = await handler(new Params(raw), conn);
      else if (KNOWN_METHODS.has(key)) result = true; // not simulated: accept and record
      else throw new ApiError(404, "Not Found: method not found");
      record.ok = true;
      if (result instanceof Described) {
        return { status: 200, body: { ok: true, result: result.result, description: result.description } };
      }
      return { status: 200, body: { ok: true, result } };
    } catch (e) {
      const err =
        e instanceof ApiError
          ? e
          : new ApiError(500, `Internal Server Error: simulator failure: ${e instanceof Error ? e.message : String(e)}`);
      record.errorCode = err.code;
      record.description = err.description;
      if (err.code === 429) this.counters.rateLimited++;
      const body: Record<string, unknown> = { ok: false, error_code: err.code, description: err.description };
      if (err.parameters) body.parameters = err.parameters;
      return { status: err.code, body };
    } finally {
      if (key !== "getupdates") this.touch(chatId);
    }
  }

  private injectFailure(method: string, chatId: number | undefined): void {
    const list = this.failures.get(method);
    if (!list) return;
    const index = list.findIndex((f) => f.chatId === undefined || f.chatId === chatId);
    if (index === -1) return;
    const spec = list[index]!;
    const times = (spec.times ?? 1) - 1;
    if (times <= 0) list.splice(index, 1);
    else spec.times = times;
    this.counters.injectedFailures++;
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

  // ================================================================ updates

  private enqueue(partial: Omit<Update, "update_id">): Update {
    const update = { update_id: this.nextUpdateId++, ...partial } as Update;
    this.queue.push(update);
    this.counters.updatesQueued++;
    this.lastActivity = Date.now();
    this.scheduleWake();
    return update;
  }

  /** Deliver on the next tick so that updates pushed together arrive in one batch. */
  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      if (this.webhook) {
        void this.deliverWebhook();
        return;
      }
      for (const poller of [...this.pollers]) {
        const ready = this.takeUpdates(poller.limit);
        if (ready.length > 0) poller.finish(ready);
      }
    });
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((k) => k !== "update_id") ?? "";
    return this.allowedUpdates ? this.allowedUpdates.has(type) : !OPT_IN_UPDATES.has(type);
  }

  /** Unconfirmed updates, oldest first; updates of types the bot did not allow are dropped. */
  private takeUpdates(limit: number): Update[] {
    this.queue = this.queue.filter((u) => this.isAllowed(u));
    return this.queue.slice(0, limit);
  }

  private confirm(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  private async getUpdates(p: Params, conn?: Connection): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, CONFLICT_WEBHOOK);
    const offset = p.int("offset");
    const limit = Math.min(100, Math.max(1, p.int("limit") || 100));
    const timeout = Math.max(0, p.int("timeout") || 0);
    const allowed = p.json("allowed_updates", "can't parse allowed updates JSON object");
    if (Array.isArray(allowed)) {
      this.allowedUpdates = allowed.length > 0 ? new Set(allowed.map(String)) : null;
    }
    if (offset !== undefined && !Number.isNaN(offset)) this.confirm(offset);
    // A poll still waiting is ended by this one with 409, as on Telegram. It stops receiving
    // updates now; the answer waits a moment because grammY's bot.stop() aborts its poll and
    // polls again at once, and the aborted socket's close may be seen after the new request.
    for (const poller of [...this.pollers]) {
      this.pollers.delete(poller);
      setTimeout(() => poller.finish(poller.gone() ? [] : new ApiError(409, CONFLICT_POLL)), 30);
    }
    const ready = this.takeUpdates(limit);
    if (ready.length > 0 || timeout === 0 || this.closed) return ready;
    return new Promise<Update[]>((resolve, reject) => {
      let done = false;
      const poller: Poller = {
        limit,
        gone: () => conn?.gone() ?? false,
        finish: (result) => {
          if (done) return;
          done = true;
          this.pollers.delete(poller);
          clearTimeout(timer);
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => poller.finish([]), timeout * 1000);
      this.pollers.add(poller);
      conn?.onClose(() => poller.finish([])); // the bot aborted its request (bot.stop())
    });
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
    if (p.bool("drop_pending_updates")) this.queue = [];
    const allowed = p.json("allowed_updates", "can't parse allowed updates JSON object");
    if (Array.isArray(allowed)) this.allowedUpdates = allowed.length > 0 ? new Set(allowed.map(String)) : null;
    this.webhook = { url, ...(secret ? { secret } : {}) };
    for (const poller of [...this.pollers]) poller.finish(new ApiError(409, CONFLICT_WEBHOOK));
    this.scheduleWake();
    return new Described(true, "Webhook was set");
  }

  private deleteWebhook(p: Params): Described {
    const wasSet = this.webhook !== undefined;
    this.webhook = undefined;
    if (p.bool("drop_pending_updates")) this.queue = [];
    return new Described(true, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
  }

  private getWebhookInfo(): Record<string, unknown> {
    const info: Record<string, unknown> = {
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
    };
    if (this.webhook) {
      info.max_connections = 40;
      info.ip_address = "127.0.0.1";
      if (this.webhook.lastError) {
        info.last_error_date = this.webhook.lastError.date;
        info.last_error_message = this.webhook.lastError.message;
      }
      if (this.allowedUpdates) info.allowed_updates = [...this.allowedUpdates];
    }
    return info;
  }

  /** POSTs queued updates to the webhook one at a time, in order, retrying failures. */
  private async deliverWebhook(): Promise<void> {
    if (this.webhookBusy || this.closed) return;
    this.webhookBusy = true;
    try {
      while (this.webhook && !this.closed) {
        const update = this.takeUpdates(1)[0];
        if (!update) break;
        const hook = this.webhook;
        let delivered = false;
        for (let attempt = 1; attempt <= this.hookOptions.maxAttempts; attempt++) {
          if (this.webhook !== hook || this.closed) break;
          try {
            const headers: Record<string, string> = { "content-type": "application/json" };
            if (hook.secret) headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret;
            const abort = new AbortController();
            const onClosing = (): void => abort.abort();
            this.closing.signal.addEventListener("abort", onClosing);
            const timer = setTimeout(() => abort.abort(new TimeoutError()), this.hookOptions.timeoutMs);
            let res: Response;
            let text: string;
            try {
              res = await fetch(hook.url, { method: "POST", headers, body: JSON.stringify(update), signal: abort.signal });
              text = await res.text();
            } finally {
              clearTimeout(timer);
              this.closing.signal.removeEventListener("abort", onClosing);
            }
            if (res.ok) {
              delivered = true;
              this.counters.webhookDeliveries++;
              await this.webhookReply(text);
              break;
            }
            hook.lastError = { date: nowSec(), message: `Wrong response from the webhook: ${res.status} ${res.statusText}` };
          } catch (e) {
            const timedOut = e instanceof TimeoutError || (e instanceof Error && e.cause instanceof TimeoutError);
            hook.lastError = { date: nowSec(), message: timedOut ? "Read timeout expired" : "Connection refused" };
          }
          this.counters.webhookFailures++;
          if (attempt < this.hookOptions.maxAttempts) {
            await sleep(this.hookOptions.retryDelayMs * 2 ** (attempt - 1)).catch(() => undefined);
          }
        }
        if (this.webhook !== hook || this.closed) continue; // re-delivered under the new settings
        if (!delivered) this.counters.webhookDropped++;
        this.queue = this.queue.filter((u) => u !== update);
        this.lastActivity = Date.now();
      }
    } finally {
      this.webhookBusy = false;
    }
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
      await this.call(method, params);
    }
  }

  // ================================================================ chats

  private chatObject(chat: ChatState): PublicChat {
    if (chat.type === "private") {
      const user = this.users.get(chat.id);
      const out: Chat.PrivateChat = { id: chat.id, type: "private", first_name: user?.first_name ?? String(chat.id) };
      if (user?.last_name) out.last_name = user.last_name;
      if (user?.username) out.username = user.username;
      return out;
    }
    if (chat.type === "group") return { id: chat.id, type: "group", title: chat.title ?? "" };
    const out: Chat.SupergroupChat = { id: chat.id, type: "supergroup", title: chat.title ?? "" };
    if (chat.username) out.username = chat.username;
    return out;
  }

  /** Resolves chat_id and applies Telegram's access rules (403s, migration, unknown chat). */
  private chatFor(p: Params, key = "chat_id"): ChatState {
    const raw = p.raw[key];
    if (raw === undefined || raw === null || raw === "") throw badRequest("chat_id is empty");
    let id = toChatId(raw);
    if (id === undefined && typeof raw === "string" && raw.startsWith("@")) {
      const name = raw.slice(1).toLowerCase();
      id = [...this.chats.values()].find((c) => c.username?.toLowerCase() === name)?.id;
    }
    if (id === undefined) throw badRequest("chat not found");
    return this.accessChat(id);
  }

  private accessChat(id: number): ChatState {
    const migratedTo = this.migrations.get(id);
    if (migratedTo !== undefined) {
      throw badRequest("group chat was upgraded to a supergroup chat", { migrate_to_chat_id: migratedTo });
    }
    if (id === this.botUser.id) throw forbidden("bot can't send messages to bots");
    const chat = this.chats.get(id);
    if (!chat) {
      if (this.users.has(id)) throw forbidden("bot can't initiate conversation with a user");
      throw badRequest("chat not found");
    }
    if (chat.type === "private") {
      if (chat.botStatus === "kicked") throw forbidden("bot was blocked by the user");
      if (!chat.opened) throw forbidden("bot can't initiate conversation with a user");
      return chat;
    }
    const kind = chat.type === "group" ? "group chat" : "supergroup chat";
    if (chat.botStatus === "kicked") throw forbidden(`bot was kicked from the ${kind}`);
    if (chat.botStatus === "left") throw forbidden(`bot is not a member of the ${kind}`);
    return chat;
  }

  private memberObject(user: User, status: MemberStatus): ChatMember {
    switch (status) {
      case "creator":
        return { status, user, is_anonymous: false };
      case "administrator":
        return {
          status,
          user,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: true,
          can_manage_video_chats: true,
          can_restrict_members: true,
          can_promote_members: false,
          can_change_info: true,
          can_invite_users: true,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
          can_pin_messages: true,
          can_send_welcome_messages: false,
        };
      case "kicked":
        return { status, user, until_date: 0 };
      default:
        return { status, user };
    }
  }

  private getChat(p: Params): Record<string, unknown> {
    const chat = this.chatFor(p);
    return { ...this.chatObject(chat), accent_color_id: 0, max_reaction_count: 11 };
  }

  private getChatMember(p: Params): ChatMember {
    const chat = this.chatFor(p);
    const userId = p.int("user_id");
    if (userId === undefined || Number.isNaN(userId) || userId <= 0) throw badRequest("invalid user_id specified");
    if (userId === this.botUser.id) return this.memberObject(this.botUser, chat.botStatus);
    const user = this.users.get(userId);
    if (!user) throw badRequest("user not found");
    if (chat.type === "private") return this.memberObject(user, userId === chat.id ? "member" : "left");
    return this.memberObject(user, chat.members.get(userId) ?? "left");
  }

  private getChatAdministrators(p: Params): ChatMember[] {
    const chat = this.chatFor(p);
    if (chat.type === "private") throw badRequest("there are no administrators in the private chat");
    const out: ChatMember[] = [];
    for (const [id, status] of chat.members) {
      const user = this.users.get(id);
      if (user && (status === "creator" || status === "administrator")) out.push(this.memberObject(user, status));
    }
    if (chat.botStatus === "administrator") out.push(this.memberObject(this.botUser, "administrator"));
    return out;
  }

  private leaveChat(p: Params): boolean {
    const chat = this.chatFor(p);
    if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
    const old = chat.botStatus;
    chat.botStatus = "left";
    this.enqueue({ my_chat_member: this.memberUpdate(chat, this.botUser, old, "left") });
    return true;
  }

  private memberUpdate(chat: ChatState, from: User, oldStatus: MemberStatus, newStatus: MemberStatus): ChatMemberUpdated {
    return {
      chat: this.chatObject(chat),
      from,
      date: nowSec(),
      old_chat_member: this.memberObject(this.botUser, oldStatus),
      new_chat_member: this.memberObject(this.botUser, newStatus),
    };
  }

  // ================================================================ sending

  private format(text: string, parseMode: string | undefined, explicitEntities: unknown): FormattedText {
    if (hasLoneSurrogate(text)) throw badRequest("strings must be encoded in UTF-8");
    try {
      if (!parseMode && Array.isArray(explicitEntities)) {
        return { text, entities: explicitEntities as MessageEntity[] };
      }
      const formatted = parseText(text, parseMode, { strictAmpersand: this.strictHtml });
      for (const e of formatted.entities) {
        if (e.type === "text_mention") {
          const user = this.users.get(e.user.id);
          if (user) e.user = user;
        }
      }
      return formatted;
    } catch (e) {
      if (e instanceof ParseEntitiesError) throw badRequest(`can't parse entities: ${e.message}`);
      if (e instanceof UnsupportedParseModeError) throw badRequest("unsupported parse_mode");
      throw e;
    }
  }

  private messageText(p: Params, key: "text" | "caption"): FormattedText & { raw: string; parseMode?: string } {
    const raw = p.str(key) ?? "";
    const parseMode = p.str("parse_mode") || undefined;
    const entities = p.json(key === "text" ? "entities" : "caption_entities", "can't parse entities JSON object");
    const formatted = this.format(raw, parseMode, entities);
    if (key === "text") {
      if (formatted.text === "") throw badRequest("message text is empty");
      if (formatted.text.length > 4096) throw badRequest("message is too long");
    } else if (formatted.text.length > 1024) {
      throw badRequest("message caption is too long");
    }
    return parseMode ? { ...formatted, raw, parseMode } : { ...formatted, raw };
  }

  private replyTarget(chat: ChatState, p: Params): number | undefined {
    const rp = p.json("reply_parameters", "can't parse reply parameters JSON object") as
      | { message_id?: unknown; allow_sending_without_reply?: unknown }
      | undefined;
    const id = rp && rp.message_id !== undefined ? Number(rp.message_id) : p.int("reply_to_message_id");
    if (id === undefined || Number.isNaN(id) || id === 0) return undefined;
    const allow = rp?.allow_sending_without_reply === true || p.bool("allow_sending_without_reply");
    const bot = chat.botMessages.get(id);
    if ((bot && !bot.deleted) || chat.userMessages.has(id)) return id;
    if (allow) return undefined;
    throw badRequest("message to be replied not found");
  }

  /** Flood limits (only when configured). Throws 429 with retry_after in whole seconds ≥ 1. */
  private checkRate(method: string, chatId: number): void {
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

  private store(chat: ChatState, fields: Omit<SimMessage, "chatId" | "messageId" | "edits" | "seq" | "deleted" | "date">): SimMessage {
    const msg: SimMessage = {
      chatId: chat.id,
      messageId: chat.nextMessageId++,
      ...fields,
      edits: 0,
      seq: ++this.seq,
      deleted: false,
      date: nowSec(),
    };
    chat.botMessages.set(msg.messageId, msg);
    this.messages.push(msg);
    this.changed();
    return msg;
  }

  /** The Bot API Message object for a stored bot message. */
  private toApiMessage(m: SimMessage, withReply = true): Message {
    const chat = this.chats.get(m.chatId);
    const msg: Message = {
      message_id: m.messageId,
      from: this.botUser,
      chat: chat ? this.chatObject(chat) : { id: m.chatId, type: "group", title: "" },
      date: m.date,
    };
    if (m.editDate) msg.edit_date = m.editDate;
    if (m.kind === "text") {
      msg.text = m.text;
      if (m.entities.length > 0) msg.entities = m.entities;
    } else {
      if (m.caption) msg.caption = m.caption;
      if (m.caption && m.entities.length > 0) msg.caption_entities = m.entities;
    }
    if (m.document) {
      const file = this.files.get(m.document.fileId);
      msg.document = {
        file_id: m.document.fileId,
        file_unique_id: file?.uniqueId ?? m.document.fileId,
        file_name: m.document.filename,
        mime_type: m.document.mimeType,
        file_size: m.document.data.length,
      };
    }
    if (m.photo) {
      const file = this.files.get(m.photo.fileId);
      msg.photo = [
        {
          file_id: m.photo.fileId,
          file_unique_id: file?.uniqueId ?? m.photo.fileId,
          width: m.photo.width,
          height: m.photo.height,
          file_size: m.photo.data.length,
        },
      ];
    }
    if (m.replyMarkup && "inline_keyboard" in m.replyMarkup) msg.reply_markup = m.replyMarkup;
    if (withReply && m.replyToMessageId !== undefined && chat) {
      const target = chat.botMessages.get(m.replyToMessageId);
      const replied = target ? this.toApiMessage(target, false) : chat.userMessages.get(m.replyToMessageId);
      if (replied) msg.reply_to_message = { ...replied, reply_to_message: undefined };
    }
    return msg;
  }

  private sendMessage(p: Params): Message {
    const chat = this.chatFor(p);
    const text = this.messageText(p, "text");
    const replyMarkup = parseReplyMarkup(p.raw.reply_markup);
    const replyTo = this.replyTarget(chat, p);
    this.checkRate("sendmessage", chat.id);
    const msg = this.store(chat, {
      kind: "text",
      text: text.text,
      html: text.raw,
      entities: text.entities,
      disableNotification: p.bool("disable_notification"),
      ...(text.parseMode ? { parseMode: text.parseMode } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
    });
    return this.toApiMessage(msg);
  }

  private storeFile(data: Buffer, dir: string, filename?: string, mimeType?: string): StoredFile {
    const n = this.nextFileId++;
    const prefix = dir === "photos" ? "AgACAgUAAxkDAA" : "BQACAgUAAxkDAA";
    const ext = filename && /\.[A-Za-z0-9]+$/.exec(filename)?.[0];
    const file: StoredFile = {
      fileId: `${prefix}${n.toString(36).padStart(6, "0")}`,
      uniqueId: `AgAD${n.toString(36)}`,
      path: `${dir}/file_${n}${ext ?? (dir === "photos" ? ".jpg" : "")}`,
      data,
      ...(filename ? { filename } : {}),
      ...(mimeType ? { mimeType } : {}),
    };
    this.files.set(file.fileId, file);
    return file;
  }

  private sendMedia(p: Params, kind: "document" | "photo"): Message {
    const chat = this.chatFor(p);
    const input = p.file(kind);
    if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
    let data: Buffer;
    let filename: string;
    let declaredType = "";
    let url: string | undefined;
    let known: StoredFile | undefined;
    if (isUploadedFile(input)) {
      const file: UploadedFile = input;
      if (file.data.length === 0) throw badRequest("file must be non-empty");
      if (file.data.length > MAX_DOCUMENT) throw new ApiError(413, "Request Entity Too Large");
      data = file.data;
      filename = file.filename;
      declaredType = file.contentType;
    } else if (this.files.has(input)) {
      known = this.files.get(input)!;
      data = known.data;
      filename = known.filename ?? "file";
      declaredType = known.mimeType ?? "";
    } else if (/^https?:\/\//i.test(input)) {
      // Telegram would download it; the simulator records the URL only
      url = input;
      data = Buffer.alloc(0);
      filename = decodeURIComponent(new URL(input).pathname.split("/").pop() || "file");
    } else {
      throw badRequest("wrong file identifier/HTTP URL specified");
    }
    const image = kind === "photo" ? sniffImage(data) : null;
    if (kind === "photo" && !image && url === undefined) throw badRequest("IMAGE_PROCESS_FAILED");
    const caption = this.messageText(p, "caption");
    const replyMarkup = parseReplyMarkup(p.raw.reply_markup);
    const replyTo = this.replyTarget(chat, p);
    this.checkRate(kind === "photo" ? "sendphoto" : "senddocument", chat.id);

    const mimeType = kind === "photo" ? `image/${image?.type ?? "jpeg"}` : guessMimeType(filename, declaredType);
    const stored = known ?? this.storeFile(data, kind === "photo" ? "photos" : "documents", filename, mimeType);
    const msg = this.store(chat, {
      kind,
      text: caption.text,
      html: caption.raw,
      entities: caption.entities,
      disableNotification: p.bool("disable_notification"),
      ...(caption.text ? { caption: caption.text } : {}),
      ...(caption.parseMode ? { parseMode: caption.parseMode } : {}),
      ...(replyMarkup ? { replyMarkup } : {}),
      ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
      ...(kind === "document"
        ? { document: { filename, mimeType, data, fileId: stored.fileId, ...(url ? { url } : {}) } }
        : { photo: { data, fileId: stored.fileId, width: image?.width ?? 0, height: image?.height ?? 0 } }),
    });
    return this.toApiMessage(msg);
  }

  private getFile(p: Params): Record<string, unknown> {
    const id = p.str("file_id") ?? "";
    const file = this.files.get(id);
    if (!file) throw badRequest("invalid file_id");
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.data.length, file_path: file.path };
  }

  /** The bot message an edit/delete refers to, with Telegram's errors. */
  private targetMessage(p: Params, verb: "edit" | "delete"): { chat: ChatState; msg: SimMessage | undefined; id: number } {
    if (!p.has("chat_id") && p.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
    if (!p.has("chat_id")) throw badRequest("chat_id is empty");
    const chat = this.chatFor(p);
    const id = p.int("message_id");
    if (id === undefined || Number.isNaN(id) || id <= 0) throw badRequest("message identifier is not specified");
    const msg = chat.botMessages.get(id);
    if (msg && !msg.deleted) return { chat, msg, id };
    if (verb === "edit" && chat.userMessages.has(id)) throw badRequest("message can't be edited");
    if (verb === "delete" && chat.userMessages.has(id)) return { chat, msg: undefined, id };
    throw badRequest(`message to ${verb} not found`);
  }

  private inlineMarkup(p: Params): ReplyMarkup | undefined {
    const markup = parseReplyMarkup(p.raw.reply_markup);
    if (markup && !("inline_keyboard" in markup)) throw badRequest("inline keyboard expected");
    return markup;
  }

  private applyEdit(msg: SimMessage): void {
    msg.edits++;
    msg.seq = ++this.seq;
    msg.editDate = nowSec();
    this.changed();
  }

  private editMessageText(p: Params): Message {
    const { msg } = this.targetMessage(p, "edit");
    if (!msg) throw badRequest("message to edit not found");
    if (msg.kind !== "text") throw badRequest("there is no text in the message to edit");
    const text = this.messageText(p, "text");
    // without reply_markup the edit removes the inline keyboard, as on Telegram
    const replyMarkup = this.inlineMarkup(p);
    if (
      text.text === msg.text &&
      JSON.stringify(text.entities) === JSON.stringify(msg.entities) &&
      markupKey(replyMarkup) === markupKey(msg.replyMarkup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    msg.text = text.text;
    msg.html = text.raw;
    msg.entities = text.entities;
    if (text.parseMode) msg.parseMode = text.parseMode;
    else delete msg.parseMode;
    if (replyMarkup) msg.replyMarkup = replyMarkup;
    else delete msg.replyMarkup;
    this.applyEdit(msg);
    return this.toApiMessage(msg);
  }

  private editMessageCaption(p: Params): Message {
    const { msg } = this.targetMessage(p, "edit");
    if (!msg) throw badRequest("message to edit not found");
    if (msg.kind === "text") throw badRequest("there is no caption in the message to edit");
    const caption = this.messageText(p, "caption");
    const replyMarkup = this.inlineMarkup(p);
    if (
      caption.text === msg.text &&
      JSON.stringify(caption.entities) === JSON.stringify(msg.entities) &&
      markupKey(replyMarkup) === markupKey(msg.replyMarkup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    msg.text = caption.text;
    msg.html = caption.raw;
    msg.entities = caption.entities;
    if (caption.text) msg.caption = caption.text;
    else delete msg.caption;
    if (replyMarkup) msg.replyMarkup = replyMarkup;
    else delete msg.replyMarkup;
    this.applyEdit(msg);
    return this.toApiMessage(msg);
  }

  private editMessageReplyMarkup(p: Params): Message {
    const { msg } = this.targetMessage(p, "edit");
    if (!msg) throw badRequest("message to edit not found");
    const replyMarkup = this.inlineMarkup(p);
    if (markupKey(replyMarkup) === markupKey(msg.replyMarkup)) throw badRequest(NOT_MODIFIED);
    if (replyMarkup) msg.replyMarkup = replyMarkup;
    else delete msg.replyMarkup;
    this.applyEdit(msg);
    return this.toApiMessage(msg);
  }

  private deleteMessage(p: Params): boolean {
    const { chat, msg, id } = this.targetMessage(p, "delete");
    if (msg) {
      msg.deleted = true;
      this.changed();
      return true;
    }
    // a user's message: allowed in private chats, in groups only for admins
    if (chat.type !== "private" && chat.botStatus !== "administrator") {
      throw badRequest("message can't be deleted for everyone");
    }
    chat.userMessages.delete(id);
    return true;
  }

  private answerCallbackQuery(p: Params): boolean {
    const id = p.str("callback_query_id") ?? "";
    const query = this.callbackQueries.get(id);
    const expired = query && this.callbackTtl !== undefined && Date.now() - query.at > this.callbackTtl;
    if (!query || query.answered || expired) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = p.str("text");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    query.answered = true;
    const answer: CallbackAnswer = { id, at: Date.now() };
    if (text !== undefined && text !== "") answer.text = text;
    if (p.bool("show_alert")) answer.showAlert = true;
    const url = p.str("url");
    if (url) answer.url = url;
    this.callbackAnswers.push(answer);
    this.changed();
    return true;
  }

  private sendChatAction(p: Params): boolean {
    const chat = this.chatFor(p);
    const action = p.str("action") ?? "";
    if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
    this.chatActions.push({ chatId: chat.id, action, at: Date.now() });
    return true;
  }

  private commandKey(p: Params): string {
    const scope = parseScope(p.raw.scope);
    const lang = p.str("language_code") ?? "";
    if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("invalid language code specified");
    if ("chat_id" in scope) {
      const chat = this.chatFor(new Params({ chat_id: scope.chat_id }));
      return scopeKey({ ...scope, chat_id: chat.id }, lang);
    }
    return scopeKey(scope, lang);
  }

  private setMyCommands(p: Params): boolean {
    const commands = parseCommands(p.raw.commands);
    const key = this.commandKey(p);
    if (commands.length === 0) delete this.commands[key];
    else this.commands[key] = commands;
    return true;
  }

  private getMe(): User & Record<string, unknown> {
    return {
      ...this.botUser,
      can_join_groups: true,
      can_read_all_group_messages: !this.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  // ================================================================ control API: users and chats

  /** Registers (or updates) a user and returns it. `started` opens their private chat with the bot. */
  user(
    id: number,
    opts: { first_name?: string; last_name?: string; username?: string; language_code?: string; started?: boolean } = {},
  ): User {
    if (!Number.isInteger(id) || id <= 0) throw new Error(`user id must be a positive integer, got ${id}`);
    let user = this.users.get(id);
    if (!user) {
      user = { id, is_bot: false, first_name: opts.first_name ?? `User${id}`, language_code: opts.language_code ?? "id" };
      this.users.set(id, user);
    }
    if (opts.first_name !== undefined) user.first_name = opts.first_name;
    if (opts.last_name !== undefined) user.last_name = opts.last_name;
    if (opts.username !== undefined) user.username = opts.username;
    if (opts.language_code !== undefined) user.language_code = opts.language_code;
    if (opts.started) this.privateChat(id).opened = true;
    return user;
  }

  private privateChat(userId: number): ChatState {
    let chat = this.chats.get(userId);
    if (!chat) {
      chat = newChat(userId, "private", "member");
      chat.opened = false;
      this.chats.set(userId, chat);
    }
    return chat;
  }

  /**
   * Registers a group (id < 0; ids ≤ -1000000000000 default to supergroups) with the bot as a
   * member (or `botStatus`). No update is sent; use addBotToGroup for the join event.
   */
  group(
    id: number,
    title: string,
    opts: { type?: "group" | "supergroup"; botStatus?: MemberStatus; username?: string } = {},
  ): Chat {
    if (id >= 0) throw new Error(`group ids are negative, got ${id}`);
    let chat = this.chats.get(id);
    if (!chat) {
      const type = opts.type ?? (id <= -1_000_000_000_000 ? "supergroup" : "group");
      chat = newChat(id, type, opts.botStatus ?? "member");
      this.chats.set(id, chat);
    } else if (opts.botStatus) {
      chat.botStatus = opts.botStatus;
    }
    chat.title = title;
    if (opts.username) chat.username = opts.username;
    return this.chatObject(chat);
  }

  /** Sets a user's (or, with the bot's id, the bot's) status in a group. */
  setMemberStatus(chatId: number, userId: number, status: MemberStatus): void {
    const chat = this.requireChat(chatId);
    if (userId === this.botUser.id) chat.botStatus = status;
    else {
      this.user(userId);
      chat.members.set(userId, status);
    }
  }

  private requireChat(id: number): ChatState {
    const chat = this.chats.get(id);
    if (!chat) throw new Error(`TelegramSim: unknown chat ${id}; register it with group() first`);
    return chat;
  }

  /**
   * A user writes `text` in their private chat (default) or in `chatId`. Returns the update;
   * its update_id is 0 when Telegram would not deliver it to the bot (group privacy mode,
   * bot not in the group).
   */
  sendText(from: number, text: string, opts: { chatId?: number; replyToMessageId?: number } = {}): Update {
    const user = this.user(from);
    const chat = opts.chatId === undefined || opts.chatId === from ? this.privateChat(from) : this.requireChat(opts.chatId);
    if (chat.type === "private") {
      chat.opened = true;
      if (chat.botStatus === "kicked") this.unblock(from); // writing to a bot you blocked restarts it
    } else {
      if (chat.migratedTo !== undefined) throw new Error(`chat ${chat.id} was migrated to ${chat.migratedTo}`);
      const status = chat.members.get(from);
      if (status === undefined || status === "left" || status === "kicked") chat.members.set(from, "member");
    }
    const message: Message = { message_id: chat.nextMessageId++, from: user, chat: this.chatObject(chat), date: nowSec(), text };
    const entities = botCommandEntities(text);
    if (entities.length > 0) message.entities = entities;
    let repliesToBot = false;
    if (opts.replyToMessageId !== undefined) {
      const bot = chat.botMessages.get(opts.replyToMessageId);
      const replied = bot ? this.toApiMessage(bot, false) : chat.userMessages.get(opts.replyToMessageId);
      if (!replied) throw new Error(`no message ${opts.replyToMessageId} in chat ${chat.id}`);
      repliesToBot = bot !== undefined;
      message.reply_to_message = { ...replied, reply_to_message: undefined };
    }
    chat.userMessages.set(message.message_id, message);

    if (chat.type !== "private") {
      const inChat = chat.botStatus === "member" || chat.botStatus === "administrator" || chat.botStatus === "creator";
      const forBot =
        !this.privacyMode ||
        chat.botStatus === "administrator" ||
        repliesToBot ||
        entities.some((e) => {
          const at = text.slice(e.offset, e.offset + e.length).split("@")[1];
          return at === undefined || at.toLowerCase() === this.botUser.username!.toLowerCase();
        });
      if (!inChat || !forBot) {
        this.counters.undelivered++;
        return { update_id: 0, message: message as Update["message"] };
      }
    }
    return this.enqueue({ message: message as Update["message"] });
  }

  /**
   * A user presses an inline button on bot message `msg` with callback data `data` — any
   * string, including data the bot never sent and buttons of old messages.
   */
  pressButton(from: number, msg: { chatId: number; messageId: number }, data: string): Update {
    const user = this.user(from);
    const chat = this.requireChat(msg.chatId);
    const target = chat.botMessages.get(msg.messageId);
    if (!target) throw new Error(`no bot message ${msg.messageId} in chat ${msg.chatId}`);
    if (target.deleted) throw new Error(`message ${msg.messageId} in chat ${msg.chatId} was deleted`);
    const id = String(4_200_000_000_000_000 + this.nextCallbackId++);
    this.callbackQueries.set(id, { at: Date.now(), answered: false });
    const query: CallbackQuery = {
      id,
      from: user,
      message: this.toApiMessage(target),
      chat_instance: String(Math.abs(msg.chatId) * 7919 + 1_000_003),
      data,
    };
    return this.enqueue({ callback_query: query });
  }

  /** `by` adds the bot to a group: my_chat_member (left → member) plus the service message. */
  addBotToGroup(groupId: number, by: number): Update {
    const user = this.user(by);
    if (!this.chats.has(groupId)) this.group(groupId, `Group ${-groupId}`, { botStatus: "left" });
    const chat = this.requireChat(groupId);
    const old: MemberStatus = chat.botStatus === "kicked" ? "kicked" : "left";
    chat.botStatus = "member";
    if (!chat.members.has(by)) chat.members.set(by, "member");
    const update = this.enqueue({ my_chat_member: this.memberUpdate(chat, user, old, "member") });
    const service: Message = {
      message_id: chat.nextMessageId++,
      from: user,
      chat: this.chatObject(chat),
      date: nowSec(),
      new_chat_members: [this.botUser],
    };
    chat.userMessages.set(service.message_id, service);
    this.enqueue({ message: service as Update["message"] });
    return update;
  }

  /** `by` removes (kicks) the bot: later sends fail with 403 "bot was kicked from the group chat". */
  removeBotFromGroup(groupId: number, by: number): Update {
    const user = this.user(by);
    const chat = this.requireChat(groupId);
    const old = chat.botStatus;
    chat.botStatus = "kicked";
    return this.enqueue({ my_chat_member: this.memberUpdate(chat, user, old, "kicked") });
  }

  /** The user blocks the bot: my_chat_member (member → kicked); sends fail with 403. */
  blockBy(userId: number): Update {
    const user = this.user(userId);
    const chat = this.privateChat(userId);
    const old = chat.botStatus;
    chat.botStatus = "kicked";
    return this.enqueue({ my_chat_member: this.memberUpdate(chat, user, old, "kicked") });
  }

  /** The user unblocks (restarts) the bot. */
  unblock(chatId: number): Update {
    const user = this.user(chatId);
    const chat = this.privateChat(chatId);
    const old = chat.botStatus;
    chat.botStatus = "member";
    chat.opened = true;
    return this.enqueue({ my_chat_member: this.memberUpdate(chat, user, old, "member") });
  }

  /**
   * The group becomes supergroup `newId`: service messages migrate_to/migrate_from, and
   * later calls with oldId fail with 400 and parameters.migrate_to_chat_id.
   */
  migrateGroup(oldId: number, newId: number, by?: number): void {
    const old = this.requireChat(oldId);
    if (this.chats.has(newId)) throw new Error(`chat ${newId} already exists`);
    const sup = newChat(newId, "supergroup", old.botStatus);
    sup.title = old.title ?? "";
    sup.members = new Map(old.members);
    this.chats.set(newId, sup);
    old.migratedTo = newId;
    this.migrations.set(oldId, newId);
    const actorId = by ?? [...old.members.entries()].find(([, s]) => s === "creator")?.[0] ?? old.members.keys().next().value;
    const from = actorId !== undefined ? this.user(actorId) : this.user(1087968824, { first_name: "Group" });
    if (old.botStatus === "member" || old.botStatus === "administrator") {
      this.enqueue({
        message: { message_id: old.nextMessageId++, from, chat: this.chatObject(old), date: nowSec(), migrate_to_chat_id: newId } as Update["message"],
      });
      this.enqueue({
        message: { message_id: sup.nextMessageId++, from, chat: this.chatObject(sup), date: nowSec(), migrate_from_chat_id: oldId } as Update["message"],
      });
    }
  }

  /** Enqueues any other update (inline_query, edited_message, ...); update_id is assigned. */
  pushUpdate(partial: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const { update_id: _ignored, ...rest } = partial;
    return this.enqueue(rest);
  }

  /** The next `times` calls of `method` (optionally only for `chatId`) fail with this error. */
  failNext(method: string, err: FailSpec): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ ...err });
    this.failures.set(key, list);
  }

  // ================================================================ control API: observing

  messagesIn(chatId: number): SimMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  /** The last (not deleted) bot message in a chat. */
  lastMessage(chatId: number): SimMessage | undefined {
    return this.messagesIn(chatId).filter((m) => !m.deleted).at(-1);
  }

  buttons(msg: SimMessage | undefined): SimButton[] {
    return buttons(msg);
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
      if (quiet && this.queue.length === 0 && this.inflight === 0 && !this.webhookBusy) return;
      if (this.closed) throw new Error("TelegramSim closed");
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `waitForIdle timed out after ${timeoutMs} ms: ${this.queue.length} update(s) not yet confirmed by the bot, ` +
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
      updatesPending: this.queue.length,
      undelivered: this.counters.undelivered,
      webhookDeliveries: this.counters.webhookDeliveries,
      webhookFailures: this.counters.webhookFailures,
      webhookDropped: this.counters.webhookDropped,
    };
  }

  // ================================================================ helpers

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private touch(chatId: number | undefined): void {
    const now = Date.now();
    this.lastActivity = now;
    if (chatId !== undefined) this.chatActivity.set(chatId, now);
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
    if (this.queue.length > 0) lines.push(`${this.queue.length} update(s) still waiting for the bot — is it running?`);
    if (this.counters.undelivered > 0) {
      lines.push(`${this.counters.undelivered} group message(s) were not delivered (privacy mode or bot not in the group).`);
    }
    return lines.join("\n");
  }
}

// ---------------------------------------------------------------- module helpers

function newChat(id: number, type: ChatState["type"], botStatus: MemberStatus): ChatState {
  return {
    id,
    type,
    opened: true,
    botStatus,
    members: new Map(),
    nextMessageId: 1,
    userMessages: new Map(),
    botMessages: new Map(),
  };
}

const isPresent = (s: MemberStatus): boolean => s === "creator" || s === "administrator" || s === "member";

function getWindow(map: Map<number, Window>, key: number, limit: number, windowMs: number): Window {
  let w = map.get(key);
  if (!w) {
    w = new Window(limit, windowMs);
    map.set(key, w);
  }
  return w;
}

function toChatId(raw: unknown): number | undefined {
  if (typeof raw === "number" && Number.isInteger(raw)) return raw;
  if (typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
  return undefined;
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

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, "Request Entity Too Large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
