/**
 * What simulated people do, as updates for the bot: write text, press buttons, add, kick or
 * block the bot, upgrade a group. Group messages pass through privacy mode as on Telegram.
 */
import type { CallbackQuery, Message, Update, User } from "grammy/types";
import type { BotMethods } from "./bot.js";
import type { Chats, ChatState } from "./chats.js";
import { nowSec, type SimContext } from "./context.js";
import { botCommandEntities } from "./format.js";
import type { FileStore } from "./files.js";
import { guessMimeType } from "./request.js";
import type { BotMessages } from "./messages.js";
import type { Observer } from "./observe.js";
import type { MemberStatus } from "./types.js";
import type { NewUpdate, UpdateQueue } from "./updates.js";

/** Telegram's "Group" user, the sender of a migration nobody in the chat is known for. */
const GROUP_ANONYMOUS_BOT = 1087968824;

/** The users' side of the chats. */
export class UserActions {
  private readonly botUser: User;

  constructor(
    private readonly ctx: SimContext,
    private readonly observer: Observer,
    private readonly chats: Chats,
    private readonly messages: BotMessages,
    private readonly bot: BotMethods,
    private readonly updates: UpdateQueue,
    private readonly files: FileStore,
  ) {
    this.botUser = ctx.botUser;
  }

  /** See TelegramSim.sendText. */
  sendText(from: number, text: string, opts: { chatId?: number; replyToMessageId?: number } = {}): Update {
    const { user, chat } = this.writer(from, opts.chatId);
    const message = this.userMessage(chat, user, { text });
    const entities = botCommandEntities(text);
    if (entities.length > 0) message.entities = entities;
    return this.deliver(chat, message, text, entities, opts.replyToMessageId);
  }

  /**
   * See TelegramSim.sendDocument / sendPhoto: a user sends a file (with an optional caption);
   * the bot can getFile and download it like any file (files.ts).
   */
  sendFile(from: number, kind: "document" | "photo", data: Buffer, opts: { chatId?: number; filename?: string; mimeType?: string; caption?: string; fileSize?: number } = {}): Update {
    const { user, chat } = this.writer(from, opts.chatId);
    const mimeType = kind === "document" ? guessMimeType(opts.filename ?? "", opts.mimeType ?? "") : "image/jpeg";
    const stored = this.files.add(data, kind === "photo" ? "photos" : "documents", opts.filename, mimeType);
    const size = opts.fileSize ?? data.length;
    const content: Partial<Message> =
      kind === "document"
        ? {
            document: {
              file_id: stored.fileId,
              file_unique_id: stored.uniqueId,
              ...(opts.filename ? { file_name: opts.filename } : {}),
              mime_type: mimeType,
              file_size: size,
            },
          }
        : { photo: [{ file_id: stored.fileId, file_unique_id: stored.uniqueId, width: 640, height: 480, file_size: size }] };
    const caption = opts.caption ?? "";
    const message = this.userMessage(chat, user, caption ? { ...content, caption } : content);
    const entities = botCommandEntities(caption);
    if (entities.length > 0) message.caption_entities = entities;
    return this.deliver(chat, message, caption, entities);
  }

  /** The sender and the chat written to (their private chat unless `chatId`), as Telegram sets them up. */
  private writer(from: number, chatId: number | undefined): { user: User; chat: ChatState } {
    const user = this.chats.user(from);
    const chat = chatId === undefined || chatId === from ? this.chats.privateChat(from) : this.chats.require(chatId);
    if (chat.type === "private") {
      chat.opened = true;
      if (chat.botStatus === "kicked") this.unblock(from); // writing to a bot you blocked restarts it
    } else {
      if (chat.migratedTo !== undefined) throw new Error(`chat ${chat.id} was migrated to ${chat.migratedTo}`);
      const status = chat.members.get(from);
      if (status === undefined || status === "left" || status === "kicked") chat.members.set(from, "member");
    }
    return { user, chat };
  }

  /** Keeps the user's message and queues it for the bot, unless group privacy mode hides it. */
  private deliver(chat: ChatState, message: Message, text: string, entities: ReturnType<typeof botCommandEntities>, replyToMessageId?: number): Update {
    const opts = { replyToMessageId };
    let repliesToBot = false;
    if (opts.replyToMessageId !== undefined) {
      const replied = this.messages.repliedMessage(chat, opts.replyToMessageId);
      if (!replied) throw new Error(`no message ${opts.replyToMessageId} in chat ${chat.id}`);
      repliesToBot = chat.botMessages.has(opts.replyToMessageId);
      message.reply_to_message = { ...replied, reply_to_message: undefined };
    }
    chat.userMessages.set(message.message_id, message);

    if (chat.type !== "private") {
      const inChat = chat.botStatus === "member" || chat.botStatus === "administrator" || chat.botStatus === "creator";
      const forBot =
        !this.ctx.privacyMode ||
        chat.botStatus === "administrator" ||
        repliesToBot ||
        entities.some((e) => {
          const at = text.slice(e.offset, e.offset + e.length).split("@")[1];
          return at === undefined || at.toLowerCase() === this.botUser.username!.toLowerCase();
        });
      if (!inChat || !forBot) {
        this.observer.counters.undelivered++;
        return { update_id: 0, message: message as Update["message"] };
      }
    }
    return this.updates.enqueue({ message: message as Update["message"] });
  }

