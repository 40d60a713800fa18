/**
 * buildAnggaranSummary against figures computed by hand from docs/domain.md#budget-vocabulary and docs/domain.md#ikpa
 * (not from sim/'s reference, which could share a misreading with the code).
 */
import { describe, expect, it } from "vitest";
import { buildAnggaranSummary, type DipaInput, type FaInput, type RealisasiCellInput } from "../../src/budget/summary.js";
import type { IkRow } from "../../src/domain/budget.js";

const KD = "527560";
const NOV = new Date("2026-11-23T02:00:00Z"); // TW IV in WIB

const dipa: DipaInput[] = [
  { kdsatker: KD, akun: "511111", amountSen: 1_000_000_00 },
  { kdsatker: KD, akun: "521211", amountSen: 400_000_00 },
  { kdsatker: KD, akun: "521211", amountSen: 100_000_00 }, // second line, same akun
  { kdsatker: KD, akun: "532111", amountSen: 2_000_000_00 },
  { kdsatker: "999999", akun: "511111", amountSen: 7_00 }, // another satker
];
const realisasi: RealisasiCellInput[] = [
  { kdsatker: KD, akun: "511111", year: 2026, month: 1, amountSen: 300_000_00 },
  { kdsatker: KD, akun: "511111", year: 2026, month: 6, amountSen: 450_000_00 },
  { kdsatker: KD, akun: "511111", year: 2026, month: 6, amountSen: -50_000_00 }, // pengembalian
  { kdsatker: KD, akun: "521211", year: 2026, month: 3, amountSen: 125_000_00 },
  { kdsatker: KD, akun: "532111", year: 2026, month: 5, amountSen: 200_000_00 },
];
// Two DataFA lines of 521211: one −30.000 (over-spent), one +405.000; the akun as a whole is positive.
const fa: FaInput[] = [
  { satker: KD, akun: "511111", dipaSen: 1_000_000_00, actualSen: 700_000_00, kontrakSen: 0, blokirSen: 0, balancingSen: 300_000_00 },
  { satker: KD, akun: "521211", dipaSen: 100_000_00, actualSen: 125_000_00, kontrakSen: 5_000_00, blokirSen: 0, balancingSen: -30_000_00 },
  { satker: KD, akun: "521211", dipaSen: 400_000_00, actualSen: 0, kontrakSen: 0, blokirSen: -5_000_00 + 5_000_00, balancingSen: 400_000_00 },
  { satker: KD, akun: "532111", dipaSen: 2_000_000_00, actualSen: 200_000_00, kontrakSen: 800_000_00, blokirSen: 100_000_00, balancingSen: 900_000_00 },
];
const ik: IkRow[] = [
  { level: "satker", kode: KD, nama: "KANTOR PERTANAHAN KABUPATEN PASURUAN", periode: 9, values: { realisasi: 100 }, weights: { realisasi: 20 } },
  // the latest period: 80 × 20 + 90 × 10 + 60 × 5 = 2800 / 35 = 80.00 → Cukup
  { level: "satker", kode: KD, periode: 10, values: { realisasi: 80, hal3_dipa: 90, up: 60, retur: 10 }, weights: { realisasi: 20, hal3_dipa: 10, up: 5, retur: 0 } },
];

