/**
 * Alert rules (docs/architecture.md#the-path-of-an-alert): pure evaluation, no I/O.
 *
 * From one satker's synced data (its AnggaranSummary and IKPA history) `conditionsOf` derives
 * the set of conditions that hold now; `diffConditions` compares that set with what a group
 * has already been told (the persisted alert state) and says which conditions are new (alert
 * now), which have cleared (forget them, and say so where it means something) and which are
 * unchanged (stay quiet). A condition therefore alerts once until it clears, and again if it
 * returns.
 *
 * Conditions and their keys (the key is what "the same condition" means):
 * - `minus:<satker>:<akun>` — the akun is in pagu minus (DataFA BALANCING_AMT < 0 on some
 *   line). A deeper minus on the same akun is the same condition.
 * - `behind:<satker>:<jenis>:<year>-<tw>` — realisasi of a jenis belanja is short of this
 *   quarter's cumulative target by MORE than the margin (ALERT_BEHIND_MARGIN_PCT points).
 *   The quarter is in the key: a jenis still behind when the next quarter starts (with a higher
 *   target) is alerted again for the new quarter; the old quarter's entry clears silently.
 * - `ikpa:<satker>:<periode>` — the IKPA category of the latest period is lower than the
 *   category of the period before it. A further drop in a later period is a new condition.
 *
 * The previous snapshot is not needed: "new" is measured against the persisted state, so a
 * missed sync, a restart or a group subscribing later all behave the same way.
 */
import type { AnggaranSummary } from "../budget/summary.js";
import { kategoriRank, type IkpaKategori, type IkpaResult } from "../budget/ikpa.js";
import { jenisBelanja } from "../budget/targets.js";
import type { Sen } from "../domain/budget.js";

export type AlertKind = "minus" | "behind" | "ikpa";

export interface MinusData {
  akun: string;
  /** Jenis belanja kode (first two digits of the akun). */
  jenis: string;
  /** Σ of the akun's negative lines (negative). */
  amountSen: Sen;
  lines: number;
}

export interface BehindData {
  jenis: string;
  nama: string;
  persen: number;
  target: number;
  /** target − persen, points (> margin). */
  gap: number;
  /** "TW III" */
  tw: string;
}

export interface IkpaDropData {
  periode: number;
  prevPeriode: number;
  from: IkpaKategori;
  to: IkpaKategori;
  score?: number;
}

interface Base<K extends AlertKind, D> {
  kind: K;
  key: string;
  kdsatker: string;
  data: D;
}

export type Condition = Base<"minus", MinusData> | Base<"behind", BehindData> | Base<"ikpa", IkpaDropData>;

export interface SatkerConditions {
  kdsatker: string;
  nama?: string;
  /** Conditions that hold now. */
  active: Condition[];
  /**
   * Keys that were evaluated and are fine now (jenis on track this quarter): a cleared entry with
   * such a key is announced as resolved; other clears (a past quarter, a later IKPA period) are silent.
   */
  healthy: Set<string>;
}

export interface RuleOptions {
  /** Points a jenis may be short of its target before it counts as behind. */
  marginPct: number;
  /** "Now" (for the year in the quarter key when the data has no date). */
  now: Date;
}

export function minusKey(kd: string, akun: string): string {
  return `minus:${kd}:${akun}`;
}

export function behindKey(kd: string, jenis: string, year: number, tw: number): string {
  return `behind:${kd}:${jenis}:${year}-${tw}`;
}

export function ikpaKey(kd: string, periode: number): string {
  return `ikpa:${kd}:${String(periode).padStart(2, "0")}`;
}

/** The conditions that hold for one satker now. */
export function conditionsOf(s: AnggaranSummary, ikpaHistory: readonly { periode: string; ikpa: IkpaResult }[], opts: RuleOptions): SatkerConditions {
  const kd = s.kdsatker;
  const active: Condition[] = [];
  const healthy = new Set<string>();

  for (const m of s.paguMinus) {
    if (!(m.amountSen < 0)) continue;
    active.push({ kind: "minus", key: minusKey(kd, m.akun), kdsatker: kd, data: { akun: m.akun, jenis: jenisBelanja(m.akun).kode, amountSen: m.amountSen, lines: m.lines } });
  }

  const year = s.dataDate?.year ?? wibYear(opts.now);
  for (const j of s.jenis) {
    if (j.persen === undefined || j.target === undefined) continue; // no pagu or no target: nothing to compare
    const key = behindKey(kd, j.kode, year, s.triwulan);
    const gap = j.gap ?? j.target - j.persen;
    if (gap > opts.marginPct) {
      active.push({ kind: "behind", key, kdsatker: kd, data: { jenis: j.kode, nama: j.nama, persen: j.persen, target: j.target, gap, tw: s.triwulanLabel } });
    } else healthy.add(key);
  }

  const drop = ikpaDrop(ikpaHistory);
  if (drop) active.push({ kind: "ikpa", key: ikpaKey(kd, drop.periode), kdsatker: kd, data: drop });

  return { kdsatker: kd, ...(s.nama !== undefined ? { nama: s.nama } : {}), active, healthy };
}

/** The latest period with a category against the one before it; a drop, or undefined. */
export function ikpaDrop(history: readonly { ikpa: IkpaResult }[]): IkpaDropData | undefined {
  const scored = history.map((h) => h.ikpa).filter((r): r is IkpaResult & { kategori: IkpaKategori } => r.kategori !== undefined);
  scored.sort((a, b) => a.periode - b.periode);
  const latest = scored.at(-1);
  const prev = scored.at(-2);
  if (!latest || !prev || latest.periode === prev.periode) return undefined;
  if (kategoriRank(latest.kategori) >= kategoriRank(prev.kategori)) return undefined;
  return { periode: latest.periode, prevPeriode: prev.periode, from: prev.kategori, to: latest.kategori, ...(latest.score !== undefined ? { score: latest.score } : {}) };
}

/** One persisted "the group was told about this" entry. */
export interface StateEntry {
  key: string;
  kdsatker: string;
  kind: AlertKind;
  /** The condition's data when it was alerted (to word the "resolved" line). */
  data: unknown;
}

export interface ConditionDiff {
  /** Hold now, not in the state: alert. */
  raised: Condition[];
  /** In the state, no longer hold: remove; `announce` says whether the group is told. */
  cleared: { entry: StateEntry; announce: boolean }[];
  /** Hold now and already told: nothing to say. */
  unchanged: Condition[];
}

/**
 * Compare the conditions of one satker with the state entries of that satker (entries of other
 * satker are ignored, so a caller may pass a group's whole state).
 */
export function diffConditions(current: SatkerConditions, state: readonly StateEntry[]): ConditionDiff {
  const known = new Map<string, StateEntry>();
  for (const e of state) if (e.kdsatker === current.kdsatker) known.set(e.key, e);
  const now = new Set(current.active.map((c) => c.key));
  const raised: Condition[] = [];
  const unchanged: Condition[] = [];
  for (const c of current.active) (known.has(c.key) ? unchanged : raised).push(c);
  const cleared: ConditionDiff["cleared"] = [];
  for (const e of known.values()) {
    if (now.has(e.key)) continue;
    const announce = e.kind === "minus" || (e.kind === "behind" && current.healthy.has(e.key));
    cleared.push({ entry: e, announce });
  }
  return { raised, cleared, unchanged };
}

function wibYear(d: Date): number {
  return new Date(d.getTime() + 7 * 3_600_000).getUTCFullYear();
}
