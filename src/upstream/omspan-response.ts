/**
 * What an OMSPAN answer means, before its rows are read (docs/upstream.md, OMSPAN). The
 * webservice answers errors and "no data" in-band, so every response is classified in this
 * order (classifyOmspanResponse): 401/403 → unauthorized; other non-2xx → unavailable (the HTTP
 * layer retries); non-JSON → unauthorized when it is the token text, else bad_response; the
 * "Tidak Ada Data" body → empty result; the "Harap isi filter" table → bad_request; an array of
 * objects → rows; a single object → one row; anything else → bad_response.
 */
import { isPlainObject, type HttpResponse } from "./http.js";
import { UpstreamError } from "./errors.js";
import type { RowParser } from "./omspan-rows.js";

/** The upstream name in errors, logs and metrics. */
export const OMSPAN = "omspan";

/** Rows to parse, or the "no data" answer. */
export type OmspanPayload = { kind: "empty" } | { kind: "rows"; rows: unknown[] };

const NO_DATA_RE = /tidak ada data/i;
const BAD_PARAM_RE = /harap isi filter/i;

function isNoData(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const body = v.body;
  if (isPlainObject(body) && typeof body.value === "string" && NO_DATA_RE.test(body.value)) return true;
  return typeof v.value === "string" && NO_DATA_RE.test(v.value) && Object.keys(v).length <= 3;
}

function isBadParamCell(v: unknown): boolean {
  return isPlainObject(v) && typeof v.value === "string" && BAD_PARAM_RE.test(v.value);
}

/**
 * Classify one OMSPAN response (in the order above). Returns the raw
 * rows or "empty"; throws UpstreamError for unauthorized / unavailable / bad_request / bad_response.
 */
export function classifyOmspanResponse(res: Pick<HttpResponse, "status" | "json" | "text">, upstream = OMSPAN): OmspanPayload {
  // 1. 401/403, whatever the body says.
  if (res.status === 401 || res.status === 403) throw new UpstreamError("unauthorized", upstream, `HTTP ${res.status}`, { status: res.status });
  // 2. other non-2xx (the HTTP layer has already retried these).
  if (res.status < 200 || res.status >= 300) throw new UpstreamError("unavailable", upstream, `HTTP ${res.status}`, { status: res.status });
  const json = res.json;
  // 3. not JSON: the token text, or an HTML page / truncated body.
  if (json === undefined) {
    if (/token yang dikirimkan tidak valid/i.test(res.text)) throw new UpstreamError("unauthorized", upstream, "token rejected (plain-text body)");
    const t = res.text.trimStart().slice(0, 200).toLowerCase();
    throw new UpstreamError("bad_response", upstream, t === "" ? "empty body" : t.startsWith("<") ? "HTML body" : "not JSON");
  }
  // 4. "no data" → empty result.
  if (isNoData(json) || (Array.isArray(json) && json.length === 1 && isNoData(json[0]))) return { kind: "empty" };
  // 5. the "missing parameter" table → our URL is wrong.
  if (Array.isArray(json) && json.length > 0 && (Array.isArray(json[0]) || isBadParamCell(json[0]))) {
    throw new UpstreamError("bad_request", upstream, "OMSPAN: parameter/filter rejected (table-cell body)");
  }
  if (isBadParamCell(json)) throw new UpstreamError("bad_request", upstream, "OMSPAN: parameter/filter rejected");
  // 6. rows.
  if (Array.isArray(json)) return json.length === 0 ? { kind: "empty" } : { kind: "rows", rows: json };
  if (isPlainObject(json)) return { kind: "rows", rows: [json] };
  // 7. anything else.
  throw new UpstreamError("bad_response", upstream, `unexpected JSON ${json === null ? "null" : typeof json}`);
}

/** The usable rows of one answer, and how many were received and rejected. */
export interface ParsedRows<T> {
  rows: T[];
  /** Raw rows in the body. */
  received: number;
  rejected: number;
}

/** Parse raw rows; throws bad_response when more than `maxRejectShare` of them are rejected. */
export function parseOmspanRows<T>(raw: readonly unknown[], parse: RowParser<T>, maxRejectShare: number, what = "rows", upstream = OMSPAN): ParsedRows<T> {
  const rows: T[] = [];
  let rejected = 0;
  for (const r of raw) {
    const p = parse(r);
    if (p === undefined) rejected++;
    else rows.push(p);
  }
  if (rejected > 0 && rejected / raw.length > maxRejectShare) {
    throw new UpstreamError("bad_response", upstream, `${what}: ${rejected} of ${raw.length} rows rejected`);
  }
  return { rows, received: raw.length, rejected };
}
