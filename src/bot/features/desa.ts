import { Composer, InlineKeyboard, InputFile, type Api } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import type { UpstreamIncidents } from "../incidents.js";
import { desaCb, DESA_CB_ANY } from "../callback-data.js";
import { buttonText, pagedKeyboard } from "../keyboards.js";
import { editOrReply, ProgressMessage } from "../progress.js";
import { escapeHtml, formatAngka, formatPersen, formatTanggal, formatUmur, formatWaktu, splitMessage, titleCase } from "../../domain/format.js";
import { maskNiksInText } from "../../domain/nik.js";
import { KECAMATAN, kecamatanByKode, nameKey } from "../../domain/wilayah.js";
import { DesaDirectory, type DesaEntry } from "../../desa/directory.js";
import { matchDesa, parseKodeInput } from "../../desa/match.js";
import { summarizeDesa, type DesaSummary } from "../../desa/summary.js";
import { EXPORT_COLUMNS, familiesCsv, familiesXlsx, type ExportColumn, type ExportLabels } from "../../desa/export.js";
import { isUpstreamError, type UpstreamErrorKind } from "../../upstream/errors.js";
import type { DesaProgress } from "../../upstream/sipp.js";

type Translate = (key: string, vars?: Record<string, string>) => string;

export interface DesaFeatureOptions {
  /** Progress edits at most this often (Telegram: about one message per second per chat). */
  progressIntervalMs?: number;
  /** Work shorter than this (a cached answer) is shown without a progress message. */
  progressDelayMs?: number;
  /** Desil-1 families without bantuan listed by name in the private summary. */
  listCap?: number;
  /** Desa buttons per page of a kecamatan. */
  desaPerPage?: number;
  /** Kecamatan lists loaded at once for a name search. */
  directoryConcurrency?: number;
}

/** Kode_kemdagri of a desa of Kab. Pasuruan. */
const KODE_PASURUAN = /^3514(0[1-9]|1\d|2[0-4])\d{4}$/;
const START_PREFIX = "desa_";
const MATCH_CAP = 12;

export type DesaOutcome =
  | { ok: true; summary: DesaSummary; fetchedAt: number; stale: boolean }
  | { ok: false; kind: UpstreamErrorKind | "umum" };

interface Who {
  userId: number;
  chatId: number;
}

/** What the user sees, in one message: edited in place after a button press, else sent new. */
class Screen {
  constructor(
    private readonly ctx: BotContext,
    public messageId: number | undefined,
    private readonly opts: Required<Pick<DesaFeatureOptions, "progressIntervalMs" | "progressDelayMs">>,
    private readonly logger: BotDeps["logger"],
  ) {}

  private get api(): Api {
    return this.ctx.api;
  }

  private get chatId(): number {
    return this.ctx.chat!.id;
  }

  /** Long HTML is split on line breaks; the keyboard goes under the last part. */
  async show(html: string, keyboard?: InlineKeyboard): Promise<void> {
    const parts = splitMessage(html);
    for (let i = 0; i < parts.length; i++) {
      const kb = i === parts.length - 1 ? keyboard : undefined;
      if (i === 0) {
        this.messageId = await editOrReply(this.api, this.chatId, this.messageId, parts[0]!, kb);
      } else {
        await this.api.sendMessage(this.chatId, parts[i]!, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: kb });
      }
    }
  }

  /**
   * Run `work`, showing "typing" throughout; when it takes longer than progressDelayMs, the
   * screen turns into a progress message that `work` updates (throttled) and that the caller
   * then edits into the result. A cached answer therefore arrives without a progress message.
   */
  async run<T>(initialHtml: string, work: (progress: (html: string) => void) => Promise<T>): Promise<T> {
    const typing = () => this.api.sendChatAction(this.chatId, "typing").catch(() => undefined);
    void typing();
    const typingTimer = setInterval(() => void typing(), 4500);
    let latest = initialHtml;
    let pm: ProgressMessage | undefined;
    const p = work((html) => {
      latest = html;
      pm?.update(html);
    });
    let timer: NodeJS.Timeout | undefined;
    const slow = await Promise.race([
      p.then(
        () => false,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.opts.progressDelayMs);
      }),
    ]);
    clearTimeout(timer);
    try {
      if (slow) {
        const shown = latest;
        await this.show(shown).catch((e: unknown) => this.logger.debug({ err: e }, "progress message not shown"));
        if (this.messageId !== undefined) {
          pm = new ProgressMessage(this.api, this.chatId, this.messageId, shown, { minIntervalMs: this.opts.progressIntervalMs, logger: this.logger });
          if (latest !== shown) pm.update(latest);
        }
      }
      return await p;
    } finally {
      clearInterval(typingTimer);
      await pm?.finish();
    }
  }
}

