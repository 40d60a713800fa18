/**
 * RealisasiKL, the one feed too large for one answer (a million rows a year), is read by row
 * range: `/RealisasiKL/<from>/<to>`, page after page (docs/upstream.md, OMSPAN).
 */
import type { Logger } from "../logger.js";
import type { HttpClient } from "./http.js";
import { UpstreamError } from "./errors.js";
import { classifyOmspanResponse, OMSPAN, parseOmspanRows, type OmspanPayload } from "./omspan-response.js";
import { parseRealisasiRow, type RealisasiRow } from "./omspan-rows.js";

/** How far and how fast the walk goes. */
export interface RealisasiPagingOptions {
  /** Maximum number of requests; reaching it with data still coming fails with "truncated". */
  pageCap: number;
  /** Pause between pages, to be gentle with the upstream (default 0). */
  pauseMs?: number;
  /** First row (1-based, default 1). */
  startRow?: number;
}

/** One page of RealisasiKL rows, with where the next one starts. */
export interface RealisasiPage {
  /** 1-based page number. */
  page: number;
  /** Requested range. */
  from: number;
  to: number;
  rows: RealisasiRow[];
  received: number;
  rejected: number;
  /** Highest ROWNUM in the page (undefined when rows carry none). */
  maxRownum?: number;
  /** `from` of the next request. */
  nextFrom: number;
}

/** What a finished walk read. */
export interface RealisasiPagingSummary {
  pages: number;
  rows: number;
  received: number;
  rejected: number;
}

/** What the walk needs of the client. */
export interface RealisasiPagingDeps {
  http: Pick<HttpClient, "get">;
  /** Fail a page when more than this share of its rows is rejected. */
  maxRejectShare: number;
  logger: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * RealisasiKL page by page via `/RealisasiKL/<from>/<to>`, sequentially. The next `from` is
 * the highest ROWNUM received + 1 (or `from` + rows received when rows carry no usable
 * ROWNUM), which survives a server-side cap below `pageSize`. Stops on the no-data body or
 * an empty array (or a wrong-parameter / 404 answer right after a short page); after
 * `pageCap` requests that all returned rows, fails with "truncated" (the caller must then
 * discard the partial data). Nothing is kept between pages: consume each batch (the budget
 * sync aggregates it) and drop it.
 */
export async function* realisasiPages(deps: RealisasiPagingDeps, pageSize: number, opts: RealisasiPagingOptions): AsyncGenerator<RealisasiPage, RealisasiPagingSummary> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
  const summary: RealisasiPagingSummary = { pages: 0, rows: 0, received: 0, rejected: 0 };
  let from = Math.max(1, opts.startRow ?? 1);
  let lastShort = false;
  for (;;) {
    if (summary.pages >= opts.pageCap) {
      throw new UpstreamError("truncated", OMSPAN, `RealisasiKL: page cap ${opts.pageCap} reached at row ${from}; sync incomplete`);
    }
    const to = from + pageSize - 1;
    const path = `/RealisasiKL/${from}/${to}`;
    let payload: OmspanPayload;
    try {
      payload = classifyOmspanResponse(await deps.http.get(path));
    } catch (e) {
      // Past the end, a server may call the range a wrong parameter (the table body) or a 404
      // rather than "no data". Taken as the end only right after a SHORT page — the data ran
      // out there; a first request or one after a full page keeps the error (a wrong URL).
      if (lastShort && e instanceof UpstreamError && (e.kind === "bad_request" || e.kind === "not_found")) {
        deps.logger.info({ upstream: OMSPAN, path, kind: e.kind }, "RealisasiKL: range past the end answered as an error; taken as the end");
        return summary;
      }
      throw e;
    }
    if (payload.kind === "empty") return summary;
    const parsed = parseOmspanRows(payload.rows, parseRealisasiRow, deps.maxRejectShare, "RealisasiKL");
    if (parsed.rejected > 0) deps.logger.warn({ upstream: OMSPAN, path, rejected: parsed.rejected, received: parsed.received }, "omspan rows rejected");
    let maxRownum: number | undefined;
    for (const r of parsed.rows) if (r.rownum !== undefined && (maxRownum === undefined || r.rownum > maxRownum)) maxRownum = r.rownum;
    // ROWNUM below `from` means the server numbers rows per response: fall back to counting.
    const nextFrom = maxRownum !== undefined && maxRownum >= from ? maxRownum + 1 : from + parsed.received;
    lastShort = parsed.received < pageSize;
    summary.pages++;
    summary.rows += parsed.rows.length;
    summary.received += parsed.received;
    summary.rejected += parsed.rejected;
    yield { page: summary.pages, from, to, rows: parsed.rows, received: parsed.received, rejected: parsed.rejected, ...(maxRownum !== undefined ? { maxRownum } : {}), nextFrom };
    from = nextFrom;
    if (opts.pauseMs && opts.pauseMs > 0) await sleep(opts.pauseMs);
  }
}
