/**
 * Bot API methods about the bot itself and its small answers: getMe, logOut/close, the
 * command lists (setMyCommands by scope and language), descriptions, chat actions, and
 * answers to callback queries (which pressButton opens).
 */
import type { BotCommand, User } from "grammy/types";
import type { Chats } from "./chats.js";
import type { SimContext } from "./context.js";
import type { MethodTable } from "./method.js";
import { parseCommands, parseScope, scopeKey } from "./markup.js";
import type { Observer } from "./observe.js";
import { badRequest, Params } from "./request.js";
import type { CallbackAnswer } from "./types.js";

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

/** The bot's settings as it set them, and the callback queries it may still answer. */
export class BotMethods {
  /** setMyCommands lists by scope key: "default", "all_private_chats", "chat:-100…", "…#en" */
  readonly commands: Record<string, BotCommand[]> = {};
  descriptions: { description?: string; shortDescription?: string } = {};
  private readonly callbackQueries = new Map<string, { at: number; answered: boolean }>();
  private nextCallbackId = 1;

  constructor(
    private readonly ctx: SimContext,
    private readonly observer: Observer,
    private readonly chats: Chats,
  ) {}

  methods(): MethodTable {
    return {
      getme: () => this.getMe(),
      logout: () => true,
      close: () => true,
      setmycommands: (p) => {
        const commands = parseCommands(p.raw.commands);
        const key = this.commandKey(p);
        if (commands.length === 0) delete this.commands[key];
        else this.commands[key] = commands;
        return true;
      },
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
      sendchataction: (p) => {
        const chat = this.chats.chatFor(p);
        const action = p.str("action") ?? "";
        if (!CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
        this.observer.chatActions.push({ chatId: chat.id, action, at: Date.now() });
        return true;
      },
      answercallbackquery: (p) => this.answerCallbackQuery(p),
    };
  }

  /** Opens a callback query (a button press) and returns its id. */
  openCallbackQuery(): string {
    const id = String(4_200_000_000_000_000 + this.nextCallbackId++);
    this.callbackQueries.set(id, { at: Date.now(), answered: false });
    return id;
  }

  private getMe(): User & Record<string, unknown> {
    return {
      ...this.ctx.botUser,
      can_join_groups: true,
      can_read_all_group_messages: !this.ctx.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  /** The key of `commands` for a call's scope and language_code. */
  private commandKey(p: Params): string {
    const scope = parseScope(p.raw.scope);
    const lang = p.str("language_code") ?? "";
    if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("invalid language code specified");
    if ("chat_id" in scope) {
      const chat = this.chats.chatFor(new Params({ chat_id: scope.chat_id }));
      return scopeKey({ ...scope, chat_id: chat.id }, lang);
    }
    return scopeKey(scope, lang);
  }

  private answerCallbackQuery(p: Params): boolean {
    const id = p.str("callback_query_id") ?? "";
    const query = this.callbackQueries.get(id);
    const ttl = this.ctx.callbackTtl;
    const expired = query && ttl !== undefined && Date.now() - query.at > ttl;
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
    this.observer.callbackAnswers.push(answer);
    this.observer.changed();
    return true;
  }
}