export function desaFeature(deps: Pick<BotDeps, "sipp" | "audit" | "logger">, incidents: UpstreamIncidents, options: DesaFeatureOptions = {}) {
  const opts = {
    progressIntervalMs: options.progressIntervalMs ?? 800,
    progressDelayMs: options.progressDelayMs ?? 300,
    listCap: options.listCap ?? 10,
    desaPerPage: options.desaPerPage ?? 16,
  };
  const directory = new DesaDirectory(deps.sipp, { concurrency: options.directoryConcurrency ?? 3 });
  /** Desa names seen in listings, for progress texts (≤ a few hundred entries). */
  const knownNames = new Map<string, string>();
  const remember = (entries: DesaEntry[]) => entries.forEach((e) => knownNames.set(e.kode, e.nama));

  const screenFor = (ctx: BotContext) => new Screen(ctx, ctx.callbackQuery?.message?.message_id, opts, deps.logger);
  const isPrivate = (ctx: BotContext) => ctx.chat?.type === "private";
  const who = (ctx: BotContext): Who => ({ userId: ctx.from!.id, chatId: ctx.chat!.id });

  // ---- data -----------------------------------------------------------------------------

  async function failure(e: unknown, what: string, fields: Record<string, unknown>): Promise<{ ok: false; kind: UpstreamErrorKind | "umum" }> {
    if (isUpstreamError(e)) {
      if (e.kind === "unauthorized") await incidents.unauthorized("sipp");
      deps.logger.warn({ err: e, ...fields }, `${what} failed`);
      return { ok: false, kind: e.kind };
    }
    deps.logger.error({ err: e, ...fields }, `${what} failed unexpectedly`);
    return { ok: false, kind: "umum" };
  }

  /** All pages of one desa through the cached client (one upstream walk per TTL), summarised. */
  async function loadDesa(kode: string, onProgress?: DesaProgress): Promise<DesaOutcome> {
    try {
      const r = await deps.sipp.desa(kode, onProgress);
      if (!r.stale && !r.hit) await incidents.ok("sipp");
      return { ok: true, summary: summarizeDesa(kode, r.value.p3ke, r.value.bantuan), fetchedAt: r.fetchedAt, stale: r.stale };
    } catch (e) {
      return failure(e, "desa", { kode });
    }
  }

  const isEmpty = (s: DesaSummary) => s.individuals === 0 && s.bantuanRows === 0;

  function auditOutcome(o: DesaOutcome): string {
    if (!o.ok) return `galat:${o.kind}`;
    if (isEmpty(o.summary)) return "tidak_ditemukan";
    return o.stale ? "ok (cache lama)" : "ok";
  }

  // ---- texts ----------------------------------------------------------------------------

  const desaLabel = (t: Translate, kode: string, nama: string | undefined) => {
    const kel = kode[6] === "1";
    if (!nama) return t("desa-label-kode", { kode });
    return t(kel ? "desa-label-kelurahan" : "desa-label-desa", { nama: escapeHtml(titleCase(nama)) });
  };

  function progressText(t: Translate, kode: string, state: Record<"p3ke" | "bantuan", { done: number; total?: number } | undefined>): string {
    const lines = [t("desa-mengambil", { desa: desaLabel(t, kode, knownNames.get(kode)) })];
    for (const kind of ["p3ke", "bantuan"] as const) {
      const s = state[kind];
      if (!s) continue;
      lines.push(
        t(`desa-progres-${kind}`, {
          selesai: formatAngka(s.done),
          total: s.total !== undefined ? formatAngka(s.total) : "?",
        }),
      );
    }
    return lines.join("\n");
  }

  function errorText(t: Translate, kind: UpstreamErrorKind | "umum"): string {
    if (kind === "truncated") return t("desa-terpotong");
    return t(`galat-${kind}`, { sumber: "SIPP" });
  }

  function renderSummary(t: Translate, o: Extract<DesaOutcome, { ok: true }>, privat: boolean, now = Date.now()): string {
    const s = o.summary;
    const lines: string[] = [];
    lines.push(
      t("desa-judul", {
        desa: desaLabel(t, s.kode, s.nama),
        kecamatan: escapeHtml(titleCase(s.kecamatan ?? "—")),
      }),
    );
    lines.push(t("desa-kode", { kode: s.kode }));
    if (o.stale) lines.push(t("desa-stale", { umur: formatUmur(now - o.fetchedAt) }));
    lines.push("");
    lines.push(t("desa-keluarga", { keluarga: formatAngka(s.families), jiwa: formatAngka(s.individuals) }));
    if (s.individuals > 0) {
      lines.push(t("desa-padan", { persen: formatPersen(s.padanYa, s.individuals), jumlah: formatAngka(s.padanYa), jiwa: formatAngka(s.individuals) }));
      lines.push("", t("desa-desil-judul"));
      for (const d of s.perDesil) {
        const vars = { keluarga: formatAngka(d.families), jiwa: formatAngka(d.individuals) };
        if (d.desil === undefined) lines.push(t("desa-desil-kosong", vars));
        else lines.push(t("desa-desil-baris", { ...vars, desil: String(d.desil), keterangan: t(d.desil <= 4 ? `desil-${d.desil}` : "desil-lain") }));
      }
    }

    lines.push("");
    if (s.recipients === 0) {
      lines.push(t("desa-bantuan-kosong"));
    } else {
      lines.push(
        t("desa-bantuan-judul", {
          penerima: formatAngka(s.recipients),
          p3ke: formatAngka(s.recipientsInP3ke),
          keluarga: formatAngka(s.familiesWithBantuan),
        }),
      );
      for (const l of s.perOpd) lines.push(t("desa-bantuan-opd", { opd: escapeHtml(l.opd), penerima: formatAngka(l.recipients) }));
    }

    lines.push("");
    if (s.desil1Families === 0) {
      lines.push(t("desa-desil1-nol"));
    } else if (s.desil1NoBantuan.length === 0) {
      lines.push(t("desa-desil1-semua", { total: formatAngka(s.desil1Families) }));
    } else {
      lines.push(t("desa-desil1-tanpa", { jumlah: formatAngka(s.desil1NoBantuan.length), total: formatAngka(s.desil1Families) }));
      if (privat) {
        s.desil1NoBantuan.slice(0, opts.listCap).forEach((f, i) =>
          lines.push(
            t("desa-kk-baris", {
              no: String(i + 1),
              nama: escapeHtml(maskNiksInText(f.kepala ?? "—")),
              alamat: escapeHtml(maskNiksInText(f.alamat ?? "—")),
              nik: f.nikKepala ?? "—",
              anggota: formatAngka(f.anggota),
            }),
          ),
        );
        const rest = s.desil1NoBantuan.length - opts.listCap;
        if (rest > 0) lines.push(t("desa-kk-lainnya", { jumlah: formatAngka(rest) }));
      } else {
        lines.push(t("desa-kk-grup"));
      }
    }
    lines.push("", t("desa-sumber", { waktu: formatWaktu(new Date(o.fetchedAt)) }));
    return lines.join("\n");
  }

  // ---- keyboards ------------------------------------------------------------------------

  const backToKecamatan = (t: Translate, kec: string) => {
    const nama = kecamatanByKode(kec)?.nama ?? kec;
    return { text: t("desa-tombol-kembali-kecamatan", { kecamatan: nama }), data: desaCb.kecamatan.encode({ kec, page: 0 }) };
  };
  const toKecamatanList = (t: Translate) => ({ text: t("desa-tombol-daftar-kecamatan"), data: desaCb.kecamatanList.encode({}) });

  function kecamatanKeyboard(): InlineKeyboard {
    const kb = new InlineKeyboard();
    KECAMATAN.forEach((k, i) => {
      kb.text(k.nama, desaCb.kecamatan.encode({ kec: k.kode, page: 0 }));
      if (i % 3 === 2) kb.row();
    });
    return kb;
  }

  function summaryKeyboard(ctx: BotContext, kode: string): InlineKeyboard {
    const t = ctx.t;
    const kb = new InlineKeyboard();
    if (isPrivate(ctx)) {
      kb.text(t("desa-tombol-csv"), desaCb.ekspor.encode({ kode, format: "csv" }));
      kb.text(t("desa-tombol-xlsx"), desaCb.ekspor.encode({ kode, format: "xlsx" }));
    } else {
      kb.url(t("desa-tombol-pribadi"), `https://t.me/${ctx.me.username}?start=${START_PREFIX}${kode}`);
    }
    const back = backToKecamatan(t, kode.slice(4, 6));
    return kb.row().text(back.text, back.data);
  }

  // ---- screens --------------------------------------------------------------------------

  async function showKecamatanMenu(ctx: BotContext, screen: Screen): Promise<void> {
    await screen.show(ctx.t("desa-pilih-kecamatan"), kecamatanKeyboard());
  }

  async function showDesaList(ctx: BotContext, screen: Screen, kec: string, page: number): Promise<void> {
    const t = ctx.t;
    const nama = kecamatanByKode(kec)?.nama ?? kec;
    let listing;
    try {
      listing = await screen.run(t("desa-memuat-daftar", { kecamatan: nama, halaman: "" }), (progress) =>
        directory.kecamatan(kec, (done, total) =>
          progress(t("desa-memuat-daftar", { kecamatan: nama, halaman: t("desa-halaman", { selesai: formatAngka(done), total: total !== undefined ? formatAngka(total) : "?" }) })),
        ),
      );
    } catch (e) {
      const f = await failure(e, "desa listing", { kecamatan: kec });
      const text = f.kind === "truncated" ? t("desa-daftar-terpotong", { kecamatan: nama }) : errorText(t, f.kind);
      const retry = { text: t("desa-tombol-coba-lagi"), data: desaCb.kecamatan.encode({ kec, page }) };
      const back = toKecamatanList(t);
      await screen.show(text, new InlineKeyboard().text(retry.text, retry.data).row().text(back.text, back.data));
      return;
    }
    remember(listing.entries);
    const back = toKecamatanList(t);
    if (listing.entries.length === 0) {
      await screen.show(t("desa-kecamatan-kosong", { kecamatan: nama }), new InlineKeyboard().text(back.text, back.data));
      return;
    }
    const { keyboard } = pagedKeyboard({
      items: listing.entries.map((e) => ({ text: titleCase(e.nama), data: desaCb.desa.encode({ kode: e.kode }) })),
      page,
      perPage: opts.desaPerPage,
      columns: 2,
      pageData: (p) => desaCb.kecamatan.encode({ kec, page: p }),
      indicatorData: desaCb.noop.encode({}),
      labels: {
        prev: t("desa-tombol-sebelumnya"),
        next: t("desa-tombol-berikutnya"),
        indicator: (p, n) => t("desa-tombol-halaman", { halaman: String(p + 1), total: String(n) }),
      },
      footer: [[back]],
    });
    await screen.show(t("desa-pilih-desa", { kecamatan: escapeHtml(nama), jumlah: formatAngka(listing.entries.length) }), keyboard);
  }

  async function showSummary(ctx: BotContext, screen: Screen, kode: string): Promise<void> {
    const t = ctx.t;
    const state: Record<"p3ke" | "bantuan", { done: number; total?: number } | undefined> = { p3ke: undefined, bantuan: undefined };
    const outcome = await screen.run(progressText(t, kode, state), (progress) =>
      loadDesa(kode, (e) => {
        state[e.kind] = { done: e.done, total: e.total };
        progress(progressText(t, kode, state));
      }),
    );
    await deps.audit.record({ ...who(ctx), action: "desa", subject: kode, outcome: auditOutcome(outcome) });
    const kec = kode.slice(4, 6);
    const back = backToKecamatan(t, kec);
    if (!outcome.ok) {
      const retry = { text: t("desa-tombol-coba-lagi"), data: desaCb.desa.encode({ kode }) };
      await screen.show(errorText(t, outcome.kind), new InlineKeyboard().text(retry.text, retry.data).row().text(back.text, back.data));
      return;
    }
    if (isEmpty(outcome.summary)) {
      await screen.show(t("desa-kode-tidak-ditemukan", { kode }), new InlineKeyboard().text(back.text, back.data));
      return;
    }
    if (outcome.summary.nama) knownNames.set(kode, outcome.summary.nama);
    await screen.show(renderSummary(t, outcome, isPrivate(ctx)), summaryKeyboard(ctx, kode));
  }

  /** /desa NAMA or /desa KODE. */
  async function search(ctx: BotContext, screen: Screen, input: string): Promise<void> {
    const t = ctx.t;
    const kode = parseKodeInput(input);
    if (kode !== undefined) {
      if (!KODE_PASURUAN.test(kode)) {
        await screen.show(t("desa-kode-luar", { kode }));
        return;
      }
      return showSummary(ctx, screen, kode);
    }
    // Digits only but not 10: never echo them (it may be a NIK pasted in the wrong place).
    if (/^[\d\s.-]+$/.test(input)) {
      await screen.show(t("desa-kode-salah"));
      return;
    }
    const shown = escapeHtml(input.trim().replace(/\s+/g, " ").slice(0, 60));
    // First the cheap way: SIPP's desa_kelurahan filter finds a desa of exactly this name.
    const named = await screen.run(t("desa-mencari", { nama: shown, selesai: "0", total: String(KECAMATAN.length) }), () => directory.byName(input));
    if (named) {
      remember(named);
      if (named.length === 1) return showSummary(ctx, screen, named[0]!.kode);
      return showMatches(ctx, screen, named, true, shown, false);
    }
    const dir = await screen.run(t("desa-mencari", { nama: shown, selesai: "0", total: String(KECAMATAN.length) }), (progress) =>
      directory.all((done, total) => progress(t("desa-mencari", { nama: shown, selesai: String(done), total: String(total) }))),
    );
    remember(dir.entries);
    const { exact, matches } = matchDesa(input, dir.entries);
    const partial = dir.failed.length > 0;
    if (partial) deps.logger.warn({ failed: dir.failed.map((f) => f.kecamatanKode) }, "desa directory incomplete");

    if (exact && matches.length === 1) return showSummary(ctx, screen, matches[0]!.kode);
    if (!exact) {
      // "Bangil" is a kecamatan: show its desa (a desa of exactly that name would have won above).
      const kecKey = nameKey(input.trim().replace(/^(kecamatan|kec)\b\.?\s*/i, ""));
      const kec = KECAMATAN.find((k) => nameKey(k.nama) === kecKey);
      if (kec) return showDesaList(ctx, screen, kec.kode, 0);
      // One close match (a typo): show it; its title names the desa actually found.
      if (matches.length === 1 && !partial) return showSummary(ctx, screen, matches[0]!.kode);
    }

    const back = toKecamatanList(t);
    if (matches.length === 0) {
      const first = dir.failed[0];
      if (first) {
        const f = await failure(first.error, "desa directory", { kecamatan: first.kecamatanKode });
        await screen.show(`${errorText(t, f.kind)}\n${t("desa-daftar-sebagian")}`, new InlineKeyboard().text(back.text, back.data));
        return;
      }
      await screen.show(t("desa-tidak-ditemukan", { nama: shown }), new InlineKeyboard().text(t("desa-tombol-pilih-daftar"), back.data));
      return;
    }
    return showMatches(ctx, screen, matches, exact, shown, partial);
  }

  /** A keyboard of the desa that match a typed name. */
  async function showMatches(ctx: BotContext, screen: Screen, matches: readonly DesaEntry[], exact: boolean, shown: string, partial: boolean): Promise<void> {
    const t = ctx.t;
    const back = toKecamatanList(t);
    const kb = new InlineKeyboard();
    for (const m of matches.slice(0, MATCH_CAP)) {
      kb.text(buttonText(t("desa-tombol-cocok", { desa: titleCase(m.nama), kecamatan: m.kecamatan }), 48), desaCb.desa.encode({ kode: m.kode })).row();
    }
    kb.text(back.text, back.data);
    const nama = exact ? escapeHtml(titleCase(matches[0]!.nama)) : shown;
    const lines = [t(exact ? "desa-pilih-cocok" : "desa-pilih-mirip", { jumlah: formatAngka(matches.length), nama })];
    if (matches.length > MATCH_CAP) lines.push(t("desa-cocok-lainnya", { jumlah: formatAngka(matches.length - MATCH_CAP) }));
    if (partial) lines.push(t("desa-daftar-sebagian"));
    await screen.show(lines.join("\n"), kb);
  }

  // ---- export ---------------------------------------------------------------------------

  function exportLabels(t: Translate, s: DesaSummary, fetchedAt: number): ExportLabels {
    const columns = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, t(`desa-kolom-${c}`)])) as Record<ExportColumn, string>;
    return {
      columns,
      sheetKeluarga: t("desa-sheet-keluarga"),
      sheetInfo: t("desa-sheet-info"),
      info: [
        [t("desa-info-desa"), titleCase(s.nama ?? "—")],
        [t("desa-info-kecamatan"), titleCase(s.kecamatan ?? "—")],
        [t("desa-info-kode"), s.kode],
        [t("desa-info-keluarga"), formatAngka(s.families)],
        [t("desa-info-jiwa"), formatAngka(s.individuals)],
        [t("desa-info-data"), formatWaktu(new Date(fetchedAt))],
        [t("desa-info-sumber"), t("desa-info-sumber-isi")],
        [t("desa-info-catatan"), t("desa-info-catatan-isi")],
      ],
    };
  }

  function fileName(s: DesaSummary, ext: string, fetchedAt: number): string {
    const slug = (s.nama ?? "desa").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "desa";
    const d = new Date(fetchedAt + 7 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, ""); // WIB date
    return `keluarga-p3ke_${s.kode}_${slug}_${d}.${ext}`;
  }

  async function exportDesa(ctx: BotContext, kode: string, format: "csv" | "xlsx"): Promise<void> {
    const t = ctx.t;
    const action = `ekspor_${format}`;
    const screen = new Screen(ctx, undefined, opts, deps.logger);
    const state: Record<"p3ke" | "bantuan", { done: number; total?: number } | undefined> = { p3ke: undefined, bantuan: undefined };
    const outcome = await screen.run(progressText(t, kode, state), (progress) =>
      loadDesa(kode, (e) => {
        state[e.kind] = { done: e.done, total: e.total };
        progress(progressText(t, kode, state));
      }),
    );
    if (!outcome.ok) {
      await screen.show(errorText(t, outcome.kind));
      await deps.audit.record({ ...who(ctx), action, subject: kode, outcome: `galat:${outcome.kind}` });
      return;
    }
    const s = outcome.summary;
    if (s.familyRows.length === 0) {
      await screen.show(t("desa-ekspor-kosong"));
      await deps.audit.record({ ...who(ctx), action, subject: kode, outcome: "kosong" });
      return;
    }
    await ctx.replyWithChatAction("upload_document").catch(() => undefined);
    const labels = exportLabels(t, s, outcome.fetchedAt);
    const data = format === "csv" ? familiesCsv(s.familyRows, labels) : await familiesXlsx(s.familyRows, labels);
    const caption = [
      t("desa-ekspor-caption", {
        desa: desaLabel(t, kode, s.nama),
        jumlah: formatAngka(s.familyRows.length),
        tanggal: formatTanggal(new Date(outcome.fetchedAt)),
      }),
      outcome.stale ? t("desa-stale", { umur: formatUmur(Date.now() - outcome.fetchedAt) }) : "",
    ]
      .filter(Boolean)
      .join("\n");
    await ctx.replyWithDocument(new InputFile(data, fileName(s, format, outcome.fetchedAt)), { caption, parse_mode: "HTML" });
    if (screen.messageId !== undefined) await screen.show(t("desa-ekspor-terkirim"));
    await deps.audit.record({
      ...who(ctx),
      action,
      subject: kode,
      outcome: `ok (${s.familyRows.length} keluarga${outcome.stale ? ", cache lama" : ""})`,
    });
  }

  // ---- handlers -------------------------------------------------------------------------

  const c = new Composer<BotContext>();

  c.command("desa", async (ctx) => {
    const screen = screenFor(ctx);
    const arg = ctx.match.trim();
    if (!arg) return showKecamatanMenu(ctx, screen);
    await search(ctx, screen, arg);
  });

  // Deep link from a group: t.me/<bot>?start=desa_<kode> opens that summary in private.
  c.command("start", async (ctx, next) => {
    if (ctx.role === "stranger" || ctx.chat.type !== "private" || !ctx.match.startsWith(START_PREFIX)) return next();
    const kode = ctx.match.slice(START_PREFIX.length);
    const screen = screenFor(ctx);
    if (!KODE_PASURUAN.test(kode)) return showKecamatanMenu(ctx, screen);
    await showSummary(ctx, screen, kode);
  });

  /** A button whose data we cannot read (forged, or from an older version of the bot). */
  const invalid = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t("desa-tombol-tidak-berlaku"), show_alert: true });

  c.callbackQuery(desaCb.kecamatanList.filter, async (ctx) => {
    if (!desaCb.kecamatanList.decode(ctx.callbackQuery.data) || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showKecamatanMenu(ctx, screenFor(ctx));
  });

  c.callbackQuery(desaCb.kecamatan.filter, async (ctx) => {
    const v = desaCb.kecamatan.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showDesaList(ctx, screenFor(ctx), v.kec, v.page);
  });

  c.callbackQuery(desaCb.desa.filter, async (ctx) => {
    const v = desaCb.desa.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showSummary(ctx, screenFor(ctx), v.kode);
  });

  c.callbackQuery(desaCb.ekspor.filter, async (ctx) => {
    const v = desaCb.ekspor.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    if (!isPrivate(ctx)) {
      // Personal data never goes to a group (SPEC §2); the summary there links to the private chat.
      await ctx.answerCallbackQuery({ text: ctx.t("desa-ekspor-pribadi"), show_alert: true });
      await deps.audit.record({ ...who(ctx), action: `ekspor_${v.format}`, subject: v.kode, outcome: "ditolak:grup" });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("desa-ekspor-menyiapkan") });
    await exportDesa(ctx, v.kode, v.format);
  });

  c.callbackQuery(desaCb.noop.filter, (ctx) => ctx.answerCallbackQuery());
  c.callbackQuery(DESA_CB_ANY, (ctx) => invalid(ctx));

  return c;
}
