import { describe, expect, it } from "vitest";
import { cumulative, RealisasiAggregator, sumPerMonth } from "../../src/budget/aggregate.js";
import { aggregateDipa, aggregateFa } from "../../src/budget/aggregate-lines.js";

/** The sums the sync stores, on small hand-made inputs; every expected figure is worked out by hand. */
const d = (year: number, month: number, day: number) => ({ year, month, day });

describe("RealisasiAggregator", () => {
  it("sums per satker × akun × month of TANGGAL; negative rows (koreksi) count; cells and totals are sorted copies", () => {
    const a = new RealisasiAggregator();
    a.add([
      { kdsatker: "527567", akun: "521211", tanggal: d(2026, 3, 2), amountSen: 500 },
      { kdsatker: "527560", akun: "521211", tanggal: d(2026, 3, 5), amountSen: 1000 },
      { kdsatker: "527560", akun: "521211", tanggal: d(2026, 3, 28), amountSen: 250 },
      { kdsatker: "527560", akun: "511111", tanggal: d(2026, 2, 1), amountSen: 7000 },
    ]);
    a.add([
      { kdsatker: "527560", akun: "521211", tanggal: d(2026, 4, 1), amountSen: -100 },
      { kdsatker: "527560", akun: "521211", tanggal: d(2025, 12, 31), amountSen: 3 },
    ]);
    expect(a.rows).toBe(6);
    expect(a.keyCount).toBe(5);
    expect(a.duplicates).toBe(0);
    const cells = a.cells();
    expect(cells).toEqual([
      { kdsatker: "527560", akun: "511111", year: 2026, month: 2, amountSen: 7000, rows: 1 },
      { kdsatker: "527560", akun: "521211", year: 2025, month: 12, amountSen: 3, rows: 1 },
      { kdsatker: "527560", akun: "521211", year: 2026, month: 3, amountSen: 1250, rows: 2 },
      { kdsatker: "527560", akun: "521211", year: 2026, month: 4, amountSen: -100, rows: 1 },
      { kdsatker: "527567", akun: "521211", year: 2026, month: 3, amountSen: 500, rows: 1 },
    ]);
    cells[0]!.amountSen = 0; // a copy: the aggregator is not changed
    expect(a.cellsOf("527560").map((c) => c.amountSen)).toEqual([7000, 3, 1250, -100]);
    expect(a.cellsOf("999999")).toEqual([]);
    expect(a.satkerTotals()).toEqual(
      new Map([
        ["527567", { kdsatker: "527567", amountSen: 500, rows: 1 }],
        ["527560", { kdsatker: "527560", amountSen: 8153, rows: 5 }],
      ]),
    );
    a.satkerTotals().get("527560")!.amountSen = 0;
    expect(a.satkerTotals().get("527560")!.amountSen).toBe(8153);
  });

  it("the data date is the highest MAXDATE, else the latest TANGGAL; the earliest TANGGAL is kept too", () => {
    const a = new RealisasiAggregator();
    expect(a.dataDate).toBeUndefined();
    a.add([
      { kdsatker: "1", akun: "5", tanggal: d(2026, 5, 10), amountSen: 1 },
      { kdsatker: "1", akun: "5", tanggal: d(2026, 1, 9), amountSen: 1 },
      { kdsatker: "1", akun: "5", tanggal: d(2026, 5, 9), amountSen: 1 },
    ]);
    expect(a.dataDate).toEqual(d(2026, 5, 10));
    expect(a.latestTanggal).toEqual(d(2026, 5, 10));
    expect(a.earliestTanggal).toEqual(d(2026, 1, 9));
    expect(a.maxDate).toBeUndefined();
    a.add([
      { kdsatker: "1", akun: "5", tanggal: d(2026, 2, 1), amountSen: 1, maxdate: d(2026, 11, 19) },
      { kdsatker: "1", akun: "5", tanggal: d(2026, 2, 1), amountSen: 1, maxdate: d(2026, 11, 20) },
      { kdsatker: "1", akun: "5", tanggal: d(2026, 2, 1), amountSen: 1, maxdate: d(2026, 11, 18) },
    ]);
    expect(a.maxDate).toEqual(d(2026, 11, 20));
    expect(a.dataDate).toEqual(d(2026, 11, 20));
  });

  it("identical rows are two payments (kept) unless dedupeContent is asked for; ROWNUM alone does not make rows different", () => {
    const row = { kdsatker: "1", akun: "5", tanggal: d(2026, 3, 1), amountSen: 100 };
    const plain = new RealisasiAggregator();
    plain.add([{ ...row, rownum: 1 }, { ...row, rownum: 2 }]);
    expect(plain.cells()[0]!.amountSen).toBe(200);
    const dedupe = new RealisasiAggregator({ dedupeContent: true });
    dedupe.add([{ ...row, rownum: 1 }, { ...row, rownum: 2 }, { ...row, rownum: 3, amountSen: 101 }, { ...row, rownum: 4, tanggal: d(2026, 3, 2) }]);
    expect(dedupe.duplicates).toBe(1);
    expect(dedupe.rows).toBe(3);
    expect(dedupe.cells()[0]!.amountSen).toBe(301);
  });

  it("a sum beyond 2^53 sen is an error, not a rounded figure", () => {
    const a = new RealisasiAggregator();
    a.add([{ kdsatker: "1", akun: "5", tanggal: d(2026, 3, 1), amountSen: Number.MAX_SAFE_INTEGER }]);
    expect(() => a.add([{ kdsatker: "1", akun: "5", tanggal: d(2026, 3, 1), amountSen: 1 }])).toThrow(RangeError);
  });
});

