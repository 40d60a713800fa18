import { GrammyError, InputFile } from "grammy";
import type { BotContext } from "../../context.js";
import { escapeHtml, NAMA_BULAN_SINGKAT } from "../../../domain/format.js";
import { DEFAULT_TARGETS } from "../../../budget/targets.js";
import { tanggal } from "./render.js";
import { forButton, type AnggaranEnv } from "./view.js";

/** The cumulative realisasi chart of one satker (PNG), as a photo, or as a document when a photo is refused. */
export async function sendChart(env: AnggaranEnv, ctx: BotContext, kd: string): Promise<void> {
  const found = await forButton(env, ctx, kd);
  if (!found) return;
  await ctx.answerCallbackQuery({ text: ctx.t("anggaran-menyiapkan") });
  await ctx.replyWithChatAction("upload_photo").catch(() => undefined);
  const { s, snap } = found;
  const nama = s.nama ?? s.kdsatker;
  const { renderRealisasiChart } = await import("../../../budget/chart.js"); // loads Skia only when a chart is asked for
  const png = renderRealisasiChart({
    summary: s,
    lastMonth: snap.dataDate?.month ?? 12,
    targets: env.budget.targets ?? DEFAULT_TARGETS,
    labels: {
      title: ctx.t("anggaran-grafik-judul", { nama, kd: s.kdsatker }),
      realisasi: ctx.t("anggaran-grafik-realisasi"),
      target: ctx.t("anggaran-grafik-target"),
      months: NAMA_BULAN_SINGKAT,
      yAxis: ctx.t("anggaran-grafik-sumbu"),
    },
  });
  const file = `realisasi-${s.kdsatker}.png`;
  const other = { caption: ctx.t("anggaran-grafik-caption", { nama: escapeHtml(nama), kd: s.kdsatker, tanggal: tanggal(snap.dataDate) }) };
  try {
    await ctx.replyWithPhoto(new InputFile(png, file), other);
  } catch (e) {
    // A Bot API server that refuses the photo (size, a local server or emulator without
    // sendPhoto): the same PNG as a document still reaches the officer.
    if (e instanceof GrammyError && (e.error_code === 403 || e.error_code === 429)) throw e;
    env.logger.warn({ err: e }, "sendPhoto failed; sending the chart as a document");
    await ctx.replyWithDocument(new InputFile(png, file), other);
  }
}
