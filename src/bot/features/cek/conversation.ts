import type { BotContext, BotConversation, ConvContext } from "../../context.js";
import type { Translate } from "../../../i18n.js";
import { parseNik } from "../../../domain/nik.js";
import { nikErrorText } from "./render.js";
import type { CekService } from "./service.js";

/** Each part of an answer as its own message, in order. */
export async function replyParts(ctx: { reply: ConvContext["reply"] }, parts: string[]): Promise<void> {
  for (const p of parts) await ctx.reply(p, { link_preview_options: { is_disabled: true } });
}

/**
 * What an answer to "send the NIK" is, without the text itself: the stored conversation state
 * keeps this classification (see bot/conversation-storage.ts), never what was typed.
 */
type Answer = { kind: "not-text" } | { kind: "command" } | { kind: "invalid"; reply: string } | { kind: "nik" };

function classify(text: string | undefined, today: Date, t: Translate): { answer: Answer; nik?: string } {
  if (!text) return { answer: { kind: "not-text" } };
  const trimmed = text.trim();
  if (trimmed.startsWith("/")) return { answer: { kind: "command" } };
  const parsed = parseNik(trimmed, today);
  if (!parsed.ok) return { answer: { kind: "invalid", reply: nikErrorText(t, trimmed, parsed.error) } };
  return { answer: { kind: "nik" }, nik: parsed.value.nik };
}

/** /cek alone: ask for the NIK until a valid one arrives or the officer sends /batal. */
export function cekConversation(cek: CekService) {
  return async function cekDialog(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("cek-tanya"));
    for (;;) {
      const answer = await conversation.wait();
      // Buttons of other messages (an old /desa keyboard…) are not answers: let their handlers run.
      if (answer.callbackQuery || answer.inlineQuery) await conversation.skip({ next: true });
      // The NIK lives only in this variable, for this update: a replay takes the classification
      // from the log, and the conversation ends with the lookup.
      let nik: string | undefined;
      const step = await conversation.external(() => {
        const c = classify(answer.message?.text, new Date(), answer.t);
        nik = c.nik;
        return c.answer;
      });
      if (step.kind === "not-text") {
        await answer.reply(answer.t("cek-tanya-lagi"));
        continue;
      }
      // Another command leaves this conversation and runs as usual (/batal is handled before us).
      if (step.kind === "command") await conversation.halt({ next: true });
      if (step.kind === "invalid") {
        await answer.reply(`${step.reply}\n${answer.t("cek-tanya-lagi")}`);
        continue;
      }
      if (nik === undefined) return; // a replay of a finished lookup (cannot happen: it ended the conversation)
      const found = nik;
      await answer.replyWithChatAction("typing").catch(() => undefined); // cosmetic: never fails the lookup
      // Lookup, scope, audit and answer outside the replay log: the answer's personal data is
      // sent through the outer context and never recorded in the conversation state.
      await conversation.external(async (outside: BotContext) => {
        const who = { userId: outside.from!.id, chatId: outside.chat!.id, scope: outside.scope };
        const outcome = await cek.lookup(found);
        await replyParts(outside, await cek.answer(outside.t, found, who, outcome));
      });
      return;
    }
  };
}
