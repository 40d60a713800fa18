/**
 * Indonesian formatting (docs/domain.md#indonesian-formatting). All user-facing numbers and
 * dates go through here, and every word in them (month names, "WIB", "juta", "menit") comes
 * from Intl's id-ID locale data, not from this file.
 */

import { maskNiksInText } from "./nik.js";

const LOCALE = "id-ID";
const TZ = "Asia/Jakarta";
const intFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const pctFmt = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2Fmt = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const rupiahFmt = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "IDR", maximumFractionDigits: 0, minimumFractionDigits: 0 });
/** Compact amounts ("1,23 miliar") by the number of decimals shown. */
const compactFmt = [0, 1, 2].map((digits) => new Intl.NumberFormat(LOCALE, { notation: "compact", compactDisplay: "long", maximumFractionDigits: digits }));

// Built once: constructing an Intl.DateTimeFormat with a time zone costs ~0.1 ms (bench figure 1).
const tanggalFmt = new Intl.DateTimeFormat(LOCALE, { timeZone: TZ, day: "numeric", month: "long", year: "numeric" });
const jamFmt = new Intl.DateTimeFormat(LOCALE, { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
const monthFmt = (month: "long" | "short") => new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", month });
const monthNames = (style: "long" | "short") => Array.from({ length: 12 }, (_, i) => monthFmt(style).format(new Date(Date.UTC(2026, i, 15))));

/** Month names, January first: `Januari` … (long) and `Jan` … `Des` (short, chart axes). */
export const NAMA_BULAN: readonly string[] = monthNames("long");
export const NAMA_BULAN_SINGKAT: readonly string[] = monthNames("short");

/** `November` for 11; the number itself when out of range. */
export function namaBulan(month: number): string {
  return NAMA_BULAN[month - 1] ?? String(month);
}

/** `1.234.567` */
export function formatAngka(n: number): string {
  return intFmt.format(n);
}

/** `12,35` — two decimals, used for IKPA scores. */
export function formatDesimal2(n: number): string {
  return dec2Fmt.format(n);
}

/** `Rp 1.234.567`, `-Rp 150.000` (plain space: simpler to read and to test than Intl's NBSP). */
export function formatRupiah(n: number): string {
  return rupiahFmt.format(Math.round(n)).replace(/\u00a0/g, " ");
}

/** `Rp 1,23 miliar`, `Rp 45,6 juta`; amounts under a million in full. */
export function formatRupiahSingkat(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1e6) return formatRupiah(n);
  const unit = abs >= 1e12 ? 1e12 : abs >= 1e9 ? 1e9 : 1e6;
  const v = abs / unit;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${n < 0 ? "-" : ""}Rp ${compactFmt[digits]!.format(abs)}`;
}

/** `45,3%`; a zero or missing base gives "—" (never NaN/Infinity). */
export function formatPersen(part: number, whole: number): string {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole === 0) return "—";
  return formatPersenNilai((part / whole) * 100);
}

/** A percentage value already in 0–100: `45,3%`. */
export function formatPersenNilai(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return `${pctFmt.format(value)}%`;
}

/** `23 November 2026` (WIB). */
export function formatTanggal(d: Date): string {
  return tanggalFmt.format(d);
}

/** `14.05 WIB` */
export function formatJam(d: Date): string {
  return jamFmt.format(d);
}

/** `23 November 2026 14.05 WIB` */
export function formatWaktu(d: Date): string {
  return `${formatTanggal(d)} ${formatJam(d)}`;
}

const unitFmt = (unit: string, maximumFractionDigits = 0) => new Intl.NumberFormat(LOCALE, { style: "unit", unit, unitDisplay: "long", maximumFractionDigits });
const [detikFmt, menitFmt, jamUnitFmt, hariFmt] = [unitFmt("second"), unitFmt("minute"), unitFmt("hour"), unitFmt("day")];
const detikDesimalFmt = unitFmt("second", 2);
const milidetikFmt = unitFmt("millisecond");

/** Human age of data: `40 detik`, `5 menit`, `2 jam`, `3 hari`. */
export function formatUmur(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return detikFmt.format(Math.max(0, Math.floor(ms / 1000)));
  if (min < 60) return menitFmt.format(min);
  const h = Math.floor(min / 60);
  if (h < 48) return jamUnitFmt.format(h);
  return hariFmt.format(Math.floor(h / 24));
}

/** How long a run took: `850 milidetik`, `12,5 detik`, `3 menit 20 detik`. */
export function formatDurasi(ms: number): string {
  if (ms < 1000) return milidetikFmt.format(ms);
  const s = ms / 1000;
  if (s < 60) return detikDesimalFmt.format(s);
  return `${menitFmt.format(Math.floor(s / 60))} ${detikFmt.format(Math.round(s % 60))}`;
}

/**
 * Text a user typed, made fit to show back: NIK-like runs masked, whitespace collapsed, cut at
 * `max` characters, HTML-escaped. Every echo of user text goes through here.
 */
export function echoUserText(text: string, max = 60): string {
  const one = maskNiksInText(text).trim().replace(/\s+/g, " ");
  return escapeHtml(one.length > max ? `${one.slice(0, max - 1)}…` : one);
}

/** Escape upstream text for parse_mode HTML (names such as "P&K"). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Title Case for upper-case upstream names: `BENDOMUNGAL` → `Bendomungal`, `ORO-ORO OMBO` → `Oro-Oro Ombo`. */
export function titleCase(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/(^|[\s\-/(])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

/**
 * Split a long HTML message into parts ≤ limit, on line breaks only, so no tag is cut.
 * Lines are assumed to be tag-balanced (every formatter here closes its tags per line).
 */
export function splitMessage(html: string, limit = 4000): string[] {
  const out: string[] = [];
  let cur: string | null = null; // null: nothing collected yet (an empty line is content)
  for (const line of html.split("\n")) {
    const candidate: string = cur === null ? line : `${cur}\n${line}`;
    if (candidate.length <= limit) {
      cur = candidate;
      continue;
    }
    if (cur !== null) out.push(cur);
    // A single line longer than the limit: cut it on spaces outside tags.
    let rest = line;
    while (rest.length > limit) {
      let cut = rest.lastIndexOf(" ", limit);
      if (cut <= 0 || rest.lastIndexOf("<", cut) > rest.lastIndexOf(">", cut)) cut = limit;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    cur = rest;
  }
  if (cur !== null) out.push(cur);
  return out.length ? out : [""];
}
