/** Indonesian formatting (domain.md §8). All user-facing numbers and dates go through here. */

const TZ = "Asia/Jakarta";
const intFmt = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
const pctFmt = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2Fmt = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const BULAN = [
  "Januari", "Februari", "Maret", "April", "Mei", "Juni",
  "Juli", "Agustus", "September", "Oktober", "November", "Desember",
] as const;

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
  const r = Math.round(n);
  const abs = intFmt.format(Math.abs(r));
  return r < 0 ? `-Rp ${abs}` : `Rp ${abs}`;
}

/** `Rp 1,23 miliar`, `Rp 45,6 juta`; amounts under a million in full. */
export function formatRupiahSingkat(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? "-" : "";
  const units: [number, string][] = [
    [1e12, "triliun"],
    [1e9, "miliar"],
    [1e6, "juta"],
  ];
  for (const [size, name] of units) {
    if (abs >= size) {
      const v = abs / size;
      const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
      const f = new Intl.NumberFormat("id-ID", { maximumFractionDigits: digits }).format(v);
      return `${sign}Rp ${f} ${name}`;
    }
  }
  return formatRupiah(n);
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

// Built once: constructing an Intl.DateTimeFormat with a time zone costs ~0.1 ms (bench figure 1).
const wibFmt = new Intl.DateTimeFormat("en-GB", {
  timeZone: TZ,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function wibParts(d: Date): Record<string, string> {
  return Object.fromEntries(wibFmt.formatToParts(d).map((p) => [p.type, p.value]));
}

/** `23 November 2026` (WIB). */
export function formatTanggal(d: Date): string {
  const p = wibParts(d);
  return `${Number(p.day)} ${BULAN[Number(p.month) - 1]} ${p.year}`;
}

/** `14.05 WIB` */
export function formatJam(d: Date): string {
  const p = wibParts(d);
  return `${p.hour}.${p.minute} WIB`;
}

/** `23 November 2026 14.05 WIB` */
export function formatWaktu(d: Date): string {
  return `${formatTanggal(d)} ${formatJam(d)}`;
}

/** Human age of data: `baru saja`, `5 menit`, `2 jam`, `3 hari`. */
export function formatUmur(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return "kurang dari 1 menit";
  if (min < 60) return `${min} menit`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} jam`;
  return `${Math.floor(h / 24)} hari`;
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
