/**
 * The data behind one /anggaran answer (docs/architecture.md#commands-and-features), built from the locally synced OMSPAN data of
 * one satker. Pure: no I/O, no formatting (the bot formats with src/domain/format.ts).
 *
 * Where each figure comes from (docs/domain.md#where-each-figure-comes-from: "pick one source per figure, say which,
 * use the other as a consistency check"):
 * - pagu (total and per jenis belanja): DipaBelanjaKL `AMOUNT` — the allocation document itself.
 *   DataFA `DIPA` is only compared with it (crossCheck.paguSelisihSen).
 * - realisasi (total, per jenis, per month): RealisasiKL `AMOUNT`, aggregated per satker × akun ×
 *   month (aggregate.ts) — the only source with dates, hence the only one for the monthly chart and
 *   quarter figures. DataFA `ACTUAL_AMT` is only compared with it (crossCheck.realisasiSelisihSen);
 *   a difference means rows shifted during the sync or the two feeds are from different moments.
 * - kontrak, blokir, sisa dana: DataFA `KONTRAK`, `BLOKIR`, `BALANCING_AMT` (only DataFA has them);
 *   BALANCING_AMT is used as given, the identity DIPA − ACTUAL − KONTRAK − BLOKIR is only checked.
 * - pagu minus: DataFA `BALANCING_AMT` < 0, detected per DataFA line (one allocation line) BEFORE
 *   any summing — adding a satker's akun across outputs could hide a negative line — and then
 *   reported per satker + akun.
 * - IKPA: the satker's CapaianIKSatkerRe row with the highest PERIODE, scored with its own weights.
 * - data date: the highest RealisasiKL `MAXDATE` ("data OMSPAN per …"), plus the sync time.
 */
import type { RealisasiCell } from "./aggregate.js";
import { computeIkpa, latestIkRow, type IkpaResult } from "./ikpa.js";
import { DEFAULT_TARGETS, evaluateTarget, jenisBelanja, realisasiPersen, triwulanLabel, triwulanOf, type TargetStatus, type TargetTable, type Triwulan } from "./targets.js";
import type { FaAmounts, IkRow, Sen, Ymd } from "../domain/budget.js";

/** A DIPA line (DipaBelanjaKL) as far as the summary needs it. */
export interface DipaInput {
  kdsatker: string;
  akun: string;
  amountSen: Sen;
}

/** A DataFA line as far as the summary needs it. */
export interface FaInput extends FaAmounts {
  satker: string;
  akun: string;
  program?: string;
  output?: string;
}

export type RealisasiCellInput = Pick<RealisasiCell, "kdsatker" | "akun" | "year" | "month" | "amountSen">;

export interface PaguMinusAkun {
  satker: string;
  akun: string;
  /** Σ of the negative BALANCING_AMT of the akun's lines (negative). */
  amountSen: Sen;
  /** How many DataFA lines of the akun are negative. */
  lines: number;
}

/**
 * Pagu minus per satker + akun, detected on each DataFA line first (a negative line is never
 * offset by a positive line of the same akun under another output). Sorted by satker, then
 * most negative first.
 */
export function detectPaguMinus(fa: Iterable<Pick<FaInput, "satker" | "akun" | "balancingSen">>): PaguMinusAkun[] {
  const map = new Map<string, PaguMinusAkun>();
  for (const l of fa) {
    if (!(l.balancingSen < 0)) continue;
    const key = `${l.satker}|${l.akun}`;
    const e = map.get(key);
    if (e) {
      e.amountSen += l.balancingSen;
      e.lines++;
    } else map.set(key, { satker: l.satker, akun: l.akun, amountSen: l.balancingSen, lines: 1 });
  }
  return [...map.values()].sort((a, b) => a.satker.localeCompare(b.satker) || a.amountSen - b.amountSen || a.akun.localeCompare(b.akun));
}

