/**
 * The rows SIPP answers with, read tolerantly (docs/upstream.md, SIPP): every field is optional,
 * numbers may come as strings and back, null and "" are missing, keys are looked up in a
 * normalised form, and a PHP list with gaps may arrive as an object.
 */
import { z } from "zod";
import { normalizeKodeKemdagri } from "../domain/wilayah.js";
import { UpstreamError } from "./errors.js";
import { isPlainObject } from "./http.js";

/**
 * A person's NIK as the rest of the app holds it (docs/privacy.md#full-nik-only-in-memory): a
 * keyed hash for joins and cache keys, and the masked form to show. The full NIK of an answer
 * exists only in the parsed row (`*Row`), between parsing and SippClient's pseudonymisation.
 */
export interface PseudonymNik {
  /** HMAC of the NIK (the audit key): P3KE ↔ bantuan joins, de-duplication. */
  nikHash?: string;
  /** `3514********0002`. */
  nikMasked?: string;
}

/** One P3KE row: a member of a family in the P3KE data. */
export interface P3keFields {
  idKeluarga?: string;
  nama?: string;
  alamat?: string;
  kecamatan?: string;
  desa?: string;
  kodeKemdagri?: string;
  padanDukcapil?: boolean;
  jenisKelamin?: "L" | "P";
  desil?: number;
  hubungan?: string;
  kepalaKeluarga?: boolean;
  pekerjaan?: string;
  pendidikan?: string;
}

export type P3keRow = P3keFields & { nik?: string };
export type P3keRecord = P3keFields & PseudonymNik;

/** One bantuan: a programme of an OPD that reached a person. */
export interface BantuanFields {
  kecamatan?: string;
  desa?: string;
  kodeKemdagri?: string;
  namaOpd: string;
  strategi?: string;
  program?: string;
  kegiatan?: string;
  subKegiatan?: string;
  tahun?: string;
  nilai?: number;
}

export type BantuanRow = BantuanFields & { nik?: string };
export type BantuanRecord = BantuanFields & PseudonymNik;

/** What /cek shows of one NIK (pseudonymised: SippClient.tracking). */
export interface TrackingResult {
  profile: P3keRecord | null;
  bantuan: BantuanRecord[];
}

/** /api/tracking as parsed, with full NIKs (never cached or returned by the client). */
export interface TrackingRows {
  profile: P3keRow | null;
  bantuan: BantuanRow[];
}

/** The region fields of a P3KE row: all a desa listing keeps of it. */
export interface WilayahRow {
  kodeKemdagri?: string;
  desa?: string;
  kecamatan?: string;
}
// ---- tolerant field parsers -------------------------------------------------

/** lower-case, non-alphanumerics → "_", so `Desa/Kelurahan` and `desa_kelurahan` are one key. */
const normKey = (k: string) => k.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

function normalizeKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[normKey(k)] = v;
  return out;
}

const text = z.preprocess((v) => {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim().replace(/\s+/g, " ");
  return t === "" ? undefined : t;
}, z.string().optional());

const digits = z.preprocess((v) => {
  if (typeof v === "number") return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v !== "string") return undefined;
  const d = v.replace(/[\s.-]/g, "");
  return /^\d+$/.test(d) ? d : undefined;
}, z.string().optional());

const yesNo = z.preprocess((v) => {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== "string") return undefined;
  const t = v.trim().toLowerCase();
  if (["ya", "y", "yes", "true", "1", "padan"].includes(t)) return true;
  if (["tidak", "t", "no", "n", "false", "0", "tidak padan"].includes(t)) return false;
  return undefined;
}, z.boolean().optional());

const desil = z.preprocess((v) => {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.match(/\d+/)?.[0]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 10 ? n : undefined;
}, z.number().optional());

/** Rupiah amounts as numbers or text: "1250000", "1.250.000" (id), "1,250,000.50" (en), "Rp 1.250.000". */
export function parseRupiahText(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.replace(/rp\.?/i, "").replace(/\s/g, "");
  let n: number;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) n = Number(s.replace(/\./g, "").replace(",", "."));
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) n = Number(s.replace(/,/g, ""));
  else if (/^-?\d+,\d+$/.test(s)) n = Number(s.replace(",", "."));
  else if (/^-?\d+(\.\d+)?$/.test(s)) n = Number(s);
  else return undefined;
  return Number.isFinite(n) ? n : undefined;
}

const rupiah = z.preprocess(parseRupiahText, z.number().optional());

const sex = z.preprocess((v) => {
  if (typeof v !== "string") return undefined;
  const t = v.trim().toLowerCase();
  if (t === "l" || t.startsWith("laki")) return "L";
  if (t === "p" || t.startsWith("perempuan") || t.startsWith("wanita")) return "P";
  return undefined;
}, z.enum(["L", "P"]).optional());

const rowObject = z.record(z.string(), z.unknown()).transform(normalizeKeys);

const first = (r: Record<string, unknown>, ...keys: string[]) => keys.map((k) => r[k]).find((v) => v !== undefined && v !== null && v !== "");

