/**
 * Deterministic synthetic P3KE + bantuan data for Kab. Pasuruan, served by the SIPP
 * simulator (sipp.ts) and used by tests, the demo and the benchmarks.
 *
 * Everything here is the canonical, typed form. The wire quirks (numbers as strings,
 * "Desil 1", stray whitespace, nulls, extra fields) are applied only when serving, in
 * sipp-wire.ts, so tests can compare the bot's answers against these records.
 *
 * The record types are in sipp-records.ts, the people (NIKs, names, families) in
 * sipp-people.ts, what tests read from a dataset in sipp-expected.ts; this module places
 * villages, families and bantuan rows, and re-exports the rest.
 */
import { Rng } from "./random.js";
import {
  DESA_CATALOG,
  DESA_PREFIX,
  DESA_SUFFIX,
  DUSUN,
  KECAMATAN_CODES,
  KECAMATAN_PASURUAN,
  PROGRAMMES,
  type PersonContext,
  type Programme,
} from "./sipp-catalog.js";
import {
  birthFromAge,
  familyMembers,
  isoDate,
  makeNik,
  pekerjaanFor,
  pendidikanFor,
  personName,
  REFERENCE_DATE,
  type GenState,
} from "./sipp-people.js";
import type { BantuanRecord, DesaRecord, P3keRecord, SippDataset, YaTidak } from "./sipp-records.js";

export { KECAMATAN_PASURUAN, KECAMATAN_CODES, PROGRAMMES } from "./sipp-catalog.js";
export { expectedDesaSummary, samples, type DesaSummary, type DesilCount, type SippSamples } from "./sipp-expected.js";
export { REFERENCE_DATE } from "./sipp-people.js";
export type * from "./sipp-records.js";

