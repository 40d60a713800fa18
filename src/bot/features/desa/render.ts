import type { Translate } from "../../../i18n.js";
import { escapeHtml, formatAngka, formatPersen, formatUmur, formatWaktu, titleCase } from "../../../domain/format.js";
import { maskNiksInText } from "../../../domain/nik.js";
import type { UpstreamErrorKind } from "../../../upstream/errors.js";
import type { DesaOutcome, LoadState } from "./service.js";

/** "Desa Cowek", "Kelurahan Bangil", or the code when the name is not known yet. */
export function desaLabel(t: Translate, kode: string, nama: string | undefined): string {
  const kel = kode[6] === "1";
  if (!nama) return t("desa-label-kode", { kode });
  return t(kel ? "desa-label-kelurahan" : "desa-label-desa", { nama: escapeHtml(titleCase(nama)) });
}

export function progressText(t: Translate, kode: string, nama: string | undefined, state: LoadState | undefined): string {
  const lines = [t("desa-mengambil", { desa: desaLabel(t, kode, nama) })];
  for (const kind of ["p3ke", "bantuan"] as const) {
    const s = state?.[kind];
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

export function errorText(t: Translate, kind: UpstreamErrorKind | "umum"): string {
  if (kind === "truncated") return t("desa-terpotong");
  return t(`galat-${kind}`, { sumber: "SIPP" });
}

/** The desa summary; `privat`: the desil-1 families without bantuan are listed by name (never in groups). */
export function renderSummary(t: Translate, o: Extract<DesaOutcome, { ok: true }>, privat: boolean, listCap: number, now = Date.now()): string {
  const s = o.summary;
  const lines: string[] = [];
  lines.push(t("desa-judul", { desa: desaLabel(t, s.kode, s.nama), kecamatan: escapeHtml(titleCase(s.kecamatan ?? "—")) }));
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
    lines.push(t("desa-bantuan-judul", { penerima: formatAngka(s.recipients), p3ke: formatAngka(s.recipientsInP3ke), keluarga: formatAngka(s.familiesWithBantuan) }));
    for (const l of s.perOpd) lines.push(t("desa-bantuan-opd", { opd: l.opd ? escapeHtml(l.opd) : t("opd-tidak-disebut"), penerima: formatAngka(l.recipients) }));
  }

  lines.push("");
  if (s.desil1Families === 0) {
    lines.push(t("desa-desil1-nol"));
  } else if (s.desil1NoBantuan.length === 0) {
    lines.push(t("desa-desil1-semua", { total: formatAngka(s.desil1Families) }));
  } else {
    lines.push(t("desa-desil1-tanpa", { jumlah: formatAngka(s.desil1NoBantuan.length), total: formatAngka(s.desil1Families) }));
    if (privat) {
      s.desil1NoBantuan.slice(0, listCap).forEach((f, i) =>
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
      const rest = s.desil1NoBantuan.length - listCap;
      if (rest > 0) lines.push(t("desa-kk-lainnya", { jumlah: formatAngka(rest) }));
    } else {
      lines.push(t("desa-kk-grup"));
    }
  }
  lines.push("", t("desa-sumber", { waktu: formatWaktu(new Date(o.fetchedAt)) }));
  return lines.join("\n");
}
