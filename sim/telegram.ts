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
 *
 * This file is the facade; the parts live in telegram/:
 * - transport: server.ts (HTTP, file download), polling.ts (getUpdates), webhook.ts
 * - update delivery: updates.ts (queue, offsets, allowed_updates)
 * - chat and member state: chats.ts; what users do: actions.ts
 * - Bot API methods: method.ts (what a handler is), dispatch.ts (recording, routing),
 *   sending.ts, editing.ts, messages.ts (text, storage, Message objects), files.ts, bot.ts,
 *   menu.ts (the chat menu button);
 *   request.ts, format.ts and markup.ts decode and validate what the bot sends
 * - test controls: controls.ts (failNext, flood limits)
 * - observation: observe.ts (messages, calls, waitFor, waitForIdle, stats)
 * - Mini Apps: webapp.ts (signed initData and the launch URL, as a Telegram client builds them)
 */
import type { BotCommand, Chat, MenuButton, Update, User } from "grammy/types";
import { UserActions } from "./telegram/actions.js";
import { BotMethods } from "./telegram/bot.js";
import { Chats, type GroupOptions, type UserOptions } from "./telegram/chats.js";
import { SimContext } from "./telegram/context.js";
import { Controls } from "./telegram/controls.js";
import { Dispatcher } from "./telegram/dispatch.js";
import { Editing } from "./telegram/editing.js";
import { FileStore } from "./telegram/files.js";
import { MenuButtons } from "./telegram/menu.js";
import { BotMessages } from "./telegram/messages.js";
import { Observer } from "./telegram/observe.js";
import { LongPolling } from "./telegram/polling.js";
import { Sending } from "./telegram/sending.js";
import { HttpFront, SimServer } from "./telegram/server.js";
import { buttons } from "./telegram/types.js";
import type {
  CallbackAnswer,
  ChatActionRecord,
  FailSpec,
  MemberStatus,
  RateLimits,
  SimButton,
  SimCall,
  SimMessage,
  SimStats,
  TelegramSimOptions,
  WaitForOptions,
} from "./telegram/types.js";
import { UpdateQueue } from "./telegram/updates.js";
import { WebhookDelivery } from "./telegram/webhook.js";
import { signInitData, webAppLaunchUrl, type InitDataOptions, type THEMES } from "./telegram/webapp.js";

export { ApiError } from "./telegram/request.js";
export type { ReplyMarkup } from "./telegram/markup.js";
export * from "./telegram/types.js";
export { signInitData, webAppLaunchUrl, THEMES } from "./telegram/webapp.js";

/** The simulator: one Telegram with one bot, its users and chats. */
export class TelegramSim {
  readonly token: string;
  readonly port: number;
  readonly apiRoot: string;
  readonly botUser: User;

  /** every message the bot sent, in order (live objects: edits/deletes update them) */
  readonly messages: SimMessage[];
  /** every API call, including failed ones and getUpdates */
  readonly calls: SimCall[];
  readonly callbackAnswers: CallbackAnswer[];
  readonly chatActions: ChatActionRecord[];
  /** setMyCommands lists by scope key: "default", "all_private_chats", "chat:-100…", "…#en" */
  readonly commands: Record<string, BotCommand[]>;

  private readonly ctx: SimContext;
  private readonly server: SimServer;
  private readonly observer: Observer;
  private readonly controls: Controls;
  private readonly polling: LongPolling;
  private readonly chats: Chats;
  private readonly bot: BotMethods;
  private readonly actions: UserActions;
  private readonly menus: MenuButtons;

