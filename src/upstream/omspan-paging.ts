/**
 * RealisasiKL, the one feed too large for one answer (a million rows a year), is read by row
 * range: `/RealisasiKL/<from>/<to>`, page after page (docs/upstream.md, OMSPAN).
 */
import type { Logger } from "../logger.js";
import type { HttpClient } from "./http.js";
import { UpstreamError } from "./errors.js";
import { classifyOmspanResponse, OMSPAN, parseOmspanRows } from "./omspan-response.js";
import { maxRownumOf, type ParsedPage } from "./omspan-packed.js";
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
export interface RealisasiPage<R = RealisasiRow[]> {
  /** 1-based page number. */
  page: number;
  /** Requested range. */
  from: number;
  to: number;
  rows: R;
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
 * RealisasiKL page by page via `/RealisasiKL/<from>/<to>`, sequentially, each answer read in
 * this thread (see `walkRealisasi`).
 */
export function realisasiPages(deps: RealisasiPagingDeps, pageSize: number, opts: RealisasiPagingOptions): AsyncGenerator<RealisasiPage, RealisasiPagingSummary> {
  return walkRealisasi(deps, pageSize, opts, {
    fetch: (path) => deps.http.get(path),
    parse: (res) => {
      const payload = classifyOmspanResponse(res);
      if (payload.kind === "empty") return payload;
      const parsed = parseOmspanRows(payload.rows, parseRealisasiRow, deps.maxRejectShare, "RealisasiKL");
      return { kind: "rows", rows: parsed.rows, count: parsed.rows.length, received: parsed.received, rejected: parsed.rejected, ...maxRownumOf(parsed.rows) };
    },
  });
}

/** How the walk gets and reads one answer (`A`: the answer as fetched). */
export interface PageSource<A, R> {
  fetch(path: string): Promise<A>;
  /** Throws UpstreamError for an answer that is not rows or "no data" (classifyOmspanResponse, parseOmspanRows). */
  parse(res: A): ParsedPage<R> | Promise<ParsedPage<R>>;
  /**
   * Given, the next page is fetched while this one is parsed (when parsing happens elsewhere,
   * i.e. in a worker): where it starts is guessed from the answer (guessNextFrom) and checked
   * against the parsed page; a wrong guess is discarded and the right range requested.
   * Requests still go one after the other, with the same pause between them.
   */
  guessNext?(res: A): number | undefined;
}

/**
 * The walk. The next `from` is the highest ROWNUM received + 1 (or `from` + rows received
 * when rows carry no usable ROWNUM), which survives a server-side cap below `pageSize`. Stops
 * on the no-data body or an empty array (or a wrong-parameter / 404 answer right after a
 * short page); after `pageCap` requests that all returned rows, fails with "truncated" (the
 * caller must then discard the partial data). Nothing is kept between pages: consume each
 * batch (the budget sync aggregates it) and drop it.
 */
export async function* walkRealisasi<A, R>(deps: Pick<RealisasiPagingDeps, "logger">, pageSize: number, opts: RealisasiPagingOptions, source: PageSource<A, R>): AsyncGenerator<RealisasiPage<R>, RealisasiPagingSummary> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
  const summary: RealisasiPagingSummary = { pages: 0, rows: 0, received: 0, rejected: 0 };
  const pathOf = (from: number) => `/RealisasiKL/${from}/${from + pageSize - 1}`;
  let from = Math.max(1, opts.startRow ?? 1);
  let lastShort = false;
  /** The request made ahead: its range start and its answer (errors held for their turn). */
  let ahead: { from: number; res: Promise<A> } | undefined;
  try {
    for (;;) {
      if (summary.pages >= opts.pageCap) {
        throw new UpstreamError("truncated", OMSPAN, `RealisasiKL: page cap ${opts.pageCap} reached at row ${from}; sync incomplete`);
      }
      const path = pathOf(from);
      let page: ParsedPage<R>;
      let pausedAhead = false;
      try {
        let pending: Promise<A> | undefined;
        if (ahead?.from === from) pending = ahead.res;
        else if (ahead) await ahead.res.catch(() => undefined); // a wrong guess: one request at a time all the same
        ahead = undefined;
        const res = await (pending ?? source.fetch(path));
        const guess = source.guessNext && summary.pages + 1 < opts.pageCap ? source.guessNext(res) : undefined;
        if (guess !== undefined && guess > from) {
          const pause = opts.pauseMs ?? 0;
          const res2 = (pause > 0 ? sleep(pause) : Promise.resolve()).then(() => source.fetch(pathOf(guess)));
          res2.catch(() => undefined); // held for its turn; never an unhandled rejection
          ahead = { from: guess, res: res2 };
          pausedAhead = true;
        }
        page = await source.parse(res);
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
      if (page.kind === "empty") return summary;
      if (page.rejected > 0) deps.logger.warn({ upstream: OMSPAN, path, rejected: page.rejected, received: page.received }, "omspan rows rejected");
      const { maxRownum } = page;
      // ROWNUM below `from` means the server numbers rows per response: fall back to counting.
      const nextFrom = maxRownum !== undefined && maxRownum >= from ? maxRownum + 1 : from + page.received;
      lastShort = page.received < pageSize;
      summary.pages++;
      summary.rows += page.count;
      summary.received += page.received;
      summary.rejected += page.rejected;
      yield { page: summary.pages, from, to: from + pageSize - 1, rows: page.rows, received: page.received, rejected: page.rejected, ...(maxRownum !== undefined ? { maxRownum } : {}), nextFrom };
      from = nextFrom;
      if (opts.pauseMs && opts.pauseMs > 0 && !(pausedAhead && ahead?.from === from)) await sleep(opts.pauseMs);
    }
  } finally {
    // A request made ahead and not used: left to finish on its own (its answer is dropped).
    ahead = undefined;
  }
}
