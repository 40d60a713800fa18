/**
 * PNG chart of one satker's cumulative monthly realisasi (% of pagu) against the target line
 * (docs/architecture.md#commands-and-features). Rendered on the server with Chart.js on @napi-rs/canvas (Skia,
 * prebuilt binaries; no browser, no native build). Labels come from the caller (locale).
 */
import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { Chart, registerables, type ChartConfiguration, type Plugin } from "chart.js";
import type { AnggaranSummary } from "./summary.js";
import { weightedTargetLine, type TargetTable } from "./targets.js";

/**
 * Every text of the chart is drawn with DejaVu Sans from the @fontsource/dejavu-sans package,
 * registered under a family name of our own: slim container images have no system font, and
 * Skia draws no text at all when it finds none. Resolved through node_modules, so the same from
 * src/ and from dist/.
 */
export const CHART_FONT_FAMILY = "Pantau Sans";
export const CHART_FONT_FILES = [400, 700].map((weight) =>
  createRequire(import.meta.url).resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${weight}-normal.woff2`),
);
for (const file of CHART_FONT_FILES) {
  if (!GlobalFonts.registerFromPath(file, CHART_FONT_FAMILY)) throw new Error(`font grafik tidak dapat dimuat: ${file}`);
}

Chart.register(...registerables);
Chart.defaults.font.family = CHART_FONT_FAMILY;

export interface ChartLabels {
  title: string;
  realisasi: string;
  target: string;
  /** Month names (12), short. */
  months: readonly string[];
  yAxis: string;
}

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 600;

/** Cumulative realisasi as % of pagu per month, up to `lastMonth` (null after it). */
export function cumulativePersen(s: Pick<AnggaranSummary, "bulanan" | "paguSen">, lastMonth: number): (number | null)[] {
  return s.bulanan.map((b) => (b.month > lastMonth || s.paguSen <= 0 ? null : Math.round((b.kumulatifSen / s.paguSen) * 1000) / 10));
}

const whiteBackground: Plugin = {
  id: "pantauBackground",
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export function renderRealisasiChart(args: { summary: AnggaranSummary; lastMonth: number; targets: TargetTable; labels: ChartLabels }): Buffer {
  const { summary, labels } = args;
  const real = cumulativePersen(summary, args.lastMonth);
  const target = weightedTargetLine(summary.jenis, args.targets);
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const maxY = Math.max(100, ...real.map((v) => v ?? 0), ...(target ?? []));
  const config: ChartConfiguration<"line", (number | null)[], string> = {
    type: "line",
    data: {
      labels: [...labels.months],
      datasets: [
        {
          label: labels.realisasi,
          data: real,
          borderColor: "#1565c0",
          backgroundColor: "rgba(21, 101, 192, 0.15)",
          fill: true,
          borderWidth: 3,
          pointRadius: 4,
          tension: 0,
        },
        ...(target
          ? [
              {
                label: labels.target,
                data: target,
                borderColor: "#e65100",
                backgroundColor: "#e65100",
                borderDash: [8, 6],
                borderWidth: 2,
                pointRadius: 0,
                fill: false,
                tension: 0,
              },
            ]
          : []),
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: {
        title: { display: true, text: labels.title, font: { size: 20, weight: "bold" }, color: "#222" },
        legend: { position: "bottom", labels: { font: { size: 15 }, color: "#222", usePointStyle: true, pointStyle: "line" } },
      },
      scales: {
        y: { min: 0, max: Math.ceil(maxY / 10) * 10, title: { display: true, text: labels.yAxis, font: { size: 14 } }, ticks: { callback: (v) => `${v}%`, font: { size: 13 } } },
        x: { ticks: { font: { size: 13 } } },
      },
    },
    plugins: [whiteBackground],
  };
  // Chart.js picks its DOM-less platform in Node; the napi canvas provides getContext("2d").
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  try {
    return canvas.toBuffer("image/png");
  } finally {
    chart.destroy();
  }
}
