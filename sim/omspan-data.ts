/**
 * Deterministic synthetic OMSPAN data of Kementerian ATR/BPN (BA 056), served by the OMSPAN
 * simulator (omspan.ts) and used by tests, the demo and the benchmarks.
 *
 * - Satker, DIPA lines and IK rows are small and generated eagerly from the seed.
 * - RealisasiKL rows are NEVER stored: row i (0-based, ROWNUM i + 1) is generated on demand
 *   from (seed, i), so millions of rows cost no memory. Each row belongs to one DIPA line; the
 *   line of row i comes from a shuffled slot table (line l owns `weight` slots), so the exact
 *   number of rows per line is known in closed form and amounts are scaled to it: a line's
 *   realisasi is about `pagu × speed × month/12` whatever the row count.
 * - DataFA ACTUAL_AMT of a line is the exact sum of its RealisasiKL rows (one lazy pass over
 *   the rows, cached), so the client's cross-check agrees; BALANCING_AMT = DIPA − ACTUAL −
 *   KONTRAK − BLOKIR. A few lines are over-spent by design (pagu minus).
 * - `reference()` recomputes everything a client should find — pagu, realisasi per akun ×
 *   month, per jenis, DataFA sums, pagu-minus lines, latest IK score — with its own simple
 *   code, independent of src/upstream and src/budget (omspan-reference.ts).
 *
 * The satker catalogue and DIPA lines are built in omspan-catalog.ts, the IK rows in
 * omspan-ik.ts; this module generates the rows and keeps the state tests change.
 *
 * Canonical values are numbers (integer rupiah); the wire form (all strings, key quirks) is
 * built only when serving.
 */
import { mulberry32, Rng } from "./random.js";
import {
  BA_ATR_BPN,
  buildCatalog,
  buildLines,
  daysInMonth,
  mix32,
  NAMA_BA,
  NAMA_ESELON1,
  simOracleDate,
  type SimFaLine,
  type SimLine,
  type SimRealisasiRow,
  type SimSatker,
} from "./omspan-catalog.js";
import { ikRowsFor, type SimIkRow } from "./omspan-ik.js";
import { buildReference, type ExpectedSatker } from "./omspan-reference.js";

export { BA_ATR_BPN, fakeOmspanJwt, NAMA_BA, NAMA_ESELON1, simOracleDate } from "./omspan-catalog.js";
export type { SatkerJenis, SimFaLine, SimLine, SimRealisasiRow, SimSatker } from "./omspan-catalog.js";
export { IK_VALUE_KEYS, IK_WEIGHT_KEYS, referenceScore, WORKED_EXAMPLE, type SimIkRow } from "./omspan-ik.js";
export type { ExpectedSatker } from "./omspan-reference.js";

export interface OmspanDataOptions {
  seed?: number;
  satkerCount?: number;
  realisasiRows?: number;
  year?: number;
  /** Data "as of" this day (MAXDATE); default today clamped into `year` (31 Dec for past years). */
  asOf?: { month: number; day: number };
}

/** Cumulative month weights per jenis belanja, months 1..M. */
function monthCdf(jenis: string, m: number): Float64Array {
  const w: number[] = [];
  for (let k = 1; k <= m; k++) {
    if (jenis === "51") w.push(k === 6 || k === 3 ? 1.6 : 1); // THR and gaji 13 months
    else if (jenis === "53") w.push(0.15 + (k * k) / (m * m));
    else if (jenis === "52") w.push(0.5 + k / m);
    else w.push(1);
  }
  const cdf = new Float64Array(m);
  let acc = 0;
  const total = w.reduce((a, b) => a + b, 0);
  w.forEach((x, i) => {
    acc += x / total;
    cdf[i] = acc;
  });
  cdf[m - 1] = 1;
  return cdf;
}

export class OmspanData {
  readonly seed: number;
  readonly year: number;
  readonly asOf: { year: number; month: number; day: number };
  readonly satker: readonly SimSatker[];
  readonly lines: readonly SimLine[];
  private n: number;
  private readonly rowSeed: number;
  private readonly slotLine: Int32Array;
  private rowsPerLine!: Int32Array;
  private readonly cdfs: Map<string, Float64Array> = new Map();
  private ikSatker: SimIkRow[];
  private readonly ikEs1: SimIkRow[];
  private readonly ikKl: SimIkRow[];
  private readonly minusOverrides = new Map<number, number>();
  private actualCache: { n: number; actual: Float64Array } | undefined;
  private faCache: SimFaLine[] | undefined;
  private refCache: Map<string, ExpectedSatker> | undefined;