/** DataFA lines whose BALANCING_AMT differs from DIPA − ACTUAL − KONTRAK − BLOKIR (a logged sanity check). */
export function faIdentityMismatches<T extends FaInput>(fa: Iterable<T>): T[] {
  const out: T[] = [];
  for (const l of fa) if (l.dipaSen - l.actualSen - l.kontrakSen - l.blokirSen !== l.balancingSen) out.push(l);
  return out;
}

export interface JenisSummary {
  kode: string;
  nama: string;
  paguSen: Sen;
  realisasiSen: Sen;
  /** undefined when pagu is 0 ("—"). */
  persen?: number;
  /** This quarter's cumulative target, % (undefined when the table has none for this jenis). */
  target?: number;
  /** target − persen, points. */
  gap?: number;
  status: TargetStatus;
  behind: boolean;
}

export interface BulanSummary {
  month: number;
  realisasiSen: Sen;
  kumulatifSen: Sen;
}

export interface AnggaranSummary {
  kdsatker: string;
  nama?: string;
  /** False when the satker appears in none of the sources (unknown satker). */
  known: boolean;
  triwulan: Triwulan;
  triwulanLabel: string;
  /** Σ DIPA AMOUNT. */
  paguSen: Sen;
  /** Σ RealisasiKL AMOUNT. */
  realisasiSen: Sen;
  persen?: number;
  /** Per jenis belanja, by kode. */
  jenis: JenisSummary[];
  /** Σ DataFA KONTRAK / BLOKIR / BALANCING_AMT. */
  kontrakSen: Sen;
  blokirSen: Sen;
  sisaSen: Sen;
  /** Every akun in pagu minus, most negative first. */
  paguMinus: PaguMinusAkun[];
  /** IKPA of the latest period (undefined without IK rows). */
  ikpa?: IkpaResult;
  /** Realisasi per month of the budget year (12 entries) with running totals. */
  bulanan: BulanSummary[];
  /** RealisasiKL MAXDATE. */
  dataDate?: Ymd;
  syncedAt?: Date;
  crossCheck: {
    faDipaSen: Sen;
    faActualSen: Sen;
    /** DIPA AMOUNT − DataFA DIPA. */
    paguSelisihSen: Sen;
    /** RealisasiKL − DataFA ACTUAL_AMT. */
    realisasiSelisihSen: Sen;
    /** DataFA lines breaking BALANCING = DIPA − ACTUAL − KONTRAK − BLOKIR. */
    identityMismatches: number;
    consistent: boolean;
  };
}

export interface AnggaranSummaryInput {
  kdsatker: string;
  /** Display name; default: NMSATKER of the satker's IK rows. */
  nama?: string;
  /** DIPA lines; lines of other satker are ignored. */
  dipa: Iterable<DipaInput>;
  /** DataFA lines; lines of other satker are ignored. */
  fa: Iterable<FaInput>;
  /** Aggregated realisasi cells; cells of other satker are ignored. */
  realisasi: Iterable<RealisasiCellInput>;
  /** CapaianIKSatkerRe rows; rows of other satker are ignored. */
  ik?: Iterable<IkRow>;
  /** Budget year (for the monthly series); default: year of dataDate, else of `now` (WIB). */
  year?: number;
  dataDate?: Ymd;
  syncedAt?: Date;
  /**
   * "Now" for the current quarter (WIB). When the data date lies in an earlier year (the key's
   * budget year is over, or a data set of a past year), "now"'s quarter means nothing for those
   * figures: the quarter is then the data date's.
   */
  now: Date;
  targets?: TargetTable;
  /** Points a jenis may be short of its target before it counts as behind (default 0). */
  marginPct?: number;
}

