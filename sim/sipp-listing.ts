/**
 * The /api/p3ke and /api/bantuan listings as SIPP's Laravel answers them: an index over the
 * wire rows, the filters (trimmed, empty = absent; names compared without case and spaces,
 * codes by their digits), page parsing, and the paginator in each shape SIPP may send.
 */
import type { SippDataset } from "./sipp-records.js";
import { wireBantuan, wireP3ke, type WireRow } from "./sipp-wire.js";

/**
 * Shape of /api/p3ke and /api/bantuan pages (the document promises only `data`; any other key
 * may be missing, see "SIPP pagination" in docs/upstream.md):
 * - "laravel": length-aware paginator inside `data`, as the document suggests (default);
 * - "simple": simplePaginate — no last_page/total, next_page_url only;
 * - "minimal": only what the document prints — current_page and the rows;
 * - "links": no next_page_url/last_page, only the Laravel 8+ `links` array;
 * - "top-level": the paginator returned directly (`return Model::paginate()`), rows in a top-level `data`;
 * - "resource": an API resource collection: `data` rows + `links` + `meta` objects.
 */
export type SippPaginationMode = "laravel" | "simple" | "minimal" | "links" | "top-level" | "resource";

/** Wire rows and their filter keys, by position; the maps give positions by code and NIK. */
export interface Index {
  p3ke: WireRow[];
  p3keKode: string[];
  p3keKec: string[];
  p3keDesa: string[];
  p3keByKode: Map<string, number[]>;
  p3keByNik: Map<string, number>;
  bantuan: WireRow[];
  bantuanKode: string[];
  bantuanKec: string[];
  bantuanDesa: string[];
  bantuanNik: string[];
  bantuanByKode: Map<string, number[]>;
  bantuanByNik: Map<string, number[]>;
}

/** The rows a listing request selects, and the page asked for. */
export interface Listing {
  rows: WireRow[];
  /** positions in `rows`; null = every row */
  matches: number[] | null;
  page: number;
}

/** How pages are written: links on `baseUrl`, `perPage` rows, in shape `mode`. */
export interface PageSettings {
  baseUrl: string;
  perPage: number;
  mode: SippPaginationMode;
}

const normName = (s: string) => s.toUpperCase().replace(/\s+/g, "");
const digits = (s: string) => s.replace(/\D/g, "");

