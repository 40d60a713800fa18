/**
 * reply_markup and setMyCommands validation with the Bot API server's rules and error texts
 * (get_reply_markup / get_inline_keyboard_button in Client.cpp of github.com/tdlib/telegram-bot-api,
 * and the server-side errors such as BUTTON_DATA_INVALID).
 */
import type {
  BotCommand,
  BotCommandScope,
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { badRequest, decodeJson } from "./request.js";
import { checkedLink } from "./format-core.js";

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** tdlib JSON string fields also accept numbers. */
function stringField(obj: Json, key: string, required: boolean, context: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`${context}: Can't find field "${key}"`);
    return undefined;
  }
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  throw badRequest(`${context}: Field "${key}" must be of type String`);
}

const INLINE_CONTEXT = "can't parse inline keyboard button";
/** Button kinds in the order the Bot API server checks them; the first present one wins. */
const INLINE_KINDS = [
  "url",
  "login_url",
  "callback_data",
  "callback_game",
  "pay",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "web_app",
  "copy_text",
] as const;

function inlineButton(value: unknown): InlineKeyboardButton {
  if (!isObject(value)) throw badRequest(`${INLINE_CONTEXT}: InlineKeyboardButton must be an Object`);
  const text = stringField(value, "text", true, INLINE_CONTEXT)!;
  if (text.trim() === "") throw badRequest("BUTTON_TEXT_INVALID");
  for (const kind of INLINE_KINDS) {
    const v = value[kind];
    if (v === undefined || v === null || v === "" || v === false) continue;
    if (kind === "url") {
      const url = stringField(value, "url", false, INLINE_CONTEXT)!;
      if (checkedLink(url) === null) throw badRequest("BUTTON_URL_INVALID");
      return { text, url };
    }
    if (kind === "callback_data") {
      const data = stringField(value, "callback_data", false, INLINE_CONTEXT)!;
      // 1–64 bytes of UTF-8, not characters
      if (Buffer.byteLength(data, "utf8") > 64) throw badRequest("BUTTON_DATA_INVALID");
      return { text, callback_data: data };
    }
    if (kind === "web_app") return { text, web_app: { url: webAppUrl(v, INLINE_CONTEXT) } };
    if (kind === "switch_inline_query" || kind === "switch_inline_query_current_chat") {
      // an empty string is valid for these two
      return { text, [kind]: String(v) } as unknown as InlineKeyboardButton;
    }
    return { text, [kind]: v } as unknown as InlineKeyboardButton;
  }
  // switch_inline_query "" is a valid button too
  if (value.switch_inline_query === "") return { text, switch_inline_query: "" };
  if (value.switch_inline_query_current_chat === "") return { text, switch_inline_query_current_chat: "" };
  throw badRequest(`${INLINE_CONTEXT}: Text buttons are unallowed in the inline keyboard`);
}

/**
 * A WebAppInfo's url: Telegram opens only HTTPS Mini Apps. Like Telegram's test environment,
 * the simulator also takes plain http on a loopback host, so the demo can serve the panel locally.
 */
export function webAppUrl(value: unknown, context: string): string {
  if (!isObject(value)) throw badRequest(`${context}: Field "web_app" must be of type Object`);
  const url = stringField(value, "url", true, context)!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("BUTTON_URL_INVALID");
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) throw badRequest("BUTTON_URL_INVALID");
  return url;
}

/** Whether an inline keyboard has a web_app button (allowed in private chats only). */
export function hasWebAppButton(markup: ReplyMarkup | undefined): boolean {
  return markup !== undefined && "inline_keyboard" in markup && markup.inline_keyboard.some((row) => row.some((b) => "web_app" in b));
}

function keyboardButton(value: unknown): KeyboardButton {
  const context = "can't parse keyboard button";
  if (typeof value === "string") return { text: value };
  if (!isObject(value)) throw badRequest(`${context}: KeyboardButton must be a String or an Object`);
  const text = stringField(value, "text", true, context)!;
  return { ...value, text } as KeyboardButton;
}

function rows<T>(value: unknown, field: string, type: string, parse: (b: unknown) => T): T[][] {
  if (!Array.isArray(value)) throw badRequest(`field "${field}" of the ${type} must be an Array`);
  return value.map((row: unknown) => {
    if (!Array.isArray(row)) throw badRequest(`field "${field}" of the ${type} must be an Array of Arrays`);
    return row.map(parse);
  });
}

/**
 * Validates and normalizes reply_markup (object or its JSON string). Returns undefined for
 * "no markup" (absent, or an empty keyboard — the server drops those silently).
 */
