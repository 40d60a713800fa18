/**
 * SIPP's lists are Laravel paginators, written in several ways (docs/upstream.md, SIPP): this
 * reads one page (parsePage) and walks them all (walkPages).
 */
import type { LimitFunction } from "p-limit";
import { z } from "zod";
import type { Logger } from "../logger.js";
import { UpstreamError } from "./errors.js";
import { isPlainObject, type HttpClient } from "./http.js";
import { parseRows, rowList } from "./sipp-rows.js";

/** One page of a Laravel paginator: its rows and what it says about the others. */
export interface SippPage {
  rows: unknown[];
  currentPage?: number;
  lastPage?: number;
  hasNext?: boolean;
  total?: number;
  /**
   * true when the body is paginator-shaped (rows inside a paginator object, or next to
   * paginator keys) but says nothing about further pages (neither last_page nor a next link):
   * the walk then goes on until an empty or short page. A bare array is one page.
   */
  openEnded?: boolean;
}

const intish = z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v), z.number().int().nonnegative().optional()).catch(undefined);

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

/** What a walk needs of the client. */
export interface PageWalkDeps {
  http: Pick<HttpClient, "get">;
  logger: Logger;
}

/**
 * Walk a Laravel paginator. The next request is built from our own filters + page=N
 * (next_page_url drops filters); pages after the first go concurrently once last_page is known.
 * `limit` bounds the requests in flight; pass one limiter to several walks to bound them together.
 * Each page is parsed as it arrives, so parsing overlaps with waiting for the next pages.
 */
export async function walkPages<T>(
  deps: PageWalkDeps,
  path: string,
  filters: Record<string, string>,
  schema: z.ZodType<T>,
  progress: ((done: number, total?: number) => void) | undefined,
  limit: LimitFunction,
  cap: number,
): Promise<{ rows: T[]; pages: number }> {
  let rejected = 0;
  const fetchPage = (page: number) =>
    limit(async () => {
      const res = await deps.http.get(path, { ...filters, page });
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
    // a "Next" link) or, when it says nothing at all, until an empty or short page (the page
    // size is what arrives, and a silent one-page answer is never right).
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
  if (rejected > 0) deps.logger.warn({ path, rejected }, "sipp rows rejected");
  return { rows: pages.flatMap((p) => p.rows), pages: pages.length };
}