function pushIndex(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Laravel's (int) page parsing: anything that is not a positive integer is page 1. */
function parsePage(raw: string | undefined): number {
  if (raw === undefined || !/^\s*\+?\d+\s*$/.test(raw)) return 1;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

/** A query parameter as Laravel's middleware leaves it: trimmed, and absent when empty (ConvertEmptyStringsToNull). */
export function laravelParam(q: URLSearchParams, key: string): string | undefined {
  const v = q.get(key);
  if (v === null) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** Wire rows of the dataset and their filter keys, built once per dataset. */
export function buildIndex(ds: SippDataset, quirks: boolean): Index {
  const { seed, p3ke, bantuan } = ds;
  const wopts = { quirks };
  const ix: Index = {
    p3ke: [],
    p3keKode: [],
    p3keKec: [],
    p3keDesa: [],
    p3keByKode: new Map(),
    p3keByNik: new Map(),
    bantuan: [],
    bantuanKode: [],
    bantuanKec: [],
    bantuanDesa: [],
    bantuanNik: [],
    bantuanByKode: new Map(),
    bantuanByNik: new Map(),
  };
  p3ke.forEach((r, i) => {
    ix.p3ke.push(wireP3ke(r, seed, i + 1, wopts));
    ix.p3keKode.push(r.kode_kemdagri);
    ix.p3keKec.push(normName(r.kecamatan));
    ix.p3keDesa.push(normName(r.desa_kelurahan));
    pushIndex(ix.p3keByKode, r.kode_kemdagri, i);
    if (!ix.p3keByNik.has(r.nik)) ix.p3keByNik.set(r.nik, i);
  });
  bantuan.forEach((b, i) => {
    ix.bantuan.push(wireBantuan(b, seed, i + 1, wopts));
    ix.bantuanKode.push(b.kode_kemdagri);
    ix.bantuanKec.push(normName(b.kecamatan));
    ix.bantuanDesa.push(normName(b.desa_kelurahan));
    ix.bantuanNik.push(b.nik);
    pushIndex(ix.bantuanByKode, b.kode_kemdagri, i);
    pushIndex(ix.bantuanByNik, b.nik, i);
  });
  return ix;
}

/** The rows of /api/p3ke (`isP3ke`) or /api/bantuan that the query's filters select. */
export function select(ix: Index, isP3ke: boolean, q: URLSearchParams): Listing {
  const param = (k: string): string | undefined => laravelParam(q, k);
  const kode = param("kode_kemdagri");
  const kec = param("kecamatan");
  const desa = param("desa_kelurahan");
  const nik = isP3ke ? undefined : param("nik");
  const rows = isP3ke ? ix.p3ke : ix.bantuan;
  const kodes = isP3ke ? ix.p3keKode : ix.bantuanKode;
  const kecs = isP3ke ? ix.p3keKec : ix.bantuanKec;
  const desas = isP3ke ? ix.p3keDesa : ix.bantuanDesa;
  const page = parsePage(q.get("page") ?? undefined);

  let candidates: number[] | null = null; // null = all rows
  if (nik !== undefined) candidates = ix.bantuanByNik.get(nik) ?? [];
  if (kode !== undefined) {
    const k = digits(kode);
    candidates = candidates
      ? candidates.filter((i) => kodes[i] === k)
      : ((isP3ke ? ix.p3keByKode : ix.bantuanByKode).get(k) ?? []);
  }
  const kecN = kec !== undefined ? normName(kec) : undefined;
  const desaN = desa !== undefined ? normName(desa) : undefined;
  const matches: number[] = [];
  const test = (i: number) => (kecN === undefined || kecs[i] === kecN) && (desaN === undefined || desas[i] === desaN);
  if (candidates) {
    for (const i of candidates) if (test(i)) matches.push(i);
  } else if (kecN === undefined && desaN === undefined) {
    return { rows, matches: null, page };
  } else {
    for (let i = 0; i < rows.length; i++) if (test(i)) matches.push(i);
  }
  return { rows, matches, page };
}

/** The JSON body of one page of `rows` (or of the selected `matches`), in the configured shape. */
export function pageBody(path: string, list: Listing, settings: PageSettings): unknown {
  const { rows, matches, page } = list;
  const total = matches ? matches.length : rows.length;
  const perPage = settings.perPage;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const end = Math.min(total, start + perPage);
  const data: WireRow[] = [];
  for (let k = start; k < end; k++) {
    const row = matches ? rows[matches[k] as number] : rows[k];
    if (row) data.push(row);
  }
  const base = `${settings.baseUrl}${path}`;
  const pageUrl = (n: number) => `${base}?page=${n}`;
  const prev = page > 1 ? pageUrl(page - 1) : null;
  const next = page < lastPage ? pageUrl(page + 1) : null;
  const links: { url: string | null; label: string; active: boolean }[] = [
    { url: prev, label: "&laquo; Previous", active: false },
  ];
  for (const el of urlWindow(page, lastPage)) {
    if (el === "...") links.push({ url: null, label: "...", active: false });
    else links.push({ url: pageUrl(el), label: String(el), active: el === page });
  }
  links.push({ url: next, label: "Next &raquo;", active: false });
  const from = data.length ? start + 1 : null;
  const to = data.length ? start + data.length : null;
  const paginator = {
    current_page: page,
    data,
    first_page_url: pageUrl(1),
    from,
    last_page: lastPage,
    last_page_url: pageUrl(lastPage),
    links,
    next_page_url: next,
    path: base,
    per_page: perPage,
    prev_page_url: prev,
    to,
    total,
  };
  switch (settings.mode) {
    case "simple":
      return {
        data: { current_page: page, data, first_page_url: pageUrl(1), from, next_page_url: next, path: base, per_page: perPage, prev_page_url: prev, to },
      };
    case "minimal":
      return { data: { current_page: page, data } };
    case "links":
      return { data: { current_page: page, data, links } };
    case "top-level":
      return paginator;
    case "resource":
      return {
        data,
        links: { first: pageUrl(1), last: pageUrl(lastPage), prev, next },
        meta: { current_page: page, from, last_page: lastPage, links, path: base, per_page: perPage, to, total },
      };
    default:
      return { data: paginator };
  }
}

/** Laravel's UrlWindow (onEachSide = 3): page numbers and "..." gaps for the links array. */
function urlWindow(current: number, last: number): (number | "...")[] {
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  const onEachSide = 3;
  const window = onEachSide + 4;
  if (last < onEachSide * 2 + 8) return range(1, last);
  if (current <= window) return [...range(1, window + onEachSide), "...", ...range(last - 1, last)];
  if (current > last - window) return [...range(1, 2), "...", ...range(last - (window + (onEachSide - 1)), last)];
  return [...range(1, 2), "...", ...range(current - onEachSide, current + onEachSide), "...", ...range(last - 1, last)];
}