export interface GenerateSippOptions {
  seed?: number;
  /** Kecamatan codes "01".."24"; default all 24. */
  kecamatan?: string[];
  /** Desa per kecamatan (fixed or [min, max]); default [6, 14]. Pinned names always included. */
  desaPerKecamatan?: number | [number, number];
  /** Individuals per desa (fixed or [min, max]); default [40, 200]. */
  peoplePerDesa?: number | [number, number];
  /**
   * Villages of exactly `people` individuals. With `kode_kemdagri` that desa is resized
   * (added if not generated); without it, the next generated desa not yet resized is used.
   * Their codes are listed in `dataset.bigDesa`.
   */
  bigDesa?: { kode_kemdagri?: string; people: number }[];
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

interface CatalogEntry {
  nama: string;
  kode: string;
  kelurahan: boolean;
  pinned: boolean;
}

/** Full (ungenerated) village list of one kecamatan with codes assigned in list order. */
function catalogFor(cc: string): CatalogEntry[] {
  const list = DESA_CATALOG[cc] ?? [];
  let kel = 0;
  let desa = 0;
  return list.map((raw) => {
    let s = raw;
    let kelurahan = false;
    let pinned = false;
    while (s.startsWith("*") || s.startsWith("!")) {
      if (s[0] === "*") kelurahan = true;
      else pinned = true;
      s = s.slice(1);
    }
    const serial = kelurahan ? 1000 + ++kel : 2000 + ++desa;
    return { nama: s, kode: `3514${cc}${serial}`, kelurahan, pinned };
  });
}

function kecamatanUpper(cc: string): string {
  const name = KECAMATAN_PASURUAN[cc];
  if (!name) throw new Error(`unknown kecamatan code ${cc}`);
  return name.toUpperCase();
}

const DESIL = [1, 2, 3, 4, 5, 6] as const;
const DESIL_W = [40, 25, 18, 13, 2, 2] as const;
const RECEIVE_P: Record<number, number> = { 1: 0.55, 2: 0.5, 3: 0.45, 4: 0.4 };
const PKH_P: Record<number, number> = { 1: 0.35, 2: 0.25, 3: 0.15, 4: 0.08 };
const BPNT_P: Record<number, number> = { 1: 0.5, 2: 0.35, 3: 0.2, 4: 0.1 };

function bantuanRowsFor(
  rng: Rng,
  person: PersonContext,
  where: { kecamatan: string; desa_kelurahan: string; kode_kemdagri: string },
  nik: string,
  count: number,
): BantuanRecord[] {
  const eligible: Programme[] = [];
  const weights: number[] = [];
  for (const p of PROGRAMMES) {
    if (p.eligible(person)) {
      eligible.push(p);
      weights.push(p.weight);
    }
  }
  const used: Programme[] = [];
  const usedYear: string[] = [];
  const rows: BantuanRecord[] = [];
  for (let attempt = 0; rows.length < count && attempt < count * 4; attempt++) {
    const prog = rng.weighted(eligible, weights);
    const tahun = rng.chance(0.45) ? "2025" : "2026";
    let dup = false;
    for (let i = 0; i < used.length; i++) if (used[i] === prog && usedYear[i] === tahun) dup = true;
    if (dup) continue;
    used.push(prog);
    usedYear.push(tahun);
    const nilai = rng.chance(0.1) ? null : Math.round(rng.int(prog.nilai[0], prog.nilai[1]) / 1000) * 1000;
    rows.push({
      kecamatan: where.kecamatan,
      desa_kelurahan: where.desa_kelurahan,
      kode_kemdagri: where.kode_kemdagri,
      nik,
      nama_opd: prog.nama_opd,
      strategi: prog.strategi,
      program: prog.program,
      kegiatan: prog.kegiatan,
      sub_kegiatan: prog.sub_kegiatan,
      tahun,
      nilai,
    });
  }
  return rows;
}

function otherKecamatan(rng: Rng, cc: string): string {
  let other = rng.pick(KECAMATAN_CODES);
  if (other === cc) other = rng.pick(KECAMATAN_CODES);
  return other;
}

function generateDesaPeople(ctx: GenState, desa: DesaRecord, people: number, p3ke: P3keRecord[], bantuan: BantuanRecord[]): void {
  const { rng } = ctx;
  const cc = desa.kecamatanKode;
  let remaining = people;
  while (remaining > 0) {
    const size = Math.min(remaining, rng.weighted([1, 2, 3, 4, 5, 6], [10, 17, 25, 25, 14, 9]));
    remaining -= size;
    ctx.nextFamily += rng.int(1, 40);
    const idKeluarga = String(ctx.nextFamily);
    const desil = rng.weighted(DESIL, DESIL_W);
    const kecName = cc === "18" ? (rng.chance(0.5) ? "GONDANG WETAN" : "GONDANGWETAN") : desa.kecamatan;
    const alamat = `DUSUN ${rng.pick(DUSUN)} RT ${pad(rng.int(1, 12), 3)} RW ${pad(rng.int(1, 6), 3)}`;
    const pkh: YaTidak = rng.chance(PKH_P[desil] ?? 0.03) ? "Ya" : "Tidak";
    const bpnt: YaTidak = rng.chance(BPNT_P[desil] ?? 0.05) ? "Ya" : "Tidak";
    const where = { kecamatan: kecName, desa_kelurahan: desa.nama, kode_kemdagri: desa.kode_kemdagri };

    const rows: { rec: P3keRecord; ctx: PersonContext }[] = [];
    for (const m of familyMembers(rng, size)) {
      const birth = birthFromAge(rng, m.age);
      const nikCc = rng.chance(0.9) ? cc : otherKecamatan(rng, cc);
      const nik = makeNik(ctx, nikCc, birth, m.female);
      const pekerjaan = pekerjaanFor(rng, m.age, m.female, m.rel, cc);
      const rec: P3keRecord = {
        id_keluarga_p3ke: idKeluarga,
        kecamatan: kecName,
        desa_kelurahan: desa.nama,
        kode_kemdagri: desa.kode_kemdagri,
        nik,
        padan_dukcapil: rng.chance(0.85) ? "Ya" : "Tidak",
        jenis_kelamin: m.female ? "Perempuan" : "Laki-laki",
        pekerjaan,
        pendidikan: pendidikanFor(rng, m.age),
        nama: personName(rng, m.female),
        alamat,
        hubungan_dengan_kepala_keluarga: m.rel,
        tanggal_lahir: isoDate(birth),
        desil_kesejahteraan: desil,
        penerima_pkh: pkh,
        penerima_bpnt: bpnt,
        provinsi: "JAWA TIMUR",
        kabupaten_kota: "KABUPATEN PASURUAN",
      };
      p3ke.push(rec);
      rows.push({
        rec,
        ctx: { age: m.age, female: m.female, head: m.rel === "Kepala Keluarga", pekerjaan, kecamatanKode: cc },
      });
    }

    if (rng.chance(RECEIVE_P[desil] ?? 0.3)) {
      const k = Math.min(size, 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0));
      for (const r of rng.sample(rows, k)) {
        const count = rng.weighted([1, 2, 3, 4], [55, 25, 13, 7]);
        bantuan.push(...bantuanRowsFor(rng, r.ctx, where, r.rec.nik, count));
      }
    }
  }

  // A few recipients who are not in P3KE at all.
  const extra = rng.weighted([0, 1, 2], [45, 40, 15]);
  for (let i = 0; i < extra; i++) addBantuanOnly(ctx, desa, bantuan);
}

function addBantuanOnly(ctx: GenState, desa: DesaRecord, bantuan: BantuanRecord[]): void {
  const { rng } = ctx;
  const cc = desa.kecamatanKode;
  const female = rng.chance(0.5);
  const age = rng.int(18, 75);
  const nik = makeNik(ctx, rng.chance(0.5) ? cc : otherKecamatan(rng, cc), birthFromAge(rng, age), female);
  const kecName = cc === "18" ? (rng.chance(0.5) ? "GONDANG WETAN" : "GONDANGWETAN") : desa.kecamatan;
  const person: PersonContext = {
    age,
    female,
    head: rng.chance(0.5),
    pekerjaan: pekerjaanFor(rng, age, female, "Kepala Keluarga", cc),
    kecamatanKode: cc,
  };
  const where = { kecamatan: kecName, desa_kelurahan: desa.nama, kode_kemdagri: desa.kode_kemdagri };
  bantuan.push(...bantuanRowsFor(rng, person, where, nik, rng.int(1, 2)));
}

