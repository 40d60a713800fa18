/**
 * The budget side of the panel: every satker of the active OMSPAN data set with the figures of
 * the table, and one satker's monthly series for the chart. Built from the same summary as
 * /anggaran (budget/summary.ts), so the panel and the chat never disagree.
 */
import type { AnggaranReader, AnggaranSnapshot } from "../budget/anggaran-reader.js";
import type { AnggaranSummary } from "../budget/summary.js";
import { triwulanOf, weightedTargetLine, type TargetTable } from "../budget/targets.js";
import { satkerAllows, type Scope } from "../domain/scope.js";
import type { PanelChart, PanelSatker, PanelSatkerTable } from "./types.js";

const rupiah = (sen: number) => Math.round(sen / 100);
const round1 = (n: number) => Math.round(n * 10) / 10;


export function panelSatker(s: AnggaranSummary, table: TargetTable): PanelSatker {
  const line = weightedTargetLine(s.jenis, table);
  const target = line?.[s.triwulan * 3 - 1];
  const row: PanelSatker = {
    kd: s.kdsatker,
    pagu: rupiah(s.paguSen),
    realisasi: rupiah(s.realisasiSen),
    minus: rupiah(s.paguMinus.reduce((n, p) => n + p.amountSen, 0)),
    minusAkun: s.paguMinus.length,
  };
  if (s.nama) row.nama = s.nama;
  if (s.persen !== undefined) row.persen = round1(s.persen);
  if (target !== undefined) {
    row.target = target;
    if (s.persen !== undefined) row.gap = round1(target - s.persen);
  }
  if (s.ikpa) row.ikpa = { periode: s.ikpa.periode, ...(s.ikpa.score !== undefined ? { nilai: s.ikpa.score } : {}), ...(s.ikpa.kategori ? { kategori: s.ikpa.kategori } : {}) };
  return row;
}

const ymd = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/**
 * Builds the table of every satker once per data set and quarter (a sync changes the data set
 * id), then filters it per officer: the summaries cost a few queries per satker.
 */
export class PanelBudget {
  private cache: { key: string; rows: Promise<{ rows: PanelSatker[]; tw: number }> } | undefined;

  constructor(
    private readonly reader: AnggaranReader,
    private readonly targets: TargetTable,
  ) {}

  async table(scope: Scope | undefined, now: Date): Promise<PanelSatkerTable | undefined> {
    const snap = await this.reader.current();
    if (!snap) return undefined;
    const { rows, tw } = await this.rows(snap, now);
    return {
      triwulan: ["I", "II", "III", "IV"][tw - 1]!,
      ...(snap.dataDate ? { tanggalData: ymd(snap.dataDate) } : {}),
      disinkron: snap.syncedAt.getTime(),
      satker: rows.filter((r) => satkerAllows(scope, r.kd)),
    };
  }

  private rows(snap: AnggaranSnapshot, now: Date): Promise<{ rows: PanelSatker[]; tw: number }> {
    const key = `${snap.datasetId}|${triwulanOf(now)}`;
    if (this.cache?.key === key) return this.cache.rows;
    const rows = (async () => {
      const out: PanelSatker[] = [];
      let tw: number = triwulanOf(now);
      for (const info of await snap.satker()) {
        const s = await snap.summary(info.kdsatker, now);
        if (!s) continue;
        tw = s.triwulan; // the summary's quarter (the data date's, for a past year's data)
        out.push(panelSatker(s, this.targets));
      }
      return { rows: out, tw };
    })();
    this.cache = { key, rows };
    rows.catch(() => (this.cache = undefined)); // a failed build is not kept
    return rows;
  }

  async chart(kd: string, now: Date): Promise<PanelChart | undefined> {
    const snap = await this.reader.current();
    const s = await snap?.summary(kd, now);
    if (!snap || !s) return undefined;
    const lastMonth = snap.dataDate?.month ?? 12;
    const chart: PanelChart = {
      kd,
      tahun: snap.dataDate?.year ?? new Date(now.getTime() + 7 * 3_600_000).getUTCFullYear(),
      realisasi: s.bulanan.map((b) => (b.month > lastMonth || s.paguSen <= 0 ? null : round1((b.kumulatifSen / s.paguSen) * 100))),
    };
    if (s.nama) chart.nama = s.nama;
    const target = weightedTargetLine(s.jenis, this.targets);
    if (target) chart.target = target;
    return chart;
  }
}