describe("monthly series", () => {
  it("sumPerMonth: one year's months 1–12, other years and impossible months left out; cumulative: running totals", () => {
    const s = sumPerMonth(
      [
        { year: 2026, month: 1, amountSen: 10 },
        { year: 2026, month: 1, amountSen: 5 },
        { year: 2026, month: 12, amountSen: 7 },
        { year: 2025, month: 3, amountSen: 1000 },
        { year: 2026, month: 0, amountSen: 1000 },
        { year: 2026, month: 13, amountSen: 1000 },
        { year: 2026, month: 4, amountSen: -2 },
      ],
      2026,
    );
    expect(s).toEqual([15, 0, 0, -2, 0, 0, 0, 0, 0, 0, 0, 7]);
    expect(cumulative(s)).toEqual([15, 15, 15, 13, 13, 13, 13, 13, 13, 13, 13, 20]);
    expect(cumulative([])).toEqual([]);
  });
});

describe("DIPA and DataFA lines", () => {
  it("DIPA: Σ and line count per satker × akun", () => {
    expect(
      aggregateDipa([
        { kdsatker: "1", akun: "521211", amountSen: 100 },
        { kdsatker: "1", akun: "521211", amountSen: 50 },
        { kdsatker: "1", akun: "511111", amountSen: 7 },
        { kdsatker: "2", akun: "521211", amountSen: 1 },
      ]),
    ).toEqual([
      { kdsatker: "1", akun: "521211", amountSen: 150, lines: 2 },
      { kdsatker: "1", akun: "511111", amountSen: 7, lines: 1 },
      { kdsatker: "2", akun: "521211", amountSen: 1, lines: 1 },
    ]);
  });

  it("DataFA: pagu minus per LINE (a negative line is not offset by a positive one); identity mismatches counted unless derived", () => {
    const line = (o: { satker?: string; akun?: string; dipa: number; actual: number; kontrak?: number; blokir?: number; balancing: number; derived?: boolean }) => ({
      satker: o.satker ?? "1",
      akun: o.akun ?? "521211",
      dipaSen: o.dipa,
      actualSen: o.actual,
      kontrakSen: o.kontrak ?? 0,
      blokirSen: o.blokir ?? 0,
      balancingSen: o.balancing,
      ...(o.derived ? { balancingDerived: true } : {}),
    });
    const agg = aggregateFa([
      line({ dipa: 1000, actual: 300, kontrak: 100, blokir: 50, balancing: 550 }), // identity holds
      line({ dipa: 0, actual: 200, balancing: -200 }), // pagu minus, hidden by the first line in the akun's sum
      line({ dipa: 100, actual: 150, balancing: -50 }), // a second negative line
      line({ dipa: 10, actual: 0, balancing: 0 }), // mismatch: 10 − 0 ≠ 0
      line({ dipa: 10, actual: 0, balancing: 4, derived: true }), // derived: not checked
      line({ akun: "511111", dipa: 10, actual: 10, balancing: 0 }), // zero is not minus
    ]);
    expect(agg).toEqual([
      { kdsatker: "1", akun: "521211", dipaSen: 1120, actualSen: 650, kontrakSen: 100, blokirSen: 50, balancingSen: 304, minusSen: -250, minusLines: 2, lines: 5, identityMismatches: 1 },
      { kdsatker: "1", akun: "511111", dipaSen: 10, actualSen: 10, kontrakSen: 0, blokirSen: 0, balancingSen: 0, minusSen: 0, minusLines: 0, lines: 1, identityMismatches: 0 },
    ]);
  });
});
