/**
 * RealisasiKL rows as the budget sync needs them (satker, akun, TANGGAL, MAXDATE, amount,
 * ROWNUM), packed into typed arrays: what the sync's parse worker sends back to the main
 * thread. Typed arrays are transferred, not copied; the codes of a page are a few hundred
 * short strings, so the message costs far less than cloning row objects would.
 */
import type { Ymd } from "../domain/budget.js";
import { classifyOmspanResponse, parseOmspanRows } from "./omspan-response.js";
import { parseRealisasiRow, type RealisasiRow } from "./omspan-rows.js";
import { parseJsonBody, type HttpResponse } from "./http.js";

export interface PackedRealisasi {
  count: number;
  /** The distinct satker and akun codes of the page; rows refer to them by index. */
  codes: string[];
  satker: Uint32Array;
  akun: Uint32Array;
  /** yyyymmdd */
  tanggal: Uint32Array;
  /** yyyymmdd, 0 when the row carries none */
  maxdate: Uint32Array;
  amountSen: Float64Array;
  /** -1 when the row carries none */
  rownum: Float64Array;
}

/** The fields of one packed row, as RealisasiRow names them. */
export type PackedRow = Pick<RealisasiRow, "kdsatker" | "akun" | "tanggal" | "maxdate" | "amountSen" | "rownum">;

/** One answer of the walk: the "no data" answer, or rows with their counts. */
export type ParsedPage<R> = { kind: "empty" } | { kind: "rows"; rows: R; count: number; received: number; rejected: number; maxRownum?: number };

const ymdInt = (d: Ymd) => d.year * 10_000 + d.month * 100 + d.day;

export function packRealisasi(rows: readonly RealisasiRow[]): PackedRealisasi {
  const n = rows.length;
  const index = new Map<string, number>();
  const codes: string[] = [];
  const code = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      index.set(s, (i = codes.length));
      codes.push(s);
    }
    return i;
  };
  const p: PackedRealisasi = {
    count: n,
    codes,
    satker: new Uint32Array(n),
    akun: new Uint32Array(n),
    tanggal: new Uint32Array(n),
    maxdate: new Uint32Array(n),
    amountSen: new Float64Array(n),
    rownum: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    p.satker[i] = code(r.kdsatker);
    p.akun[i] = code(r.akun);
    p.tanggal[i] = ymdInt(r.tanggal);
    p.maxdate[i] = r.maxdate ? ymdInt(r.maxdate) : 0;
    p.amountSen[i] = r.amountSen;
    p.rownum[i] = r.rownum ?? -1;
  }
  return p;
}

/**
 * Calls `each` for every packed row with ONE reused row object (it must not be kept; the
 * aggregator copies what it needs). `dates` memoises the Ymd objects across pages, as the
 * row parser does: one object per distinct date.
 */
export function forEachPacked(p: PackedRealisasi, dates: Map<number, Ymd>, each: (r: PackedRow) => void): void {
  const ymd = (v: number): Ymd => {
    let d = dates.get(v);
    if (!d) dates.set(v, (d = Object.freeze({ year: Math.floor(v / 10_000), month: Math.floor(v / 100) % 100, day: v % 100 })));
    return d;
  };
  const row: PackedRow = { kdsatker: "", akun: "", tanggal: { year: 0, month: 0, day: 0 }, amountSen: 0 };
  for (let i = 0; i < p.count; i++) {
    row.kdsatker = p.codes[p.satker[i]!]!;
    row.akun = p.codes[p.akun[i]!]!;
    row.tanggal = ymd(p.tanggal[i]!);
    const m = p.maxdate[i]!;
    row.maxdate = m === 0 ? undefined : ymd(m);
    row.amountSen = p.amountSen[i]!;
    const rn = p.rownum[i]!;
    row.rownum = rn < 0 ? undefined : rn;
    each(row);
  }
}

/**
 * One RealisasiKL answer read from its text: JSON, classification, rows, highest ROWNUM —
 * what the walk does in the main thread (omspan-paging.ts), here for the worker. Throws
 * UpstreamError as classifyOmspanResponse and parseOmspanRows do.
 */
export function parseRealisasiText(res: Pick<HttpResponse, "status" | "text">, maxRejectShare: number): ParsedPage<PackedRealisasi> {
  const payload = classifyOmspanResponse({ status: res.status, text: res.text, json: parseJsonBody(res.text) });
  if (payload.kind === "empty") return payload;
  const parsed = parseOmspanRows(payload.rows, parseRealisasiRow, maxRejectShare, "RealisasiKL");
  return { kind: "rows", rows: packRealisasi(parsed.rows), count: parsed.rows.length, received: parsed.received, rejected: parsed.rejected, ...maxRownumOf(parsed.rows) };
}

/** The highest ROWNUM of the rows, if any carries one. */
export function maxRownumOf(rows: readonly { rownum?: number }[]): { maxRownum?: number } {
  let maxRownum: number | undefined;
  for (const r of rows) if (r.rownum !== undefined && (maxRownum === undefined || r.rownum > maxRownum)) maxRownum = r.rownum;
  return maxRownum === undefined ? {} : { maxRownum };
}

const LAST_ROWNUM = /"row_?num"\s*:\s*"?(\d{1,15})"?\s*[,}]/gi;

/**
 * Where the next page will most likely start, read from the end of this answer's text without
 * parsing it: the last row's ROWNUM + 1 (rows come in ROWNUM order). Only a guess for fetching
 * ahead; the walk checks it against the parsed page and discards a wrong one.
 */
export function guessNextFrom(text: string): number | undefined {
  const tail = text.slice(-4096);
  let last: string | undefined;
  for (const m of tail.matchAll(LAST_ROWNUM)) last = m[1];
  return last === undefined ? undefined : Number(last) + 1;
}
