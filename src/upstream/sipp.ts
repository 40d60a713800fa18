import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import pLimit, { type LimitFunction } from "p-limit";
import type { Logger } from "../logger.js";
import { normalizeKodeKemdagri } from "../domain/wilayah.js";
import { HttpClient, type HttpClientOptions } from "./http.js";
import { UpstreamCache, type Cached } from "./cache.js";
import { UpstreamError } from "./errors.js";

/**
 * SIPP Pasuruan client (upstream/sipp.md). Every field is optional and parsed tolerantly:
 * numbers as strings and back, null/"" as missing, keys looked up in a normalised form.
 */

export interface P3keRecord {
  idKeluarga?: string;
  nik?: string;
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

export interface BantuanRecord {
  nik?: string;
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

export interface TrackingResult {
  profile: P3keRecord | null;
  bantuan: BantuanRecord[];
}

// ---- tolerant field parsers -------------------------------------------------

/** lower-case, non-alphanumerics → "_" (sipp.md "Fields likely present"). */
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

const p3keSchema = rowObject.transform((r): P3keRecord => {
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

const bantuanSchema = rowObject.transform((r): BantuanRecord => {
  const kode = digits.parse(r.kode_kemdagri);
  return strip({
    nik: normalizeNikField(r.nik),
    kecamatan: text.parse(r.kecamatan),
    desa: text.parse(first(r, "desa_kelurahan", "desa", "kelurahan")),
    kodeKemdagri: kode ? normalizeKodeKemdagri(kode) : undefined,
    namaOpd: (text.parse(first(r, "nama_opd", "opd")) ?? "OPD tidak disebut").toUpperCase(),
    strategi: text.parse(r.strategi),
    program: text.parse(r.program),
    kegiatan: text.parse(r.kegiatan),
    subKegiatan: text.parse(r.sub_kegiatan),
    tahun: text.parse(first(r, "tahun", "tahun_anggaran")),
    nilai: rupiah.parse(first(r, "nilai", "nominal", "anggaran", "jumlah")),
  });
});

/** Region fields only: the desa listing keeps nothing personal (domain.md §2, "process the minimum"). */
const wilayahSchema = rowObject.transform((r): WilayahRow => {
  const kode = digits.parse(r.kode_kemdagri);
  return strip({
    kodeKemdagri: kode ? normalizeKodeKemdagri(kode) : undefined,
    desa: text.parse(first(r, "desa_kelurahan", "desa", "kelurahan")),
    kecamatan: text.parse(r.kecamatan),
  });
});

/** NIKs stay strings; a numeric NIK is only exact below 2^53 (sipp.md "Tolerant parsing"). */
function normalizeNikField(v: unknown): string | undefined {
  const d = digits.parse(v);
  return d && d.length === 16 ? d : undefined;
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

// ---- page parsing -------------------------------------------------------------

export interface SippPage {
  rows: unknown[];
  currentPage?: number;
  lastPage?: number;
  hasNext?: boolean;
  total?: number;
  /**
   * true when the body is paginator-shaped (rows inside a paginator object, or next to
   * paginator keys) but says nothing about further pages (neither last_page nor a next link):
   * the walk then goes on until an empty or short page. A bare array is one page (sipp.md).
   */
  openEnded?: boolean;
}

const intish = z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v), z.number().int().nonnegative().optional()).catch(undefined);

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Rows as a list; PHP encodes a list with gaps in its keys as an object `{"0":{…},"2":{…}}`. */
function rowList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) && keys.every((k) => isPlainObject(v[k]))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
    }
  }
  return undefined;
}

/** "more pages?" from a next link: a non-empty string is yes, null/"" no, anything else unknown. */
function nextFrom(v: unknown): boolean | undefined {
  if (v === null || v === "" || v === false) return false;
  if (typeof v === "string") return true;
  return undefined;
}

/** Laravel 8+ `links` array: the last item is "Next »" with url null on the last page. */
function nextFromLinks(links: unknown): boolean | undefined {
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l) => isPlainObject(l) && typeof l.label === "string" && /next|berikutnya|&raquo;|»/i.test(l.label));
  return isPlainObject(next) ? nextFrom(next.url) : undefined;
}

const PAGINATOR_KEYS = ["current_page", "last_page", "next_page_url", "per_page", "total", "links", "meta", "from", "to", "path"];

