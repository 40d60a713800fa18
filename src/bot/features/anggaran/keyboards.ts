import { InlineKeyboard } from "grammy";
import type { Translate } from "../../../i18n.js";
import type { SatkerInfo } from "../../../budget/reader.js";
import { buttonText } from "../../keyboards.js";
import { anggaranCb } from "./callback-data.js";

/** Satker buttons shown for a name search at most. */
export const MAX_SEARCH_BUTTONS = 30;

/** Under a satker's summary: chart, per-akun detail, rankings. */
export function summaryKeyboard(t: Translate, kd: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("anggaran-tombol-grafik"), anggaranCb.grafik.encode({ kd }))
    .text(t("anggaran-tombol-rincian"), anggaranCb.rincian.encode({ kd }))
    .row()
    .text(t("anggaran-tombol-peringkat-realisasi"), anggaranCb.peringkat.encode({ by: "real", kd }))
    .text(t("anggaran-tombol-peringkat-ikpa"), anggaranCb.peringkat.encode({ by: "ikpa", kd }));
}

/** One button per satker found by name. */
export function searchKeyboard(hits: readonly SatkerInfo[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const h of hits) kb.text(buttonText(`${h.nama ?? h.kdsatker} (${h.kdsatker})`, 48), anggaranCb.satker.encode({ kd: h.kdsatker })).row();
  return kb;
}

/** "Search by name" under an unknown satker. */
export function cariKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("anggaran-tombol-cari"), anggaranCb.cari.encode({}));
}
