import { BotComposer } from "../../composer.js";
import { InlineKeyboard } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../../context.js";
import { DEFAULT_CONVERSATION_TTL_MS, type BotDeps } from "../../deps.js";
import { parseNik } from "../../../domain/nik.js";
import { createCekService } from "./service.js";
import { nikErrorText } from "./render.js";
import { cekConversation, replyParts } from "./conversation.js";

/** /cek NIK, /cek alone (a conversation), a bare NIK in a private chat, and the `start=cek` deep link. */
export function cekFeature(deps: Pick<BotDeps, "sipp" | "audit" | "logger" | "incidents" | "conversationTtlMs">) {
  const cek = createCekService(deps);
  const c = new BotComposer<BotContext>();
  c.use(createConversation<BotContext, ConvContext>(cekConversation(cek), { id: "cek", maxMillisecondsToWait: deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS }));

  const runCek = async (ctx: BotContext, input: string) => {
    const parsed = parseNik(input);
    if (!parsed.ok) {
      await ctx.reply(nikErrorText(ctx.t, input, parsed.error));
      return;
    }
    // "typing" is for waiting on SIPP: sent (not awaited) only if the answer is not at hand
    // by the next timer tick, so a cached answer goes out at once with one Bot API call
    // instead of two, and a cold one shows "typing" while SIPP is asked.
    const nik = parsed.value.nik;
    const pending = cek.lookup(nik);
    const typing = setTimeout(() => void ctx.replyWithChatAction("typing").catch(() => undefined), 0);
    const outcome = await pending.finally(() => clearTimeout(typing));
    await replyParts(ctx, await cek.answer(ctx.t, nik, { userId: ctx.from!.id, chatId: ctx.chat!.id, scope: ctx.scope }, outcome));
  };

  /** In groups: no personal data, only a button to the private chat (docs/privacy.md). */
  const groupHint = async (ctx: BotContext) => {
    const kb = new InlineKeyboard().url(ctx.t("cek-tombol-pribadi"), `https://t.me/${ctx.me.username}?start=cek`);
    await ctx.reply(ctx.t("cek-di-grup"), { reply_markup: kb });
  };

  c.command("cek", async (ctx) => {
    if (ctx.chat.type !== "private") return groupHint(ctx);
    const arg = ctx.match.trim();
    if (!arg) {
      await ctx.conversation.enter("cek");
      return;
    }
    await runCek(ctx, arg);
  });

  c.command("start", async (ctx, next) => {
    // Strangers reach /start past the gate; the deep link must not open the lookup for them.
    if (ctx.match === "cek" && ctx.chat.type === "private" && ctx.role !== "stranger") return ctx.conversation.enter("cek");
    return next();
  });

  // A bare NIK in a private chat means "/cek NIK"; digit-only text of the wrong length gets the reason.
  c.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text.trim();
    if (!text.startsWith("/") && /^[\d\s.-]{6,}$/.test(text)) return runCek(ctx, text);
    return next();
  });

  return c;
}