/** Paginator fields of `o`, or of its Laravel API-resource `meta` / `links` objects. */
function pageMeta(o: Record<string, unknown>): Omit<SippPage, "rows" | "openEnded"> {
  const meta = isPlainObject(o.meta) ? o.meta : {};
  const links = isPlainObject(o.links) ? o.links : {};
  const pick = (k: string) => (o[k] !== undefined ? o[k] : meta[k]);
  const hasNext = nextFrom(o.next_page_url) ?? nextFrom(links.next) ?? nextFromLinks(o.links) ?? nextFromLinks(meta.links);
  return {
    currentPage: intish.parse(pick("current_page")),
    lastPage: intish.parse(pick("last_page")),
    total: intish.parse(pick("total")),
    hasNext,
  };
}

/**
 * Laravel paginator inside `data` (as the document shows), or at the top level next to a
 * `data` array (`return Model::paginate()`), or an API resource (`data` + `meta` + `links`);
 * any key but the rows optional. A bare array with no paginator keys is one page.
 */
export function parsePage(json: unknown, upstream = "sipp"): SippPage {
  if (!isPlainObject(json)) throw new UpstreamError("bad_response", upstream, "not an object");
  const data = json.data;
  const topRows = rowList(data);
  let rows: unknown[];
  let holder: Record<string, unknown>;
  if (topRows && !(isPlainObject(data) && "data" in data)) {
    rows = topRows;
    holder = json;
    if (!PAGINATOR_KEYS.some((k) => json[k] !== undefined)) return { rows, hasNext: false };
  } else if (isPlainObject(data)) {
    const inner = rowList(data.data);
    if (!inner) throw new UpstreamError("bad_response", upstream, "no rows array");
    rows = inner;
    holder = data;
  } else {
    throw new UpstreamError("bad_response", upstream, "no data");
  }
  const m = pageMeta(holder);
  return { rows, ...m, openEnded: m.hasNext === undefined && m.lastPage === undefined };
}

function parseRows<T>(rows: unknown[], schema: z.ZodType<T>): { ok: T[]; rejected: number } {
  const ok: T[] = [];
  let rejected = 0;
  for (const r of rows) {
    const p = schema.safeParse(r);
    if (p.success) ok.push(p.data);
    else rejected++;
  }
  return { ok, rejected };
}

