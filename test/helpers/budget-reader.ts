/**
 * A hand-made BudgetReader for the alert tests: small mutable data per satker, summaries built
 * with the real buildAnggaranSummary, and `sync()` producing a new snapshot (new datasetId) and
 * calling the listeners like the real sync does.
 */
import { buildAnggaranSummary, type DipaInput, type FaInput, type RealisasiCellInput } from "../../src/budget/summary.js";
import { computeIkpa } from "../../src/budget/ikpa.js";
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
  private snap: BudgetSnapshot | undefined;
  private nextId = 1;
  private readonly listeners: SyncListener[] = [];
  dataDate: Ymd = { year: 2026, month: 11, day: 20 };

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

  async current(): Promise<BudgetSnapshot | undefined> {
    return this.snap;
  }

  /** Freeze the current data into a new snapshot and call the listeners (like a successful sync). */
  async sync(): Promise<BudgetSnapshot> {
    const previous = this.snap;
    const frozen = structuredClone([...this.satker.values()]);
    const dataDate = { ...this.dataDate };
    const datasetId = this.nextId++;
    const syncedAt = new Date();
    const byKd = new Map(frozen.map((s) => [s.kdsatker, s]));
    const snapshot: BudgetSnapshot = {
      datasetId,
      syncedAt,
      satker: async () => frozen.map((s) => ({ kdsatker: s.kdsatker, nama: s.nama })),
      summary: async (kd, now) => {
        const s = byKd.get(kd);
        if (!s) return undefined;
        return buildAnggaranSummary({ kdsatker: kd, nama: s.nama, dipa: s.dipa, fa: s.fa, realisasi: s.realisasi, ik: s.ik, dataDate, syncedAt, now });
      },
      ikpaHistory: async (kd) => {
        const s = byKd.get(kd);
        return (s?.ik ?? []).slice().sort((a, b) => a.periode - b.periode).map((r) => ({ periode: String(r.periode).padStart(2, "0"), ikpa: computeIkpa(r) }));
      },
    };
    this.snap = snapshot;
    for (const l of this.listeners) await l({ snapshot, ...(previous ? { previous } : {}), trigger: "admin" });
    return snapshot;
  }
}
