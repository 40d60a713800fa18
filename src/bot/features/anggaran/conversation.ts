import type { BotContext, BotConversation, ConvContext } from "../../context.js";
import { respond, type AnggaranEnv } from "./view.js";

/** /anggaran alone in a private chat: ask for the satker until a usable answer or /batal. */
export function anggaranConversation(env: AnggaranEnv) {
  return async function anggaranDialog(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("anggaran-tanya"));
    for (;;) {
      const answer = await conversation.wait();
      if (answer.callbackQuery || answer.inlineQuery) await conversation.skip({ next: true });
      const text = answer.message?.text?.trim();
      if (!text) {
        await answer.reply(answer.t("anggaran-tanya-lagi"));
        continue;
      }
      if (text.startsWith("/")) await conversation.halt({ next: true });
      if (!/^\d{6}$/.test(text) && text.replace(/[^\p{L}]/gu, "").length < 3) {
        await answer.reply(answer.t("anggaran-tanya-lagi"));
        continue;
      }
      await conversation.external((outside: BotContext) => respond(env, outside, text));
      return;
    }
  };
}
