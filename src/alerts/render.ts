/**
 * Texts of the group alerts, the digest and the administrator notices (HTML, from
 * locales/id.ftl "## Langganan dan notifikasi"). Budget data only: no personal data.
 */
import { escapeHtml, formatDesimal2, formatPersenNilai, formatRupiah, formatRupiahSingkat, formatTanggal, formatWaktu, namaBulan, splitMessage } from "../domain/format.js";
import type { AnggaranSummary } from "../budget/summary.js";
import { jenisBelanja } from "../budget/targets.js";
import { senToRupiah, ymdToDate, type Sen, type Ymd } from "../domain/budget.js";
import type { Translate } from "../i18n.js";
import type { BehindData, Condition, ConditionDiff, MinusData, SatkerConditions } from "./rules.js";


const rp = (sen: Sen) => formatRupiah(senToRupiah(sen));
const poin = (p: number) => formatPersenNilai(p).replace("%", "");
const bulan = namaBulan;
const ORDER: Record<Condition["kind"], number> = { minus: 0, behind: 1, ikpa: 2 };

const hariFmt = new Intl.DateTimeFormat("id-ID", { timeZone: "Asia/Jakarta", weekday: "long" });

/** `Senin, 23 November 2026 08.00 WIB` (a scheduled time). */
export function formatJadwal(d: Date): string {
  return `${hariFmt.format(d)}, ${formatWaktu(d)}`;
}

/** One line per condition. */
export function conditionLine(t: Translate, c: Condition): string {
  switch (c.kind) {
    case "minus":
      return t("peringatan-minus", {
        akun: c.data.akun,
        jenis: escapeHtml(jenisBelanja(c.data.akun).nama),
        jumlah: rp(c.data.amountSen),
        baris: c.data.lines > 1 ? t("peringatan-minus-baris-n", { n: String(c.data.lines) }) : "",
      });
    case "behind":
      return t("peringatan-tertinggal", {
        kode: c.data.jenis,
        nama: escapeHtml(c.data.nama),
        persen: formatPersenNilai(c.data.persen),
        tw: c.data.tw,
        target: formatPersenNilai(c.data.target),
        gap: poin(c.data.gap),
      });
    case "ikpa":
      return t("peringatan-ikpa-turun", {
        dari: c.data.from,
        ke: c.data.to,
        periode: bulan(c.data.periode),
        sebelumnya: bulan(c.data.prevPeriode),
        nilai: c.data.score !== undefined ? formatDesimal2(c.data.score) : "—",
      });
  }
}

/** The "resolved" line of a cleared, announced state entry. */
export function clearedLine(t: Translate, e: { kind: string; data: unknown }): string | undefined {
  if (e.kind === "minus") {
    const d = e.data as Partial<MinusData>;
    return t("peringatan-minus-selesai", { akun: String(d.akun ?? "?") });
  }
  if (e.kind === "behind") {
    const d = e.data as Partial<BehindData>;
    return t("peringatan-tertinggal-selesai", { kode: String(d.jenis ?? "?"), nama: escapeHtml(String(d.nama ?? "")), tw: String(d.tw ?? "") });
  }
  return undefined;
}

export interface AlertSection {
  kdsatker: string;
  nama?: string;
  diff: ConditionDiff;
}

function dataLine(t: Translate, meta: { dataDate?: Ymd; syncedAt: Date }): string {
  return meta.dataDate ? t("peringatan-data-per", { tanggal: formatTanggal(ymdToDate(meta.dataDate)) }) : t("peringatan-data-sinkron", { waktu: formatWaktu(meta.syncedAt) });
}

/** One alert message for a group (parts ≤ 4000 characters), or [] when there is nothing to say. */
export function renderAlert(t: Translate, sections: readonly AlertSection[], meta: { dataDate?: Ymd; syncedAt: Date }): string[] {
  const body: string[] = [];
  const kds: string[] = [];
  for (const s of sections) {
    const lines = [...s.diff.raised].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.key.localeCompare(b.key)).map((c) => conditionLine(t, c));
    for (const c of s.diff.cleared) {
      if (!c.announce) continue;
      const l = clearedLine(t, c.entry);
      if (l) lines.push(l);
    }
    if (lines.length === 0) continue;
    kds.push(s.kdsatker);
    body.push("", t("peringatan-satker", { nama: escapeHtml(s.nama ?? s.kdsatker), kd: s.kdsatker }), ...lines);
  }
  if (body.length === 0) return [];
  const L = [t("peringatan-judul"), dataLine(t, meta), ...body, "", t("peringatan-kaki", { kd: kds.length === 1 ? kds[0]! : "KODE" })];
  return splitMessage(L.join("\n"));
}

