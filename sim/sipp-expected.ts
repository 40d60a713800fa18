/** What tests and the demo read from a dataset: sample NIKs, and the /desa summary the bot should show. */
import type { SippDataset } from "./sipp-records.js";

const pad = (n: number, w: number) => String(n).padStart(w, "0");

export interface SippSamples {
  /** In P3KE, with at least two bantuan rows when possible. */
  withBantuan: string;
  /** In P3KE, no bantuan. */
  noBantuan: string;
  /** In the bantuan data, not in P3KE. */
  bantuanOnly: string;
  /** Structurally valid, in neither P3KE nor bantuan. */
  unknown: string;
  /** A woman in P3KE (with bantuan and other than `withBantuan` when possible). */
  female: string;
  /** A desa code with families, recipients and desil-1 families without bantuan (BENDOMUNGAL if generated). */
  desa: string;
}

/** NIKs (and a desa) for the demo and tests. Throws if the dataset is too small to have them. */
export function samples(ds: SippDataset): SippSamples {
  const rowsPerNik = new Map<string, number>();
  for (const b of ds.bantuan) rowsPerNik.set(b.nik, (rowsPerNik.get(b.nik) ?? 0) + 1);
  const p3keNiks = new Set(ds.p3ke.map((r) => r.nik));
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`samples: dataset has no ${what}`);
    return v;
  };
  const withBantuan = need(
    ds.p3ke.find((r) => (rowsPerNik.get(r.nik) ?? 0) >= 2) ?? ds.p3ke.find((r) => rowsPerNik.has(r.nik)),
    "P3KE person with bantuan",
  ).nik;
  const noBantuan = need(ds.p3ke.find((r) => !rowsPerNik.has(r.nik)), "P3KE person without bantuan").nik;
  const bantuanOnly = need(ds.bantuan.find((b) => !p3keNiks.has(b.nik)), "bantuan NIK outside P3KE").nik;
  const female = need(
    ds.p3ke.find((r) => r.jenis_kelamin === "Perempuan" && r.nik !== withBantuan && rowsPerNik.has(r.nik)) ??
      ds.p3ke.find((r) => r.jenis_kelamin === "Perempuan"),
    "woman in P3KE",
  ).nik;
  let unknown = "";
  for (let serial = 9999; serial > 0; serial--) {
    const nik = `351414010190${pad(serial, 4)}`; // man born 1 Jan 1990, Bangil
    if (!p3keNiks.has(nik) && !rowsPerNik.has(nik)) {
      unknown = nik;
      break;
    }
  }
  const interesting = (kode: string) => {
    const s = expectedDesaSummary(ds, kode);
    return s.desil1FamiliesNoBantuan.length > 0 && s.recipients > 0;
  };
  const desa =
    ds.desa.find((d) => d.kode_kemdagri === "3514141005" && interesting(d.kode_kemdagri)) ??
    ds.desa.find((d) => interesting(d.kode_kemdagri)) ??
    need(ds.desa[0], "desa");
  return { withBantuan, noBantuan, bantuanOnly, unknown, female, desa: desa.kode_kemdagri };
}

export interface DesilCount {
  families: number;
  individuals: number;
}

export interface DesaSummary {
  kode_kemdagri: string;
  nama: string;
  kecamatan: string;
  /** Distinct id_keluarga_p3ke. */
  families: number;
  /** P3KE rows (= distinct NIKs). */
  individuals: number;
  /** Per desil (keys present only for deciles that occur). */
  perDesil: Record<number, DesilCount>;
  padanYa: number;
  /** padanYa / individuals (0 when there are none). */
  padanShare: number;
  /** Bantuan rows carrying this kode_kemdagri. */
  bantuanRows: number;
  /** Distinct NIKs in those rows (P3KE or not). */
  recipients: number;
  /** Of those, NIKs that are in this desa's P3KE rows. */
  recipientsInP3ke: number;
  /** nama_opd → distinct NIKs. */
  recipientsPerOpd: Record<string, number>;
  /** Sum of non-null nilai in those rows. */
  nilaiTotal: number;
  /** Families with at least one member's NIK anywhere in the bantuan data. */
  familiesWithBantuan: number;
  desil1Families: number;
  /** id_keluarga_p3ke of desil-1 families in which no member has bantuan, sorted. */
  desil1FamiliesNoBantuan: string[];
}

/** What the bot's /desa answer should say for this desa, computed from the canonical data. */
export function expectedDesaSummary(ds: SippDataset, kode: string): DesaSummary {
  const k = kode.replace(/\D/g, "");
  const info = ds.desa.find((d) => d.kode_kemdagri === k);
  const bantuanNiks = new Set<string>();
  for (const b of ds.bantuan) bantuanNiks.add(b.nik);

  const families = new Map<string, { desil: number; members: number; withBantuan: boolean }>();
  let individuals = 0;
  let padanYa = 0;
  const p3keNiks = new Set<string>();
  for (const r of ds.p3ke) {
    if (r.kode_kemdagri !== k) continue;
    individuals++;
    p3keNiks.add(r.nik);
    if (r.padan_dukcapil === "Ya") padanYa++;
    const f = families.get(r.id_keluarga_p3ke) ?? { desil: r.desil_kesejahteraan, members: 0, withBantuan: false };
    f.members++;
    if (bantuanNiks.has(r.nik)) f.withBantuan = true;
    families.set(r.id_keluarga_p3ke, f);
  }
  const perDesil: Record<number, DesilCount> = {};
  let familiesWithBantuan = 0;
  let desil1Families = 0;
  const desil1FamiliesNoBantuan: string[] = [];
  for (const [id, f] of families) {
    const c = (perDesil[f.desil] ??= { families: 0, individuals: 0 });
    c.families++;
    c.individuals += f.members;
    if (f.withBantuan) familiesWithBantuan++;
    if (f.desil === 1) {
      desil1Families++;
      if (!f.withBantuan) desil1FamiliesNoBantuan.push(id);
    }
  }
  desil1FamiliesNoBantuan.sort();

  let bantuanRows = 0;
  let nilaiTotal = 0;
  const recipients = new Set<string>();
  const perOpd = new Map<string, Set<string>>();
  for (const b of ds.bantuan) {
    if (b.kode_kemdagri !== k) continue;
    bantuanRows++;
    if (b.nilai !== null) nilaiTotal += b.nilai;
    recipients.add(b.nik);
    let s = perOpd.get(b.nama_opd);
    if (!s) perOpd.set(b.nama_opd, (s = new Set()));
    s.add(b.nik);
  }
  const recipientsPerOpd: Record<string, number> = {};
  for (const [opd, s] of [...perOpd].sort((a, b) => a[0].localeCompare(b[0]))) recipientsPerOpd[opd] = s.size;
  let recipientsInP3ke = 0;
  for (const n of recipients) if (p3keNiks.has(n)) recipientsInP3ke++;

  return {
    kode_kemdagri: k,
    nama: info?.nama ?? "",
    kecamatan: info?.kecamatan ?? "",
    families: families.size,
    individuals,
    perDesil,
    padanYa,
    padanShare: individuals ? padanYa / individuals : 0,
    bantuanRows,
    recipients: recipients.size,
    recipientsInP3ke,
    recipientsPerOpd,
    nilaiTotal,
    familiesWithBantuan,
    desil1Families,
    desil1FamiliesNoBantuan,
  };
}