export function parseTracking(json: unknown): TrackingResult {
  if (!isPlainObject(json)) throw new UpstreamError("bad_response", "sipp", "not an object");
  const data = json.data;
  // PHP encodes an empty associative array as []: `{"data":[]}` is "no profile, no bantuan".
  if (Array.isArray(data) && data.length === 0) return { profile: null, bantuan: [] };
  if (!isPlainObject(data)) throw new UpstreamError("bad_response", "sipp", "no data object");
  let rawProfile = data.profile;
  // A query builder's get() instead of first(): a list holding the one profile.
  if (Array.isArray(rawProfile) && rawProfile.length > 0 && isPlainObject(rawProfile[0])) rawProfile = rawProfile[0];
  let profile: P3keRecord | null = null;
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

// ---- client -------------------------------------------------------------------

export interface SippClientOptions extends Omit<HttpClientOptions, "name"> {
  cache: UpstreamCache;
  ttlTrackingMs: number;
  ttlDesaMs: number;
  /** TTL of the per-kecamatan desa listings (desa lists change rarely); default 6 h. */
  ttlWilayahMs?: number;
  pageConcurrency: number;
  pageCap: number;
  /** Page cap of a kecamatan listing (/desa menus): a kecamatan spans many desa; default max(pageCap, 3000). */
  wilayahPageCap?: number;
  logger: Logger;
  /**
   * Turns a NIK into the part of its cache key. Cache keys end up in Redis (SPEC §7), where a
   * key listing must not reveal NIKs, so this is a keyed hash; instances sharing a cache
   * must share the key (the app passes the audit HMAC). Default: HMAC with a per-process key.
   */
  nikKey?: (nik: string) => string;
}

/** One distinct (kode, desa spelling, kecamatan spelling) of a kecamatan listing, with its row count. */
export interface WilayahRow {
  kodeKemdagri?: string;
  desa?: string;
  kecamatan?: string;
}
export interface WilayahCount extends WilayahRow {
  rows: number;
}

export interface DesaData {
  p3ke: P3keRecord[];
  bantuan: BantuanRecord[];
  pages: number;
}

export type DesaProgress = (e: { kind: "p3ke" | "bantuan"; done: number; total?: number }) => void;

export class SippClient {
  readonly http: HttpClient;
  private readonly nikKey: (nik: string) => string;

  constructor(private readonly opts: SippClientOptions) {
    this.http = new HttpClient({ ...opts, name: "sipp" });
    const processKey = randomBytes(32);
    this.nikKey = opts.nikKey ?? ((nik) => createHmac("sha256", processKey).update(nik).digest("hex").slice(0, 32));
  }

  /** One person: P3KE profile (or null) and bantuan. The NIK must already be validated. */
  tracking(nik: string): Promise<Cached<TrackingResult>> {
    return this.opts.cache.get(`sipp:tracking:${this.nikKey(nik)}`, this.opts.ttlTrackingMs, async () => {
      const res = await this.http.get("/api/tracking", { nik }, true);
      // A 404 here means "unknown NIK", not an outage (sipp.md).
      if (res.status === 404) return { profile: null, bantuan: [] };
      if (res.json === undefined) throw new UpstreamError("bad_response", "sipp", res.contentType.includes("html") ? "HTML body" : "not JSON");
      return parseTracking(res.json);
    });
  }

  /** All P3KE and bantuan rows of one desa, fetched page-concurrently and cached as one answer. */
  desa(kodeKemdagri: string, onProgress?: DesaProgress): Promise<Cached<DesaData>> {
    return this.opts.cache.get(`sipp:desa:${kodeKemdagri}`, this.opts.ttlDesaMs, async () => {
      // One limiter for both walks: SIPP_PAGE_CONCURRENCY bounds the requests of this answer in total.
      const limit = pLimit(this.opts.pageConcurrency);
      const [p3ke, bantuan] = await Promise.all([
        this.allPages("/api/p3ke", { kode_kemdagri: kodeKemdagri }, p3keSchema, (d, t) => onProgress?.({ kind: "p3ke", done: d, total: t }), limit),
        this.allPages("/api/bantuan", { kode_kemdagri: kodeKemdagri }, bantuanSchema, (d, t) => onProgress?.({ kind: "bantuan", done: d, total: t }), limit),
      ]);
      return {
        p3ke: dedupe(p3ke.rows, (r) => `${r.nik ?? ""}|${r.idKeluarga ?? ""}|${r.nama ?? ""}`),
        // A row repeated by a page shift is identical in every field; two rows of one programme
        // and year that differ in value are two records (two tranches), so nilai is in the key.
        bantuan: dedupe(bantuan.rows, (r) => `${r.nik ?? ""}|${r.namaOpd}|${r.strategi ?? ""}|${r.program ?? ""}|${r.kegiatan ?? ""}|${r.subKegiatan ?? ""}|${r.tahun ?? ""}|${r.nilai ?? ""}`),
        pages: p3ke.pages + bantuan.pages,
      };
    });
  }

  /**
   * The desa of one kecamatan as they appear in the P3KE data: all pages of
   * `/api/p3ke?kecamatan=NAME`, reduced to distinct (kode_kemdagri, desa_kelurahan, kecamatan)
   * with row counts, and cached under the upper-cased name. Only region fields are kept.
   */
  wilayahKecamatan(nama: string, onProgress?: (done: number, total?: number) => void): Promise<Cached<WilayahCount[]>> {
    const param = nama.trim().replace(/\s+/g, " ").toUpperCase();
    return this.opts.cache.get(`sipp:wilayah:${param}`, this.opts.ttlWilayahMs ?? 6 * 3_600_000, async () => {
      // A whole kecamatan is many desa: its own, larger cap (only region fields are kept).
      const cap = this.opts.wilayahPageCap ?? Math.max(this.opts.pageCap, 3000);
      const { rows } = await this.allPages("/api/p3ke", { kecamatan: param }, wilayahSchema, onProgress, undefined, cap);
      return countWilayah(rows);
    });
  }

  /**
   * Where the desa of this name are: all pages of `/api/p3ke?desa_kelurahan=NAME`, reduced like
   * a kecamatan listing and cached as long. One desa's pages instead of the whole kabupaten's
   * for a name search; the caller checks the names (a server may match loosely or not filter).
   */
  wilayahDesa(nama: string): Promise<Cached<WilayahCount[]>> {
    const param = nama.trim().replace(/\s+/g, " ").toUpperCase();
    return this.opts.cache.get(`sipp:wilayah-desa:${param}`, this.opts.ttlWilayahMs ?? 6 * 3_600_000, async () => {
      const { rows } = await this.allPages("/api/p3ke", { desa_kelurahan: param }, wilayahSchema);
      return countWilayah(rows);
    });
  }

  /**
   * Walk a Laravel paginator. The next request is built from our own filters + page=N
   * (next_page_url drops filters); pages after the first go concurrently once last_page is known.
   * `limit` bounds the requests in flight; pass one limiter to several walks to bound them together.
   * Each page is parsed as it arrives, so parsing overlaps with waiting for the next pages.
   */
  async allPages<T>(
    path: string,
    filters: Record<string, string>,
    schema: z.ZodType<T>,
    progress?: (done: number, total?: number) => void,
    limit: LimitFunction = pLimit(this.opts.pageConcurrency),
    cap: number = this.opts.pageCap,
  ): Promise<{ rows: T[]; pages: number }> {
    let rejected = 0;
    const fetchPage = (page: number) =>
      limit(async () => {
        const res = await this.http.get(path, { ...filters, page });
        if (res.json === undefined) throw new UpstreamError("bad_response", "sipp", res.contentType.includes("html") ? "HTML body" : "not JSON");
        const meta = parsePage(res.json);
        const parsed = parseRows(meta.rows, schema);
        rejected += parsed.rejected;
        return { meta, rows: parsed.ok };
      });
    const first = await fetchPage(1);
    const pages = [first];
    let done = 1;
    const lastPage = first.meta.lastPage;
    progress?.(done, lastPage);
    if (first.meta.rows.length > 0 && lastPage !== undefined && lastPage > 1) {
      if (lastPage > cap) throw new UpstreamError("truncated", "sipp", `${lastPage} pages > cap ${cap}`);
      const rest = await Promise.all(
        Array.from({ length: lastPage - 1 }, async (_, i) => {
          const p = await fetchPage(i + 2);
          progress?.(++done, lastPage);
          return p;
        }),
      );
      pages.push(...rest);
    } else if (lastPage === undefined) {
      // No last_page: go on sequentially while the upstream says there is more (next_page_url,
      // a "Next" link) or, when it says nothing at all, until an empty or short page (sipp.md
      // rule 3/4: the page size is what arrives, and a silent one-page answer is never right).
      const size = first.meta.rows.length;
      const more = (p: typeof first) => {
        if (p.meta.rows.length === 0) return false;
        if (p.meta.hasNext !== undefined) return p.meta.hasNext;
        return p.meta.openEnded === true && p.meta.rows.length >= size;
      };
      const sameRows = (a: unknown[], b: unknown[]) => a.length === b.length && JSON.stringify(a[0]) === JSON.stringify(b[0]) && JSON.stringify(a.at(-1)) === JSON.stringify(b.at(-1));
      let last = first;
      let page = 1;
      while (more(last)) {
        if (page >= cap) throw new UpstreamError("truncated", "sipp", `more than cap ${cap} pages`);
        page++;
        const p = await fetchPage(page);
        // A server that ignores or clamps `page` answers with a page we already have: the end.
        if (p.meta.currentPage !== undefined && p.meta.currentPage !== page) break;
        if (sameRows(p.meta.rows, last.meta.rows)) break;
        pages.push(p);
        progress?.(++done);
        last = p;
      }
    }
    if (rejected > 0) this.opts.logger.warn({ path, rejected }, "sipp rows rejected");
    return { rows: pages.flatMap((p) => p.rows), pages: pages.length };
  }
}

function dedupe<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Distinct (kode, desa spelling, kecamatan spelling) of listing rows, with their row counts. */
function countWilayah(rows: readonly WilayahRow[]): WilayahCount[] {
  const counts = new Map<string, WilayahCount>();
  for (const r of rows) {
    const key = `${r.kodeKemdagri ?? ""}|${r.desa ?? ""}|${r.kecamatan ?? ""}`;
    const c = counts.get(key);
    if (c) c.rows++;
    else counts.set(key, { ...r, rows: 1 });
  }
  return [...counts.values()];
}
