/**
 * Synthetic people for the SIPP data: birth dates and NIKs that agree with each other, names,
 * occupations, education and family composition.
 */
import { Rng } from "./random.js";
import {
  COASTAL_KECAMATAN,
  FEMALE_NAMES,
  FEMALE_SECOND,
  MALE_NAMES,
  MALE_SECOND,
  PEKERJAAN_DEWASA,
  PEKERJAAN_DEWASA_W,
  PENDIDIKAN,
} from "./sipp-catalog.js";
import type { Hubungan } from "./sipp-records.js";

/** Birth dates end here, so the data does not depend on "now". */
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

/** Generation state shared by every person of a dataset: the random stream and the NIKs issued. */
export interface GenState {
  rng: Rng;
  serials: Map<number, number>;
  nikSet: Set<number>;
  nextFamily: number;
}

/** NIKs are handled as numbers while generating (16 digits starting 35 < 2^53: exact). */
export function makeNik(ctx: GenState, cc: string, day: number, female: boolean): string {
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
export function birthFromAge(rng: Rng, age: number): number {
  const a = Math.max(0, Math.min(MAX_AGE, age));
  const last = days().iso.length - 1;
  return Math.max(0, last - Math.floor(a * 365.25) - rng.int(0, 364));
}

/** The YYYY-MM-DD of a day-table index. */
export function isoDate(day: number): string {
  return days().iso[day] ?? "";
}

/** A Javanese first name, often with a second one. */
export function personName(rng: Rng, female: boolean): string {
  const first = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  if (!rng.chance(0.6)) return first;
  const second = rng.pick(female ? FEMALE_SECOND : MALE_SECOND);
  return `${first} ${second}`;
}

/** An occupation plausible for the age, sex, family role and (coastal) kecamatan. */
export function pekerjaanFor(rng: Rng, age: number, female: boolean, rel: Hubungan, cc: string): string {
  if (age < 5) return "Belum/Tidak Bekerja";
  if (age < 18) return age >= 7 ? "Pelajar/Mahasiswa" : "Belum/Tidak Bekerja";
  if (age >= 65 && rng.chance(0.5)) return "Tidak/Belum Bekerja";
  if (female && rel !== "Kepala Keluarga" && rng.chance(0.6)) return "Mengurus Rumah Tangga";
  if (COASTAL_KECAMATAN.has(cc) && rng.chance(0.3)) return "Nelayan/Perikanan";
  if (age <= 24 && rng.chance(0.3)) return "Pelajar/Mahasiswa";
  return rng.weighted(PEKERJAAN_DEWASA, PEKERJAAN_DEWASA_W);
}

/** An education level plausible for the age. */
export function pendidikanFor(rng: Rng, age: number): string {
  if (age < 7) return "Tidak/Belum Sekolah";
  if (age <= 12) return "Belum Tamat SD/Sederajat";
  if (age <= 15) return "Tamat SD/Sederajat";
  if (age <= 18) return rng.chance(0.8) ? "Tamat SMP/Sederajat" : "Tamat SD/Sederajat";
  const weights = age >= 55 ? [20, 25, 40, 10, 5, 0, 0] : [4, 8, 30, 30, 24, 2, 2];
  return rng.weighted(PENDIDIKAN, weights);
}

/** One member of a generated family. */
export interface Member {
  rel: Hubungan;
  age: number;
  female: boolean;
}

/** The members of a family of `size`: head first, then spouse, children and relatives. */
export function familyMembers(rng: Rng, size: number): Member[] {
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