function syntheticName(rng: Rng, used: Set<string>): string {
  for (let i = 0; i < 1000; i++) {
    const n = rng.pick(DESA_PREFIX) + rng.pick(DESA_SUFFIX);
    if (!used.has(n)) return n;
  }
  throw new Error("cannot invent a new desa name");
}

function selectDesa(rng: Rng, cc: string, spec: number | readonly [number, number]): { chosen: DesaRecord[]; catalog: CatalogEntry[] } {
  const catalog = catalogFor(cc);
  const kecamatan = kecamatanUpper(cc);
  const pinned = catalog.filter((e) => e.pinned);
  const n = Math.max(rng.range(spec), pinned.length);
  const picked = pinned.slice();
  for (const e of catalog) {
    if (picked.length >= n) break;
    if (!e.pinned) picked.push(e);
  }
  if (picked.length < n) {
    const used = new Set(catalog.map((e) => e.nama));
    let serial = 2000 + catalog.filter((e) => !e.kelurahan).length;
    while (picked.length < n) {
      const nama = syntheticName(rng, used);
      used.add(nama);
      const e: CatalogEntry = { nama, kode: `3514${cc}${++serial}`, kelurahan: false, pinned: false };
      catalog.push(e);
      picked.push(e);
    }
  }
  const chosen = picked.map((e) => ({ kode_kemdagri: e.kode, nama: e.nama, kecamatanKode: cc, kecamatan, kelurahan: e.kelurahan }));
  return { chosen, catalog };
}

/** Generates the dataset; same options (including seed) → identical data. */
export function generateSippData(opts: GenerateSippOptions = {}): SippDataset {
  const seed = opts.seed ?? 20260101;
  const rng = new Rng(seed);
  const kecCodes = (opts.kecamatan ?? KECAMATAN_CODES).map((c) => pad(Number(c), 2));
  for (const cc of kecCodes) kecamatanUpper(cc); // validates
  const desaSpec = opts.desaPerKecamatan ?? [6, 14];
  const peopleSpec = opts.peoplePerDesa ?? [40, 200];

  const desa: DesaRecord[] = [];
  const catalogs = new Map<string, CatalogEntry[]>();
  for (const cc of [...new Set(kecCodes)].sort()) {
    const { chosen, catalog } = selectDesa(rng, cc, desaSpec);
    desa.push(...chosen);
    catalogs.set(cc, catalog);
  }
  desa.sort((a, b) => a.kode_kemdagri.localeCompare(b.kode_kemdagri));

  // Big villages.
  const bigPeople = new Map<string, number>();
  const bigDesa: string[] = [];
  for (const big of opts.bigDesa ?? []) {
    let kode = big.kode_kemdagri?.replace(/\D/g, "");
    if (kode) {
      if (!/^3514(0[1-9]|1\d|2[0-4])[12]\d{3}$/.test(kode)) throw new Error(`bigDesa: invalid kode_kemdagri ${kode}`);
      if (!desa.some((d) => d.kode_kemdagri === kode)) {
        const cc = kode.slice(4, 6);
        const entry = (catalogs.get(cc) ?? catalogFor(cc)).find((e) => e.kode === kode);
        const used = new Set(desa.filter((d) => d.kecamatanKode === cc).map((d) => d.nama));
        desa.push({
          kode_kemdagri: kode,
          nama: entry?.nama ?? syntheticName(rng, used),
          kecamatanKode: cc,
          kecamatan: kecamatanUpper(cc),
          kelurahan: kode[6] === "1",
        });
        desa.sort((a, b) => a.kode_kemdagri.localeCompare(b.kode_kemdagri));
      }
    } else {
      kode = desa.find((d) => !bigPeople.has(d.kode_kemdagri))?.kode_kemdagri;
      if (!kode) throw new Error("bigDesa: no desa left to resize");
    }
    bigPeople.set(kode, big.people);
    bigDesa.push(kode);
  }

  const ctx: GenState = { rng, serials: new Map(), nikSet: new Set(), nextFamily: 100_000_000 + rng.int(0, 5_000_000) };
  const p3ke: P3keRecord[] = [];
  const bantuan: BantuanRecord[] = [];
  for (const d of desa) {
    const people = bigPeople.get(d.kode_kemdagri) ?? rng.range(peopleSpec);
    generateDesaPeople(ctx, d, people, p3ke, bantuan);
  }
  const p3keNiks = new Set(p3ke.map((r) => r.nik));
  const first = desa[0];
  if (first && !bantuan.some((b) => !p3keNiks.has(b.nik))) addBantuanOnly(ctx, first, bantuan);
  bantuan.sort((a, b) => (a.kode_kemdagri < b.kode_kemdagri ? -1 : a.kode_kemdagri > b.kode_kemdagri ? 1 : 0));

  return { seed, referenceDate: REFERENCE_DATE, desa, p3ke, bantuan, bigDesa };
}
