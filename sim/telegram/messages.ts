/**
 * The bot's messages: how a text or caption parameter becomes plain text + entities (with
 * Telegram's limits and errors), how a sent message is kept and edited in place, and the Bot
 * API Message object the methods return and updates carry.
 */
import type { Message, MessageEntity, User } from "grammy/types";
import type { ChatState, Chats } from "./chats.js";
import { nowSec, type SimContext } from "./context.js";
import type { FileStore } from "./files.js";
import { hasLoneSurrogate, parseText, ParseEntitiesError, UnsupportedParseModeError, type FormattedText } from "./format.js";
import type { Observer } from "./observe.js";
import { badRequest, type Params } from "./request.js";
import type { SimMessage } from "./types.js";

/** A text or caption parameter after parsing, with its source and parse mode. */
export type MessageInput = FormattedText & { raw: string; parseMode?: string };

/** What a sending method fills in; the store adds ids, seq, date and the edit state. */
export type NewMessage = Omit<SimMessage, "chatId" | "messageId" | "edits" | "seq" | "deleted" | "date">;

/** The bot's messages across all chats. */
export class BotMessages {
  private readonly botUser: User;

  constructor(
    private readonly ctx: SimContext,
    private readonly observer: Observer,
    private readonly chats: Chats,
    private readonly files: FileStore,
  ) {
    this.botUser = ctx.botUser;
  }

  /** Parses parameter `key` (with parse_mode and entities/caption_entities) under Telegram's limits. */
  input(p: Params, key: "text" | "caption"): MessageInput {
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

  /** Keeps a new bot message in its chat and in `messages`, and wakes the waits. */
  store(chat: ChatState, fields: NewMessage): SimMessage {
    const msg: SimMessage = {
      chatId: chat.id,
      messageId: chat.nextMessageId++,
      ...fields,
      edits: 0,
      seq: this.observer.nextSeq(),
      deleted: false,
      date: nowSec(),
    };
    chat.botMessages.set(msg.messageId, msg);
    this.observer.messages.push(msg);
    this.observer.changed();
    return msg;
  }

  /** Counts an edit made to `msg` in place: a new seq and edit date, and the waits re-checked. */
  edited(msg: SimMessage): void {
    msg.edits++;
    msg.seq = this.observer.nextSeq();
    msg.editDate = nowSec();
    this.observer.changed();
  }

  /** Marks `msg` deleted (it stays in `messages`) and wakes the waits. */
  deleted(msg: SimMessage): void {
    msg.deleted = true;
    this.observer.changed();
  }

  /** The Bot API Message object for a stored bot message. */
  toApiMessage(m: SimMessage, withReply = true): Message {
    const chat = this.chats.get(m.chatId);
    const msg: Message = {
      message_id: m.messageId,
      from: this.botUser,
      chat: chat ? this.chats.chatObject(chat) : { id: m.chatId, type: "group", title: "" },
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
      const replied = this.repliedMessage(chat, m.replyToMessageId);
      if (replied) msg.reply_to_message = { ...replied, reply_to_message: undefined };
    }
    return msg;
  }

  /** The message `id` in `chat` (the bot's or a user's) as a reply_to_message carries it. */
  repliedMessage(chat: ChatState, id: number): Message | undefined {
    const bot = chat.botMessages.get(id);
    return bot ? this.toApiMessage(bot, false) : chat.userMessages.get(id);
  }

  private format(text: string, parseMode: string | undefined, explicitEntities: unknown): FormattedText {
    if (hasLoneSurrogate(text)) throw badRequest("strings must be encoded in UTF-8");
    try {
      if (!parseMode && Array.isArray(explicitEntities)) {
        return { text, entities: explicitEntities as MessageEntity[] };
      }
      const formatted = parseText(text, parseMode, { strictAmpersand: this.ctx.strictHtml });
      for (const e of formatted.entities) {
        if (e.type === "text_mention") {
          const user = this.chats.knownUser(e.user.id);
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
}
