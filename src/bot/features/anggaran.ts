/**
 * /anggaran [kode satker | nama] and /sinkron (SPEC §3, §5): answers from the locally synced
 * OMSPAN data (BudgetStore), never by calling OMSPAN per request. Budget data is not personal
 * data, so /anggaran also answers officers in groups (the access gate keeps strangers out).
 */
import { Composer, GrammyError, InlineKeyboard, InputFile, type Api } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import type { BotContext, BotConversation, ConvContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { anggaranCb, ANGGARAN_CB_ANY } from "../callback-data.js";
import { editOrReply, ProgressMessage } from "../progress.js";
import { buttonText } from "../keyboards.js";
import { BULAN, escapeHtml, formatAngka, formatDesimal2, formatPersenNilai, formatRupiah, formatTanggal, formatUmur, formatWaktu, splitMessage } from "../../domain/format.js";
import type { AnggaranSummary } from "../../budget/summary.js";
import type { BudgetSnapshotImpl, BudgetStore, SatkerOverview, SyncRunRecord } from "../../budget/store.js";
import { SyncFailure, type BudgetSync, type SyncProgress, type SyncResult } from "../../budget/sync.js";
import { DEFAULT_TARGETS, type TargetTable } from "../../budget/targets.js";
import { senToRupiah, ymdToDate, type Sen, type Ymd } from "../../budget/types.js";
import type { OmspanKeyInfo } from "../../upstream/omspan.js";

type Translate = (key: string, vars?: Record<string, string>) => string;

/** What the feature needs of the budget side (created by the app). */
export interface BudgetDeps {
  reader: BudgetStore;
  sync: BudgetSync;
  targets?: TargetTable;
}

const rp = (sen: Sen) => formatRupiah(senToRupiah(sen));
const persen = (p: number | undefined) => (p === undefined ? "—" : formatPersenNilai(p));
const tanggal = (d: Ymd | undefined) => (d ? formatTanggal(ymdToDate(d)) : "—");
const MAX_SEARCH_BUTTONS = 30;
const BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"] as const;

/** The admin note on a rejected OMSPAN key: the key's budget year, and a warning when it is not this year. */
export function omspanKeyNote(t: Translate, info: OmspanKeyInfo, currentYear: number): string {
  if (info.year === undefined) return t("admin-omspan-kunci-tanpa-tahun");
  const lines = [t("admin-omspan-kunci-tahun", { tahun: String(info.year) })];
  if (info.year !== currentYear) lines.push(t("admin-omspan-kunci-beda-tahun", { tahun: String(info.year), sekarang: String(currentYear) }));
  return lines.join("\n");
}

export function tahapText(t: Translate, p: SyncProgress | undefined): string {
  if (!p) return "";
  if (p.phase === "realisasi") return t("sinkron-tahap-realisasi", { baris: formatAngka(p.rows), halaman: formatAngka(p.pages) });
  return t(`sinkron-tahap-${p.phase}`);
}

/** Fail note: the last run failed after the data set shown. */
function failedNote(t: Translate, snap: BudgetSnapshotImpl, last: SyncRunRecord | undefined, now: number): string | undefined {
  if (!last || last.status !== "failed" || last.id < snap.datasetId) return undefined;
  return t("anggaran-sinkron-gagal", { waktu: formatWaktu(last.finishedAt ?? last.startedAt), umur: formatUmur(now - snap.syncedAt.getTime()) });
}

/** The /anggaran answer as HTML parts (each ≤ 4000 characters). */
export function renderAnggaran(t: Translate, s: AnggaranSummary, meta: { failedNote?: string }): string[] {
  const L: string[] = [];
  L.push(t("anggaran-judul", { nama: escapeHtml(s.nama ?? s.kdsatker), kd: s.kdsatker }));
  L.push(t("anggaran-pagu", { pagu: rp(s.paguSen) }));
  L.push(t("anggaran-realisasi", { realisasi: rp(s.realisasiSen), persen: persen(s.persen) }));
  if (s.jenis.length) {
    L.push("", t("anggaran-jenis-judul", { tw: s.triwulanLabel }));
    for (const j of s.jenis) {
      const tanda = j.status === "behind" ? "🔻" : j.status === "on_track" ? "✅" : "▫️";
      let target = "";
      if (j.target !== undefined) {
        target = t("anggaran-jenis-target", { target: formatPersenNilai(j.target) });
        if (j.behind && j.gap !== undefined) target += t("anggaran-jenis-tertinggal", { gap: formatPersenNilai(j.gap).replace("%", "") });
      }
      L.push(t("anggaran-jenis-baris", { tanda, kode: j.kode, nama: escapeHtml(j.nama), persen: persen(j.persen), pagu: rp(j.paguSen), target }));
      L.push(t("anggaran-jenis-realisasi", { realisasi: rp(j.realisasiSen) }));
    }
  }
  L.push("", t("anggaran-kontrak", { kontrak: rp(s.kontrakSen), blokir: rp(s.blokirSen) }), t("anggaran-sisa", { sisa: rp(s.sisaSen) }));
  L.push("");
  if (s.paguMinus.length) {
    L.push(t("anggaran-minus-judul", { jumlah: String(s.paguMinus.length) }));
    for (const m of s.paguMinus) {
      L.push(
        t("anggaran-minus-baris", {
          akun: m.akun,
          jenis: m.akun.slice(0, 2),
          jumlah: rp(m.amountSen),
          baris: m.lines > 1 ? t("anggaran-minus-baris-n", { n: String(m.lines) }) : "",
        }),
      );
    }
  } else L.push(t("anggaran-minus-kosong"));
  L.push("");
  const ik = s.ikpa;
  if (!ik) L.push(t("anggaran-ikpa-kosong"));
  else {
    const periode = BULAN[ik.periode - 1] ?? String(ik.periode);
    if (ik.score === undefined) L.push(t("anggaran-ikpa-tanpa-nilai", { periode }));
    else {
      L.push(t("anggaran-ikpa", { periode, nilai: formatDesimal2(ik.score), kategori: ik.kategori ?? "—" }));
      const weakest = ik.losses.slice(0, 3);
      if (weakest.length) {
        L.push(t("anggaran-ikpa-lemah"));
        for (const w of weakest) L.push(t("anggaran-ikpa-lemah-baris", { label: escapeHtml(w.label), nilai: formatDesimal2(w.nilai), hilang: formatDesimal2(w.loss) }));
      }
    }
    for (const i of ik.informasi) L.push(t("anggaran-ikpa-info", { label: escapeHtml(i.label), nilai: formatDesimal2(i.nilai) }));
  }
  L.push("");
  const waktu = s.syncedAt ? formatWaktu(s.syncedAt) : "—";
  L.push(s.dataDate ? t("anggaran-data-per", { tanggal: tanggal(s.dataDate), waktu }) : t("anggaran-data-tanpa-tanggal", { waktu }));
  if (!s.crossCheck.consistent) L.push(t("anggaran-tidak-konsisten"));
  if (meta.failedNote) L.push(meta.failedNote);
  return splitMessage(L.join("\n"));
}

function summaryKeyboard(t: Translate, kd: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("anggaran-tombol-grafik"), anggaranCb.grafik.encode({ kd }))
    .text(t("anggaran-tombol-rincian"), anggaranCb.rincian.encode({ kd }))
    .row()
    .text(t("anggaran-tombol-peringkat-realisasi"), anggaranCb.peringkat.encode({ by: "real", kd }))
    .text(t("anggaran-tombol-peringkat-ikpa"), anggaranCb.peringkat.encode({ by: "ikpa", kd }));
}

