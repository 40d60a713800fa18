/**
 * The desa side of the panel: kecamatan and desa in an officer's scope, and every family of one
 * desa in the panel's row shape. Names pass through maskNiksInText (a NIK typed into a name
 * field upstream must not leak); the head's NIK is masked by the summary already.
 */
import { areaAllows, areaTouchesKecamatan, type Scope } from "../domain/scope.js";
import { KECAMATAN } from "../domain/wilayah.js";
import { maskNiksInText } from "../domain/nik.js";
import { parseAlamat } from "../desa/alamat.js";
import type { DesaDirectory } from "../desa/directory.js";
import type { DesaSummary, FamilyRow } from "../desa/summary.js";
import type { PanelDesa, PanelFamily, PanelPlace } from "./types.js";

export function kecamatanInScope(scope: Scope | undefined): PanelPlace[] {
  return KECAMATAN.filter((k) => areaTouchesKecamatan(scope, k.kode)).map((k) => ({ kode: k.kode, nama: k.nama }));
}

export async function desaInScope(directory: DesaDirectory, kec: string, scope: Scope | undefined): Promise<PanelPlace[]> {
  const { entries } = await directory.kecamatan(kec);
  return entries.filter((e) => areaAllows(scope, e.kode)).map((e) => ({ kode: e.kode, nama: e.nama }));
}

export function panelFamily(f: FamilyRow): PanelFamily {
  const { dusun, rt, rw } = parseAlamat(f.alamat);
  // An OPD the data does not name is "" here; the page shows a dash for it.
  const row: PanelFamily = { a: f.anggota, p: f.anggotaPenerima, opd: f.opd.map((o) => o || "—") };
  if (f.kepala) row.n = maskNiksInText(f.kepala);
  if (f.nikKepala) row.nik = f.nikKepala;
  if (f.desil !== undefined) row.desil = f.desil;
  if (dusun) row.dusun = maskNiksInText(dusun);
  if (rt) row.rt = rt;
  if (rw) row.rw = rw;
  return row;
}

export function panelDesa(s: DesaSummary, fetchedAt: number, stale: boolean): PanelDesa {
  return {
    kode: s.kode,
    ...(s.nama ? { nama: s.nama } : {}),
    ...(s.kecamatan ? { kecamatan: s.kecamatan } : {}),
    keluarga: s.families,
    jiwa: s.individuals,
    diambil: fetchedAt,
    lama: stale,
    keluargaList: s.familyRows.map(panelFamily),
  };
}
