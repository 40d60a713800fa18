/**
 * Test data for the alert tests: small mutable data per satker, and `TestBudget.sync()` writing
 * it as a data set the way the bot's sync does — DIPA and DataFA lines summed by the real
 * aggregation (aggregateDipa / aggregateFa, where pagu minus is detected per line), realisasi
 * rows through RealisasiAggregator, committed and swapped in by the real BudgetStore — and
 * calling the listeners with the store's snapshot. The alerts thus read exactly what they read
 * in production, from SQLite or PostgreSQL.
 */
import type { Store } from "../../src/store/db.js";
import type { DipaInput, FaInput, RealisasiCellInput } from "../../src/budget/summary.js";
import { aggregateDipa, aggregateFa } from "../../src/budget/aggregate-lines.js";
import { RealisasiAggregator } from "../../src/budget/aggregate.js";
import { BudgetStore } from "../../src/budget/store.js";
import type { BudgetReader, BudgetSnapshot, SyncListener } from "../../src/budget/reader.js";
import type { IkRow, Ymd } from "../../src/domain/budget.js";

const RP = 100; // sen per rupiah

export interface TestSatker {
  kdsatker: string;
  nama: string;
  dipa: DipaInput[];
  fa: FaInput[];
  realisasi: RealisasiCellInput[];
  ik: IkRow[];
}

/** IK weights of PER-5/PB/2024 (the rows carry their own; these are the test rows' own). */
const WEIGHTS: IkRow["weights"] = { revisi_dipa: 10, hal3_dipa: 15, realisasi: 20, data_kontrak: 10, kemajuan_tagihan: 10, up: 10, capaian_output: 25 };

/** An IK row whose every indicator is `nilai` (so the score is `nilai`). */
export function ikRow(kdsatker: string, periode: number, nilai: number): IkRow {
  const values: IkRow["values"] = {};
  for (const k of Object.keys(WEIGHTS) as (keyof IkRow["values"])[]) values[k] = nilai;
  return { level: "satker", kode: kdsatker, periode, values, weights: { ...WEIGHTS } };
}

/**
 * A satker with one akun per jenis 51/52/53 (pagu Rp 100 juta each) and realisasi `persen` % of
 * each (booked in October 2026), DataFA lines consistent with it, and IKPA 96 (Sangat Baik) for
 * periods 9 and 10.
 */
export function satker(kdsatker: string, nama: string, persen = 95): TestSatker {
  const s: TestSatker = { kdsatker, nama, dipa: [], fa: [], realisasi: [], ik: [ikRow(kdsatker, 9, 96), ikRow(kdsatker, 10, 96)] };
  for (const akun of ["511111", "521211", "531111"]) {
    const pagu = 100_000_000 * RP;
    const real = Math.round((pagu * persen) / 100);
    s.dipa.push({ kdsatker, akun, amountSen: pagu });
    s.realisasi.push({ kdsatker, akun, year: 2026, month: 10, amountSen: real });
    s.fa.push({ satker: kdsatker, akun, dipaSen: pagu, actualSen: real, kontrakSen: 0, blokirSen: 0, balancingSen: pagu - real });
  }
  return s;
}

/** Put `akun` of the satker in pagu minus of `rupiah` (0 clears it): an extra DataFA line with BALANCING_AMT −rupiah. */
export function setMinus(s: TestSatker, akun: string, rupiah: number): void {
  s.fa = s.fa.filter((l) => !(l.akun === akun && l.output === "minus"));
  if (rupiah > 0) s.fa.push({ satker: s.kdsatker, akun, output: "minus", dipaSen: 0, actualSen: rupiah * RP, kontrakSen: 0, blokirSen: 0, balancingSen: -rupiah * RP });
}

/** Set the realisasi of one akun to `persen` % of its pagu. */
export function setRealisasi(s: TestSatker, akun: string, persen: number): void {
  const pagu = s.dipa.find((d) => d.akun === akun)!.amountSen;
  const real = Math.round((pagu * persen) / 100);
  for (const c of s.realisasi) if (c.akun === akun) c.amountSen = real;
  for (const l of s.fa) if (l.akun === akun && l.output !== "minus") Object.assign(l, { actualSen: real, balancingSen: pagu - real });
}

export class TestBudget implements BudgetReader {
  readonly satker = new Map<string, TestSatker>();
  private readonly listeners: SyncListener[] = [];
  private readonly store: BudgetStore;
  dataDate: Ymd = { year: 2026, month: 11, day: 20 };

  /** `store`: the database the data sets are written to (the one the alerts read). */
  constructor(store: Store) {
    this.store = new BudgetStore(store);
  }

  add(...list: TestSatker[]): this {
    for (const s of list) this.satker.set(s.kdsatker, s);
    return this;
  }

  get(kd: string): TestSatker {
    const s = this.satker.get(kd);
    if (!s) throw new Error(`no test satker ${kd}`);
    return s;
  }

  onSynced(l: SyncListener): void {
    this.listeners.push(l);
  }

  current(): Promise<BudgetSnapshot | undefined> {
    return this.store.current();
  }

  /** Write the current data as a new data set, swap it in and call the listeners (like a successful sync). */
  async sync(): Promise<BudgetSnapshot> {
    const list = [...this.satker.values()];
    const previous = await this.store.current();
    const id = await this.store.begin("admin");
    const realisasi = new RealisasiAggregator();
    realisasi.add(
      list.flatMap((s) =>
        s.realisasi.map((c) => ({ kdsatker: c.kdsatker, akun: c.akun, tanggal: { year: c.year, month: c.month, day: 1 }, amountSen: c.amountSen, maxdate: this.dataDate })),
      ),
    );
    const { previousId } = await this.store.commit(
      id,
      {
        dipa: aggregateDipa(list.flatMap((s) => s.dipa)),
        fa: aggregateFa(list.flatMap((s) => s.fa)),
        realisasi: realisasi.cells(),
        // The satker's name travels on its IK rows, as in OMSPAN.
        ik: list.flatMap((s) => s.ik.map((r) => ({ ...r, nama: s.nama }))),
        rows: realisasi.rows,
        maxdate: { ...this.dataDate },
      },
      { durationMs: 1 },
    );
    await this.store.prune(previousId !== undefined ? [id, previousId] : [id]);
    const snapshot = (await this.store.current())!;
    for (const l of this.listeners) await l({ snapshot, ...(previous ? { previous } : {}), trigger: "admin" });
    return snapshot;
  }
}
