/**
 * Streaming aggregation of RealisasiKL rows (docs/architecture.md#the-path-of-an-omspan-sync, docs/upstream.md#omspan-row-ranges):
 * feed the parsed batches page by page, keep only sums per satker × akun × month of TANGGAL.
 * Memory is proportional to the number of distinct (satker, akun, month) keys — a few
 * thousand for a ministry — not to the number of rows; a batch can be dropped as soon as
 * `add` returns.
 *
 * De-duplication: OFF by default, on purpose.
 * - RealisasiKL rows carry no transaction id (no SP2D number). Two legitimate payments of the
 *   same amount, on the same day, for the same satker/akun/output are byte-identical apart
 *   from ROWNUM (monthly allowances paid in several SP2D are a common case), so dropping
 *   identical rows would under-state realisasi on every normal sync.
 * - Remembering every row's content costs memory proportional to the rows, which docs/architecture.md#the-path-of-an-omspan-sync
 *   forbids ("memory stays bounded however many rows there are").
 * - The paging itself never requests a row twice (next from = highest ROWNUM + 1), and a
 *   shift caused by data loaded during the sync is caught by the per-satker cross-check
 *   against DataFA ACTUAL_AMT (summary.ts), which the sync logs.
 * `dedupeContent: true` is available for a diagnostic run on a suspect data set; it keeps a
 * hash set of row contents (ROWNUM excluded) and is therefore not memory-bounded.
 */
import { createHash } from "node:crypto";
import { compareYmd, type Sen, type Ymd } from "../domain/budget.js";

/** What the aggregator needs of a realisasi row (the client's RealisasiRow satisfies it). */
export interface RealisasiInput {
  kdsatker: string;
  akun: string;
  tanggal: Ymd;
  amountSen: Sen;
  maxdate?: Ymd;
  rownum?: number;
}

export interface RealisasiCell {
  kdsatker: string;
  akun: string;
  year: number;
  month: number;
  amountSen: Sen;
  rows: number;
}

export interface SatkerTotal {
  kdsatker: string;
  amountSen: Sen;
  rows: number;
}

export interface AggregatorOptions {
  /** Drop rows whose content (all fields but ROWNUM) was already seen in this sync. Not memory-bounded. */
  dedupeContent?: boolean;
}

function safeAdd(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError("realisasi sum beyond 2^53 sen");
  return s;
}

export class RealisasiAggregator {
  /** satker → akun → year × 100 + month → cell: no key string is built per row (a million per sync). */
  private readonly map = new Map<string, Map<string, Map<number, RealisasiCell>>>();
  private readonly totals = new Map<string, SatkerTotal>();
  private cellCount = 0;
  private readonly seen: Set<string> | undefined;
  private rowCount = 0;
  private dupCount = 0;
  private max: Ymd | undefined;
  private latest: Ymd | undefined;
  private earliest: Ymd | undefined;

  constructor(opts: AggregatorOptions = {}) {
    this.seen = opts.dedupeContent ? new Set() : undefined;
  }

  /** Add one batch (one page). */
  add(batch: Iterable<RealisasiInput>): void {
    for (const r of batch) this.addRow(r);
  }

