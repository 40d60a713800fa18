import type { Context } from "grammy";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";

export type Role = "admin" | "officer" | "stranger";

/** Context of the outer middleware tree. */
export type BaseContext = Context & I18nFlavor & { role: Role };
export type BotContext = ConversationFlavor<BaseContext>;

/** Context inside conversations: plugins (i18n) are installed there again (conversations v2). */
export type ConvContext = Context & I18nFlavor;
export type BotConversation = Conversation<BotContext, ConvContext>;
