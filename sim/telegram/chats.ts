/**
 * Chat and member state: users, private chats, groups and supergroups, who is a member with
 * which status, group → supergroup migration, and Telegram's access rules for the bot
 * (blocked, kicked, not a member, migrated, unknown chat). Also the Bot API methods that read
 * or change that state (getChat, getChatMember, getChatAdministrators, leaveChat, ...).
 */
import type { Chat, ChatMember, ChatMemberUpdated, Message, User } from "grammy/types";
import { forbidden, nowSec, toChatId } from "./context.js";
import type { MethodTable } from "./method.js";
import { badRequest, type Params } from "./request.js";
import type { MemberStatus, SimMessage } from "./types.js";
import type { UpdateQueue } from "./updates.js";

/** A chat as the Bot API describes it; the simulator has no channels. */
export type PublicChat = Exclude<Chat, Chat.ChannelChat>;

/** One chat the bot may talk in, with the messages in it. */
export interface ChatState {
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

/** Options of user(): the profile fields to set, and whether the user has started the bot. */
export interface UserOptions {
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  started?: boolean;
}

/** Options of group(). */
export interface GroupOptions {
  type?: "group" | "supergroup";
  botStatus?: MemberStatus;
  username?: string;
}

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

/** The statuses of someone who is in the chat. */
export const isPresent = (s: MemberStatus): boolean => s === "creator" || s === "administrator" || s === "member";

/** Users and chats. */
export class Chats {
  private readonly users = new Map<number, User>();
  private readonly chats = new Map<number, ChatState>();
  private readonly migrations = new Map<number, number>();

  constructor(
    private readonly botUser: User,
    private readonly updates: UpdateQueue,
  ) {}

  /** Bot API methods about chats and members. */
  methods(): MethodTable {
    return {
      getchat: (p) => ({ ...this.chatObject(this.chatFor(p)), accent_color_id: 0, max_reaction_count: 11 }),
      getchatmember: (p) => this.getChatMember(p),
      getchatadministrators: (p) => this.getChatAdministrators(p),
      getchatmembercount: (p) => {
        const chat = this.chatFor(p);
        return chat.type === "private" ? 2 : 1 + [...chat.members.values()].filter(isPresent).length;
      },
      leavechat: (p) => this.leaveChat(p),
    };
  }

  /** Registers (or updates) a user and returns it. `started` opens their private chat with the bot. */
  user(id: number, opts: UserOptions = {}): User {
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

  /** A registered user, or undefined. */
  knownUser(id: number): User | undefined {
    return this.users.get(id);
  }

  /** The user's private chat with the bot, created (not yet started) on first use. */
  privateChat(userId: number): ChatState {
    let chat = this.chats.get(userId);
    if (!chat) {
      chat = newChat(userId, "private", "member");
      chat.opened = false;
      this.chats.set(userId, chat);
    }
    return chat;
  }

  /** Registers a group (see TelegramSim.group). */
  group(id: number, title: string, opts: GroupOptions = {}): Chat {
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

  has(id: number): boolean {
    return this.chats.has(id);
  }

  /** A chat by id, for the bot's own records (no access rules). */
  get(id: number): ChatState | undefined {
    return this.chats.get(id);
  }

  /** A chat the test refers to; a programming error in the test if it does not exist. */
  require(id: number): ChatState {
    const chat = this.chats.get(id);
    if (!chat) throw new Error(`TelegramSim: unknown chat ${id}; register it with group() first`);
    return chat;
  }

  /** Sets a user's (or, with the bot's id, the bot's) status in a group. */
  setMemberStatus(chatId: number, userId: number, status: MemberStatus): void {
    const chat = this.require(chatId);
    if (userId === this.botUser.id) chat.botStatus = status;
    else {
      this.user(userId);
      chat.members.set(userId, status);
    }
  }

  /** Creates supergroup `newId` from group `oldId`; later calls with oldId answer "upgraded". */
  migrate(oldId: number, newId: number): { old: ChatState; sup: ChatState } {
    const old = this.require(oldId);
    if (this.chats.has(newId)) throw new Error(`chat ${newId} already exists`);
    const sup = newChat(newId, "supergroup", old.botStatus);
    sup.title = old.title ?? "";
    sup.members = new Map(old.members);
    this.chats.set(newId, sup);
    old.migratedTo = newId;
    this.migrations.set(oldId, newId);
    return { old, sup };
  }

  /** The Bot API Chat object. */
  chatObject(chat: ChatState): PublicChat {
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

  /** Resolves chat_id (or `key`) and applies Telegram's access rules (403s, migration, unknown chat). */
  chatFor(p: Params, key = "chat_id"): ChatState {
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

  /** A my_chat_member update: the bot's status in `chat` changed from `oldStatus` to `newStatus`. */
  memberUpdate(chat: ChatState, from: User, oldStatus: MemberStatus, newStatus: MemberStatus): ChatMemberUpdated {
    return {
      chat: this.chatObject(chat),
      from,
      date: nowSec(),
      old_chat_member: memberObject(this.botUser, oldStatus),
      new_chat_member: memberObject(this.botUser, newStatus),
    };
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

  private getChatMember(p: Params): ChatMember {
    const chat = this.chatFor(p);
    const userId = p.int("user_id");
    if (userId === undefined || Number.isNaN(userId) || userId <= 0) throw badRequest("invalid user_id specified");
    if (userId === this.botUser.id) return memberObject(this.botUser, chat.botStatus);
    const user = this.users.get(userId);
    if (!user) throw badRequest("user not found");
    if (chat.type === "private") return memberObject(user, userId === chat.id ? "member" : "left");
    return memberObject(user, chat.members.get(userId) ?? "left");
  }

  private getChatAdministrators(p: Params): ChatMember[] {
    const chat = this.chatFor(p);
    if (chat.type === "private") throw badRequest("there are no administrators in the private chat");
    const out: ChatMember[] = [];
    for (const [id, status] of chat.members) {
      const user = this.users.get(id);
      if (user && (status === "creator" || status === "administrator")) out.push(memberObject(user, status));
    }
    if (chat.botStatus === "administrator") out.push(memberObject(this.botUser, "administrator"));
    return out;
  }

  private leaveChat(p: Params): boolean {
    const chat = this.chatFor(p);
    if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
    const old = chat.botStatus;
    chat.botStatus = "left";
    this.updates.enqueue({ my_chat_member: this.memberUpdate(chat, this.botUser, old, "left") });
    return true;
  }
}

/** The Bot API ChatMember object for a status; administrators get the usual rights. */
function memberObject(user: User, status: MemberStatus): ChatMember {
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