export function parseReplyMarkup(value: unknown): ReplyMarkup | undefined {
  const v = decodeJson(value, "can't parse reply keyboard markup JSON object");
  if (v === undefined) return undefined;
  if (!isObject(v)) throw badRequest("object expected as reply markup");

  if (v.inline_keyboard !== undefined) {
    const keyboard = rows(v.inline_keyboard, "inline_keyboard", "InlineKeyboardMarkup", inlineButton).filter(
      (r) => r.length > 0,
    );
    const count = keyboard.reduce((n, r) => n + r.length, 0);
    if (count > 100) throw badRequest("reply markup is too long");
    return count === 0 ? undefined : { inline_keyboard: keyboard };
  }
  if (v.keyboard !== undefined) {
    const keyboard = rows(v.keyboard, "keyboard", "ReplyKeyboardMarkup", keyboardButton).filter((r) => r.length > 0);
    const count = keyboard.reduce((n, r) => n + r.length, 0);
    if (count > 300) throw badRequest("reply markup is too long");
    if (count === 0) return undefined;
    const markup: ReplyKeyboardMarkup = { keyboard };
    for (const flag of ["is_persistent", "resize_keyboard", "one_time_keyboard", "selective"] as const) {
      if (v[flag] === true) markup[flag] = true;
    }
    if (typeof v.input_field_placeholder === "string") markup.input_field_placeholder = v.input_field_placeholder;
    return markup;
  }
  if (v.remove_keyboard !== undefined || v.hide_keyboard !== undefined) {
    return v.selective === true ? { remove_keyboard: true, selective: true } : { remove_keyboard: true };
  }
  if (v.force_reply !== undefined) {
    const markup: ForceReply = { force_reply: true };
    if (typeof v.input_field_placeholder === "string") markup.input_field_placeholder = v.input_field_placeholder;
    if (v.selective === true) markup.selective = true;
    return markup;
  }
  return undefined;
}

/** Canonical string for "message is not modified" comparisons. */
export function markupKey(markup: ReplyMarkup | undefined): string {
  return markup && "inline_keyboard" in markup ? JSON.stringify(markup.inline_keyboard) : "";
}

// ---------------------------------------------------------------- commands

/** Validates setMyCommands' `commands` the way tdlib + the server do. */
export function parseCommands(value: unknown): BotCommand[] {
  const v = decodeJson(value, "can't parse commands JSON object");
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badRequest("expected an Array of BotCommand");
  if (v.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return v.map((item: unknown): BotCommand => {
    if (!isObject(item)) throw badRequest("can't parse BotCommand: expected an Object");
    let command = stringField(item, "command", true, "can't parse BotCommand")!.trim();
    const description = stringField(item, "description", true, "can't parse BotCommand")!.trim();
    if (command.startsWith("/")) command = command.slice(1);
    if (command === "") throw badRequest("command must be non-empty");
    if ([...command].length > 32) throw badRequest("command length must not exceed 32");
    if (!/^[a-z0-9_]+$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    if (description === "") throw badRequest("command description must be non-empty");
    if ([...description].length > 256) throw badRequest("command description length must not exceed 256");
    return { command, description };
  });
}

const SCOPE_TYPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

/** Parses a BotCommandScope; chat scopes need chat_id, chat_member also user_id. */
export function parseScope(value: unknown): BotCommandScope {
  const v = decodeJson(value, "can't parse BotCommandScope JSON object");
  if (v === undefined) return { type: "default" };
  if (!isObject(v)) throw badRequest("can't parse BotCommandScope: expected an Object");
  const type = typeof v.type === "string" ? v.type : "";
  if (!SCOPE_TYPES.has(type)) throw badRequest("can't parse BotCommandScope: Unsupported type specified");
  if (type === "chat" || type === "chat_administrators" || type === "chat_member") {
    const chatId = typeof v.chat_id === "string" && /^-?\d+$/.test(v.chat_id) ? Number(v.chat_id) : v.chat_id;
    if (typeof chatId !== "number" && typeof chatId !== "string") throw badRequest("chat not found");
    if (type === "chat_member") {
      const userId = Number(v.user_id);
      if (!Number.isInteger(userId) || userId <= 0) throw badRequest("invalid user_id specified");
      return { type, chat_id: chatId, user_id: userId };
    }
    return { type, chat_id: chatId } as BotCommandScope;
  }
  return { type } as BotCommandScope;
}

/** Storage key for a command list: scope (with chat/user) plus language code. */
export function scopeKey(scope: BotCommandScope, languageCode = ""): string {
  let key: string = scope.type;
  if ("chat_id" in scope) key += `:${scope.chat_id}`;
  if ("user_id" in scope) key += `:${scope.user_id}`;
  return languageCode ? `${key}#${languageCode}` : key;
}

