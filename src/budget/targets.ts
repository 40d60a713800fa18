/**
 * Jenis belanja, quarters (triwulan) and quarterly absorption targets (docs/domain.md#quarterly-targets).
 * The target table is configuration (ANGGARAN_TARGET_TW); DEFAULT_TARGETS is the table of docs/domain.md#quarterly-targets.
 */
import type { Sen, Ymd } from "../domain/budget.js";

export const JENIS_BELANJA: Readonly<Record<string, string>> = {
  "51": "Belanja Pegawai",
  "52": "Belanja Barang",
  "53": "Belanja Modal",
  "54": "Pembayaran Bunga Utang",
  "55": "Belanja Subsidi",
  "56": "Belanja Hibah",
  "57": "Belanja Bantuan Sosial",
  "58": "Belanja Lain-lain",
};

export interface JenisBelanja {
  /** First two digits of the akun ("52"). */
  kode: string;
  nama: string;
}

/** Jenis belanja of an akun: first two digits; an unknown prefix is "Belanja kode 59", never an error. */
export function jenisBelanja(akun: string): JenisBelanja {
  const kode = akun.trim().slice(0, 2);
  return { kode, nama: JENIS_BELANJA[kode] ?? `Belanja kode ${kode || "?"}` };
}

export type Triwulan = 1 | 2 | 3 | 4;

const ROMAN = ["I", "II", "III", "IV"] as const;

/** "TW I" … "TW IV". */
export function triwulanLabel(tw: Triwulan): string {
  return `TW ${ROMAN[tw - 1]}`;
}

/** Quarter of a month (1–12), of a `Ymd`, or of an instant taken in WIB (UTC+7, no DST). */
export function triwulanOf(d: Date | Ymd | number): Triwulan {
  const month = typeof d === "number" ? d : d instanceof Date ? new Date(d.getTime() + 7 * 3_600_000).getUTCMonth() + 1 : d.month;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month ${month}`);
  return (Math.floor((month - 1) / 3) + 1) as Triwulan;
}

/** Cumulative % of pagu by the end of TW I..IV, per jenis belanja kode. */
export type TargetTable = Readonly<Record<string, readonly [number, number, number, number]>>;

export const DEFAULT_TARGETS: TargetTable = {
  "51": [20, 50, 75, 95],
  "52": [15, 50, 70, 90],
  "53": [10, 40, 70, 90],
  "57": [25, 50, 75, 95],
};

/** Target (% of pagu) for a jenis at the end of a quarter; undefined when the table has none. */
export function targetFor(jenis: string, tw: Triwulan, table: TargetTable = DEFAULT_TARGETS): number | undefined {
  return table[jenis]?.[tw - 1];
}

/**
 * Realisasi as % of pagu; undefined ("—") when the pagu is 0 or negative — never NaN/Infinity.
 * Not rounded (format with formatPersenNilai).
 */
export function realisasiPersen(realisasi: Sen, pagu: Sen): number | undefined {
  if (!Number.isFinite(realisasi) || !Number.isFinite(pagu) || pagu <= 0) return undefined;
  return (realisasi / pagu) * 100;
}

export type TargetStatus = "behind" | "on_track" | "no_target" | "no_pagu";

export interface TargetEvaluation {
  persen?: number;
  target?: number;
  /** target − persen, percentage points; positive = short of the target. */
  gap?: number;
  status: TargetStatus;
  /** status === "behind". */
  behind: boolean;
}

/**
 * Compare realisasi with this quarter's target. Behind means short by MORE than `marginPct`
 * points (margin 0: any shortfall). The target is the end-of-quarter figure as configured
 * (docs/domain.md#quarterly-targets: "this quarter's target"); it is not pro-rated within the quarter.
 */
export function evaluateTarget(args: { realisasi: Sen; pagu: Sen; jenis: string; tw: Triwulan; table?: TargetTable; marginPct?: number }): TargetEvaluation {
  const persen = realisasiPersen(args.realisasi, args.pagu);
  const target = targetFor(args.jenis, args.tw, args.table);
  if (persen === undefined) return { target, status: "no_pagu", behind: false };
  if (target === undefined) return { persen, status: "no_target", behind: false };
  const gap = target - persen;
  const behind = gap > (args.marginPct ?? 0);
  return { persen, target, gap, status: behind ? "behind" : "on_track", behind };
}

/**
 * Target line for a chart: the cumulative target at the end of each month, interpolated
 * linearly from 0 at the start of the year through the four quarter-end targets.
 * Returns 12 values (index 0 = end of January); undefined when the jenis has no target.
 */
export function monthlyTargetLine(jenis: string, table: TargetTable = DEFAULT_TARGETS): number[] | undefined {
  const t = table[jenis];
  if (!t) return undefined;
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const q = Math.ceil(m / 3); // 1..4
    const prev = q === 1 ? 0 : (t[q - 2] ?? 0);
    const end = t[q - 1] ?? prev;
    out.push(prev + ((end - prev) * (m - (q - 1) * 3)) / 3);
  }
  return out;
}

/**
 * The target line of a satker: each jenis belanja's monthly target line weighted by its pagu
 * (jenis without a target in the table are left out of the weighting). Undefined when no jenis
 * of the satker has a target.
 */
export function weightedTargetLine(jenis: readonly { kode: string; paguSen: number }[], table: TargetTable): number[] | undefined {
  const acc: number[] = new Array<number>(12).fill(0);
  let weight = 0;
  for (const j of jenis) {
    const line = monthlyTargetLine(j.kode, table);
    if (!line || j.paguSen <= 0) continue;
    weight += j.paguSen;
    line.forEach((v, i) => (acc[i]! += v * j.paguSen));
  }
  if (weight === 0) return undefined;
  return acc.map((v) => Math.round((v / weight) * 10) / 10);
}
