import type { BotContext, BotConversation, ConvContext } from "../../context.js";
import { LIMITS, type CekmassalService } from "./service.js";
import { formatAngka } from "../../../domain/format.js";

/** What an answer is, without its content: the stored conversation state keeps only this (bot/conversation-storage.ts). */
type Answer = "command" | "list";

/**
 * /cekmassal: wait for a document or pasted NIKs; a bad one is explained and another awaited.
 * The list is read and the job started outside the replay log (conversation.external), so
 * neither the text nor the file's content is ever part of the conversation state; the job
 * itself runs outside the conversation (bulk/jobs.ts) and survives restarts.
 */
export function cekmassalConversation(svc: CekmassalService) {
  return async function cekmassalDialog(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("cekmassal-tanya", { baris: formatAngka(LIMITS.rows), mb: "5", teks: formatAngka(LIMITS.textLines) }));
    for (;;) {
      const answer = await conversation.wait();
      if (answer.callbackQuery || answer.inlineQuery) await conversation.skip({ next: true });
      const kind = await conversation.external((): Answer => (answer.message?.text?.trim().startsWith("/") ? "command" : "list"));
      // Another command leaves this conversation and runs as usual (/batal is handled before us).
      if (kind === "command") await conversation.halt({ next: true });
      const accepted = await conversation.external((outside: BotContext) => svc.accept(outside));
      if (accepted !== "again") return;
    }
  };
}