  /** See TelegramSim.pressButton. */
  pressButton(from: number, msg: { chatId: number; messageId: number }, data: string): Update {
    const user = this.chats.user(from);
    const chat = this.chats.require(msg.chatId);
    const target = chat.botMessages.get(msg.messageId);
    if (!target) throw new Error(`no bot message ${msg.messageId} in chat ${msg.chatId}`);
    if (target.deleted) throw new Error(`message ${msg.messageId} in chat ${msg.chatId} was deleted`);
    const query: CallbackQuery = {
      id: this.bot.openCallbackQuery(),
      from: user,
      message: this.messages.toApiMessage(target),
      chat_instance: String(Math.abs(msg.chatId) * 7919 + 1_000_003),
      data,
    };
    return this.updates.enqueue({ callback_query: query });
  }

  /** See TelegramSim.addBotToGroup. */
  addBotToGroup(groupId: number, by: number): Update {
    const user = this.chats.user(by);
    if (!this.chats.has(groupId)) this.chats.group(groupId, `Group ${-groupId}`, { botStatus: "left" });
    const chat = this.chats.require(groupId);
    if (!chat.members.has(by)) chat.members.set(by, "member");
    const update = this.setBotStatus(chat, user, "member", chat.botStatus === "kicked" ? "kicked" : "left");
    const service = this.userMessage(chat, user, { new_chat_members: [this.botUser] });
    chat.userMessages.set(service.message_id, service);
    this.updates.enqueue({ message: service as Update["message"] });
    return update;
  }

  /** See TelegramSim.removeBotFromGroup. */
  removeBotFromGroup(groupId: number, by: number): Update {
    const user = this.chats.user(by);
    return this.setBotStatus(this.chats.require(groupId), user, "kicked");
  }

  /** See TelegramSim.blockBy. */
  blockBy(userId: number): Update {
    const user = this.chats.user(userId);
    return this.setBotStatus(this.chats.privateChat(userId), user, "kicked");
  }

  /** See TelegramSim.unblock. */
  unblock(chatId: number): Update {
    const user = this.chats.user(chatId);
    const chat = this.chats.privateChat(chatId);
    chat.opened = true;
    return this.setBotStatus(chat, user, "member");
  }

  /** See TelegramSim.migrateGroup. */
  migrateGroup(oldId: number, newId: number, by?: number): void {
    const { old, sup } = this.chats.migrate(oldId, newId);
    const actorId = by ?? [...old.members.entries()].find(([, s]) => s === "creator")?.[0] ?? old.members.keys().next().value;
    const from = actorId !== undefined ? this.chats.user(actorId) : this.chats.user(GROUP_ANONYMOUS_BOT, { first_name: "Group" });
    if (old.botStatus === "member" || old.botStatus === "administrator") {
      this.updates.enqueue({ message: this.userMessage(old, from, { migrate_to_chat_id: newId }) as Update["message"] });
      this.updates.enqueue({ message: this.userMessage(sup, from, { migrate_from_chat_id: oldId }) as Update["message"] });
    }
  }

  /** Enqueues any other update (inline_query, edited_message, ...); update_id is assigned. */
  pushUpdate(partial: NewUpdate & { update_id?: number }): Update {
    const { update_id: _ignored, ...rest } = partial;
    return this.updates.enqueue(rest);
  }

  /** `from` changes the bot's status in `chat` (from `old`, by default the current one): a my_chat_member update. */
  private setBotStatus(chat: ChatState, from: User, status: MemberStatus, old = chat.botStatus): Update {
    chat.botStatus = status;
    return this.updates.enqueue({ my_chat_member: this.chats.memberUpdate(chat, from, old, status) });
  }

  /** A new message from `from` in `chat` with the next message id (not yet kept in the chat). */
  private userMessage(chat: ChatState, from: User, content: Partial<Message>): Message {
    return { message_id: chat.nextMessageId++, from, chat: this.chats.chatObject(chat), date: nowSec(), ...content } as Message;
  }
}