  private constructor(server: SimServer, opts: TelegramSimOptions) {
    const ctx = new SimContext(opts);
    const host = opts.host ?? "127.0.0.1";
    this.ctx = ctx;
    this.server = server;
    this.port = server.port;
    this.token = ctx.token;
    this.botUser = ctx.botUser;
    this.apiRoot = `http://${host.includes(":") ? `[${host}]` : host}:${server.port}`;

    // The closures below reach parts built further down; they run only once updates or
    // requests arrive, when everything exists.
    const observer = new Observer({ pending: (): number => updates.length, delivering: (): boolean => webhook.delivering });
    const updates = new UpdateQueue(observer, (): void => (webhook.active ? void webhook.deliver() : polling.wake()));
    const controls = new Controls(observer, opts.limits ?? false);
    const polling = new LongPolling(ctx, updates, (): boolean => webhook.active);
    const webhook = new WebhookDelivery(ctx, observer, updates, polling, (method, params): Promise<unknown> => dispatcher.call(method, params));
    const chats = new Chats(ctx.botUser, updates);
    const files = new FileStore();
    const messages = new BotMessages(ctx, observer, chats, files);
    const bot = new BotMethods(ctx, observer, chats);
    const menus = new MenuButtons(chats);
    const dispatcher = new Dispatcher(observer, controls, {
      ...polling.methods(),
      ...webhook.methods(),
      ...new Sending(chats, messages, files, controls).methods(),
      ...new Editing(chats, messages).methods(),
      ...bot.methods(),
      ...menus.methods(),
      ...chats.methods(),
      ...files.methods(),
    });
    server.serve(new HttpFront(ctx, observer, files, dispatcher));

    this.observer = observer;
    this.controls = controls;
    this.polling = polling;
    this.chats = chats;
    this.bot = bot;
    this.menus = menus;
    this.actions = new UserActions(ctx, observer, chats, messages, bot, updates, files);
    this.messages = observer.messages;
    this.calls = observer.calls;
    this.callbackAnswers = observer.callbackAnswers;
    this.chatActions = observer.chatActions;
    this.commands = bot.commands;
  }

  /** Starts the HTTP server and resolves once it listens. */
  static async start(opts: TelegramSimOptions = {}): Promise<TelegramSim> {
    const server = await SimServer.listen(opts.port ?? 0, opts.host ?? "127.0.0.1");
    return new TelegramSim(server, opts);
  }

  /** Ends pending long polls (empty answer), stops webhook delivery and closes the server. */
  async close(): Promise<void> {
    if (this.ctx.closed) return;
    this.ctx.close();
    this.polling.endAll([]);
    this.observer.close(new Error("TelegramSim closed"));
    await this.server.close();
  }

  // ================================================================ settings

  /** Added to every API answer; mutable at run time. */
  get latencyMs(): number {
    return this.ctx.latencyMs;
  }
  set latencyMs(ms: number) {
    this.ctx.latencyMs = ms;
  }

  /** Group privacy mode (see TelegramSimOptions.privacyMode); mutable at run time. */
  get privacyMode(): boolean {
    return this.ctx.privacyMode;
  }
  set privacyMode(on: boolean) {
    this.ctx.privacyMode = on;
  }

  /** What setMyDescription / setMyShortDescription set. */
  get descriptions(): { description?: string; shortDescription?: string } {
    return this.bot.descriptions;
  }
  set descriptions(value: { description?: string; shortDescription?: string }) {
    this.bot.descriptions = value;
  }

  /** Replaces the flood limits (false: none) and forgets what was counted so far. */
  setLimits(limits: RateLimits | false): void {
    this.controls.setLimits(limits);
  }

  // ================================================================ control API: users and chats

  /** Registers (or updates) a user and returns it. `started` opens their private chat with the bot. */
  user(id: number, opts: UserOptions = {}): User {
    return this.chats.user(id, opts);
  }

  /**
   * Registers a group (id < 0; ids ≤ -1000000000000 default to supergroups) with the bot as a
   * member (or `botStatus`). No update is sent; use addBotToGroup for the join event.
   */
  group(id: number, title: string, opts: GroupOptions = {}): Chat {
    return this.chats.group(id, title, opts);
  }

  /** Sets a user's (or, with the bot's id, the bot's) status in a group. */
  setMemberStatus(chatId: number, userId: number, status: MemberStatus): void {
    this.chats.setMemberStatus(chatId, userId, status);
  }

  /**
   * A user writes `text` in their private chat (default) or in `chatId`. Returns the update;
   * its update_id is 0 when Telegram would not deliver it to the bot (group privacy mode,
   * bot not in the group).
   */
  sendText(from: number, text: string, opts: { chatId?: number; replyToMessageId?: number } = {}): Update {
    return this.actions.sendText(from, text, opts);
  }

  /**
   * A user sends a document (a file of `data` named `filename`) in their private chat (default)
   * or in `chatId`, with an optional caption. The bot can getFile and download it. `fileSize`
   * overrides the size Telegram reports (a big file without the bytes).
   */
  sendDocument(from: number, data: Buffer, filename: string, opts: { chatId?: number; mimeType?: string; caption?: string; fileSize?: number } = {}): Update {
    return this.actions.sendFile(from, "document", data, { ...opts, filename });
  }

