import type { BotConversation, ConvContext } from "../../context.js";
import { parseNik } from "../../../domain/nik.js";
import { nikErrorText, renderCek } from "./render.js";
import type { CekService } from "./service.js";

/** Each part of an answer as its own message, in order. */
export async function replyParts(ctx: { reply: ConvContext["reply"] }, parts: string[]): Promise<void> {
  for (const p of parts) await ctx.reply(p, { link_preview_options: { is_disabled: true } });
}

/** /cek alone: ask for the NIK until a valid one arrives or the officer sends /batal. */
export function cekConversation(cek: CekService) {
  return async function cekDialog(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("cek-tanya"));
    for (;;) {
      const answer = await conversation.wait();
      // Buttons of other messages (an old /desa keyboard…) are not answers: let their handlers run.
      if (answer.callbackQuery || answer.inlineQuery) await conversation.skip({ next: true });
      if (!answer.message?.text) {
        await answer.reply(answer.t("cek-tanya-lagi"));
        continue;
      }
      const text = answer.message.text.trim();
      // Another command leaves this conversation and runs as usual (/batal is handled before us).
      if (text.startsWith("/")) await conversation.halt({ next: true });
      const parsed = parseNik(text, new Date(await conversation.now()));
      if (!parsed.ok) {
        await answer.reply(`${nikErrorText(answer.t, text, parsed.error)}\n${answer.t("cek-tanya-lagi")}`);
        continue;
      }
      const nik = parsed.value.nik;
      await answer.replyWithChatAction("typing").catch(() => undefined); // cosmetic: never fails the lookup
      const who = { userId: answer.from!.id, chatId: answer.chat!.id };
      const outcome = await conversation.external(() => cek.lookup(nik));
      await replyParts(answer, renderCek(answer.t, nik, outcome, await conversation.now()));
      await conversation.external(() => cek.audit(nik, who, outcome));
      return;
    }
  };
}
