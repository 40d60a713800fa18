import type { Context } from "grammy";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { Scope } from "../domain/scope.js";

export type Role = "admin" | "officer" | "stranger";

/** Context of the outer middleware tree: who is asking, and (officers) the area and satker they may see. */
export type BaseContext = Context & I18nFlavor & { role: Role; scope: Scope | undefined };
export type BotContext = ConversationFlavor<BaseContext>;

/** Context inside conversations: plugins (i18n) are installed there again (conversations v2). */
export type ConvContext = Context & I18nFlavor;
export type BotConversation = Conversation<BotContext, ConvContext>;
