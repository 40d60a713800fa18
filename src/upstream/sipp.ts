/**
 * SIPP Pasuruan client (docs/upstream.md, SIPP): one person (/api/tracking), one desa
 * (/api/p3ke and /api/bantuan, every page) and the desa of a kecamatan or of a name, each
 * cached. Rows are read by sipp-rows.ts, pages by sipp-pages.ts.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { z } from "zod";
import pLimit, { type LimitFunction } from "p-limit";
import type { Logger } from "../logger.js";
import { HttpClient, type HttpClientOptions } from "./http.js";
import type { Cached, UpstreamCache } from "./cache.js";
import { UpstreamError } from "./errors.js";
import { walkPages } from "./sipp-pages.js";
import { maskNik, maskNiksInText } from "../domain/nik.js";
import { bantuanSchema, p3keSchema, parseTracking, wilayahSchema, type BantuanRecord, type P3keRecord, type PseudonymNik, type TrackingResult, type WilayahRow } from "./sipp-rows.js";

/** The HTTP options, the cache and its lifetimes, and how far a page walk may go. */
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
   * Turns a NIK into the part of its cache key. Cache keys end up in Redis (docs/privacy.md),
   * where a key listing must not reveal NIKs, so this is a keyed hash; instances sharing a
   * cache must share the key (the app passes the audit HMAC). Default: HMAC with a per-process key.
   */
  nikKey?: (nik: string) => string;
}

/** One distinct (kode, desa spelling, kecamatan spelling) of a kecamatan listing, with its row count. */
export interface WilayahCount extends WilayahRow {
  rows: number;
}

/** All P3KE and bantuan rows of one desa, de-duplicated. */
export interface DesaData {
  p3ke: P3keRecord[];
  bantuan: BantuanRecord[];
  pages: number;
}

/** Pages read so far of a desa's two walks. */
export type DesaProgress = (e: { kind: "p3ke" | "bantuan"; done: number; total?: number }) => void;

/** The SIPP answers the bot uses, each cached (UpstreamCache) under its own key. */
export class SippClient {
  readonly http: HttpClient;
  private readonly nikKey: (nik: string) => string;

  constructor(private readonly opts: SippClientOptions) {
    this.http = new HttpClient({ ...opts, name: "sipp" });
    const processKey = randomBytes(32);
    this.nikKey = opts.nikKey ?? ((nik) => createHmac("sha256", processKey).update(nik).digest("hex").slice(0, 32));
  }

  /**
   * Pseudonymise at the edge: the full NIK of a row is replaced by its keyed hash and masked
   * form before the row is cached or handed on, so no cache (in-process or Redis) and no
   * caller ever holds one (docs/privacy.md#full-nik-only-in-memory).
   */
  private pseudonym<T extends { nik?: string }>(row: T): Omit<T, "nik"> & PseudonymNik {
    const { nik, ...rest } = row;
    // Free text too: a NIK typed into an address or name upstream is masked here (ids and codes are kept as they are).
    for (const [k, v] of Object.entries(rest)) if (typeof v === "string" && !IDENTIFIERS.has(k)) (rest as Record<string, unknown>)[k] = maskNiksInText(v);
    return nik ? { ...rest, nikHash: this.nikKey(nik), nikMasked: maskNik(nik) } : rest;
  }

  /** One person: P3KE profile (or null) and bantuan. The NIK must already be validated. */
  tracking(nik: string): Promise<Cached<TrackingResult>> {
    return this.opts.cache.get(`sipp:tracking:${this.nikKey(nik)}`, this.opts.ttlTrackingMs, async () => {
      const res = await this.http.get("/api/tracking", { nik }, true);
      // A 404 here means "unknown NIK", not an outage.
      if (res.status === 404) return { profile: null, bantuan: [] };
      if (res.json === undefined) throw new UpstreamError("bad_response", "sipp", res.contentType.includes("html") ? "HTML body" : "not JSON");
      const rows = parseTracking(res.json);
      return { profile: rows.profile ? this.pseudonym(rows.profile) : null, bantuan: rows.bantuan.map((b) => this.pseudonym(b)) };
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
      const people: P3keRecord[] = p3ke.rows.map((r) => this.pseudonym(r));
      const aid: BantuanRecord[] = bantuan.rows.map((r) => this.pseudonym(r));
      return {
        p3ke: dedupe(people, (r) => `${r.nikHash ?? ""}|${r.idKeluarga ?? ""}|${r.nama ?? ""}`),
        // A row repeated by a page shift is identical in every field; two rows of one programme
        // and year that differ in value are two records (two tranches), so nilai is in the key.
        bantuan: dedupe(aid, (r) => `${r.nikHash ?? ""}|${r.namaOpd}|${r.strategi ?? ""}|${r.program ?? ""}|${r.kegiatan ?? ""}|${r.subKegiatan ?? ""}|${r.tahun ?? ""}|${r.nilai ?? ""}`),
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
   * Every page of `path` with `filters` (see walkPages). `limit` bounds the requests in flight;
   * pass one limiter to several walks to bound them together.
   */
  allPages<T>(
    path: string,
    filters: Record<string, string>,
    schema: z.ZodType<T>,
    progress?: (done: number, total?: number) => void,
    limit: LimitFunction = pLimit(this.opts.pageConcurrency),
    cap: number = this.opts.pageCap,
  ): Promise<{ rows: T[]; pages: number }> {
    return walkPages({ http: this.http, logger: this.opts.logger }, path, filters, schema, progress, limit, cap);
  }
}

/** Row fields that are identifiers, not free text: never masked. */
const IDENTIFIERS = new Set(["idKeluarga", "kodeKemdagri"]);

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
