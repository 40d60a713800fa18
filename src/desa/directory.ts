/**
 * Which desa exist, per kecamatan, taken from the data (docs/domain.md#kabupaten-pasuruan-regions: not a hard-coded list).
 *
 * Choice: each kecamatan's list comes from ONE walk of `/api/p3ke?kecamatan=NAME` (all pages,
 * concurrently), reduced at once to the distinct kode_kemdagri / desa_kelurahan and cached for
 * hours (CACHE_TTL_DESA_LIST_S) by SippClient.wilayahKecamatan. Why not query per menu view:
 * the walk costs as many requests as the kecamatan has pages, while desa lists change rarely, so
 * paying once per TTL and serving every later keyboard, page flip and name search from memory
 * is far cheaper for SIPP and instant for the officer. Only region fields are kept, never
 * personal data, so caching them long is harmless. A list is grouped by kode_kemdagri (names
 * are spelled inconsistently: "ORO-ORO OMBO" / "ORO ORO OMBO"), shown with its most frequent
 * spelling and matched through nameKey.
 *
 * A name search (/desa NAMA) needs the desa of every kecamatan, so it loads the 24 lists
 * (each one once per TTL, a few kecamatan at a time); after that, searches cost no request.
 */
import pLimit from "p-limit";
import { KECAMATAN, KODE_KABUPATEN, nameKey } from "../domain/wilayah.js";
import { desaQueryKey, desaQueryName } from "./match.js";
import type { Cached } from "../upstream/cache.js";
import type { SippClient, WilayahCount } from "../upstream/sipp.js";

export interface DesaEntry {
  kode: string;
  /** Most frequent spelling in the data (upper case as SIPP writes it). */
  nama: string;
  /** nameKey(nama), for matching. */
  key: string;
  kecamatanKode: string;
  /** Reference name of the kecamatan (wilayah.ts). */
  kecamatan: string;
}

/**
 * Other spellings SIPP may use in its `kecamatan` field (docs/domain.md#kabupaten-pasuruan-regions). Tried only when the
 * reference name finds nothing: a filter that ignores spaces finds both with the first query.
 */
const KECAMATAN_ALIASES: Readonly<Record<string, readonly string[]>> = { "18": ["GONDANG WETAN"] };

/** Distinct desa of kecamatan `kecKode` from listing rows; rows coded for another kecamatan are left out. */
export function aggregateWilayah(kecKode: string, rows: readonly WilayahCount[]): DesaEntry[] {
  const kecamatan = KECAMATAN.find((k) => k.kode === kecKode)?.nama ?? kecKode;
  const prefix = `${KODE_KABUPATEN}${kecKode}`;
  const spellings = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!r.kodeKemdagri?.startsWith(prefix)) continue;
    const names = spellings.get(r.kodeKemdagri) ?? new Map<string, number>();
    const nama = r.desa?.trim().replace(/\s+/g, " ").toUpperCase();
    if (nama) names.set(nama, (names.get(nama) ?? 0) + r.rows);
    spellings.set(r.kodeKemdagri, names);
  }
  const out: DesaEntry[] = [];
  for (const [kode, names] of spellings) {
    let nama = kode;
    let best = 0;
    for (const [n, c] of names) if (c > best || (c === best && n < nama)) [nama, best] = [n, c];
    out.push({ kode, nama, key: nameKey(nama), kecamatanKode: kecKode, kecamatan });
  }
  return out.sort((a, b) => a.nama.localeCompare(b.nama, "id") || a.kode.localeCompare(b.kode));
}

export interface KecamatanListing {
  entries: DesaEntry[];
  fetchedAt: number;
  stale: boolean;
  /** true when no upstream call was made. */
  hit: boolean;
}

export interface DirectoryResult {
  entries: DesaEntry[];
  /** Kecamatan whose list could not be loaded, with the error. */
  failed: { kecamatanKode: string; error: unknown }[];
  /** true when every list came from the cache. */
  hit: boolean;
}

export class DesaDirectory {
  constructor(
    private readonly sipp: Pick<SippClient, "wilayahKecamatan" | "wilayahDesa">,
    private readonly opts: { concurrency: number } = { concurrency: 3 },
  ) {}

  /** The desa of one kecamatan ("01".."24"), from the cached listing or one walk of its pages. */
  async kecamatan(kecKode: string, onProgress?: (done: number, total?: number) => void): Promise<KecamatanListing> {
    const ref = KECAMATAN.find((k) => k.kode === kecKode);
    if (!ref) throw new Error(`unknown kecamatan ${kecKode}`);
    const spellings = [ref.nama.toUpperCase(), ...(KECAMATAN_ALIASES[kecKode] ?? [])];
    let last: Cached<WilayahCount[]> | undefined;
    let hit = true;
    for (const s of spellings) {
      last = await this.sipp.wilayahKecamatan(s, onProgress);
      hit &&= last.hit;
      const entries = aggregateWilayah(kecKode, last.value);
      if (entries.length > 0) return { entries, fetchedAt: last.fetchedAt, stale: last.stale, hit };
    }
    return { entries: [], fetchedAt: last?.fetchedAt ?? Date.now(), stale: last?.stale ?? false, hit };
  }

  /**
   * The desa named exactly `input` (prefix word, case and spacing aside), through SIPP's
   * desa_kelurahan filter: one desa's pages instead of all 24 kecamatan listings. Undefined when
   * that finds no such desa (a typo, another spelling, a server that filters differently, an
   * error): the caller then searches the whole directory, which tolerates typos.
   */
  async byName(input: string): Promise<DesaEntry[] | undefined> {
    const key = desaQueryKey(input);
    if (key.length === 0) return undefined;
    let rows: WilayahCount[];
    try {
      rows = (await this.sipp.wilayahDesa(desaQueryName(input))).value;
    } catch {
      return undefined;
    }
    const named = rows.filter((r) => r.desa !== undefined && nameKey(r.desa) === key);
    const entries = [...new Set(named.map((r) => r.kodeKemdagri?.slice(4, 6)).filter((k): k is string => k !== undefined))]
      .filter((kec) => KECAMATAN.some((k) => k.kode === kec))
      .flatMap((kec) => aggregateWilayah(kec, named))
      .filter((e) => e.key === key);
    return entries.length > 0 ? entries : undefined;
  }

  /** Every kecamatan's desa (for name search); lists that fail are reported, the rest still returned. */
  async all(onProgress?: (kecamatanDone: number, total: number) => void): Promise<DirectoryResult> {
    const limit = pLimit(this.opts.concurrency);
    let done = 0;
    const failed: DirectoryResult["failed"] = [];
    let hit = true;
    const lists = await Promise.all(
      KECAMATAN.map((k) =>
        limit(async () => {
          try {
            const r = await this.kecamatan(k.kode);
            hit &&= r.hit;
            return r.entries;
          } catch (error) {
            failed.push({ kecamatanKode: k.kode, error });
            return [];
          } finally {
            onProgress?.(++done, KECAMATAN.length);
          }
        }),
      ),
    );
    return { entries: lists.flat(), failed, hit };
  }
}
