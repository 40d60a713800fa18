import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeIkpa, kategoriIkpa, kategoriRank, latestIkRow } from "../../src/budget/ikpa.js";
import { INDICATORS, type IkRow } from "../../src/domain/budget.js";
import {
  DEFAULT_TARGETS,
  evaluateTarget,
  jenisBelanja,
  monthlyTargetLine,
  realisasiPersen,
  targetFor,
  triwulanLabel,
  triwulanOf,
} from "../../src/budget/targets.js";
import { parseIkSatkerRow } from "../../src/upstream/omspan-rows.js";
import { WORKED_EXAMPLE } from "../../sim/omspan-data.js";

const row = (values: IkRow["values"], weights: IkRow["weights"], periode = 1): IkRow => ({ level: "satker", kode: "527560", periode, values, weights });

describe("IKPA from the row's own weights", () => {
  it("the worked example of docs/domain.md#ikpa-score-rounding-and-categories: 56,52 Kurang; losses 24,05 and 16,40", () => {
    const parsed = parseIkSatkerRow({ KDSATKER: "017202", NMSATKER: "SEKRETARIAT UTAMA BADAN KOORDINASI PENANAMAN MODAL", KDKPPN: "088", ...WORKED_EXAMPLE });
    expect(parsed).toBeDefined();
    const r = computeIkpa(parsed!);
    expect(r.totalBobot).toBe(75);
    expect(r.score).toBe(56.52);
    expect(r.kategori).toBe("Kurang");
    expect(r.losses[0]).toMatchObject({ id: "realisasi", label: "Penyerapan Anggaran", loss: 24.05, nilai: 9.8, bobot: 20 });
    expect(r.losses[1]).toMatchObject({ id: "data_kontrak", label: "Belanja Kontraktual", loss: 16.4 });
    expect(r.losses[2]).toMatchObject({ id: "hal3_dipa", loss: 3.03 }); // 45.40 × 5 / 75 = 3.0267
    // UP and Penyelesaian Tagihan have value 0.00 but weight 0: not counted, not a loss
    expect(r.indicators.find((i) => i.id === "up")).toMatchObject({ counted: false, reason: "zero_weight", nilai: 0 });
    expect(r.losses.some((l) => l.id === "up" || l.id === "kemajuan_tagihan")).toBe(false);
    // Dispensasi SPM carries weight 4 here: it counts, so it is not "information only"
    expect(r.informasi).toEqual([]);
    // Σ losses = 100 − score (up to rounding)
    const sum = r.losses.reduce((a, l) => a + l.loss, 0);
    expect(Math.abs(sum - (100 - 56.52))).toBeLessThan(0.05);
  });

  it("hand-computed: two indicators", () => {
    // (80×10 + 100×30) / 40 = 95 → Sangat Baik; loss of the first = 20×10/40 = 5
    const r = computeIkpa(row({ revisi_dipa: 80, realisasi: 100 }, { revisi_dipa: 10, realisasi: 30 }));
    expect(r.score).toBe(95);
    expect(r.kategori).toBe("Sangat Baik");
    expect(r.losses).toEqual([{ id: "revisi_dipa", label: "Revisi DIPA", nilai: 80, bobot: 10, loss: 5 }]);
  });

  it("hand-computed: rounding half up on the third decimal", () => {
    // (88.885×... ) use 3 weights: (90×1 + 88.99×1 + 88.67×1)/3 = 89.22 → Baik
    expect(computeIkpa(row({ up: 90, retur: 88.99, renkas: 88.67 }, { up: 1, retur: 1, renkas: 1 })).score).toBe(89.22);
    // (89.00×1 + 88.99×1)/2 = 88.995 → 89.00 (half up) → Baik
    const r = computeIkpa(row({ up: 89, retur: 88.99 }, { up: 1, retur: 1 }));
    expect(r.score).toBe(89);
    expect(r.kategori).toBe("Baik");
  });

  it("values with more than two decimals enter the score unrounded (only the score is rounded)", () => {
    // (70.0051 + 70) / 2 = 70.00255 → 70.00; rounding 70.0051 to 70.01 first would give 70.01 (half up)
    const r = computeIkpa(row({ up: 70.0051, retur: 70 }, { up: 1, retur: 1 }));
    expect(r.score).toBe(70);
    // 88.9951 alone is 89.00 (Baik); loss (100 − 88.9951) × 1 / 1 = 11.0049 → 11.00
    const b = computeIkpa(row({ up: 88.9951 }, { up: 1 }));
    expect(b.score).toBe(89);
    expect(b.kategori).toBe("Baik");
    expect(b.losses[0]).toMatchObject({ nilai: 88.9951, loss: 11 });
  });

  it("a weighted indicator without a value is excluded, not counted as 0", () => {
    const r = computeIkpa(row({ realisasi: 90 }, { realisasi: 20, data_kontrak: 15 }));
    expect(r.score).toBe(90);
    expect(r.totalBobot).toBe(20);
    expect(r.indicators.find((i) => i.id === "data_kontrak")).toMatchObject({ counted: false, reason: "no_value" });
  });

  it("values outside 0–100 are excluded and reported", () => {
    const r = computeIkpa(row({ realisasi: 90, retur: 120, up: -1 }, { realisasi: 20, retur: 6, up: 8 }));
    expect(r.score).toBe(90);
    expect(r.outOfRange).toEqual([
      { id: "up", nilai: -1 },
      { id: "retur", nilai: 120 },
    ]);
  });

  it("Dispensasi SPM with weight 0 is information only", () => {
    const r = computeIkpa(row({ dispensasi_spm: 85, realisasi: 100 }, { dispensasi_spm: 0, realisasi: 20 }));
    expect(r.score).toBe(100);
    expect(r.informasi).toEqual([{ id: "dispensasi_spm", label: "Dispensasi SPM", nilai: 85 }]);
  });

  it("no weighted indicator: no score, no category", () => {
    const r = computeIkpa(row({ realisasi: 50 }, { realisasi: 0 }));
    expect(r.score).toBeUndefined();
    expect(r.kategori).toBeUndefined();
  });

  it("category ranks: Sangat Baik > Baik > Cukup > Kurang", () => {
    expect((["Kurang", "Cukup", "Baik", "Sangat Baik"] as const).map(kategoriRank)).toEqual([0, 1, 2, 3]);
  });

  it("weights that are 0, negative or not numbers do not count; losses tie-broken by weight, then label", () => {
    const r = computeIkpa(row({ up: 90, retur: 90, renkas: 90, revisi_dipa: 80, hal3_dipa: 50 }, { up: 2, retur: 1, renkas: 1, revisi_dipa: -5, hal3_dipa: Number.NaN }));
    // (90×2 + 90 + 90) / 4 = 90; losses 10×2/4 = 5, 10×1/4 = 2,5 each
    expect([r.score, r.kategori, r.totalBobot]).toEqual([90, "Baik", 4]);
    expect(r.losses.map((l) => [l.label, l.loss])).toEqual([
      ["Pengelolaan UP/TUP", 5],
      ["Rencana Penarikan Dana (Renkas)", 2.5],
      ["Retur SP2D", 2.5],
    ]);
    expect(r.indicators.find((i) => i.id === "revisi_dipa")).toMatchObject({ bobot: 0, counted: false, reason: "zero_weight", nilai: 80 });
    expect(r.indicators.find((i) => i.id === "hal3_dipa")).toMatchObject({ bobot: 0, counted: false, reason: "zero_weight" });
    expect(r.indicators.find((i) => i.id === "up")).toMatchObject({ bobot: 2, counted: true, loss: 5 });
    // A full score loses nothing and is not listed.
    const full = computeIkpa(row({ up: 100, retur: 99 }, { up: 1, retur: 1 }));
    expect(full.losses.map((l) => l.id)).toEqual(["retur"]);
    expect(full.indicators.find((i) => i.id === "up")!.loss).toBe(0);
    // Boundary values 0 and 100 count.
    expect(computeIkpa(row({ up: 0, retur: 100 }, { up: 1, retur: 1 })).score).toBe(50);
  });

  it("the latest row: ties on PERIODE go to the later row in the input", () => {
    const a = { periode: 5, tag: "a" };
    const b = { periode: 5, tag: "b" };
    expect(latestIkRow([a, b])?.tag).toBe("b");
    expect(latestIkRow([{ periode: 6, tag: "c" }, a])?.tag).toBe("c");
  });

  it("categories at the boundaries", () => {
    expect(kategoriIkpa(95)).toBe("Sangat Baik");
    expect(kategoriIkpa(94.99)).toBe("Baik");
    expect(kategoriIkpa(89)).toBe("Baik");
    expect(kategoriIkpa(88.99)).toBe("Cukup");
    expect(kategoriIkpa(70)).toBe("Cukup");
    expect(kategoriIkpa(69.99)).toBe("Kurang");
  });

  it("property: score within [min, max] of the counted values; losses sum to 100 − score", () => {
    const ids = INDICATORS.map((d) => d.id);
    fc.assert(
      fc.property(
        fc.array(fc.record({ v: fc.integer({ min: 0, max: 10_000 }), w: fc.integer({ min: 0, max: 25 }) }), { minLength: ids.length, maxLength: ids.length }),
        (spec) => {
          const values: IkRow["values"] = {};
          const weights: IkRow["weights"] = {};
          spec.forEach((s, i) => {
            values[ids[i]!] = s.v / 100;
            weights[ids[i]!] = s.w;
          });
          const r = computeIkpa(row(values, weights));
          const counted = spec.filter((s) => s.w > 0);
          if (counted.length === 0) return expect(r.score).toBeUndefined();
          const min = Math.min(...counted.map((s) => s.v / 100));
          const max = Math.max(...counted.map((s) => s.v / 100));
          expect(r.score!).toBeGreaterThanOrEqual(min - 0.005);
          expect(r.score!).toBeLessThanOrEqual(max + 0.005);
          const lossSum = r.indicators.reduce((a, i) => a + (i.loss ?? 0), 0);
          expect(Math.abs(lossSum - (100 - r.score!))).toBeLessThan(0.01 * (counted.length + 1));
          for (let i = 1; i < r.losses.length; i++) expect(r.losses[i - 1]!.loss).toBeGreaterThanOrEqual(r.losses[i]!.loss);
        },
      ),
    );
  });

  it("latest row is the highest PERIODE", () => {
    expect(latestIkRow([row({}, {}, 3), row({}, {}, 11), row({}, {}, 7)])?.periode).toBe(11);
    expect(latestIkRow([])).toBeUndefined();
  });
});

