import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { buildAnggaranSummary } from "../../src/budget/summary.js";
import { DEFAULT_TARGETS } from "../../src/budget/targets.js";
import { CHART_HEIGHT, CHART_WIDTH, cumulativePersen, renderRealisasiChart } from "../../src/budget/chart.js";
import { weightedTargetLine } from "../../src/budget/targets.js";

const NOW = new Date("2026-11-23T02:00:00Z");
const summary = buildAnggaranSummary({
  kdsatker: "527560",
  nama: "KANTOR PERTANAHAN KABUPATEN PASURUAN",
  dipa: [
    { kdsatker: "527560", akun: "511111", amountSen: 300_000_000_00 },
    { kdsatker: "527560", akun: "521111", amountSen: 100_000_000_00 },
    { kdsatker: "527560", akun: "581111", amountSen: 50_000_000_00 }, // no target: left out of the weighting
  ],
  fa: [],
  realisasi: Array.from({ length: 11 }, (_, i) => ({ kdsatker: "527560", akun: i % 2 ? "521111" : "511111", year: 2026, month: i + 1, amountSen: 25_000_000_00 })),
  year: 2026,
  now: NOW,
});

describe("realisasi chart", () => {
  it("target line: quarter targets weighted by pagu of the jenis that have one", () => {
    const line = weightedTargetLine(summary.jenis, DEFAULT_TARGETS)!;
    expect(line).toHaveLength(12);
    // End of TW I: (300 × 20 + 100 × 15) / 400 = 18.75 → 18.8; end of the year: (300 × 95 + 100 × 90) / 400 = 93.75
    expect(line[2]).toBe(18.8);
    expect(line[11]).toBe(93.8);
    expect(weightedTargetLine([], DEFAULT_TARGETS)).toBeUndefined();
  });

  it("cumulative % of pagu up to the data month, nothing after it", () => {
    const c = cumulativePersen(summary, 11);
    expect(c[0]).toBe(5.6); // 25 / 450
    expect(c[10]).toBe(61.1); // 275 / 450
    expect(c[11]).toBeNull();
  });

  it("renders a PNG of the expected size", () => {
    const png = renderRealisasiChart({
      summary,
      lastMonth: 11,
      targets: DEFAULT_TARGETS,
      labels: { title: "Realisasi kumulatif — KANTOR PERTANAHAN KABUPATEN PASURUAN (527560)", realisasi: "Realisasi kumulatif (% pagu)", target: "Target triwulan (tertimbang pagu)", months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"], yAxis: "% dari pagu" },
    });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT);
    expect(png.length).toBeGreaterThan(10_000); // not a blank image
    if (process.env.PANTAU_CHART_OUT) writeFileSync(process.env.PANTAU_CHART_OUT, png);
  });
});