  constructor(opts: OmspanDataOptions = {}) {
    this.seed = opts.seed ?? 20_260_001;
    this.year = opts.year ?? 2026;
    this.asOf = defaultAsOf(this.year, opts.asOf);
    this.n = Math.max(0, Math.floor(opts.realisasiRows ?? 20_000));
    this.rowSeed = mix32(this.seed, 0x7ea1);
    this.satker = buildCatalog(Math.max(1, opts.satkerCount ?? 40));
    const lines = buildLines(this.satker, this.seed, this.asOf.month);
    // A few over-spent lines by design (pagu minus): small pegawai/barang lines.
    const minusPlan: [number, string][] = [[0, "511129"], [3, "521111"], [7, "511121"], [15, "512211"]];
    for (const [si, akun] of minusPlan) {
      const l = lines.find((x) => x.satker === si && x.akun === akun);
      if (l) {
        l.paguMinus = true;
        l.target = Math.round(l.pagu * 1.08);
        l.kontrakShare = 0;
        l.blokirShare = 0;
      }
    }
    this.lines = lines;
    // Slot table: line l owns `weight` slots; shuffled so lines interleave in ROWNUM order.
    const slots: number[] = [];
    for (const l of lines) for (let k = 0; k < l.weight; k++) slots.push(l.index);
    this.slotLine = Int32Array.from(new Rng(mix32(this.seed, 0x510)).shuffle(slots));
    for (const j of ["51", "52", "53", "57"]) this.cdfs.set(j, monthCdf(j, this.asOf.month));
    this.countRows();

    const worked = this.satker[0]?.kdsatker;
    this.ikSatker = this.satker.flatMap((s, si) =>
      ikRowsFor(s.kdsatker, { KDSATKER: s.kdsatker, NMSATKER: si % 9 === 4 ? `${s.nama}   ` : s.nama, KDKPPN: s.kppn }, this.seed, this.ikPeriods, 70 + ((si * 37) % 30), {
        worked: s.kdsatker === worked,
        missingKontrak: si % 6 === 2,
        outOfRange: si === 5,
      }),
    );
    const es1 = [...new Set(lines.map((l) => l.baes1))].sort();
    this.ikEs1 = es1.flatMap((kode, i) => ikRowsFor(kode, { BA: kode, NMBA: NAMA_ESELON1[kode] ?? `ESELON I ${kode}` }, this.seed, this.ikPeriods, 78 + i * 2));
    this.ikKl = ikRowsFor(BA_ATR_BPN, { BA: BA_ATR_BPN, NMBA: NAMA_BA }, this.seed, this.ikPeriods, 85);
  }

  /** IK periods published: the months before the data date (at least "01"; "11" for a past year). */
  get ikPeriods(): number {
    return Math.max(1, Math.min(12, this.asOf.month - 1));
  }

  get realisasiCount(): number {
    return this.n;
  }

  /** MAXDATE as Oracle text. */
  get maxDateText(): string {
    return simOracleDate(this.asOf.year, this.asOf.month, this.asOf.day);
  }

  setRealisasiRows(n: number): void {
    this.n = Math.max(0, Math.floor(n));
    this.countRows();
    this.invalidate();
  }

  private invalidate(): void {
    this.actualCache = undefined;
    this.faCache = undefined;
    this.refCache = undefined;
  }

  private countRows(): void {
    const S = this.slotLine.length;
    const counts = new Int32Array(this.lines.length);
    const cycles = S === 0 ? 0 : Math.floor(this.n / S);
    const rest = S === 0 ? 0 : this.n % S;
    for (const l of this.lines) counts[l.index] = l.weight * cycles;
    for (let k = 0; k < rest; k++) counts[this.slotLine[k]!]!++;
    this.rowsPerLine = counts;
  }

  lineOf(i: number): number {
    return this.slotLine[i % this.slotLine.length]!;
  }

  /** Row i (0-based); pure function of (seed, i, row count). */
  realisasi(i: number): SimRealisasiRow {
    const l = this.lineOf(i);
    const line = this.lines[l]!;
    const r = mulberry32(mix32(this.rowSeed, i));
    const amount = this.amountOf(line, r);
    const M = this.asOf.month;
    const cdf = this.cdfs.get(line.jenis) ?? this.cdfs.get("57")!;
    const u = r();
    let month = 1;
    while (month < M && u >= cdf[month - 1]!) month++;
    const lastDay = month === M ? this.asOf.day : daysInMonth(this.year, month);
    let day = 1 + Math.floor(r() * lastDay);
    // Treasury pays on working days: move weekends to Friday (or Monday at the month start).
    const dow = new Date(Date.UTC(this.year, month - 1, day)).getUTCDay();
    if (dow === 6 || dow === 0) {
      const back = dow === 6 ? 1 : 2;
      if (day - back >= 1) day -= back;
      else if (day + (dow === 6 ? 2 : 1) <= lastDay) day += dow === 6 ? 2 : 1;
    }
    return { rownum: i + 1, line: l, year: this.year, month, day, amount };
  }

  /** The amount of a row, from the first two draws of its generator. */
  private amountOf(line: SimLine, r: () => number): number {
    const a = r();
    const b = r();
    const count = this.rowsPerLine[line.index] ?? 1;
    const base = line.target / Math.max(1, count);
    if (line.paguMinus) return Math.ceil(base);
    if (a < 0.015) return -Math.max(1_000, Math.round((base * 0.3 * b) / 1_000) * 1_000);
    // At most 1.15 × base per row and target ≤ 0.86 × pagu: an ordinary line never exceeds its
    // pagu, so pagu minus appears only where designed (or set by a test).
    return Math.floor(base * (0.85 + 0.3 * b));
  }

