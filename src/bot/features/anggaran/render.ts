import type { Translate } from "../../../i18n.js";
import { escapeHtml, formatAngka, formatDesimal2, formatPersenNilai, formatRupiah, formatTanggal, formatUmur, formatWaktu, namaBulan, splitMessage } from "../../../domain/format.js";
import type { AnggaranSummary } from "../../../budget/summary.js";
import type { SatkerOverview, SyncRunRecord } from "../../../budget/snapshot.js";
import type { SyncProgress } from "../../../budget/sync.js";
import { senToRupiah, ymdToDate, type Sen, type Ymd } from "../../../domain/budget.js";

export const rp = (sen: Sen) => formatRupiah(senToRupiah(sen));
const persen = (p: number | undefined) => (p === undefined ? "—" : formatPersenNilai(p));
export const tanggal = (d: Ymd | undefined) => (d ? formatTanggal(ymdToDate(d)) : "—");

/** The phase of a sync in progress, for progress messages. */
export function tahapText(t: Translate, p: SyncProgress | undefined): string {
  if (!p) return "";
  if (p.phase === "realisasi") return t("sinkron-tahap-realisasi", { baris: formatAngka(p.rows), halaman: formatAngka(p.pages) });
  return t(`sinkron-tahap-${p.phase}`);
}

/** Fail note: the last run failed after the data set shown. */
export function failedNote(t: Translate, snap: { datasetId: number; syncedAt: Date }, last: SyncRunRecord | undefined, now: number): string | undefined {
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
    const periode = namaBulan(ik.periode);
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