describe("jenis belanja, quarters and targets", () => {
  it("jenis from the first two digits; unknown prefix named by its code", () => {
    expect(jenisBelanja("511111")).toEqual({ kode: "51", nama: "Belanja Pegawai" });
    expect(jenisBelanja("522151")).toEqual({ kode: "52", nama: "Belanja Barang" });
    expect(jenisBelanja("532111")).toEqual({ kode: "53", nama: "Belanja Modal" });
    expect(jenisBelanja("571111")).toEqual({ kode: "57", nama: "Belanja Bantuan Sosial" });
    expect(jenisBelanja("591111")).toEqual({ kode: "59", nama: "Belanja kode 59" });
  });

  it("quarters of months, dates and instants in WIB", () => {
    expect([1, 3, 4, 6, 7, 9, 10, 12].map((m) => triwulanOf(m))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(triwulanOf({ year: 2026, month: 8, day: 17 })).toBe(3);
    // 31 March 2026 20:00 UTC is already 1 April 03:00 WIB → TW II
    expect(triwulanOf(new Date("2026-03-31T20:00:00Z"))).toBe(2);
    expect(triwulanOf(new Date("2026-03-31T16:59:00Z"))).toBe(1);
    expect(triwulanLabel(1)).toBe("TW I");
    expect(triwulanLabel(4)).toBe("TW IV");
    expect(() => triwulanOf(13)).toThrow(RangeError);
  });

  it("default table is the one of docs/domain.md#quarterly-targets; configurable", () => {
    expect(targetFor("51", 1)).toBe(20);
    expect(targetFor("52", 3)).toBe(70);
    expect(targetFor("53", 2)).toBe(40);
    expect(targetFor("57", 4)).toBe(95);
    expect(targetFor("59", 4)).toBeUndefined();
    expect(targetFor("52", 3, { ...DEFAULT_TARGETS, "52": [10, 30, 60, 85] })).toBe(60);
  });

  it("realisasi % with pagu 0 is undefined (shown as —), never NaN or Infinity", () => {
    expect(realisasiPersen(50, 200)).toBe(25);
    expect(realisasiPersen(0, 0)).toBeUndefined();
    expect(realisasiPersen(100, 0)).toBeUndefined();
    expect(realisasiPersen(-5, 100)).toBe(-5);
  });

  it("behind / on track with a margin", () => {
    // 52, TW III target 70 %
    expect(evaluateTarget({ realisasi: 650, pagu: 1000, jenis: "52", tw: 3 })).toMatchObject({ persen: 65, target: 70, gap: 5, status: "behind", behind: true });
    expect(evaluateTarget({ realisasi: 650, pagu: 1000, jenis: "52", tw: 3, marginPct: 5 })).toMatchObject({ status: "on_track", behind: false });
    expect(evaluateTarget({ realisasi: 640, pagu: 1000, jenis: "52", tw: 3, marginPct: 5 })).toMatchObject({ status: "behind" });
    expect(evaluateTarget({ realisasi: 700, pagu: 1000, jenis: "52", tw: 3 })).toMatchObject({ status: "on_track" });
    expect(evaluateTarget({ realisasi: 10, pagu: 0, jenis: "52", tw: 3 })).toEqual({ target: 70, status: "no_pagu", behind: false });
    expect(evaluateTarget({ realisasi: 10, pagu: 100, jenis: "59", tw: 3 })).toMatchObject({ persen: 10, status: "no_target", behind: false });
  });

  it("monthly target line runs through the quarter-end targets", () => {
    const line = monthlyTargetLine("52")!;
    expect(line).toHaveLength(12);
    expect([line[2], line[5], line[8], line[11]]).toEqual([15, 50, 70, 90]);
    expect(line[0]).toBeCloseTo(5);
    expect(monthlyTargetLine("59")).toBeUndefined();
  });
});