  /** Exact Σ AMOUNT per line over all rows (one pass, cached). */
  private actuals(): Float64Array {
    if (this.actualCache && this.actualCache.n === this.n) return this.actualCache.actual;
    const actual = new Float64Array(this.lines.length);
    for (let i = 0; i < this.n; i++) {
      const l = this.lineOf(i);
      actual[l]! += this.amountOf(this.lines[l]!, mulberry32(mix32(this.rowSeed, i)));
    }
    this.actualCache = { n: this.n, actual };
    return actual;
  }

  /** DataFA lines, one per DIPA line. */
  faLines(): SimFaLine[] {
    if (this.faCache) return this.faCache;
    const actual = this.actuals();
    this.faCache = this.lines.map((l) => {
      const act = actual[l.index] ?? 0;
      const free = Math.max(0, l.pagu - act);
      let kontrak = Math.min(free, Math.round((free * l.kontrakShare) / 1000) * 1000);
      let blokir = Math.min(free - kontrak, Math.round((l.pagu * l.blokirShare) / 1000) * 1000);
      const minus = this.minusOverrides.get(l.index);
      if (minus !== undefined) {
        // Make BALANCING_AMT = −minus through KONTRAK, keeping DIPA and ACTUAL consistent.
        blokir = 0;
        kontrak = Math.max(0, l.pagu - act + minus);
      }
      return {
        line: l.index,
        satker: l.kdsatker,
        kppn: l.kppn,
        akun: l.akun,
        program: l.program,
        output: `${l.kegiatan}${l.output}`,
        dana: `${l.sumberDana}00000000`,
        kewenangan: l.kewenangan,
        lokasi: l.lokasi,
        dipa: l.pagu,
        kontrak,
        blokir,
        actual: act,
        balancing: l.pagu - act - kontrak - blokir,
      };
    });
    return this.faCache;
  }

  /** Make the first DataFA line of satker + akun show BALANCING_AMT = −amount (0 clears). */
  setPaguMinus(kdsatker: string, akun: string, amount: number): void {
    const l = this.lines.find((x) => x.kdsatker === kdsatker && x.akun === akun);
    if (!l) throw new Error(`no DIPA line ${kdsatker}/${akun}`);
    if (amount === 0) this.minusOverrides.delete(l.index);
    else this.minusOverrides.set(l.index, Math.abs(Math.round(amount)));
    this.faCache = undefined; // the row sums (actualCache) stay valid
    this.refCache = undefined;
  }

  ikSatkerRows(): readonly SimIkRow[] {
    return this.ikSatker;
  }

  ikEselon1Rows(): readonly SimIkRow[] {
    return this.ikEs1;
  }

  ikKlRows(): readonly SimIkRow[] {
    return this.ikKl;
  }

  /**
   * Change (or add) the IK row of a satker for a period. Numbers become wire strings
   * (IK_* with two decimals); `null` removes the key.
   */
  setIk(kdsatker: string, periode: number | string, values: Record<string, string | number | null>): void {
    const p = typeof periode === "string" ? Number(periode) : periode;
    let row = this.ikSatker.find((r) => r.kode === kdsatker && r.periode === p);
    if (!row) {
      const s = this.satker.find((x) => x.kdsatker === kdsatker);
      if (!s) throw new Error(`unknown satker ${kdsatker}`);
      row = { kode: kdsatker, periode: p, fields: { KDSATKER: s.kdsatker, NMSATKER: s.nama, KDKPPN: s.kppn, PERIODE: String(p).padStart(2, "0") } };
      this.ikSatker = [...this.ikSatker, row];
    }
    for (const [k, v] of Object.entries(values)) {
      if (v === null) delete row.fields[k];
      else row.fields[k] = typeof v === "number" ? (k.startsWith("IK_") ? v.toFixed(2) : String(v)) : v;
    }
    this.refCache = undefined;
  }

  /** What a correct client computes for every satker, from the canonical data (one pass over the rows). */
  reference(): Map<string, ExpectedSatker> {
    return (this.refCache ??= buildReference(this));
  }

  expectedSatker(kdsatker: string): ExpectedSatker | undefined {
    return this.reference().get(kdsatker);
  }
}

function defaultAsOf(year: number, asOf?: { month: number; day: number }): { year: number; month: number; day: number } {
  if (asOf) {
    const month = Math.min(12, Math.max(1, Math.floor(asOf.month)));
    return { year, month, day: Math.min(daysInMonth(year, month), Math.max(1, Math.floor(asOf.day))) };
  }
  const now = new Date(Date.now() + 7 * 3_600_000); // WIB
  const y = now.getUTCFullYear();
  if (y > year) return { year, month: 12, day: 31 };
  if (y < year) return { year, month: 1, day: 31 };
  return { year, month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}
