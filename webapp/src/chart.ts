/** The monthly cumulative realisasi chart, drawn in the page (Chart.js, only the parts used). */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import type { PanelChart } from "../../src/panel/types.js";
import { formatPersenNilai, NAMA_BULAN_SINGKAT } from "../../src/domain/format.js";
import { t } from "./i18n.js";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function drawChart(canvas: HTMLCanvasElement, data: PanelChart): Chart {
  const text = cssVar("--tg-theme-text-color", "#000000");
  const hint = cssVar("--tg-theme-hint-color", "#999999");
  const accent = cssVar("--tg-theme-button-color", "#2481cc");
  return new Chart(canvas, {
    type: "line",
    data: {
      labels: [...NAMA_BULAN_SINGKAT],
      datasets: [
        { label: t("panel-grafik-realisasi"), data: data.realisasi, borderColor: accent, backgroundColor: accent, borderWidth: 2, pointRadius: 3, spanGaps: false },
        ...(data.target ? [{ label: t("panel-grafik-target"), data: data.target, borderColor: hint, backgroundColor: hint, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 }] : []),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: text,
      scales: {
        x: { ticks: { color: hint }, grid: { display: false } },
        y: { min: 0, suggestedMax: 100, ticks: { color: hint, callback: (v) => formatPersenNilai(Number(v)).replace(",0%", "%") }, grid: { color: `${hint}40` } },
      },
      plugins: {
        legend: { labels: { color: text, boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ""}: ${formatPersenNilai(Number(c.parsed.y))}` } },
      },
    },
  });
}