/** Status lines of a satker right after subscribing (its current conditions, at most `max`). */
export function statusLines(t: Translate, conds: SatkerConditions | undefined, max = 6): string[] {
  if (!conds) return [t("langganan-kondisi-tanpa-data")];
  if (conds.active.length === 0) return [t("langganan-kondisi-aman")];
  const sorted = [...conds.active].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.key.localeCompare(b.key));
  const out = sorted.slice(0, max).map((c) => t("langganan-kondisi", { teks: conditionLine(t, c) }));
  if (sorted.length > max) out.push(t("langganan-kondisi-lainnya", { jumlah: String(sorted.length - max) }));
  return out;
}

export interface DigestItem {
  kdsatker: string;
  nama?: string;
  summary?: AnggaranSummary;
  conds?: SatkerConditions;
}

/** The scheduled digest of one group: one compact message (parts ≤ 4000 characters). */
export function renderDigest(t: Translate, items: readonly DigestItem[], meta: { dataDate?: Ymd; syncedAt: Date; now: Date }): string[] {
  const L = [t("ringkasan-judul", { tanggal: formatTanggal(meta.now) }), dataLine(t, meta)];
  for (const it of items) {
    const s = it.summary;
    L.push("", t("peringatan-satker", { nama: escapeHtml(s?.nama ?? it.nama ?? it.kdsatker), kd: it.kdsatker }));
    if (!s || !it.conds) {
      L.push(t("ringkasan-tidak-ada-data"));
      continue;
    }
    L.push(t("ringkasan-realisasi", { persen: s.persen === undefined ? "—" : formatPersenNilai(s.persen), pagu: formatRupiahSingkat(senToRupiah(s.paguSen)), tw: s.triwulanLabel }));
    const behind = it.conds.active.filter((c): c is Extract<Condition, { kind: "behind" }> => c.kind === "behind");
    if (behind.length) {
      L.push(t("ringkasan-tertinggal", { tw: s.triwulanLabel, daftar: behind.map((b) => t("ringkasan-tertinggal-item", { kode: b.data.jenis, gap: poin(b.data.gap) })).join(", ") }));
    } else if (s.jenis.some((j) => j.target !== undefined && j.persen !== undefined)) {
      L.push(t("ringkasan-sesuai-target", { tw: s.triwulanLabel }));
    }
    if (s.paguMinus.length) {
      const total = s.paguMinus.reduce((n, m) => n + m.amountSen, 0);
      L.push(t("ringkasan-minus", { jumlah: String(s.paguMinus.length), total: rp(total) }));
    }
    const ik = s.ikpa;
    if (ik?.score !== undefined) {
      const drop = it.conds.active.find((c): c is Extract<Condition, { kind: "ikpa" }> => c.kind === "ikpa");
      L.push(
        t("ringkasan-ikpa", {
          periode: bulan(ik.periode),
          nilai: formatDesimal2(ik.score),
          kategori: ik.kategori ?? "—",
          turun: drop ? t("ringkasan-ikpa-turun", { dari: drop.data.from }) : "",
        }),
      );
    }
  }
  L.push("", t("ringkasan-kaki"));
  return splitMessage(L.join("\n"));
}

/** Tell administrators a group was deactivated. */
export function renderGroupGone(t: Translate, g: { chatId: number; title: string | null; kds: readonly string[]; reason: string }): string {
  return t("admin-grup-nonaktif", {
    judul: escapeHtml(g.title ?? String(g.chatId)),
    chat: String(g.chatId),
    alasan: t(`admin-grup-alasan-${g.reason}`),
    kode: g.kds.length ? g.kds.join(", ") : "—",
  });
}
