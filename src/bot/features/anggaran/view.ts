import type { Logger } from "../../../logger.js";
import type { BotContext } from "../../context.js";
import type { BudgetDeps } from "../../deps.js";
import { Screen } from "../../screen.js";
import type { Translate } from "../../../i18n.js";
import { satkerAllows } from "../../../domain/scope.js";
import { satkerText } from "../../scope-text.js";
import { echoUserText, escapeHtml, formatWaktu } from "../../../domain/format.js";
import type { AnggaranSnapshot } from "../../../budget/anggaran-reader.js";
import type { AnggaranSummary } from "../../../budget/summary.js";
import { failedNote, renderAnggaran, tahapText } from "./render.js";
import { cariKeyboard, MAX_SEARCH_BUTTONS, searchKeyboard, summaryKeyboard } from "./keyboards.js";

/** What the /anggaran screens need: the budget side and the clock. */
export interface AnggaranEnv {
  budget: BudgetDeps;
  now: () => Date;
  logger: Logger;
}

/**
 * The active snapshot. Before the very first sync completes, wait for a run in progress,
 * showing a progress note on `screen` (which the caller then edits into the answer).
 */
export async function snapshotFor(env: AnggaranEnv, screen: Screen, t: Translate): Promise<AnggaranSnapshot | undefined> {
  const { reader, sync } = env.budget;
  const snap = await reader.current();
  if (snap) return snap;
  const running = sync.inProgress;
  if (!running) {
    const last = await reader.lastRun();
    const text = !sync.configured
      ? t("anggaran-tidak-dikonfigurasi")
      : last?.status === "failed"
        ? t("anggaran-belum-ada-data-gagal", { waktu: formatWaktu(last.finishedAt ?? last.startedAt) })
        : t("anggaran-belum-ada-data");
    await screen.show(text);
    return undefined;
  }
  await screen.follow(() => t("anggaran-menunggu-sinkron", { tahap: tahapText(t, sync.progress()) }), running.catch(() => undefined));
  const after = await reader.current();
  if (!after) {
    const last = await reader.lastRun();
    await screen.show(t("anggaran-belum-ada-data-gagal", { waktu: formatWaktu(last?.finishedAt ?? env.now()) }));
    return undefined;
  }
  return after;
}

/** One satker's summary with its buttons, or "unknown satker" with a search button. */
export async function showSatker(env: AnggaranEnv, screen: Screen, t: Translate, snap: AnggaranSnapshot, kd: string): Promise<void> {
  const s = await snap.summary(kd, env.now());
  if (!s) {
    await screen.show(t("anggaran-tidak-dikenal", { kd: escapeHtml(kd) }), cariKeyboard(t));
    return;
  }
  const parts = renderAnggaran(t, s, { failedNote: failedNote(t, snap, await env.budget.reader.lastRun(), env.now().getTime()) });
  await screen.showParts(parts, summaryKeyboard(t, kd));
}

/** /anggaran with a kode (6 digits) or a name query. */
export async function respond(env: AnggaranEnv, ctx: BotContext, query: string): Promise<void> {
  const t: Translate = (k, v) => ctx.t(k, v);
  const screen = new Screen(ctx.api, ctx.chat!.id, undefined, { progressIntervalMs: 1500, logger: env.logger });
  await ctx.replyWithChatAction("typing").catch(() => undefined);
  const snap = await snapshotFor(env, screen, t);
  if (!snap) return;
  const q = query.trim();
  if (/^\d{6}$/.test(q)) {
    if (!satkerAllows(ctx.scope, q)) {
      await screen.show(t("di-luar-satker", { kd: q, satker: satkerText(t, ctx.scope) }));
      return;
    }
    return showSatker(env, screen, t, snap, q);
  }
  // A name search finds only satker in the officer's scope.
  const hits = (await snap.search(q, 500)).filter((h) => satkerAllows(ctx.scope, h.kdsatker));
  if (hits.length === 0) {
    await screen.show(t("anggaran-cari-kosong", { q: echoUserText(q) }));
    return;
  }
  if (hits.length === 1) return showSatker(env, screen, t, snap, hits[0]!.kdsatker);
  const shown = hits.slice(0, MAX_SEARCH_BUTTONS);
  const text =
    hits.length > shown.length
      ? t("anggaran-cari-terlalu-banyak", { jumlah: String(hits.length), tampil: String(shown.length), q: echoUserText(q) })
      : t("anggaran-cari-banyak", { jumlah: String(hits.length), q: echoUserText(q) });
  await screen.show(text, searchKeyboard(shown));
}

/** Answer a button of a satker outside the officer's scope (an old message after a scope change). True when refused. */
export async function refusedSatker(ctx: BotContext, kd: string): Promise<boolean> {
  if (satkerAllows(ctx.scope, kd)) return false;
  await ctx.answerCallbackQuery({ text: ctx.t("di-luar-satker-singkat"), show_alert: true });
  return true;
}

/** The active snapshot and the satker's summary for a button, or an answer saying why not. */
export async function forButton(env: AnggaranEnv, ctx: BotContext, kd: string): Promise<{ snap: AnggaranSnapshot; s: AnggaranSummary } | undefined> {
  if (await refusedSatker(ctx, kd)) return undefined;
  const snap = await env.budget.reader.current();
  const s = snap ? await snap.summary(kd, env.now()) : undefined;
  if (!snap || !s) {
    await ctx.answerCallbackQuery({ text: ctx.t("anggaran-tombol-satker-hilang", { kd }), show_alert: true });
    return undefined;
  }
  return { snap, s };
}
