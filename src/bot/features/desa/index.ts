/**
 * /desa [nama | kode]: a desa's families by desil, bantuan recipients, and the poorest families
 * without bantuan; keyboards of kecamatan and desa, name search, exports. Handlers only: the
 * screens are in screens.ts / search.ts, the texts in render.ts, the data in service.ts.
 */
import { BotComposer } from "../../composer.js";
import type { BotContext } from "../../context.js";
import type { BotDeps } from "../../deps.js";
import { Screen } from "../../screen.js";
import { KODE_DESA_PASURUAN } from "../../../domain/wilayah.js";
import { DesaService } from "./service.js";
import { START_PREFIX } from "./keyboards.js";
import { showDesaList, showKecamatanMenu, showSummary, who, type DesaView } from "./screens.js";
import { search } from "./search.js";
import { exportDesa } from "./export.js";
import { desaCb, DESA_CB_ANY } from "./callback-data.js";

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

export function desaFeature(deps: Pick<BotDeps, "sipp" | "audit" | "logger" | "incidents">, options: DesaFeatureOptions = {}) {
  const screenOpts = { progressIntervalMs: options.progressIntervalMs ?? 800, progressDelayMs: options.progressDelayMs ?? 300, logger: deps.logger };
  const viewOpts = { listCap: options.listCap ?? 10, desaPerPage: options.desaPerPage ?? 16 };
  const svc = new DesaService(deps, { directoryConcurrency: options.directoryConcurrency });

  /** The view of this update; `fresh`: a new message even after a button press (exports). */
  const view = (ctx: BotContext, fresh = false): DesaView => ({
    ctx,
    screen: new Screen(ctx.api, ctx.chat!.id, fresh ? undefined : ctx.callbackQuery?.message?.message_id, screenOpts),
    svc,
    audit: deps.audit,
    opts: viewOpts,
  });

  const c = new BotComposer<BotContext>();

  c.command("desa", async (ctx) => {
    const arg = ctx.match.trim();
    if (!arg) return showKecamatanMenu(view(ctx));
    await search(view(ctx), arg);
  });

  // Deep link from a group: t.me/<bot>?start=desa_<kode> opens that summary in private.
  c.command("start", async (ctx, next) => {
    if (ctx.role === "stranger" || ctx.chat.type !== "private" || !ctx.match.startsWith(START_PREFIX)) return next();
    const kode = ctx.match.slice(START_PREFIX.length);
    if (!KODE_DESA_PASURUAN.test(kode)) return showKecamatanMenu(view(ctx));
    await showSummary(view(ctx), kode);
  });

  /** A button whose data we cannot read (forged, or from an older version of the bot). */
  const invalid = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t("desa-tombol-tidak-berlaku"), show_alert: true });

  c.callbackQuery(desaCb.kecamatanList.filter, async (ctx) => {
    if (!desaCb.kecamatanList.decode(ctx.callbackQuery.data) || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showKecamatanMenu(view(ctx));
  });

  c.callbackQuery(desaCb.kecamatan.filter, async (ctx) => {
    const v = desaCb.kecamatan.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showDesaList(view(ctx), v.kec, v.page);
  });

  c.callbackQuery(desaCb.desa.filter, async (ctx) => {
    const v = desaCb.desa.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    await ctx.answerCallbackQuery();
    await showSummary(view(ctx), v.kode);
  });

  c.callbackQuery(desaCb.ekspor.filter, async (ctx) => {
    const v = desaCb.ekspor.decode(ctx.callbackQuery.data);
    if (!v || !ctx.chat) return invalid(ctx);
    if (ctx.chat.type !== "private") {
      // Personal data never goes to a group (docs/privacy.md); the summary there links to the private chat.
      await ctx.answerCallbackQuery({ text: ctx.t("desa-ekspor-pribadi"), show_alert: true });
      await deps.audit.record({ ...who(ctx), action: `ekspor_${v.format}`, subject: v.kode, outcome: "ditolak:grup" });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("desa-ekspor-menyiapkan") });
    await exportDesa(view(ctx, true), v.kode, v.format);
  });

  c.callbackQuery(desaCb.noop.filter, (ctx) => ctx.answerCallbackQuery());
  c.callbackQuery(DESA_CB_ANY, (ctx) => invalid(ctx));

  return c;
}
