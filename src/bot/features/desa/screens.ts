import type { BotContext } from "../../context.js";
import type { BotDeps } from "../../deps.js";
import type { Screen } from "../../screen.js";
import { auditFirst } from "../../audit.js";
import { escapeHtml, formatAngka, titleCase } from "../../../domain/format.js";
import { kecamatanByKode } from "../../../domain/wilayah.js";
import { areaAllows, areaTouchesKecamatan } from "../../../domain/scope.js";
import { wilayahText } from "../../scope-text.js";
import { auditOutcome, isEmpty, type DesaEntry, type DesaService } from "./service.js";
import { errorText, progressText, renderSummary } from "./render.js";
import { column, desaListKeyboard, kecamatanKeyboard, MATCH_CAP, matchesKeyboard, retryKeyboard, summaryKeyboard, toKecamatanList, backToKecamatan } from "./keyboards.js";
import { desaCb } from "./callback-data.js";

export interface DesaViewOptions {
  /** Desil-1 families without bantuan listed by name in the private summary. */
  listCap: number;
  /** Desa buttons per page of a kecamatan. */
  desaPerPage: number;
}

/** One update's view of /desa: who asks, where it is shown, and the data side. */
export interface DesaView {
  ctx: BotContext;
  screen: Screen;
  svc: DesaService;
  audit: BotDeps["audit"];
  opts: DesaViewOptions;
}

const isPrivate = (ctx: BotContext) => ctx.chat?.type === "private";
export const who = (ctx: BotContext) => ({ userId: ctx.from!.id, chatId: ctx.chat!.id });

/**
 * Refuse data outside the officer's area (docs/privacy.md#access-and-least-privilege): the
 * refusal is audited and shown in place of the data. True when refused.
 */
export async function refusedOutside(v: DesaView, kode: string | undefined, action = "desa"): Promise<boolean> {
  const { ctx } = v;
  if (kode === undefined ? false : areaAllows(ctx.scope, kode)) return false;
  if (kode !== undefined) await v.audit.record({ ...who(ctx), action, subject: kode, outcome: "ditolak:di_luar_wilayah" });
  await v.screen.show(ctx.t("di-luar-wilayah", { wilayah: wilayahText(ctx.t, ctx.scope) }), column(toKecamatanList(ctx.t)));
  return true;
}

export async function showKecamatanMenu(v: DesaView): Promise<void> {
  const s = v.ctx.scope;
  // A facilitator of one desa goes straight to it.
  if (s && s.kecamatan.length === 0 && s.desa.length === 1) return showSummary(v, s.desa[0]!);
  await v.screen.show(v.ctx.t("desa-pilih-kecamatan"), kecamatanKeyboard(s));
}

export async function showDesaList(v: DesaView, kec: string, page: number): Promise<void> {
  const t = v.ctx.t;
  if (!areaTouchesKecamatan(v.ctx.scope, kec)) {
    await refusedOutside(v, undefined);
    return;
  }
  const nama = kecamatanByKode(kec)?.nama ?? kec;
  let listing;
  try {
    listing = await v.screen.run(t("desa-memuat-daftar", { kecamatan: nama, halaman: "" }), (progress) =>
      v.svc.directory.kecamatan(kec, (done, total) =>
        progress(t("desa-memuat-daftar", { kecamatan: nama, halaman: t("desa-halaman", { selesai: formatAngka(done), total: total !== undefined ? formatAngka(total) : "?" }) })),
      ),
    );
  } catch (e) {
    const f = await v.svc.failure(e, "desa listing", { kecamatan: kec });
    const text = f.kind === "truncated" ? t("desa-daftar-terpotong", { kecamatan: nama }) : errorText(t, f.kind);
    await v.screen.show(text, retryKeyboard(t, desaCb.kecamatan.encode({ kec, page }), toKecamatanList(t)));
    return;
  }
  v.svc.remember(listing.entries);
  const entries = listing.entries.filter((e) => areaAllows(v.ctx.scope, e.kode));
  if (entries.length === 0) {
    await v.screen.show(t("desa-kecamatan-kosong", { kecamatan: nama }), column(toKecamatanList(t)));
    return;
  }
  const keyboard = desaListKeyboard(t, kec, entries, page, v.opts.desaPerPage);
  await v.screen.show(t("desa-pilih-desa", { kecamatan: escapeHtml(nama), jumlah: formatAngka(entries.length) }), keyboard);
}

export async function showSummary(v: DesaView, kode: string): Promise<void> {
  const { ctx, svc } = v;
  const t = ctx.t;
  if (await refusedOutside(v, kode)) return;
  const outcome = await v.screen.run(progressText(t, kode, svc.nameOf(kode), undefined), (progress) =>
    svc.loadTracked(kode, (state) => progress(progressText(t, kode, svc.nameOf(kode), state))),
  );
  if (!(await auditFirst({ audit: v.audit, logger: svc.logger }, { ...who(ctx), action: "desa", subject: kode, outcome: auditOutcome(outcome) }))) {
    await v.screen.show(t("galat-audit"));
    return;
  }
  const back = backToKecamatan(t, kode.slice(4, 6));
  if (!outcome.ok) {
    await v.screen.show(errorText(t, outcome.kind), retryKeyboard(t, desaCb.desa.encode({ kode }), back));
    return;
  }
  if (isEmpty(outcome.summary)) {
    await v.screen.show(t("desa-kode-tidak-ditemukan", { kode }), column(back));
    return;
  }
  await v.screen.show(renderSummary(t, outcome, isPrivate(ctx), v.opts.listCap), summaryKeyboard(t, kode, isPrivate(ctx), ctx.me.username));
}

/** A keyboard of the desa that match a typed name. */
export async function showMatches(v: DesaView, matches: readonly DesaEntry[], exact: boolean, shown: string, partial: boolean): Promise<void> {
  const t = v.ctx.t;
  const nama = exact ? escapeHtml(titleCase(matches[0]!.nama)) : shown;
  const lines = [t(exact ? "desa-pilih-cocok" : "desa-pilih-mirip", { jumlah: formatAngka(matches.length), nama })];
  if (matches.length > MATCH_CAP) lines.push(t("desa-cocok-lainnya", { jumlah: formatAngka(matches.length - MATCH_CAP) }));
  if (partial) lines.push(t("desa-daftar-sebagian"));
  await v.screen.show(lines.join("\n"), matchesKeyboard(t, matches));
}
