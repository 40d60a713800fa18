/** Budget view: every satker in scope, sortable by each column; a satker's monthly chart. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PanelChart, PanelSatker, PanelSatkerTable } from "../../src/panel/types.js";
import { formatDesimal2, formatPersenNilai, formatRupiahSingkat, formatTanggal, formatWaktu } from "../../src/domain/format.js";
import { t } from "./i18n.js";
import { useApi } from "./use-api.js";
import { Loading, Problem } from "./problem.js";

type Col = "nama" | "pagu" | "persen" | "gap" | "minus" | "ikpa";

const collator = new Intl.Collator("id", { sensitivity: "base", numeric: true });
/** Missing values sort last in either direction. */
const VALUE: Record<Exclude<Col, "nama">, (s: PanelSatker) => number | undefined> = {
  pagu: (s) => s.pagu,
  persen: (s) => s.persen,
  gap: (s) => s.gap,
  minus: (s) => (s.minusAkun > 0 ? -s.minus : undefined),
  ikpa: (s) => s.ikpa?.nilai,
};

export function sortSatker(rows: readonly PanelSatker[], col: Col, desc: boolean): PanelSatker[] {
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (col === "nama") return dir * collator.compare(a.nama ?? a.kd, b.nama ?? b.kd);
    const [x, y] = [VALUE[col](a), VALUE[col](b)];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    return dir * (x - y) || a.kd.localeCompare(b.kd);
  });
}

const persen = (v: number | undefined) => (v === undefined ? "—" : formatPersenNilai(v));
const gapText = (s: PanelSatker) => (s.gap === undefined ? "—" : s.gap > 0 ? t("panel-kurang", { poin: formatPersenNilai(s.gap).replace("%", "") }) : t("panel-sesuai-target"));

function Header(props: { col: Col; label: string; sort: [Col, boolean]; setSort: (s: [Col, boolean]) => void }) {
  const [col, desc] = props.sort;
  const active = col === props.col;
  return (
    <th aria-sort={active ? (desc ? "descending" : "ascending") : "none"} scope="col">
      <button type="button" data-testid={`sort-${props.col}`} onClick={() => props.setSort([props.col, active ? !desc : props.col !== "nama"])}>
        {props.label}
        {active ? (desc ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
}

function ChartCanvas(props: { data: PanelChart }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let live = true;
    // Chart.js is its own chunk: fetched only when a chart is opened.
    import("./chart.js")
      .then(({ drawChart }) => {
        if (live && ref.current) chart = drawChart(ref.current, props.data);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [props.data]);
  if (failed) return <Problem failure={{ kind: "network" }} />;
  return (
    <div class="chart-box">
      <canvas ref={ref} data-testid="chart" role="img" aria-label={t("panel-grafik-judul", { nama: props.data.nama ?? props.data.kd, tahun: props.data.tahun })} />
    </div>
  );
}

function SatkerDetail(props: { s: PanelSatker; triwulan?: string; back: () => void }) {
  const s = props.s;
  const [chart, reload] = useApi<PanelChart>(`satker/${s.kd}`);
  return (
    <section class="detail" data-testid="satker-detail">
      <button type="button" class="back" onClick={props.back}>
        ‹ {t("panel-kembali-satker")}
      </button>
      <h2>{s.nama ?? s.kd}</h2>
      <dl class="facts">
        <dt>{t("panel-kolom-kode")}</dt>
        <dd>{s.kd}</dd>
        <dt>{t("panel-kolom-pagu")}</dt>
        <dd>{formatRupiahSingkat(s.pagu)}</dd>
        <dt>{t("panel-kolom-realisasi")}</dt>
        <dd>
          {formatRupiahSingkat(s.realisasi)} ({persen(s.persen)})
        </dd>
        <dt>{t("panel-target-tw", { tw: props.triwulan ?? "" })}</dt>
        <dd>
          {persen(s.target)} · {gapText(s)}
        </dd>
        <dt>{t("panel-kolom-minus")}</dt>
        <dd>{s.minusAkun > 0 ? t("panel-minus-ada", { jumlah: formatRupiahSingkat(s.minus), akun: s.minusAkun }) : t("panel-minus-tidak")}</dd>
        <dt>{t("panel-kolom-ikpa")}</dt>
        <dd>{s.ikpa?.nilai !== undefined ? `${formatDesimal2(s.ikpa.nilai)}${s.ikpa.kategori ? ` (${s.ikpa.kategori})` : ""}` : "—"}</dd>
      </dl>
      <h3>{t("panel-grafik-sub")}</h3>
      {chart.state === "loading" && <Loading />}
      {chart.state === "error" && <Problem failure={chart.failure} retry={reload} />}
      {chart.state === "ok" && <ChartCanvas data={chart.data} />}
    </section>
  );
}

export function BudgetView() {
  const [table, reload] = useApi<PanelSatkerTable>("satker");
  const [sort, setSort] = useState<[Col, boolean]>(["persen", true]);
  const [open, setOpen] = useState<PanelSatker>();
  const rows = useMemo(() => (table.state === "ok" ? sortSatker(table.data.satker, ...sort) : []), [table, sort]);

  if (table.state === "loading") return <Loading />;
  if (table.state === "error") return <Problem failure={table.failure} retry={reload} />;
  const d = table.data;
  if (open) return <SatkerDetail s={open} triwulan={d.triwulan} back={() => setOpen(undefined)} />;
  if (d.belumSinkron) return <p class="empty">{t("panel-anggaran-belum")}</p>;
  return (
    <section>
      <h2>{t("panel-satker-judul", { jumlah: d.satker.length })}</h2>
      <p class="hint">
        {d.tanggalData ? t("panel-data-omspan", { tanggal: formatTanggal(new Date(`${d.tanggalData}T12:00:00+07:00`)) }) : ""}{" "}
        {d.disinkron ? t("panel-disinkron", { waktu: formatWaktu(new Date(d.disinkron)) }) : ""}
      </p>
      <p class="hint">{t("panel-satker-petunjuk", { tw: d.triwulan ?? "" })}</p>
      <div class="table-wrap">
        <table class="satker" data-testid="satker-table">
          <thead>
            <tr>
              <Header col="nama" label={t("panel-kolom-satker")} sort={sort} setSort={setSort} />
              <Header col="pagu" label={t("panel-kolom-pagu")} sort={sort} setSort={setSort} />
              <Header col="persen" label={t("panel-kolom-realisasi")} sort={sort} setSort={setSort} />
              <Header col="gap" label={t("panel-kolom-selisih")} sort={sort} setSort={setSort} />
              <Header col="minus" label={t("panel-kolom-minus")} sort={sort} setSort={setSort} />
              <Header col="ikpa" label={t("panel-kolom-ikpa")} sort={sort} setSort={setSort} />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.kd} data-testid="satker-row" data-kd={s.kd} onClick={() => setOpen(s)}>
                <th scope="row">
                  <button type="button" class="link">
                    {s.nama ?? s.kd}
                  </button>
                  <small>{s.kd}</small>
                </th>
                <td>{formatRupiahSingkat(s.pagu)}</td>
                <td data-testid="persen">{persen(s.persen)}</td>
                <td class={s.gap !== undefined && s.gap > 0 ? "behind" : ""}>{gapText(s)}</td>
                <td class={s.minusAkun > 0 ? "minus" : ""}>{s.minusAkun > 0 ? formatRupiahSingkat(s.minus) : t("panel-tidak")}</td>
                <td>{s.ikpa?.nilai !== undefined ? formatDesimal2(s.ikpa.nilai) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
