import type { BotContext, BotConversation, ConvContext } from "../../context.js";
import { respond, type AnggaranEnv } from "./view.js";

/** What an answer is, without its text (the stored conversation state keeps only this). */
type Answer = "again" | "command" | "query";

function classify(text: string | undefined): Answer {
  if (!text) return "again";
  if (text.startsWith("/")) return "command";
  if (!/^\d{6}$/.test(text) && text.replace(/[^\p{L}]/gu, "").length < 3) return "again";
  return "query";
}

/** /anggaran alone in a private chat: ask for the satker until a usable answer or /batal. */
export function anggaranConversation(env: AnggaranEnv) {
  return async function anggaranDialog(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("anggaran-tanya"));
    for (;;) {
      const answer = await conversation.wait();
      if (answer.callbackQuery || answer.inlineQuery) await conversation.skip({ next: true });
      const text = answer.message?.text?.trim();
      // Classified outside the replay: a replay reads this result, not the (removed) text.
      const step = await conversation.external(() => classify(text));
      if (step === "again") {
        await answer.reply(answer.t("anggaran-tanya-lagi"));
        continue;
      }
      if (step === "command") await conversation.halt({ next: true });
      await conversation.external((outside: BotContext) => respond(env, outside, text ?? ""));
      return;
    }
  };
}
