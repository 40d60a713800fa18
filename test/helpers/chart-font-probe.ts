/**
 * Run in a child process (see test/helpers/fonts.ts), where the system fonts may be hidden:
 * draws a line of text before the chart module is loaded (with no usable font: nothing), then
 * renders a real chart through `<argv[2]>/budget/chart.js` (src/ or a build) and prints, as
 * one JSON line, the registered font families and the ink counted in each area.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { createCanvas, GlobalFonts, loadImage, type SKRSContext2D } from "@napi-rs/canvas";

const dir = process.argv[2]!;

/** Pixels that are not (near) white in rows [y0, y1). */
function ink(ctx: SKRSContext2D, width: number, y0: number, y1: number): number {
  const d = ctx.getImageData(0, y0, width, y1 - y0).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! < 200 || d[i + 1]! < 200 || d[i + 2]! < 200) n++;
  return n;
}

const control = createCanvas(400, 60).getContext("2d");
control.fillStyle = "#ffffff";
control.fillRect(0, 0, 400, 60);
control.fillStyle = "#000000";
control.font = "bold 30px sans-serif";
control.fillText("Realisasi", 10, 40);
const before = ink(control, 400, 0, 60);

const chart = (await import(pathToFileURL(join(dir, "budget", "chart.js")).href)) as typeof import("../../src/budget/chart.js");
const { buildAnggaranSummary } = (await import(pathToFileURL(join(dir, "budget", "summary.js")).href)) as typeof import("../../src/budget/summary.js");
const { DEFAULT_TARGETS } = (await import(pathToFileURL(join(dir, "budget", "targets.js")).href)) as typeof import("../../src/budget/targets.js");
const summary = buildAnggaranSummary({
  kdsatker: "527560",
  nama: "KANTOR PERTANAHAN KABUPATEN PASURUAN",
  dipa: [{ kdsatker: "527560", akun: "521111", amountSen: 100_000_000_00 }],
  fa: [],
  realisasi: [{ kdsatker: "527560", akun: "521111", year: 2026, month: 3, amountSen: 30_000_000_00 }],
  year: 2026,
  now: new Date("2026-11-23T02:00:00Z"),
});
const png = chart.renderRealisasiChart({
  summary,
  lastMonth: 11,
  targets: DEFAULT_TARGETS,
  labels: { title: "Realisasi kumulatif — 527560", realisasi: "Realisasi", target: "Target", months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"], yAxis: "% dari pagu" },
});
const img = await loadImage(png);
const canvas = createCanvas(chart.CHART_WIDTH, chart.CHART_HEIGHT);
const ctx = canvas.getContext("2d");
ctx.drawImage(img, 0, 0);
console.log(
  JSON.stringify({
    families: GlobalFonts.families.map((f) => f.family).sort(),
    fontFiles: chart.CHART_FONT_FILES,
    before,
    title: ink(ctx, chart.CHART_WIDTH, 0, 40),
    legend: ink(ctx, chart.CHART_WIDTH, chart.CHART_HEIGHT - 30, chart.CHART_HEIGHT),
  }),
);