export function buildAnggaranSummary(input: AnggaranSummaryInput): AnggaranSummary {
  const kd = input.kdsatker;
  const nowYear = new Date(input.now.getTime() + 7 * 3_600_000).getUTCFullYear();
  const tw = input.dataDate && input.dataDate.year < nowYear ? triwulanOf(input.dataDate) : triwulanOf(input.now);
  const year = input.year ?? input.dataDate?.year ?? nowYear;
  const table = input.targets ?? DEFAULT_TARGETS;
  let known = false;

  const perJenis = new Map<string, { paguSen: Sen; realisasiSen: Sen }>();
  const jenisOf = (akun: string) => {
    const kode = jenisBelanja(akun).kode;
    let e = perJenis.get(kode);
    if (!e) perJenis.set(kode, (e = { paguSen: 0, realisasiSen: 0 }));
    return e;
  };

  let paguSen = 0;
  for (const d of input.dipa) {
    if (d.kdsatker !== kd) continue;
    known = true;
    paguSen += d.amountSen;
    jenisOf(d.akun).paguSen += d.amountSen;
  }

  let realisasiSen = 0;
  const monthly: Sen[] = new Array<number>(12).fill(0);
  for (const c of input.realisasi) {
    if (c.kdsatker !== kd) continue;
    known = true;
    realisasiSen += c.amountSen;
    jenisOf(c.akun).realisasiSen += c.amountSen;
    if (c.year === year && c.month >= 1 && c.month <= 12) monthly[c.month - 1]! += c.amountSen;
  }

  const faLines: FaInput[] = [];
  let kontrakSen = 0;
  let blokirSen = 0;
  let sisaSen = 0;
  let faDipaSen = 0;
  let faActualSen = 0;
  for (const l of input.fa) {
    if (l.satker !== kd) continue;
    known = true;
    faLines.push(l);
    kontrakSen += l.kontrakSen;
    blokirSen += l.blokirSen;
    sisaSen += l.balancingSen;
    faDipaSen += l.dipaSen;
    faActualSen += l.actualSen;
  }

  const ikRows: IkRow[] = [];
  for (const r of input.ik ?? []) if (r.kode === kd && r.level === "satker") ikRows.push(r);
  if (ikRows.length) known = true;
  const latest = latestIkRow(ikRows);
  const nama = input.nama ?? ikRows.map((r) => r.nama).find((n) => n !== undefined && n !== "");

  const jenis: JenisSummary[] = [...perJenis.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kode, v]) => {
      const ev = evaluateTarget({ realisasi: v.realisasiSen, pagu: v.paguSen, jenis: kode, tw, table, marginPct: input.marginPct });
      return {
        kode,
        nama: jenisBelanja(kode).nama,
        paguSen: v.paguSen,
        realisasiSen: v.realisasiSen,
        ...(ev.persen !== undefined ? { persen: ev.persen } : {}),
        ...(ev.target !== undefined ? { target: ev.target } : {}),
        ...(ev.gap !== undefined ? { gap: ev.gap } : {}),
        status: ev.status,
        behind: ev.behind,
      };
    });

  let acc = 0;
  const bulanan = monthly.map((v, i) => ({ month: i + 1, realisasiSen: v, kumulatifSen: (acc += v) }));
  const identityMismatches = faIdentityMismatches(faLines).length;
  const paguSelisihSen = paguSen - faDipaSen;
  const realisasiSelisihSen = realisasiSen - faActualSen;
  const persen = realisasiPersen(realisasiSen, paguSen);

  return {
    kdsatker: kd,
    ...(nama !== undefined ? { nama } : {}),
    known,
    triwulan: tw,
    triwulanLabel: triwulanLabel(tw),
    paguSen,
    realisasiSen,
    ...(persen !== undefined ? { persen } : {}),
    jenis,
    kontrakSen,
    blokirSen,
    sisaSen,
    paguMinus: detectPaguMinus(faLines),
    ...(latest ? { ikpa: computeIkpa(latest) } : {}),
    bulanan,
    ...(input.dataDate ? { dataDate: input.dataDate } : {}),
    ...(input.syncedAt ? { syncedAt: input.syncedAt } : {}),
    crossCheck: {
      faDipaSen,
      faActualSen,
      paguSelisihSen,
      realisasiSelisihSen,
      identityMismatches,
      consistent: faLines.length === 0 || (paguSelisihSen === 0 && realisasiSelisihSen === 0 && identityMismatches === 0),
    },
  };
}