/** Ranking text: top and bottom 5 by realisasi % or IKPA, plus the position of `kd`. */
export function renderPeringkat(t: Translate, list: SatkerOverview[], by: "real" | "ikpa", kd: string, dataDate: Ymd | undefined): string {
  const value = (o: SatkerOverview) => (by === "real" ? o.persen : o.ikpa?.score);
  const fmt = (v: number) => (by === "real" ? formatPersenNilai(v) : formatDesimal2(v));
  const ranked = list.filter((o) => value(o) !== undefined).sort((a, b) => value(b)! - value(a)! || a.kdsatker.localeCompare(b.kdsatker));
  const line = (o: SatkerOverview, i: number) => t("anggaran-peringkat-baris", { no: String(i + 1), nama: escapeHtml(o.nama ?? o.kdsatker), kd: o.kdsatker, nilai: fmt(value(o)!) });
  const L = [t(by === "real" ? "anggaran-peringkat-realisasi-judul" : "anggaran-peringkat-ikpa-judul", { jumlah: String(ranked.length), tanggal: tanggal(dataDate) }), ""];
  L.push(t("anggaran-peringkat-atas"), ...ranked.slice(0, 5).map(line));
  if (ranked.length > 5) {
    const start = Math.max(5, ranked.length - 5);
    L.push("", t("anggaran-peringkat-bawah"), ...ranked.slice(start).map((o, i) => line(o, start + i)));
  }
  const pos = ranked.findIndex((o) => o.kdsatker === kd);
  L.push("", pos >= 0 ? t("anggaran-peringkat-posisi", { kd, posisi: String(pos + 1), jumlah: String(ranked.length), nilai: fmt(value(ranked[pos]!)!) }) : t("anggaran-peringkat-posisi-tanpa", { kd }));
  return L.join("\n");
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Per-akun detail as CSV (";" separated, UTF-8 with BOM, amounts in rupiah with "." decimals). */
export async function rincianCsv(t: Translate, snap: BudgetSnapshotImpl, kd: string): Promise<string> {
  const rows = await snap.akunDetail(kd);
  const head = ["akun", "jenis", "pagu", "realisasi", "persen", "kontrak", "blokir", "sisa", "minus"].map((k) => t(`anggaran-kolom-${k}`));
  const num = (sen: Sen) => String(senToRupiah(sen));
  const out = [head.map(csvCell).join(";")];
  for (const r of rows) {
    out.push(
      [r.akun, `${r.jenis} ${r.jenisNama}`, num(r.paguSen), num(r.realisasiSen), r.persen === undefined ? "" : r.persen.toFixed(2), num(r.kontrakSen), num(r.blokirSen), num(r.sisaSen), num(r.paguMinusSen)]
        .map(csvCell)
        .join(";"),
    );
  }
  return `\uFEFF${out.join("\r\n")}\r\n`;
}

export function anggaranFeature(deps: Pick<BotDeps, "logger" | "now" | "alerts"> & { budget: BudgetDeps }) {
  const { reader, sync } = deps.budget;
  const targets = deps.budget.targets ?? DEFAULT_TARGETS;
  const now = () => deps.now?.() ?? new Date();
  const c = new Composer<BotContext>();

  /**
   * The active snapshot. Before the very first sync completes, wait for a run in progress,
   * showing a progress note (returned so the caller can edit it into the answer).
   */
  async function snapshotFor(api: Api, chatId: number, t: Translate): Promise<{ snap?: BudgetSnapshotImpl; messageId?: number }> {
    const snap = await reader.current();
    if (snap) return { snap };
    const running = sync.inProgress;
    if (!running) {
      const last = await reader.lastRun();
      const text = !sync.configured
        ? t("anggaran-tidak-dikonfigurasi")
        : last?.status === "failed"
          ? t("anggaran-belum-ada-data-gagal", { waktu: formatWaktu(last.finishedAt ?? last.startedAt) })
          : t("anggaran-belum-ada-data");
      await api.sendMessage(chatId, text, { parse_mode: "HTML" });
      return {};
    }
    const first = t("anggaran-menunggu-sinkron", { tahap: tahapText(t, sync.progress()) });
    const msg = await api.sendMessage(chatId, first, { parse_mode: "HTML" });
    const pm = new ProgressMessage(api, chatId, msg.message_id, first, { minIntervalMs: 1500, logger: deps.logger });
    const timer = setInterval(() => pm.update(t("anggaran-menunggu-sinkron", { tahap: tahapText(t, sync.progress()) })), 1000);
    try {
      await running.catch(() => undefined);
    } finally {
      clearInterval(timer);
      await pm.finish();
    }
    const after = await reader.current();
    if (!after) {
      const last = await reader.lastRun();
      await editOrReply(api, chatId, msg.message_id, t("anggaran-belum-ada-data-gagal", { waktu: formatWaktu(last?.finishedAt ?? now()) }));
      return {};
    }
    return { snap: after, messageId: msg.message_id };
  }

  async function showSatker(api: Api, chatId: number, t: Translate, snap: BudgetSnapshotImpl, kd: string, messageId?: number): Promise<void> {
    const s = await snap.summary(kd, now());
    if (!s) {
      const kb = new InlineKeyboard().text(t("anggaran-tombol-cari"), anggaranCb.cari.encode({}));
      await editOrReply(api, chatId, messageId, t("anggaran-tidak-dikenal", { kd: escapeHtml(kd) }), kb);
      return;
    }
    const parts = renderAnggaran(t, s, { failedNote: failedNote(t, snap, await reader.lastRun(), now().getTime()) });
    const kb = summaryKeyboard(t, kd);
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      if (i === 0) await editOrReply(api, chatId, messageId, parts[i]!, last ? kb : undefined);
      else await api.sendMessage(chatId, parts[i]!, { parse_mode: "HTML", ...(last ? { reply_markup: kb } : {}) });
    }
  }

  /** A kode (6 digits) or a name query. */
  async function respond(ctx: BotContext, query: string): Promise<void> {
    const chatId = ctx.chat!.id;
    const t: Translate = (k, v) => ctx.t(k, v);
    await ctx.replyWithChatAction("typing").catch(() => undefined);
    const { snap, messageId } = await snapshotFor(ctx.api, chatId, t);
    if (!snap) return;
    const q = query.trim();
    if (/^\d{6}$/.test(q)) return showSatker(ctx.api, chatId, t, snap, q, messageId);
    const hits = await snap.search(q, 500);
    if (hits.length === 0) {
      await editOrReply(ctx.api, chatId, messageId, t("anggaran-cari-kosong", { q: escapeHtml(q) }));
      return;
    }
    if (hits.length === 1) return showSatker(ctx.api, chatId, t, snap, hits[0]!.kdsatker, messageId);
    const shown = hits.slice(0, MAX_SEARCH_BUTTONS);
    const kb = new InlineKeyboard();
    for (const h of shown) kb.text(buttonText(`${h.nama ?? h.kdsatker} (${h.kdsatker})`, 48), anggaranCb.satker.encode({ kd: h.kdsatker })).row();
    const text =
      hits.length > shown.length
        ? t("anggaran-cari-terlalu-banyak", { jumlah: String(hits.length), tampil: String(shown.length), q: escapeHtml(q) })
        : t("anggaran-cari-banyak", { jumlah: String(hits.length), q: escapeHtml(q) });
    await editOrReply(ctx.api, chatId, messageId, text, kb);
  }

  /** /anggaran alone in a private chat: ask for the satker until a usable answer or /batal. */
  async function anggaranConversation(conversation: BotConversation, ctx: ConvContext): Promise<void> {
    await ctx.reply(ctx.t("anggaran-tanya"), { parse_mode: "HTML" });
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
      await conversation.external((outside: BotContext) => respond(outside, text));
      return;
    }
  }
  // Installed by the caller AHEAD of the other features (see `conversation` below), so that an
  // answer such as "527560" reaches the conversation before /cek's bare-number handler.
  const conv = new Composer<BotContext>();
  conv.use(createConversation<BotContext, ConvContext>(anggaranConversation, { id: "anggaran", maxMillisecondsToWait: 30 * 60_000 }));

  c.command("anggaran", async (ctx) => {
    const arg = ctx.match.trim();
    if (!arg) {
      if (ctx.chat.type !== "private") {
        await ctx.reply(ctx.t("anggaran-di-grup-cara"), { parse_mode: "HTML" });
        return;
      }
      await ctx.conversation.enter("anggaran");
      return;
    }
    await respond(ctx, arg);
  });

  c.command("sinkron", async (ctx) => {
    if (ctx.role !== "admin") {
      await ctx.reply(ctx.t("akses-khusus-admin"));
      return;
    }
    const t: Translate = (k, v) => ctx.t(k, v);
    const joining = sync.inProgress !== undefined;
    const text0 = t(joining ? "sinkron-bergabung" : "sinkron-mulai", { tahap: "" });
    const msg = await ctx.reply(text0, { parse_mode: "HTML" });
    const run = sync.run("admin");
    const pm = new ProgressMessage(ctx.api, ctx.chat.id, msg.message_id, text0, { minIntervalMs: 1500, logger: deps.logger });
    const timer = setInterval(() => pm.update(t(joining ? "sinkron-bergabung" : "sinkron-mulai", { tahap: tahapText(t, sync.progress()) })), 1000);
    let report: string;
    try {
      const r = await run;
      report = renderSyncReport(t, r, deps.alerts?.evaluation(r.datasetId));
    } catch (e) {
      report = await renderSyncFailure(t, e, reader, now());
    } finally {
      clearInterval(timer);
      await pm.finish();
    }
    await editOrReply(ctx.api, ctx.chat.id, msg.message_id, report);
  });

  // ---- buttons ---------------------------------------------------------------------------

  const invalid = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t("anggaran-tombol-tidak-berlaku"), show_alert: true });

  /** The active snapshot and the satker's summary for a button, or an answer saying why not. */
  async function forButton(ctx: BotContext, kd: string): Promise<{ snap: BudgetSnapshotImpl; s: AnggaranSummary } | undefined> {
    const snap = await reader.current();
    const s = snap ? await snap.summary(kd, now()) : undefined;
    if (!snap || !s) {
      await ctx.answerCallbackQuery({ text: ctx.t("anggaran-tombol-satker-hilang", { kd }), show_alert: true });
      return undefined;
    }
    return { snap, s };
  }

  c.callbackQuery(anggaranCb.satker.filter, async (ctx) => {
    const v = anggaranCb.satker.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    const snap = await reader.current();
    if (!snap) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showSatker(ctx.api, ctx.chat.id, (k, x) => ctx.t(k, x), snap, v.kd, ctx.callbackQuery.message?.message_id);
  });

  c.callbackQuery(anggaranCb.cari.filter, async (ctx) => {
    if (!anggaranCb.cari.decode(ctx.callbackQuery.data) || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    if (ctx.chat.type === "private") await ctx.conversation.enter("anggaran");
    else await ctx.reply(ctx.t("anggaran-di-grup-cara"), { parse_mode: "HTML" });
  });

  c.callbackQuery(anggaranCb.grafik.filter, async (ctx) => {
    const v = anggaranCb.grafik.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    const found = await forButton(ctx, v.kd);
    if (!found) return;
    await ctx.answerCallbackQuery({ text: ctx.t("anggaran-menyiapkan") });
    await ctx.replyWithChatAction("upload_photo").catch(() => undefined);
    const { s, snap } = found;
    const nama = s.nama ?? s.kdsatker;
    const lastMonth = snap.dataDate?.month ?? 12;
    const { renderRealisasiChart } = await import("../../budget/chart.js"); // loads Skia only when a chart is asked for
    const png = renderRealisasiChart({
      summary: s,
      lastMonth,
      targets,
      labels: {
        title: ctx.t("anggaran-grafik-judul", { nama, kd: s.kdsatker }),
        realisasi: ctx.t("anggaran-grafik-realisasi"),
        target: ctx.t("anggaran-grafik-target"),
        months: BULAN_SINGKAT,
        yAxis: ctx.t("anggaran-grafik-sumbu"),
      },
    });
    const file = `realisasi-${s.kdsatker}.png`;
    const other = { caption: ctx.t("anggaran-grafik-caption", { nama: escapeHtml(nama), kd: s.kdsatker, tanggal: tanggal(snap.dataDate) }), parse_mode: "HTML" as const };
    try {
      await ctx.replyWithPhoto(new InputFile(png, file), other);
    } catch (e) {
      // A Bot API server that refuses the photo (size, a local server or emulator without
      // sendPhoto): the same PNG as a document still reaches the officer.
      if (e instanceof GrammyError && (e.error_code === 403 || e.error_code === 429)) throw e;
      deps.logger.warn({ err: e }, "sendPhoto failed; sending the chart as a document");
      await ctx.replyWithDocument(new InputFile(png, file), other);
    }
  });

  c.callbackQuery(anggaranCb.rincian.filter, async (ctx) => {
    const v = anggaranCb.rincian.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    const found = await forButton(ctx, v.kd);
    if (!found) return;
    await ctx.answerCallbackQuery({ text: ctx.t("anggaran-menyiapkan") });
    const { s, snap } = found;
    const csv = await rincianCsv((k, x) => ctx.t(k, x), snap, v.kd);
    const stamp = snap.dataDate ? `${snap.dataDate.year}${String(snap.dataDate.month).padStart(2, "0")}${String(snap.dataDate.day).padStart(2, "0")}` : "data";
    await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `rincian-akun_${v.kd}_${stamp}.csv`), {
      caption: ctx.t("anggaran-rincian-caption", { nama: escapeHtml(s.nama ?? s.kdsatker), kd: v.kd, tanggal: tanggal(snap.dataDate) }),
      parse_mode: "HTML",
    });
  });

  c.callbackQuery(anggaranCb.peringkat.filter, async (ctx) => {
    const v = anggaranCb.peringkat.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    const snap = await reader.current();
    if (!snap) return invalid(ctx);
    await ctx.answerCallbackQuery();
    const text = renderPeringkat((k, x) => ctx.t(k, x), await snap.overview(), v.by, v.kd, snap.dataDate);
    await ctx.reply(text, { parse_mode: "HTML" });
  });

  c.callbackQuery(ANGGARAN_CB_ANY, (ctx) => invalid(ctx));
  return { conversation: conv, feature: c };
}

