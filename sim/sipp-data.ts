/**
 * Deterministic synthetic P3KE + bantuan data for Kab. Pasuruan, served by the SIPP
 * simulator (sipp.ts) and used by tests, the demo and the benchmarks.
 *
 * Everything here is the canonical, typed form. The wire quirks (numbers as strings,
 * "Desil 1", stray whitespace, nulls, extra fields) are applied only when serving, in
 * sipp-wire.ts, so tests can compare the bot's answers against these records.
 */
import { Rng } from "./random.js";
import {
  COASTAL_KECAMATAN,
  DESA_CATALOG,
  DESA_PREFIX,
  DESA_SUFFIX,
  DUSUN,
  FEMALE_NAMES,
  FEMALE_SECOND,
  KECAMATAN_CODES,
  KECAMATAN_PASURUAN,
  MALE_NAMES,
  MALE_SECOND,
  PEKERJAAN_DEWASA,
  PEKERJAAN_DEWASA_W,
  PENDIDIKAN,
  PROGRAMMES,
  type PersonContext,
  type Programme,
} from "./sipp-catalog.js";

export { KECAMATAN_PASURUAN, KECAMATAN_CODES, PROGRAMMES } from "./sipp-catalog.js";

export type YaTidak = "Ya" | "Tidak";
export type JenisKelamin = "Laki-laki" | "Perempuan";
export type Hubungan =
  | "Kepala Keluarga"
  | "Istri"
  | "Anak"
  | "Menantu"
  | "Cucu"
  | "Orang Tua"
  | "Famili Lain";

export interface DesaRecord {
  /** 10 digits: 35 14 CC DDDD (DDDD 1xxx = kelurahan, 2xxx = desa). */
  kode_kemdagri: string;
  /** Upper case, as the API writes it ("BENDOMUNGAL", "ORO-ORO OMBO"). */
  nama: string;
  /** "01".."24". */
  kecamatanKode: string;
  /** Upper-case canonical kecamatan name ("GONDANGWETAN"; rows may say "GONDANG WETAN"). */
  kecamatan: string;
  kelurahan: boolean;
}

/** One person in P3KE (one row of /api/p3ke), canonical form. */
export interface P3keRecord {
  id_keluarga_p3ke: string;
  /** Upper case; in kecamatan 18 either "GONDANGWETAN" or "GONDANG WETAN" (per family). */
  kecamatan: string;
  desa_kelurahan: string;
  kode_kemdagri: string;
  nik: string;
  padan_dukcapil: YaTidak;
  jenis_kelamin: JenisKelamin;
  pekerjaan: string;
  pendidikan: string;
  nama: string;
  alamat: string;
  hubungan_dengan_kepala_keluarga: Hubungan;
  /** YYYY-MM-DD, consistent with the NIK. */
  tanggal_lahir: string;
  /** Same for the whole family; mostly 1–4. */
  desil_kesejahteraan: number;
  penerima_pkh: YaTidak;
  penerima_bpnt: YaTidak;
  provinsi: "JAWA TIMUR";
  kabupaten_kota: "KABUPATEN PASURUAN";
}

/** One person × one programme (one row of /api/bantuan), canonical form. */
export interface BantuanRecord {
  kecamatan: string;
  desa_kelurahan: string;
  kode_kemdagri: string;
  nik: string;
  nama_opd: string;
  strategi: string;
  program: string;
  kegiatan: string;
  sub_kegiatan: string;
  tahun: string;
  /** Rupiah; null when the source has no value. */
  nilai: number | null;
}

export interface SippDataset {
  seed: number;
  /** Birth dates are at most this date (YYYY-MM-DD); fixed so data does not depend on "now". */
  referenceDate: string;
  /** Sorted by kode_kemdagri. */
  desa: DesaRecord[];
  /** Sorted by kode_kemdagri, then family, head first. */
  p3ke: P3keRecord[];
  /** Sorted by kode_kemdagri; rows of a person are adjacent. */
  bantuan: BantuanRecord[];
  /** kode_kemdagri of the desa created/resized by `bigDesa`, in option order. */
  bigDesa: string[];
}

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

export const REFERENCE_DATE = "2026-06-30";
const MAX_AGE = 84; // born ≥ 1941: 20YY is then still in the future, so the NIK year is unambiguous
const FIRST_YEAR = 1941;

/** Every day from 1941-01-01 to REFERENCE_DATE, precomputed (no Date objects in the hot loop). */
interface DayTable {
  iso: string[];
  /** DDMMYY as in a man's NIK, as a number. */
  male: number[];
  /** DDMMYY with day + 40, as a number. */
  female: number[];
}
let dayTable: DayTable | undefined;
function days(): DayTable {
  if (dayTable) return dayTable;
  const t: DayTable = { iso: [], male: [], female: [] };
  const [ry, rm, rd] = REFERENCE_DATE.split("-").map(Number) as [number, number, number];
  const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
  for (let y = FIRST_YEAR; y <= ry; y++) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    for (let m = 1; m <= 12; m++) {
      const dim = m === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
      for (let d = 1; d <= dim; d++) {
        if (y === ry && (m > rm || (m === rm && d > rd))) break;
        t.iso.push(`${y}-${p2(m)}-${p2(d)}`);
        t.male.push(d * 10_000 + m * 100 + (y % 100));
        t.female.push((d + 40) * 10_000 + m * 100 + (y % 100));
      }
    }
  }
  return (dayTable = t);
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

