import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  escapeHtml,
  formatAngka,
  formatJam,
  formatPersen,
  formatRupiah,
  formatRupiahSingkat,
  formatTanggal,
  splitMessage,
  titleCase,
} from "../../src/domain/format.js";

describe("Indonesian formatting", () => {
  it("numbers and money", () => {
    expect(formatAngka(1234567)).toBe("1.234.567");
    expect(formatRupiah(1234567)).toBe("Rp 1.234.567");
    expect(formatRupiah(-150000)).toBe("-Rp 150.000");
    expect(formatRupiah(0)).toBe("Rp 0");
    expect(formatRupiahSingkat(1_234_000_000)).toBe("Rp 1,23 miliar");
    expect(formatRupiahSingkat(45_600_000)).toBe("Rp 45,6 juta");
    expect(formatRupiahSingkat(2_100_000_000_000)).toBe("Rp 2,1 triliun");
    expect(formatRupiahSingkat(950_000)).toBe("Rp 950.000");
  });

  it("percentages, and a zero base gives a dash", () => {
    expect(formatPersen(453, 1000)).toBe("45,3%");
    expect(formatPersen(5, 0)).toBe("—");
    expect(formatPersen(Number.NaN, 10)).toBe("—");
  });

  it("dates and times in WIB", () => {
    const d = new Date(Date.UTC(2026, 10, 23, 7, 5)); // 14.05 WIB
    expect(formatTanggal(d)).toBe("23 November 2026");
    expect(formatJam(d)).toBe("14.05 WIB");
    expect(formatTanggal(new Date(Date.UTC(2026, 11, 31, 18, 0)))).toBe("1 Januari 2027");
  });

  it("title case of upstream names", () => {
    expect(titleCase(" BENDOMUNGAL ")).toBe("Bendomungal");
    expect(titleCase("ORO-ORO OMBO")).toBe("Oro-Oro Ombo");
  });

  it("property: formatRupiah round-trips to the integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        const s = formatRupiah(n);
        expect(s).toMatch(/^-?Rp \d{1,3}(\.\d{3})*$/);
        expect(Number(s.replace(/[^\d-]/g, ""))).toBe(n);
      }),
    );
  });

  it("property: formatPersen has one decimal and a comma, or a dash", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.double(), (a, b) => {
        const s = formatPersen(a, b);
        expect(s === "—" || /^-?[\d.]+,\d%$/.test(s)).toBe(true);
        expect(s).not.toMatch(/NaN|Infinity/);
      }),
    );
  });

  it("property: escapeHtml output has no raw markup characters", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"]/);
        expect(e.replace(/&(amp|lt|gt|quot);/g, "")).not.toContain("&");
      }),
    );
  });

  it("property: splitMessage keeps all text, splits only between lines when lines fit, respects the limit", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 120 }).map((s) => s.replace(/\n/g, " ")), { maxLength: 200 }), fc.integer({ min: 130, max: 1000 }), (lines, limit) => {
        const text = lines.join("\n");
        const parts = splitMessage(text, limit);
        for (const p of parts) expect(p.length).toBeLessThanOrEqual(limit);
        expect(parts.join("\n")).toBe(text);
      }),
    );
  });
});