  addRow(r: RealisasiInput): void {
    if (this.seen) {
      const key = contentKey(r);
      if (this.seen.has(key)) {
        this.dupCount++;
        return;
      }
      this.seen.add(key);
    }
    const { kdsatker, akun, tanggal } = r;
    let bySatker = this.map.get(kdsatker);
    if (!bySatker) this.map.set(kdsatker, (bySatker = new Map()));
    let byAkun = bySatker.get(akun);
    if (!byAkun) bySatker.set(akun, (byAkun = new Map()));
    const ym = tanggal.year * 100 + tanggal.month;
    const cell = byAkun.get(ym);
    if (cell) {
      cell.amountSen = safeAdd(cell.amountSen, r.amountSen);
      cell.rows++;
    } else {
      byAkun.set(ym, { kdsatker, akun, year: tanggal.year, month: tanggal.month, amountSen: r.amountSen, rows: 1 });
      this.cellCount++;
    }
    const t = this.totals.get(kdsatker);
    if (t) {
      t.amountSen = safeAdd(t.amountSen, r.amountSen);
      t.rows++;
    } else {
      this.totals.set(kdsatker, { kdsatker, amountSen: r.amountSen, rows: 1 });
    }
    this.rowCount++;
    // Dates come memoised from the parser (one object per distinct date): same object, nothing to compare.
    if (r.maxdate && r.maxdate !== this.max && (!this.max || compareYmd(r.maxdate, this.max) > 0)) this.max = r.maxdate;
    if (tanggal !== this.latest && (!this.latest || compareYmd(tanggal, this.latest) > 0)) this.latest = tanggal;
    if (tanggal !== this.earliest && (!this.earliest || compareYmd(tanggal, this.earliest) < 0)) this.earliest = tanggal;
  }

  /** Rows summed. */
  get rows(): number {
    return this.rowCount;
  }

  /** Rows dropped as duplicates (dedupeContent only). */
  get duplicates(): number {
    return this.dupCount;
  }

  /** Distinct satker × akun × month keys held. */
  get keyCount(): number {
    return this.cellCount;
  }

  /** Highest MAXDATE seen ("data OMSPAN per …"). */
  get maxDate(): Ymd | undefined {
    return this.max;
  }

  /** Latest / earliest TANGGAL seen. */
  get latestTanggal(): Ymd | undefined {
    return this.latest;
  }

  get earliestTanggal(): Ymd | undefined {
    return this.earliest;
  }

  /** The data date to show: MAXDATE, or the latest TANGGAL when no row carried MAXDATE. */
  get dataDate(): Ymd | undefined {
    return this.max ?? this.latest;
  }

  /** All cells, sorted by satker, akun, year, month (copies). */
  cells(): RealisasiCell[] {
    const out: RealisasiCell[] = [];
    for (const bySatker of this.map.values()) for (const byAkun of bySatker.values()) for (const c of byAkun.values()) out.push({ ...c });
    return out.sort(compareCells);
  }

  /** Cells of one satker, sorted (copies). */
  cellsOf(kdsatker: string): RealisasiCell[] {
    const out: RealisasiCell[] = [];
    for (const byAkun of this.map.get(kdsatker)?.values() ?? []) for (const c of byAkun.values()) out.push({ ...c });
    return out.sort(compareCells);
  }

  /** Σ per satker (copies). */
  satkerTotals(): Map<string, SatkerTotal> {
    return new Map([...this.totals].map(([k, v]) => [k, { ...v }]));
  }
}

function compareCells(a: RealisasiCell, b: RealisasiCell): number {
  return a.kdsatker.localeCompare(b.kdsatker) || a.akun.localeCompare(b.akun) || a.year - b.year || a.month - b.month;
}

/** Content of a row without ROWNUM, hashed to keep the dedupe set small-ish. */
function contentKey(r: RealisasiInput): string {
  const o = r as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    if (k === "rownum") continue;
    const v = o[k];
    parts.push(`${k}=${v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  }
  return createHash("sha1").update(parts.join("\u0001")).digest("base64");
}

/** Σ of cells per month (1–12) of one year, e.g. for a cumulative chart. */
export function sumPerMonth(cells: Iterable<Pick<RealisasiCell, "year" | "month" | "amountSen">>, year: number): Sen[] {
  const out: Sen[] = new Array<number>(12).fill(0);
  for (const c of cells) {
    if (c.year !== year || c.month < 1 || c.month > 12) continue;
    out[c.month - 1] = safeAdd(out[c.month - 1] ?? 0, c.amountSen);
  }
  return out;
}

/** Running totals of a monthly series. */
export function cumulative(series: readonly Sen[]): Sen[] {
  let acc = 0;
  return series.map((v) => (acc = safeAdd(acc, v)));
}