function formatDurasi(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${formatDesimal2(s).replace(/,?0+$/, "")} detik`;
  return `${Math.floor(s / 60)} menit ${Math.round(s % 60)} detik`;
}

/** `alerts`: what the alert evaluation after this sync queued (absent: alerts not wired, or evaluated elsewhere). */
export function renderSyncReport(t: Translate, r: SyncResult, alerts?: { groups: number; alerted: number; errors: number }): string {
  const L = [t("sinkron-selesai", { baris: formatAngka(r.rows), satker: formatAngka(r.satker), durasi: formatDurasi(r.durationMs) })];
  if (r.dataDate) L.push(t("sinkron-data-per", { tanggal: tanggal(r.dataDate) }));
  if (!r.changes) L.push(t("sinkron-pertama"));
  else {
    const ch = r.changes;
    L.push("", t("sinkron-perubahan-judul"));
    const delta = ch.realisasiDeltaSen;
    L.push(t("sinkron-perubahan-realisasi", { delta: `${delta > 0 ? "+" : ""}${rp(delta)}` }));
    if (ch.paguMinusBaru.length) {
      L.push(t("sinkron-perubahan-minus-baru", { jumlah: String(ch.paguMinusBaru.length) }));
      for (const m of ch.paguMinusBaru.slice(0, 20)) L.push(t("sinkron-perubahan-minus-baris", { kd: m.satker, akun: m.akun, jumlah: rp(m.amountSen) }));
    } else L.push(t("sinkron-perubahan-tidak-ada"));
    if (ch.paguMinusSelesai.length) L.push(t("sinkron-perubahan-minus-selesai", { jumlah: String(ch.paguMinusSelesai.length) }));
  }
  if (alerts) {
    const grup = formatAngka(alerts.groups);
    L.push(
      "",
      alerts.groups === 0
        ? t("sinkron-peringatan-grup-kosong")
        : alerts.alerted > 0
          ? t("sinkron-peringatan-grup", { dikirim: formatAngka(alerts.alerted), grup })
          : t("sinkron-peringatan-grup-nihil", { grup }),
    );
  }
  const failed = r.listenerErrors + (alerts?.errors ?? 0);
  if (failed) L.push(t("sinkron-peringatan-gagal", { jumlah: String(failed) }));
  return L.join("\n");
}

export async function renderSyncFailure(t: Translate, e: unknown, reader: BudgetStore, now: Date): Promise<string> {
  const kind = e instanceof SyncFailure ? e.kind : "umum";
  const last = await reader.lastRun();
  const L = [t("sinkron-gagal", { durasi: formatDurasi(last?.durationMs ?? 0), alasan: t(`sinkron-alasan-${kind}`) })];
  const snap = await reader.current();
  L.push(snap ? t("sinkron-gagal-umur", { tanggal: tanggal(snap.dataDate), umur: formatUmur(now.getTime() - snap.syncedAt.getTime()) }) : t("sinkron-gagal-tanpa-data"));
  return L.join("\n");
}