interface Ctx {
  rng: Rng;
  serials: Map<number, number>;
  nikSet: Set<number>;
  nextFamily: number;
}

/** NIKs are handled as numbers while generating (16 digits starting 35 < 2^53: exact). */
function makeNik(ctx: Ctx, cc: string, day: number, female: boolean): string {
  const t = days();
  const prefix = (351_400 + Number(cc)) * 1_000_000 + ((female ? t.female[day] : t.male[day]) ?? 0);
  let serial = ctx.serials.get(prefix) ?? ctx.rng.int(0, 3);
  let nik: number;
  do {
    serial += 1;
    if (serial > 9999) throw new Error("NIK serial space exhausted");
    nik = prefix * 10_000 + serial;
  } while (ctx.nikSet.has(nik));
  ctx.serials.set(prefix, serial);
  ctx.nikSet.add(nik);
  return String(nik);
}

/** Index into the day table of a birth date for someone aged `age` on the reference date. */
function birthFromAge(rng: Rng, age: number): number {
  const a = Math.max(0, Math.min(MAX_AGE, age));
  const last = days().iso.length - 1;
  return Math.max(0, last - Math.floor(a * 365.25) - rng.int(0, 364));
}

function isoDate(day: number): string {
  return days().iso[day] ?? "";
}

function personName(rng: Rng, female: boolean): string {
  const first = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  if (!rng.chance(0.6)) return first;
  const second = rng.pick(female ? FEMALE_SECOND : MALE_SECOND);
  return `${first} ${second}`;
}

function pekerjaanFor(rng: Rng, age: number, female: boolean, rel: Hubungan, cc: string): string {
  if (age < 5) return "Belum/Tidak Bekerja";
  if (age < 18) return age >= 7 ? "Pelajar/Mahasiswa" : "Belum/Tidak Bekerja";
  if (age >= 65 && rng.chance(0.5)) return "Tidak/Belum Bekerja";
  if (female && rel !== "Kepala Keluarga" && rng.chance(0.6)) return "Mengurus Rumah Tangga";
  if (COASTAL_KECAMATAN.has(cc) && rng.chance(0.3)) return "Nelayan/Perikanan";
  if (age <= 24 && rng.chance(0.3)) return "Pelajar/Mahasiswa";
  return rng.weighted(PEKERJAAN_DEWASA, PEKERJAAN_DEWASA_W);
}

function pendidikanFor(rng: Rng, age: number): string {
  if (age < 7) return "Tidak/Belum Sekolah";
  if (age <= 12) return "Belum Tamat SD/Sederajat";
  if (age <= 15) return "Tamat SD/Sederajat";
  if (age <= 18) return rng.chance(0.8) ? "Tamat SMP/Sederajat" : "Tamat SD/Sederajat";
  const weights = age >= 55 ? [20, 25, 40, 10, 5, 0, 0] : [4, 8, 30, 30, 24, 2, 2];
  return rng.weighted(PENDIDIKAN, weights);
}

interface Member {
  rel: Hubungan;
  age: number;
  female: boolean;
}

function familyMembers(rng: Rng, size: number): Member[] {
  const headFemale = size === 1 ? rng.chance(0.35) : rng.chance(0.1);
  const headAge = size === 1 ? rng.int(25, MAX_AGE) : rng.int(22, 78);
  const members: Member[] = [{ rel: "Kepala Keluarga", age: headAge, female: headFemale }];
  let motherAge = headFemale ? headAge : headAge - 3;
  if (size >= 2 && !headFemale && rng.chance(0.85)) {
    const age = Math.max(18, Math.min(MAX_AGE, headAge + rng.int(-8, 3)));
    members.push({ rel: "Istri", age, female: true });
    motherAge = age;
  }
  while (members.length < size) {
    const r = rng.float();
    if (headAge <= 58 && r < 0.07) {
      members.push({ rel: "Orang Tua", age: Math.min(MAX_AGE, headAge + rng.int(20, 30)), female: rng.chance(0.65) });
    } else if (headAge >= 50 && r < 0.2) {
      members.push({ rel: "Cucu", age: rng.int(0, 12), female: rng.chance(0.5) });
    } else if (headAge >= 48 && r < 0.26) {
      members.push({ rel: "Menantu", age: rng.int(20, 35), female: rng.chance(0.6) });
    } else if (r < 0.32) {
      members.push({ rel: "Famili Lain", age: rng.int(3, 70), female: rng.chance(0.5) });
    } else {
      const maxChild = Math.max(0, Math.min(35, motherAge - 18));
      members.push({ rel: "Anak", age: rng.int(0, maxChild), female: rng.chance(0.5) });
    }
  }
  return members;
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

function generateDesaPeople(ctx: Ctx, desa: DesaRecord, people: number, p3ke: P3keRecord[], bantuan: BantuanRecord[]): void {
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

function addBantuanOnly(ctx: Ctx, desa: DesaRecord, bantuan: BantuanRecord[]): void {
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

  const ctx: Ctx = { rng, serials: new Map(), nikSet: new Set(), nextFamily: 100_000_000 + rng.int(0, 5_000_000) };
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

// ---------------------------------------------------------------------------------------
// Helpers for tests and the demo

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
