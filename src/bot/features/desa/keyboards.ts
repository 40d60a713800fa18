import { InlineKeyboard } from "grammy";
import type { Translate } from "../../../i18n.js";
import { titleCase } from "../../../domain/format.js";
import { KECAMATAN, kecamatanByKode } from "../../../domain/wilayah.js";
import { areaTouchesKecamatan, type Scope } from "../../../domain/scope.js";
import { buttonText, pagedKeyboard, type KeyboardItem } from "../../keyboards.js";
import type { DesaEntry } from "./service.js";
import { desaCb } from "./callback-data.js";

/** Deep link payload prefix: t.me/<bot>?start=desa_<kode> opens a summary in the private chat. */
export const START_PREFIX = "desa_";
/** Desa of a name search listed as buttons at most. */
export const MATCH_CAP = 12;

export function backToKecamatan(t: Translate, kec: string): KeyboardItem {
  const nama = kecamatanByKode(kec)?.nama ?? kec;
  return { text: t("desa-tombol-kembali-kecamatan", { kecamatan: nama }), data: desaCb.kecamatan.encode({ kec, page: 0 }) };
}

export function toKecamatanList(t: Translate): KeyboardItem {
  return { text: t("desa-tombol-daftar-kecamatan"), data: desaCb.kecamatanList.encode({}) };
}

/** Buttons one under the other. */
export function column(...items: KeyboardItem[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  items.forEach((b, i) => {
    if (i > 0) kb.row();
    kb.text(b.text, b.data);
  });
  return kb;
}

/** "Try again" above "back". */
export function retryKeyboard(t: Translate, retryData: string, back: KeyboardItem): InlineKeyboard {
  return column({ text: t("desa-tombol-coba-lagi"), data: retryData }, back);
}

/** The kecamatan an officer's area touches (all 24 when not limited). */
export function kecamatanKeyboard(scope: Scope | undefined): InlineKeyboard {
  const kb = new InlineKeyboard();
  KECAMATAN.filter((k) => areaTouchesKecamatan(scope, k.kode)).forEach((k, i) => {
    kb.text(k.nama, desaCb.kecamatan.encode({ kec: k.kode, page: 0 }));
    if (i % 3 === 2) kb.row();
  });
  return kb;
}

/** The desa of one kecamatan, paged. */
export function desaListKeyboard(t: Translate, kec: string, entries: readonly DesaEntry[], page: number, perPage: number): InlineKeyboard {
  return pagedKeyboard({
    items: entries.map((e) => ({ text: titleCase(e.nama), data: desaCb.desa.encode({ kode: e.kode }) })),
    page,
    perPage,
    columns: 2,
    pageData: (p) => desaCb.kecamatan.encode({ kec, page: p }),
    indicatorData: desaCb.noop.encode({}),
    labels: {
      prev: t("desa-tombol-sebelumnya"),
      next: t("desa-tombol-berikutnya"),
      indicator: (p, n) => t("desa-tombol-halaman", { halaman: String(p + 1), total: String(n) }),
    },
    footer: [[toKecamatanList(t)]],
  }).keyboard;
}

/** Under a summary: exports (private chat) or a link to the private chat (group), and back. */
export function summaryKeyboard(t: Translate, kode: string, privat: boolean, botUsername: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (privat) {
    kb.text(t("desa-tombol-csv"), desaCb.ekspor.encode({ kode, format: "csv" }));
    kb.text(t("desa-tombol-xlsx"), desaCb.ekspor.encode({ kode, format: "xlsx" }));
  } else {
    kb.url(t("desa-tombol-pribadi"), `https://t.me/${botUsername}?start=${START_PREFIX}${kode}`);
  }
  const back = backToKecamatan(t, kode.slice(4, 6));
  return kb.row().text(back.text, back.data);
}

/** The desa that match a typed name, one per row, and back. */
export function matchesKeyboard(t: Translate, matches: readonly DesaEntry[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const m of matches.slice(0, MATCH_CAP)) {
    kb.text(buttonText(t("desa-tombol-cocok", { desa: titleCase(m.nama), kecamatan: m.kecamatan }), 48), desaCb.desa.encode({ kode: m.kode })).row();
  }
  const back = toKecamatanList(t);
  return kb.text(back.text, back.data);
}