describe("one /anggaran summary, by hand", () => {
  const s = buildAnggaranSummary({ kdsatker: KD, dipa, fa, realisasi, ik, dataDate: { year: 2026, month: 11, day: 20 }, now: NOV });

  it("pagu from DIPA, realisasi from RealisasiKL with refunds subtracted, %", () => {
    expect(s.known).toBe(true);
    expect(s.nama).toBe("KANTOR PERTANAHAN KABUPATEN PASURUAN");
    expect(s.paguSen).toBe(3_500_000_00);
    expect(s.realisasiSen).toBe(1_025_000_00); // 300 + 450 − 50 + 125 + 200 thousand
    expect(s.persen).toBeCloseTo((1_025_000 / 3_500_000) * 100, 10); // 29,3%
  });

  it("per jenis belanja with this quarter's (TW IV) target and the behind rule", () => {
    expect(s.triwulanLabel).toBe("TW IV");
    const by = Object.fromEntries(s.jenis.map((j) => [j.kode, j]));
    expect(by["51"]).toMatchObject({ paguSen: 1_000_000_00, realisasiSen: 700_000_00, target: 95, behind: true });
    expect(by["51"]!.persen).toBeCloseTo(70, 10);
    expect(by["52"]).toMatchObject({ paguSen: 500_000_00, realisasiSen: 125_000_00, target: 90, behind: true });
    expect(by["52"]!.persen).toBeCloseTo(25, 10);
    expect(by["53"]).toMatchObject({ paguSen: 2_000_000_00, realisasiSen: 200_000_00, target: 90, behind: true });
    expect(by["53"]!.persen).toBeCloseTo(10, 10);
  });

  it("kontrak, blokir and sisa dana (BALANCING_AMT as given) from DataFA", () => {
    expect(s.kontrakSen).toBe(805_000_00);
    expect(s.blokirSen).toBe(100_000_00);
    expect(s.sisaSen).toBe(300_000_00 - 30_000_00 + 400_000_00 + 900_000_00);
  });

  it("pagu minus per DataFA line (BALANCING_AMT < 0), reported per satker + akun", () => {
    expect(s.paguMinus).toEqual([{ satker: KD, akun: "521211", amountSen: -30_000_00, lines: 1 }]);
  });

  it("IKPA of the latest PERIODE from the row's own weights; weakest indicators by points lost", () => {
    expect(s.ikpa?.periode).toBe(10);
    expect(s.ikpa?.score).toBe(80);
    expect(s.ikpa?.kategori).toBe("Cukup");
    expect(s.ikpa?.totalBobot).toBe(35);
    // losses: realisasi 20 × 20 / 35 = 11.43; up 40 × 5 / 35 = 5.71; hal3 10 × 10 / 35 = 2.86
    expect(s.ikpa?.losses.map((l) => [l.id, l.loss])).toEqual([
      ["realisasi", 11.43],
      ["up", 5.71],
      ["hal3_dipa", 2.86],
    ]);
  });

  it("monthly cumulative realisasi ends at the total", () => {
    expect(s.bulanan.map((b) => b.realisasiSen / 100)).toEqual([300_000, 0, 125_000, 0, 200_000, 400_000, 0, 0, 0, 0, 0, 0]);
    expect(s.bulanan.at(-1)!.kumulatifSen).toBe(s.realisasiSen);
  });
});

describe("which quarter's target", () => {
  it("is this quarter (WIB) while the data are of this year", () => {
    const s = buildAnggaranSummary({ kdsatker: KD, dipa, fa, realisasi, ik, dataDate: { year: 2026, month: 9, day: 30 }, now: new Date("2026-10-01T01:00:00Z") });
    expect(s.triwulanLabel).toBe("TW IV");
  });

  it("is the data date's quarter when the data are of an earlier year (a closed budget year)", () => {
    // A 2025 data set as of 30 June read in November 2026: TW II of 2025, not TW IV of 2026.
    const real2025 = realisasi.map((c) => ({ ...c, year: 2025 }));
    const s = buildAnggaranSummary({ kdsatker: KD, dipa, fa, realisasi: real2025, ik, dataDate: { year: 2025, month: 6, day: 30 }, now: NOV });
    expect(s.triwulanLabel).toBe("TW II");
    const by = Object.fromEntries(s.jenis.map((j) => [j.kode, j]));
    expect(by["51"]).toMatchObject({ target: 50, behind: false }); // 70 % ≥ 50 %
    expect(by["52"]).toMatchObject({ target: 50, behind: true }); // 25 % < 50 %
    expect(by["53"]).toMatchObject({ target: 40, behind: true });
    expect(s.bulanan.at(-1)!.kumulatifSen).toBe(s.realisasiSen); // the chart's year is the data's
  });

  it("falls back to now when there is no data date", () => {
    const s = buildAnggaranSummary({ kdsatker: KD, dipa, fa, realisasi, now: new Date("2026-04-01T01:00:00Z") });
    expect(s.triwulanLabel).toBe("TW II");
  });
});
