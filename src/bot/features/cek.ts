import { Composer, InlineKeyboard } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import type { BotContext, BotConversation, ConvContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import type { UpstreamIncidents } from "../incidents.js";
import { maskNik, normalizeNik, parseNik, type NikError } from "../../domain/nik.js";
import { escapeHtml, formatRupiah, formatUmur, formatWaktu, splitMessage, titleCase } from "../../domain/format.js";
import { isUpstreamError, type UpstreamErrorKind } from "../../upstream/errors.js";
import type { BantuanRecord, TrackingResult } from "../../upstream/sipp.js";

type Translate = (key: string, vars?: Record<string, string>) => string;

/** Result of one lookup; plain data so it can cross `conversation.external`. */
export type CekOutcome =
  | { ok: true; result: TrackingResult; fetchedAt: number; stale: boolean }
  | { ok: false; kind: UpstreamErrorKind | "umum" };

/**
 * The lookup itself: cached SIPP call and admin notice on a rejected key. The audit entry is
 * written by `audit` once the answer is on its way (the officer does not wait for the insert);
 * every path that calls lookup also calls audit.
 */
export function createCekService(deps: Pick<BotDeps, "sipp" | "audit" | "logger">, incidents: UpstreamIncidents) {
  async function lookup(nik: string): Promise<CekOutcome> {
    try {
      const r = await deps.sipp.tracking(nik);
      if (!r.stale && !r.hit) await incidents.ok("sipp");
      return { ok: true, result: r.value, fetchedAt: r.fetchedAt, stale: r.stale };
    } catch (e) {
      if (isUpstreamError(e)) {
        if (e.kind === "unauthorized") await incidents.unauthorized("sipp");
        deps.logger.warn({ err: e, nik: maskNik(nik) }, "cek failed");
        return { ok: false, kind: e.kind };
      }
      deps.logger.error({ err: e }, "cek failed unexpectedly");
      return { ok: false, kind: "umum" };
    }
  }
  async function audit(nik: string, who: { userId: number; chatId: number }, outcome: CekOutcome): Promise<void> {
    await deps.audit.record({
      userId: who.userId,
      chatId: who.chatId,
      action: "cek",
      subject: maskNik(nik),
      hashOf: nik,
      outcome: auditOutcome(outcome),
    });
  }
  return { lookup, audit };
}

function auditOutcome(o: CekOutcome): string {
  if (!o.ok) return `galat:${o.kind}`;
  const p = o.result.profile !== null;
  const b = o.result.bantuan.length > 0;
  const what = p ? (b ? "p3ke+bantuan" : "p3ke") : b ? "bantuan_saja" : "tidak_ditemukan";
  return o.stale ? `${what} (cache lama)` : what;
}

const NIK_MESSAGES: Record<NikError, string> = {
  bukan_angka: "nik-bukan-angka",
  panjang: "nik-panjang",
  provinsi: "nik-provinsi",
  kabupaten: "nik-kabupaten",
  kecamatan: "nik-kecamatan",
  tanggal_lahir: "nik-tanggal-lahir",
  nomor_urut: "nik-nomor-urut",
};

export function nikErrorText(t: Translate, input: string, error: NikError): string {
  const n = normalizeNik(input);
  return t(NIK_MESSAGES[error], { panjang: String(n.replace(/\D/g, "").length), kode: escapeHtml(n.slice(0, 2)) });
}

const DESIL_KEYS: Record<number, string> = { 1: "desil-1", 2: "desil-2", 3: "desil-3", 4: "desil-4" };

/** The answer as HTML parts (each ≤ 4000 characters), or an error line. */
export function renderCek(t: Translate, nik: string, o: CekOutcome, now = Date.now()): string[] {
  if (!o.ok) return [t(`galat-${o.kind}`, { sumber: "SIPP" })];
  const { profile, bantuan } = o.result;
  const lines: string[] = [];
  if (o.stale) lines.push(t("cek-stale", { umur: formatUmur(now - o.fetchedAt) }));
  lines.push(t("cek-judul", { nik: maskNik(nik) }));
  if (profile) {
    if (profile.nama) lines.push(t("cek-nama", { nama: escapeHtml(profile.nama) }));
    if (profile.desa || profile.kecamatan) {
      lines.push(t("cek-wilayah", { desa: escapeHtml(titleCase(profile.desa ?? "—")), kecamatan: escapeHtml(titleCase(profile.kecamatan ?? "—")) }));
    } else if (profile.kodeKemdagri) {
      lines.push(t("cek-wilayah-kode", { kode: profile.kodeKemdagri }));
    }
    if (profile.desil !== undefined) {
      lines.push(t("cek-desil", { desil: String(profile.desil), keterangan: t(DESIL_KEYS[profile.desil] ?? "desil-lain") }));
    } else {
      lines.push(t("cek-desil-kosong"));
    }
    const padan = profile.padanDukcapil === undefined ? "padan-kosong" : profile.padanDukcapil ? "padan-ya" : "padan-tidak";
    lines.push(t("cek-padan", { padan: t(padan) }));
    if (profile.hubungan) lines.push(t("cek-keluarga", { hubungan: escapeHtml(profile.hubungan) }));
  } else {
    lines.push(t("cek-tidak-p3ke"));
  }
  lines.push("");
  if (bantuan.length === 0) {
    lines.push(t("cek-bantuan-kosong"));
  } else {
    lines.push(t("cek-bantuan-judul", { jumlah: String(bantuan.length) }));
    for (const [opd, items] of groupByOpd(bantuan)) {
      lines.push("", t("cek-opd", { opd: escapeHtml(opd) }));
      for (const b of items) {
        lines.push(t("cek-program", { program: escapeHtml(b.program ?? b.kegiatan ?? b.subKegiatan ?? "—") }));
        if (b.subKegiatan && b.subKegiatan !== b.program) lines.push(t("cek-subkegiatan", { sub: escapeHtml(b.subKegiatan) }));
        const rincian = [b.tahun ? t("cek-tahun", { tahun: escapeHtml(b.tahun) }) : undefined, b.nilai !== undefined ? formatRupiah(b.nilai) : undefined]
          .filter(Boolean)
          .join(" · ");
        if (rincian) lines.push(t("cek-rincian", { rincian }));
      }
    }
  }
  lines.push("", t("cek-sumber", { waktu: formatWaktu(new Date(o.fetchedAt)) }));
  return splitMessage(lines.join("\n"));
}

/** OPDs with the most programmes first; identical rows shown once. */
function groupByOpd(bantuan: BantuanRecord[]): [string, BantuanRecord[]][] {
  const groups = new Map<string, Map<string, BantuanRecord>>();
  for (const b of bantuan) {
    const g = groups.get(b.namaOpd) ?? new Map<string, BantuanRecord>();
    g.set([b.program, b.kegiatan, b.subKegiatan, b.tahun, b.nilai].join("|"), b);
    groups.set(b.namaOpd, g);
  }
  return [...groups.entries()]
    .map(([opd, g]) => [opd, [...g.values()]] as [string, BantuanRecord[]])
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

type CekService = ReturnType<typeof createCekService>;

async function replyParts(ctx: { reply: ConvContext["reply"] }, parts: string[]): Promise<void> {
  for (const p of parts) await ctx.reply(p, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}

/** /cek alone: ask for the NIK until a valid one arrives or the officer sends /batal. */
function cekConversation(cek: CekService) {
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
        await answer.reply(`${nikErrorText(answer.t, text, parsed.error)}\n${answer.t("cek-tanya-lagi")}`, { parse_mode: "HTML" });
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

export function cekFeature(deps: Pick<BotDeps, "sipp" | "audit" | "logger">, incidents: UpstreamIncidents) {
  const cek = createCekService(deps, incidents);
  const c = new Composer<BotContext>();
  c.use(createConversation<BotContext, ConvContext>(cekConversation(cek), { id: "cek", maxMillisecondsToWait: 30 * 60_000 }));

  const runCek = async (ctx: BotContext, input: string) => {
    const parsed = parseNik(input);
    if (!parsed.ok) {
      await ctx.reply(nikErrorText(ctx.t, input, parsed.error), { parse_mode: "HTML" });
      return;
    }
    // "typing" is for waiting on SIPP: sent (not awaited) only if the answer is not at hand
    // by the next timer tick, so a cached answer goes out at once with one Bot API call
    // instead of two, and a cold one shows "typing" while SIPP is asked.
    const nik = parsed.value.nik;
    const pending = cek.lookup(nik);
    const typing = setTimeout(() => void ctx.replyWithChatAction("typing").catch(() => undefined), 0);
    const outcome = await pending.finally(() => clearTimeout(typing));
    await replyParts(ctx, renderCek(ctx.t, nik, outcome));
    await cek.audit(nik, { userId: ctx.from!.id, chatId: ctx.chat!.id }, outcome);
  };

  /** In groups: no personal data, only a button to the private chat (SPEC §2). */
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
