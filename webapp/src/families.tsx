/** Every family of one desa: filters (desil, bantuan, dusun), name search, sort, pages of 50. */
import { useMemo, useState } from "preact/hooks";
import type { PanelDesa, PanelFamily } from "../../src/panel/types.js";
import { formatAngka, formatWaktu, titleCase } from "../../src/domain/format.js";
import { t } from "./i18n.js";
import { applyFilter, NO_FILTER, options, page, type FamilyFilter, type SortKey } from "./filter.js";

function Select(props: { label: string; value: string; onChange: (v: string) => void; testid: string; children: preact.ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select data-testid={props.testid} value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {props.children}
      </select>
    </label>
  );
}

function place(f: PanelFamily): string {
  const parts: string[] = [];
  if (f.dusun) parts.push(t("panel-dusun", { dusun: titleCase(f.dusun) }));
  if (f.rt) parts.push(f.rw ? t("panel-rt-rw", { rt: f.rt, rw: f.rw }) : t("panel-rt", { rt: f.rt }));
  return parts.join(" · ") || t("panel-alamat-tidak-ada");
}

function FamilyItem(props: { f: PanelFamily }) {
  const f = props.f;
  return (
    <li class="fam" data-testid="family">
      <div class="fam-top">
        <span class="fam-nama">{f.n ?? t("panel-tanpa-nama")}</span>
        <span class={`desil d${f.desil ?? "x"}`}>{f.desil === undefined ? t("panel-desil-tidak-ada") : t("panel-desil", { desil: f.desil })}</span>
      </div>
      <div class="fam-meta">
        <span class="nik">{f.nik ?? "—"}</span> · {place(f)} · {t("panel-anggota", { jumlah: f.a })}
      </div>
      <div class={`fam-bantuan ${f.p > 0 ? "ya" : "tidak"}`}>{f.p > 0 ? t("panel-bantuan-ya", { opd: f.opd.join(", ") || "—", penerima: f.p }) : t("panel-bantuan-tidak")}</div>
    </li>
  );
}

export function Families(props: { desa: PanelDesa }) {
  const d = props.desa;
  const [filter, setFilter] = useState<FamilyFilter>(NO_FILTER);
  const [pageNo, setPage] = useState(1);
  const opts = useMemo(() => options(d.keluargaList), [d]);
  const shown = useMemo(() => applyFilter(d.keluargaList, filter), [d, filter]);
  const p = page(shown, pageNo);
  const turn = (n: number) => {
    setPage(n);
    window.scrollTo({ top: 0 });
  };
  const set = (patch: Partial<FamilyFilter>) => {
    setFilter({ ...filter, ...patch });
    setPage(1);
  };

  return (
    <div class="families">
      <header class="desa-head">
        <h2>{titleCase(d.nama ?? d.kode)}</h2>
        <p>
          {t("panel-desa-ringkas", { kecamatan: titleCase(d.kecamatan ?? "—"), keluarga: formatAngka(d.keluarga), jiwa: formatAngka(d.jiwa) })}
        </p>
        <p class="hint">{t(d.lama ? "panel-data-lama" : "panel-data-per", { waktu: formatWaktu(new Date(d.diambil)) })}</p>
      </header>
      <div class="filters">
        <label class="field wide">
          <span>{t("panel-cari-nama")}</span>
          <input type="search" data-testid="search" value={filter.q} placeholder={t("panel-cari-contoh")} onInput={(e) => set({ q: (e.target as HTMLInputElement).value })} />
        </label>
        <Select label={t("panel-saring-desil")} value={filter.desil} onChange={(desil) => set({ desil })} testid="filter-desil">
          <option value="">{t("panel-semua")}</option>
          {opts.desil.map((n) => (
            <option value={String(n)}>{t("panel-desil", { desil: n })}</option>
          ))}
          {opts.noDesil && <option value="none">{t("panel-desil-tidak-ada")}</option>}
        </Select>
        <Select label={t("panel-saring-bantuan")} value={filter.bantuan} onChange={(bantuan) => set({ bantuan })} testid="filter-bantuan">
          <option value="">{t("panel-semua")}</option>
          <option value="ya">{t("panel-bantuan-pilihan-ya")}</option>
          <option value="tidak">{t("panel-bantuan-pilihan-tidak")}</option>
        </Select>
        <Select label={t("panel-saring-dusun")} value={filter.dusun} onChange={(dusun) => set({ dusun })} testid="filter-dusun">
          <option value="">{t("panel-semua")}</option>
          {opts.dusun.map((x) => (
            <option value={x}>{titleCase(x)}</option>
          ))}
        </Select>
        <Select label={t("panel-urutkan")} value={filter.sort} onChange={(sort) => set({ sort: sort as SortKey })} testid="sort-families">
          <option value="desil">{t("panel-urut-desil")}</option>
          <option value="nama">{t("panel-urut-nama")}</option>
          <option value="anggota">{t("panel-urut-anggota")}</option>
          <option value="dusun">{t("panel-urut-dusun")}</option>
        </Select>
      </div>
      <p class="count" data-testid="family-count" aria-live="polite">
        {t("panel-menampilkan", { jumlah: formatAngka(shown.length), total: formatAngka(d.keluargaList.length) })}
      </p>
      {shown.length === 0 ? (
        <p class="empty">{t("panel-tidak-ada-yang-cocok")}</p>
      ) : (
        <ul class="fam-list">
          {p.rows.map((f, i) => (
            <FamilyItem key={`${p.page}-${i}`} f={f} />
          ))}
        </ul>
      )}
      {p.pages > 1 && (
        <nav class="pager">
          <button type="button" disabled={p.page <= 1} onClick={() => turn(p.page - 1)}>
            ‹ {t("panel-sebelumnya")}
          </button>
          <span data-testid="page">{t("panel-halaman", { halaman: p.page, dari: p.pages })}</span>
          <button type="button" disabled={p.page >= p.pages} onClick={() => turn(p.page + 1)}>
            {t("panel-berikutnya")} ›
          </button>
        </nav>
      )}
      <p class="hint privasi">{t("panel-privasi")}</p>
    </div>
  );
}