/** One P3KE row (a person in a family). */
export const p3keSchema = rowObject.transform((r): P3keRow => {
  const hubungan = text.parse(first(r, "hubungan_dengan_kepala_keluarga", "hubungan_keluarga", "shdk", "hubungan"));
  const kepalaFlag = yesNo.parse(first(r, "kepala_keluarga", "is_kepala_keluarga"));
  const kode = digits.parse(r.kode_kemdagri);
  return strip({
    // Digits as the document shows; any other id text is still a family key (never drop it).
    idKeluarga: ((v) => digits.parse(v) ?? text.parse(v))(first(r, "id_keluarga_p3ke", "id_keluarga")),
    nik: normalizeNikField(r.nik),
    nama: text.parse(first(r, "nama", "nama_lengkap")),
    alamat: text.parse(r.alamat),
    kecamatan: text.parse(r.kecamatan),
    desa: text.parse(first(r, "desa_kelurahan", "desa", "kelurahan")),
    kodeKemdagri: kode ? normalizeKodeKemdagri(kode) : undefined,
    padanDukcapil: yesNo.parse(r.padan_dukcapil),
    jenisKelamin: sex.parse(r.jenis_kelamin),
    desil: desil.parse(first(r, "desil_kesejahteraan", "desil")),
    hubungan,
    kepalaKeluarga: kepalaFlag ?? (hubungan ? /kepala/i.test(hubungan) : undefined),
    pekerjaan: text.parse(r.pekerjaan),
    pendidikan: text.parse(r.pendidikan),
  });
});

/** One bantuan row (aid a person received). */
export const bantuanSchema = rowObject.transform((r): BantuanRow => {
  const kode = digits.parse(r.kode_kemdagri);
  return strip({
    nik: normalizeNikField(r.nik),
    kecamatan: text.parse(r.kecamatan),
    desa: text.parse(first(r, "desa_kelurahan", "desa", "kelurahan")),
    kodeKemdagri: kode ? normalizeKodeKemdagri(kode) : undefined,
    // "" when the row names no OPD (shown with the locale's word for it).
    namaOpd: (text.parse(first(r, "nama_opd", "opd")) ?? "").toUpperCase(),
    strategi: text.parse(r.strategi),
    program: text.parse(r.program),
    kegiatan: text.parse(r.kegiatan),
    subKegiatan: text.parse(r.sub_kegiatan),
    tahun: text.parse(first(r, "tahun", "tahun_anggaran")),
    nilai: rupiah.parse(first(r, "nilai", "nominal", "anggaran", "jumlah")),
  });
});

/** Region fields only: the desa listing keeps nothing personal (docs/privacy.md: process the minimum). */
export const wilayahSchema = rowObject.transform((r): WilayahRow => {
  const kode = digits.parse(r.kode_kemdagri);
  return strip({
    kodeKemdagri: kode ? normalizeKodeKemdagri(kode) : undefined,
    desa: text.parse(first(r, "desa_kelurahan", "desa", "kelurahan")),
    kecamatan: text.parse(r.kecamatan),
  });
});

/** NIKs stay strings; a numeric NIK is only exact below 2^53. */
function normalizeNikField(v: unknown): string | undefined {
  const d = digits.parse(v);
  return d && d.length === 16 ? d : undefined;
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Rows as a list; PHP encodes a list with gaps in its keys as an object `{"0":{…},"2":{…}}`. */
export function rowList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) && keys.every((k) => isPlainObject(v[k]))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
    }
  }
  return undefined;
}

/** Parse each row with `schema`; rows that do not fit are counted, not thrown. */
export function parseRows<T>(rows: unknown[], schema: z.ZodType<T>): { ok: T[]; rejected: number } {
  const ok: T[] = [];
  let rejected = 0;
  for (const r of rows) {
    const p = schema.safeParse(r);
    if (p.success) ok.push(p.data);
    else rejected++;
  }
  return { ok, rejected };
}

/** The /api/tracking body: one person's profile (or none) and their bantuan. */
export function parseTracking(json: unknown): TrackingRows {
  if (!isPlainObject(json)) throw new UpstreamError("bad_response", "sipp", "not an object");
  const data = json.data;
  // PHP encodes an empty associative array as []: `{"data":[]}` is "no profile, no bantuan".
  if (Array.isArray(data) && data.length === 0) return { profile: null, bantuan: [] };
  if (!isPlainObject(data)) throw new UpstreamError("bad_response", "sipp", "no data object");
  let rawProfile = data.profile;
  // A query builder's get() instead of first(): a list holding the one profile.
  if (Array.isArray(rawProfile) && rawProfile.length > 0 && isPlainObject(rawProfile[0])) rawProfile = rawProfile[0];
  let profile: P3keRow | null = null;
  if (isPlainObject(rawProfile) && Object.keys(rawProfile).length > 0) {
    const p = p3keSchema.safeParse(rawProfile);
    if (!p.success) throw new UpstreamError("bad_response", "sipp", "profile shape");
    profile = p.data;
  }
  const rawBantuan = data.bantuan;
  const bantuan = rawBantuan === undefined || rawBantuan === null ? [] : isPlainObject(rawBantuan) && Object.keys(rawBantuan).length === 0 ? [] : rowList(rawBantuan);
  if (!bantuan) throw new UpstreamError("bad_response", "sipp", "bantuan not a list");
  return { profile, bantuan: parseRows(bantuan, bantuanSchema).ok };
}
