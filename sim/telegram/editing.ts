/** Bot API methods on sent messages: editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage. */
import type { Message } from "grammy/types";
import type { ChatState, Chats } from "./chats.js";
import type { MethodTable } from "./method.js";
import { markupKey, parseReplyMarkup, type ReplyMarkup } from "./markup.js";
import type { BotMessages } from "./messages.js";
import { badRequest, type Params } from "./request.js";
import type { SimMessage } from "./types.js";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/** The editing and deleting methods. */
export class Editing {
  constructor(
    private readonly chats: Chats,
    private readonly messages: BotMessages,
  ) {}

  methods(): MethodTable {
    return {
      editmessagetext: (p) => this.editText(p, "text"),
      editmessagecaption: (p) => this.editText(p, "caption"),
      editmessagereplymarkup: (p) => this.editReplyMarkup(p),
      deletemessage: (p) => this.deleteMessage(p),
    };
  }

  /** editMessageText (`key` "text", text messages) or editMessageCaption ("caption", media). */
  private editText(p: Params, key: "text" | "caption"): Message {
    const msg = this.editable(p);
    if ((msg.kind === "text") !== (key === "text")) throw badRequest(`there is no ${key} in the message to edit`);
    const input = this.messages.input(p, key);
    // without reply_markup the edit removes the inline keyboard, as on Telegram
    const replyMarkup = inlineMarkup(p);
    if (
      input.text === msg.text &&
      JSON.stringify(input.entities) === JSON.stringify(msg.entities) &&
      markupKey(replyMarkup) === markupKey(msg.replyMarkup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    msg.text = input.text;
    msg.html = input.raw;
    msg.entities = input.entities;
    if (key === "text") {
      if (input.parseMode) msg.parseMode = input.parseMode;
      else delete msg.parseMode;
    } else if (input.text) {
      msg.caption = input.text;
    } else {
      delete msg.caption;
    }
    return this.finishEdit(msg, replyMarkup);
  }

  private editReplyMarkup(p: Params): Message {
    const msg = this.editable(p);
    const replyMarkup = inlineMarkup(p);
    if (markupKey(replyMarkup) === markupKey(msg.replyMarkup)) throw badRequest(NOT_MODIFIED);
    return this.finishEdit(msg, replyMarkup);
  }

  private finishEdit(msg: SimMessage, replyMarkup: ReplyMarkup | undefined): Message {
    if (replyMarkup) msg.replyMarkup = replyMarkup;
    else delete msg.replyMarkup;
    this.messages.edited(msg);
    return this.messages.toApiMessage(msg);
  }

  private deleteMessage(p: Params): boolean {
    const { chat, msg, id } = this.target(p, "delete");
    if (msg) {
      this.messages.deleted(msg);
      return true;
    }
    // a user's message: allowed in private chats, in groups only for admins
    if (chat.type !== "private" && chat.botStatus !== "administrator") {
      throw badRequest("message can't be deleted for everyone");
    }
    chat.userMessages.delete(id);
    return true;
  }

  /** The bot message an edit refers to. */
  private editable(p: Params): SimMessage {
    const { msg } = this.target(p, "edit");
    if (!msg) throw badRequest("message to edit not found");
    return msg;
  }

  /** The bot message an edit/delete refers to, with Telegram's errors; `msg` is undefined for a user's message. */
  private target(p: Params, verb: "edit" | "delete"): { chat: ChatState; msg: SimMessage | undefined; id: number } {
    if (!p.has("chat_id") && p.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
    if (!p.has("chat_id")) throw badRequest("chat_id is empty");
    const chat = this.chats.chatFor(p);
    const id = p.int("message_id");
    if (id === undefined || Number.isNaN(id) || id <= 0) throw badRequest("message identifier is not specified");
    const msg = chat.botMessages.get(id);
    if (msg && !msg.deleted) return { chat, msg, id };
    if (verb === "edit" && chat.userMessages.has(id)) throw badRequest("message can't be edited");
    if (verb === "delete" && chat.userMessages.has(id)) return { chat, msg: undefined, id };
    throw badRequest(`message to ${verb} not found`);
  }
}

/** reply_markup of an edit: only an inline keyboard (or none) is allowed. */
function inlineMarkup(p: Params): ReplyMarkup | undefined {
  const markup = parseReplyMarkup(p.raw.reply_markup);
  if (markup && !("inline_keyboard" in markup)) throw badRequest("inline keyboard expected");
  return markup;
}
