/**
 * The menu button beside the message field of a private chat (setChatMenuButton,
 * getChatMenuButton): "commands" (Telegram's default), or a web_app button that opens a Mini
 * App. Without chat_id the call sets the default of every private chat.
 */
import type { MenuButton } from "grammy/types";
import type { Chats } from "./chats.js";
import type { MethodTable } from "./method.js";
import { webAppUrl } from "./markup.js";
import { badRequest, decodeJson, type Params } from "./request.js";

const CONTEXT = "can't parse menu button";

function parseMenuButton(value: unknown): MenuButton {
  const v = decodeJson(value, "can't parse menu button JSON object");
  if (v === undefined) return { type: "default" };
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw badRequest(`${CONTEXT}: MenuButton must be an Object`);
  const o = v as Record<string, unknown>;
  if (o.type === "default" || o.type === "commands") return { type: o.type };
  if (o.type !== "web_app") throw badRequest(`${CONTEXT}: Unsupported type specified`);
  const text = typeof o.text === "string" ? o.text.trim() : "";
  if (text === "") throw badRequest(`${CONTEXT}: Can't find field "text"`);
  return { type: "web_app", text, web_app: { url: webAppUrl(o.web_app, CONTEXT) } };
}

/** Menu buttons by private chat, and the default. */
export class MenuButtons {
  private readonly byChat = new Map<number, MenuButton>();
  private fallback: MenuButton = { type: "commands" };

  constructor(private readonly chats: Chats) {}

  methods(): MethodTable {
    return {
      setchatmenubutton: (p) => {
        const button = parseMenuButton(p.raw.menu_button);
        if (!p.has("chat_id")) {
          this.fallback = button.type === "default" ? { type: "commands" } : button;
          return true;
        }
        const chat = this.privateChat(p);
        if (button.type === "default") this.byChat.delete(chat);
        else this.byChat.set(chat, button);
        return true;
      },
      getchatmenubutton: (p) => (p.has("chat_id") ? this.get(this.privateChat(p)) : this.fallback),
    };
  }

  /** The menu button a user sees in their private chat with the bot. */
  get(chatId: number): MenuButton {
    return this.byChat.get(chatId) ?? this.fallback;
  }

  private privateChat(p: Params): number {
    const chat = this.chats.chatFor(p);
    if (chat.type !== "private") throw badRequest("method is available only for private chats");
    return chat.id;
  }
}
