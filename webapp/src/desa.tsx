/** Desa view: kecamatan → desa in the officer's scope → every family of one desa. */
import { useEffect, useState } from "preact/hooks";
import type { PanelDesa, PanelPlace } from "../../src/panel/types.js";
import { titleCase } from "../../src/domain/format.js";
import { t } from "./i18n.js";
import { useApi } from "./use-api.js";
import { Loading, Problem } from "./problem.js";
import { Families } from "./families.js";

function PlaceList(props: { items: PanelPlace[]; label: (p: PanelPlace) => string; pick: (p: PanelPlace) => void; testid: string }) {
  return (
    <ul class="places" data-testid={props.testid}>
      {props.items.map((p) => (
        <li key={p.kode}>
          <button type="button" onClick={() => props.pick(p)}>
            <span>{props.label(p)}</span>
            <small>{p.kode}</small>
          </button>
        </li>
      ))}
    </ul>
  );
}

function Back(props: { onClick: () => void; text: string }) {
  return (
    <button type="button" class="back" onClick={props.onClick}>
      ‹ {props.text}
    </button>
  );
}

export function DesaView() {
  const [kec, setKec] = useState<PanelPlace>();
  const [desa, setDesa] = useState<PanelPlace>();
  const [kecs, reloadKecs] = useApi<{ kecamatan: PanelPlace[] }>("kecamatan");
  const [desas, reloadDesas] = useApi<{ desa: PanelPlace[] }>(kec ? `kecamatan/${kec.kode}` : undefined);
  const [families, reloadFamilies] = useApi<PanelDesa>(desa ? `desa/${desa.kode}` : undefined);

  // An officer limited to one kecamatan or one desa goes straight there.
  useEffect(() => {
    if (!kec && kecs.state === "ok" && kecs.data.kecamatan.length === 1) setKec(kecs.data.kecamatan[0]);
  }, [kecs, kec]);
  useEffect(() => {
    if (!desa && desas.state === "ok" && desas.data.desa.length === 1 && kecs.state === "ok" && kecs.data.kecamatan.length === 1) setDesa(desas.data.desa[0]);
  }, [desas, desa, kecs]);

  if (desa) {
    const single = kecs.state === "ok" && kecs.data.kecamatan.length === 1 && desas.state === "ok" && desas.data.desa.length === 1;
    return (
      <section>
        {!single && <Back onClick={() => setDesa(undefined)} text={t("panel-kembali-desa")} />}
        {families.state === "loading" && <Loading text={t("panel-memuat-keluarga", { desa: titleCase(desa.nama) })} />}
        {families.state === "error" && <Problem failure={families.failure} retry={reloadFamilies} />}
        {families.state === "ok" && <Families desa={families.data} />}
      </section>
    );
  }
  if (kec) {
    const single = kecs.state === "ok" && kecs.data.kecamatan.length === 1;
    return (
      <section>
        {!single && <Back onClick={() => setKec(undefined)} text={t("panel-kembali-kecamatan")} />}
        <h2>{t("panel-pilih-desa", { kecamatan: kec.nama })}</h2>
        {desas.state === "loading" && <Loading text={t("panel-memuat-desa")} />}
        {desas.state === "error" && <Problem failure={desas.failure} retry={reloadDesas} />}
        {desas.state === "ok" &&
          (desas.data.desa.length === 0 ? <p class="empty">{t("panel-desa-kosong")}</p> : <PlaceList items={desas.data.desa} label={(d) => titleCase(d.nama)} pick={setDesa} testid="desa-list" />)}
      </section>
    );
  }
  return (
    <section>
      <h2>{t("panel-pilih-kecamatan")}</h2>
      {kecs.state === "loading" && <Loading />}
      {kecs.state === "error" && <Problem failure={kecs.failure} retry={reloadKecs} />}
      {kecs.state === "ok" && <PlaceList items={kecs.data.kecamatan} label={(k) => k.nama} pick={setKec} testid="kecamatan-list" />}
    </section>
  );
}