  /** A user sends a photo (any bytes) with an optional caption. */
  sendPhoto(from: number, data: Buffer, opts: { chatId?: number; caption?: string } = {}): Update {
    return this.actions.sendFile(from, "photo", data, opts);
  }

  /**
   * A user presses an inline button on bot message `msg` with callback data `data` — any
   * string, including data the bot never sent and buttons of old messages.
   */
  pressButton(from: number, msg: { chatId: number; messageId: number }, data: string): Update {
    return this.actions.pressButton(from, msg, data);
  }

  /** `by` adds the bot to a group: my_chat_member (left → member) plus the service message. */
  addBotToGroup(groupId: number, by: number): Update {
    return this.actions.addBotToGroup(groupId, by);
  }

  /** `by` removes (kicks) the bot: later sends fail with 403 "bot was kicked from the group chat". */
  removeBotFromGroup(groupId: number, by: number): Update {
    return this.actions.removeBotFromGroup(groupId, by);
  }

  /** The user blocks the bot: my_chat_member (member → kicked); sends fail with 403. */
  blockBy(userId: number): Update {
    return this.actions.blockBy(userId);
  }

  /** The user unblocks (restarts) the bot. */
  unblock(chatId: number): Update {
    return this.actions.unblock(chatId);
  }

  /**
   * The group becomes supergroup `newId`: service messages migrate_to/migrate_from, and
   * later calls with oldId fail with 400 and parameters.migrate_to_chat_id.
   */
  migrateGroup(oldId: number, newId: number, by?: number): void {
    this.actions.migrateGroup(oldId, newId, by);
  }

  /** Enqueues any other update (inline_query, edited_message, ...); update_id is assigned. */
  pushUpdate(partial: Omit<Update, "update_id"> & { update_id?: number }): Update {
    return this.actions.pushUpdate(partial);
  }

  /** The next `times` calls of `method` (optionally only for `chatId`) fail with this error. */
  failNext(method: string, err: FailSpec): void {
    this.controls.failNext(method, err);
  }

  // ================================================================ control API: observing

  /** The bot's messages in one chat, deleted ones included. */
  messagesIn(chatId: number): SimMessage[] {
    return this.observer.messagesIn(chatId);
  }

  /** The last (not deleted) bot message in a chat. */
  lastMessage(chatId: number): SimMessage | undefined {
    return this.observer.lastMessage(chatId);
  }

  /** Flattened buttons of a message (as the exported buttons()). */
  buttons(msg: SimMessage | undefined): SimButton[] {
    return buttons(msg);
  }

  /** The current global seq; pass it as `since` to wait only for later messages/edits. */
  mark(): number {
    return this.observer.mark();
  }

  /**
   * Resolves with the first bot message (new or edited after `since`, not deleted) in the
   * chat whose current state matches; rejects with what the chat did receive on timeout.
   */
  waitFor(opts: WaitForOptions = {}): Promise<SimMessage> {
    return this.observer.waitFor(opts);
  }

  /** Resolves with the answer to callback query `id` (from pressButton's update). */
  waitForCallbackAnswer(id: string, timeoutMs = 5000): Promise<CallbackAnswer> {
    return this.observer.waitForCallbackAnswer(id, timeoutMs);
  }

  /**
   * Resolves when the bot has confirmed every update (webhook: delivered), has no API request
   * in flight and made no call concerning `chatId` (or none at all) for `quietMs`.
   */
  waitForIdle(chatId?: number, quietMs = 150, timeoutMs = 10_000): Promise<void> {
    return this.observer.waitForIdle(chatId, quietMs, timeoutMs);
  }

  /** The menu button `chatId`'s user sees (setChatMenuButton; "commands" unless the bot set one). */
  menuButton(chatId: number): MenuButton {
    return this.menus.get(chatId);
  }

  // ================================================================ Mini Apps

  /** initData for user `userId` as the Telegram client hands it to a Mini App, signed with this bot's token. */
  webAppInitData(userId: number, opts: InitDataOptions = {}): string {
    const user = this.chats.knownUser(userId) ?? this.chats.user(userId);
    return signInitData(this.token, user, opts);
  }

  /** The URL a Telegram client loads to open the Mini App at `url` for `userId`. */
  webAppUrl(url: string, userId: number, opts: InitDataOptions & { theme?: keyof typeof THEMES } = {}): string {
    return webAppLaunchUrl(url, this.webAppInitData(userId, opts), { theme: opts.theme });
  }

  /** Counters over the simulator's life. */
  stats(): SimStats {
    return this.observer.stats();
  }
}
