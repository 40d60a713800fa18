import type { Translate } from "../../../i18n.js";
import { maskNik, normalizeNik, type NikError } from "../../../domain/nik.js";
import { escapeHtml, formatRupiah, formatUmur, formatWaktu, splitMessage, titleCase } from "../../../domain/format.js";
import type { BantuanRecord } from "../../../upstream/sipp-rows.js";
import type { CekOutcome } from "./outcome.js";

const NIK_MESSAGES: Record<NikError, string> = {
  bukan_angka: "nik-bukan-angka",
  panjang: "nik-panjang",
  provinsi: "nik-provinsi",
  kabupaten: "nik-kabupaten",
  kecamatan: "nik-kecamatan",
  tanggal_lahir: "nik-tanggal-lahir",
  nomor_urut: "nik-nomor-urut",
};

/** Why a NIK is not valid, without repeating it (only its length and province code). */
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
      lines.push("", t("cek-opd", { opd: opd ? escapeHtml(opd) : t("opd-tidak-disebut") }));
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
