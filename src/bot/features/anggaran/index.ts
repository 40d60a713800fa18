/**
 * /anggaran [kode satker | nama] and /sinkron: answers from the locally synced OMSPAN data,
 * never by calling OMSPAN per request. Budget data is not personal data, so /anggaran also
 * answers officers in groups (the access gate keeps strangers out). Handlers only: screens in
 * view.ts, texts in render.ts, documents in export.ts and chart.ts.
 */
import { BotComposer } from "../../composer.js";
import { createConversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../../context.js";
import { DEFAULT_CONVERSATION_TTL_MS, type BotDeps, type BudgetDeps } from "../../deps.js";
import { Screen } from "../../screen.js";
import { anggaranCb, ANGGARAN_CB_ANY } from "./callback-data.js";
import { refusedSatker, respond, showSatker, type AnggaranEnv } from "./view.js";
import { satkerAllows } from "../../../domain/scope.js";
import { anggaranConversation } from "./conversation.js";
import { sinkronCommand } from "./sinkron.js";
import { renderPeringkat } from "./render.js";
import { sendChart } from "./chart.js";
import { sendRincian } from "./export.js";

export function anggaranFeature(deps: Pick<BotDeps, "logger" | "now" | "alerts" | "conversationTtlMs"> & { budget: BudgetDeps }) {
  const env: AnggaranEnv = { budget: deps.budget, logger: deps.logger, now: () => deps.now?.() ?? new Date() };
  const { reader } = deps.budget;

  // Installed by createBot AHEAD of the other features, so that an answer such as "527560"
  // reaches the conversation before /cek's bare-number handler.
  const conversation = new BotComposer<BotContext>();
  conversation.use(createConversation<BotContext, ConvContext>(anggaranConversation(env), { id: "anggaran", maxMillisecondsToWait: deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS }));

  const c = new BotComposer<BotContext>();
  c.command("anggaran", async (ctx) => {
    const arg = ctx.match.trim();
    if (arg) return respond(env, ctx, arg);
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("anggaran-di-grup-cara"));
      return;
    }
    await ctx.conversation.enter("anggaran");
  });
  c.use(sinkronCommand(env, deps.alerts));

  // ---- buttons ---------------------------------------------------------------------------

  const invalid = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t("anggaran-tombol-tidak-berlaku"), show_alert: true });

  c.callbackQuery(anggaranCb.satker.filter, async (ctx) => {
    const v = anggaranCb.satker.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    if (await refusedSatker(ctx, v.kd)) return;
    const snap = await reader.current();
    if (!snap) return invalid(ctx);
    await ctx.answerCallbackQuery();
    const screen = new Screen(ctx.api, ctx.chat.id, ctx.callbackQuery.message?.message_id, { logger: deps.logger });
    await showSatker(env, screen, (k, x) => ctx.t(k, x), snap, v.kd);
  });

  c.callbackQuery(anggaranCb.cari.filter, async (ctx) => {
    if (!anggaranCb.cari.decode(ctx.callbackQuery.data) || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    if (ctx.chat.type === "private") await ctx.conversation.enter("anggaran");
    else await ctx.reply(ctx.t("anggaran-di-grup-cara"));
  });

  c.callbackQuery(anggaranCb.grafik.filter, async (ctx) => {
    const v = anggaranCb.grafik.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await sendChart(env, ctx, v.kd);
  });

  c.callbackQuery(anggaranCb.rincian.filter, async (ctx) => {
    const v = anggaranCb.rincian.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await sendRincian(env, ctx, v.kd);
  });

  c.callbackQuery(anggaranCb.peringkat.filter, async (ctx) => {
    const v = anggaranCb.peringkat.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    if (await refusedSatker(ctx, v.kd)) return;
    const snap = await reader.current();
    if (!snap) return invalid(ctx);
    await ctx.answerCallbackQuery();
    // A scoped officer's satker are ranked among themselves.
    const list = (await snap.overview()).filter((o) => satkerAllows(ctx.scope, o.kdsatker));
    await ctx.reply(renderPeringkat((k, x) => ctx.t(k, x), list, v.by, v.kd, snap.dataDate));
  });

  c.callbackQuery(ANGGARAN_CB_ANY, (ctx) => invalid(ctx));
  return { conversation, feature: c };
}
