/**
 * OMSPAN DataWebService client (upstream/omspan.md), on the shared HttpClient (one instance,
 * name "omspan", Bearer JWT). Used only by the background sync: the webservice returns the
 * whole ministry on every call, so chat commands never call it.
 *
 * - Every response is classified in the order of omspan.md "Response bodies"
 *   (classifyOmspanResponse): 401/403 → unauthorized; other non-2xx → unavailable (the HTTP
 *   layer retries); non-JSON → unauthorized when it is the token text, else bad_response;
 *   the "Tidak Ada Data" body → empty result; the "Harap isi filter" table → bad_request;
 *   an array of objects → rows; a single object → one row; anything else → bad_response.
 * - Keys are normalised (trim, upper case, whitespace → "_"): `ACTUAL AMT` = `ACTUAL_AMT`.
 * - Rows are parsed tolerantly (strings for everything, ""/null = missing, padded codes);
 *   a row without its identifying fields is rejected and counted, and a response fails with
 *   bad_response when the rejected share exceeds `maxRejectShare`.
 * - Amounts become integer sen (parseAmountSen), exact: no float ever accumulates.
 * - Dates `DD-MON-RR` (English or Indonesian month abbreviations, 2- or 4-digit year) → Ymd.
 */
import { z } from "zod";
import type { Logger } from "../logger.js";
import { INDICATORS, type IkLevel, type IkRow, type IndicatorId } from "../budget/ikpa.js";
import type { Sen, Ymd } from "../budget/types.js";
import { HttpClient, type HttpClientOptions, type HttpResponse } from "./http.js";
import { UpstreamError } from "./errors.js";

export type { IkRow } from "../budget/ikpa.js";
export type { Sen, Ymd } from "../budget/types.js";

const UPSTREAM = "omspan";

// ---- scalar parsing ---------------------------------------------------------------------

const keyCache = new Map<string, string>();

/** `"actual amt "` → `"ACTUAL_AMT"`: trim, upper case, runs of whitespace → "_". */
export function normalizeOmspanKey(k: string): string {
  let n = keyCache.get(k);
  if (n === undefined) {
    n = k.trim().toUpperCase().replace(/\s+/g, "_");
    if (keyCache.size < 10_000) keyCache.set(k, n);
  }
  return n;
}

export function normalizeOmspanRow(o: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(o);
  let clean = true;
  for (const k of keys) {
    if (normalizeOmspanKey(k) !== k) {
      clean = false;
      break;
    }
  }
  if (clean) return o; // the common case: nothing to rename, no copy
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = o[k];
    const nk = normalizeOmspanKey(k);
    // Two spellings of one key ("ACTUAL AMT" and "ACTUAL_AMT"): the first non-empty wins.
    if (out[nk] === undefined || out[nk] === null || out[nk] === "") out[nk] = v;
  }
  return out;
}

const INT_RE = /^-?\d{1,15}$/;
const DEC_RE = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * An OMSPAN amount as integer sen, exactly: "3600000" → 360000000, "-150000" → −15000000,
 * "1234.5" → 123450, "1234.565" → 123457 (half away from zero at the third decimal). Also
 * tolerates thousands separators ("3,600,000.00", "3.600.000,00", "150.000", "1.500,50"), a leading
 * "+", "Rp", and accounting negatives "(150000)" / "150000-".
 * ""/null/garbage → undefined. Numbers beyond 2^53 sen → undefined (never silently rounded).
 */
export function parseAmountSen(v: unknown): Sen | undefined {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return undefined;
    const s = Math.round(v * 100);
    return Number.isSafeInteger(s) ? s : undefined;
  }
  if (typeof v !== "string") return undefined;
  let s = v.trim();
  if (INT_RE.test(s)) {
    const n = Number(s) * 100;
    return Number.isSafeInteger(n) ? n + 0 : undefined; // + 0 turns −0 into 0
  }
  s = s.replace(/\s+/g, "");
  // Accounting negatives: "(150.000)", "150000-" (Oracle's PR / MI formats).
  let negWrap = false;
  const paren = /^\((.+)\)$/.exec(s);
  if (paren) [negWrap, s] = [true, paren[1]!];
  else if (/^[^-].*\d-$/.test(s)) [negWrap, s] = [true, s.slice(0, -1)];
  s = s.replace(/^(-?)rp\.?/i, "$1");
  if (s.startsWith("+")) s = s.slice(1);
  if (negWrap && s.startsWith("-")) return undefined;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  // "1.500", "3.600.000", "1.500,50": dot-grouped thousands (rupiah never carries 3 decimals);
  // "0.500" stays a decimal (a group never starts with 0).
  else if (/^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(",", ".");
  const m = DEC_RE.exec(s);
  if (!m) return undefined;
  const neg = (m[1] === "-") !== negWrap;
  const frac = m[3] ?? "";
  let sen = Number(m[2]) * 100 + Number((frac.slice(0, 2) + "00").slice(0, 2));
  if ((frac[2] ?? "0") >= "5") sen += 1;
  if (!Number.isSafeInteger(sen)) return undefined;
  return neg && sen !== 0 ? -sen : sen;
}

/** A decimal such as an IK value or weight ("54.60", "54,60", "15") → number; else undefined. */
export function parseDecimal(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().replace(",", ".");
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1, FEB: 2, PEB: 2, MAR: 3, APR: 4, MAY: 5, MEI: 5, JUN: 6, JUL: 7,
  AUG: 8, AGU: 8, AGT: 8, AGS: 8, AGUS: 8, SEP: 9, SEPT: 9, OCT: 10, OKT: 10,
  NOV: 11, NOP: 11, DEC: 12, DES: 12,
  // full names, English and Indonesian (a client-side NLS setting can print them)
  JANUARY: 1, JANUARI: 1, FEBRUARY: 2, FEBRUARI: 2, PEBRUARI: 2, MARCH: 3, MARET: 3, APRIL: 4,
  JUNE: 6, JUNI: 6, JULY: 7, JULI: 7, AUGUST: 8, AGUSTUS: 8, SEPTEMBER: 9, OCTOBER: 10, OKTOBER: 10,
  NOVEMBER: 11, NOPEMBER: 11, DECEMBER: 12, DESEMBER: 12,
};
const MON_EN = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
// Optional time part, also Oracle's TIMESTAMP default `12.00.00.000000 AM`.
const ORACLE_RE = /^(\d{1,2})[-\s/.]([A-Za-z]{3,9})[-\s/.](\d{2}|\d{4})(?:[\sT]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d{1,9})?)?(?:\s*[AaPp][Mm])?)?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/;

function validYmd(year: number, month: number, day: number): Ymd | undefined {
  if (!(month >= 1 && month <= 12) || day < 1) return undefined;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= dim ? { year, month, day } : undefined;
}

/**
 * Oracle `DD-MON-RR` → {year, month, day}: `04-FEB-26` → 2026-02-04. Month abbreviations in
 * English or Indonesian (MEI, AGU/AGT, OKT, NOP, DES), any case; a two-digit year is 20YY; a
 * four-digit year, a time part and `YYYY-MM-DD` are accepted defensively. Impossible dates
 * (31-APR-26) → undefined.
 */
export function parseOracleDate(v: unknown): Ymd | undefined {
  if (typeof v !== "string") return undefined;
  // A year of realisasi has a few hundred distinct dates across a million rows: memoise them.
  const hit = dateCache.get(v);
  if (hit !== undefined || dateCache.has(v)) return hit;
  const d = parseOracleDateUncached(v);
  if (dateCache.size >= 4_096) dateCache.clear();
  dateCache.set(v, d ? Object.freeze(d) : undefined);
  return d;
}

const dateCache = new Map<string, Readonly<Ymd> | undefined>();

function parseOracleDateUncached(v: string): Ymd | undefined {
  const s = v.trim();
  const m = ORACLE_RE.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toUpperCase()];
    if (month === undefined) return undefined;
    const y = m[3]!;
    return validYmd(y.length === 2 ? 2000 + Number(y) : Number(y), month, Number(m[1]));
  }
  const iso = ISO_RE.exec(s);
  if (iso) return validYmd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

/** {2026, 2, 4} → `04-FEB-26` (English, as OMSPAN prints it); `fourDigitYear` → `04-FEB-2026`. */
export function formatOracleDate(d: Ymd, fourDigitYear = false): string {
  const yy = fourDigitYear ? String(d.year) : String(d.year % 100).padStart(2, "0");
  return `${String(d.day).padStart(2, "0")}-${MON_EN[d.month - 1]}-${yy}`;
}

/** Code field: trimmed string; numeric input or a short all-digit string is left-padded to `width`. */
function code(v: unknown, width?: number): string | undefined {
  let s: string;
  if (typeof v === "string") s = v.trim();
  else if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) s = String(v);
  else return undefined;
  if (s === "") return undefined;
  if (width !== undefined && s.length < width && /^\d+$/.test(s)) s = s.padStart(width, "0");
  return s;
}

/** Free text: trimmed, inner whitespace collapsed (Oracle CHAR padding). */
function text(v: unknown): string | undefined {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim().replace(/\s+/g, " ");
  return t === "" ? undefined : t;
}

function intOf(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}

// ---- row schemas ------------------------------------------------------------------------

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const code6 = z.string().regex(/^\d{6}$/);
const ymdSchema = z.object({ year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) });
const senSchema = z.number().int();

/** The budget segments a DIPA line and a RealisasiKL row both carry. */
interface BudgetSegments {
  kdsatker: string;
  kppn?: string;
  ba?: string;
  baes1?: string;
  akun: string;
  program?: string;
  kegiatan?: string;
  output?: string;
  kewenangan?: string;
  sumberDana?: string;
  lokasi?: string;
  budgetType?: string;
}

export interface DipaLine extends BudgetSegments {
  /** Pagu of the line. */
  amountSen: Sen;
}

export interface RealisasiRow extends BudgetSegments {
  rownum?: number;
  caraTarik?: string;
  kdregister?: string;
  tanggal: Ymd;
  maxdate?: Ymd;
  /** May be negative (koreksi, pengembalian). */
  amountSen: Sen;
}

export interface FaLine {
  satker: string;
  kppn?: string;
  akun: string;
  program?: string;
  /** KEGIATAN + OUTPUT, 7 digits. */
  output?: string;
  dana?: string;
  kewenangan?: string;
  lokasi?: string;
  budgetType?: string;
  dipaSen: Sen;
  kontrakSen: Sen;
  blokirSen: Sen;
  actualSen: Sen;
  /** BALANCING_AMT as given (negative = pagu minus); derived from the identity only when absent. */
  balancingSen: Sen;
  balancingDerived?: boolean;
}

const dipaCore = z.object({ kdsatker: code6, akun: code6, amountSen: senSchema });
export const realisasiCore = z.object({ kdsatker: code6, akun: code6, amountSen: senSchema, tanggal: ymdSchema, rownum: z.number().int().nonnegative().optional() });
const faCore = z.object({ satker: code6, akun: code6, dipaSen: senSchema, actualSen: senSchema, kontrakSen: senSchema, blokirSen: senSchema, balancingSen: senSchema });
const ikCore = z.object({ kode: z.string().regex(/^\d{3,6}$/), periode: z.number().int().min(1).max(12) });

type RowParser<T> = (raw: unknown) => T | undefined;

/**
 * Row parser: the raw row must be a flat object, tolerant converters read the fields, and a zod
 * schema of the REQUIRED fields decides whether the row is usable. Only those fields are
 * validated (optional codes are already normalised strings or undefined); the RealisasiKL rows,
 * a million per sync, are checked by an equivalent plain predicate (`fastCore`) instead.
 */
function parser<T>(build: (r: Record<string, unknown>) => unknown, core: z.ZodType, fastCore?: (row: Record<string, unknown>) => boolean): RowParser<T> {
  return (raw) => {
    // The shape check of a raw row (a flat object); its fields are then read tolerantly.
    if (!isPlainObject(raw)) return undefined;
    const row = build(normalizeOmspanRow(raw)) as Record<string, unknown>;
    const ok = fastCore ? fastCore(row) : core.safeParse(row).success;
    return ok ? (row as T) : undefined;
  };
}

const isCode6 = (v: unknown): boolean => typeof v === "string" && CODE6_RE.test(v);
const CODE6_RE = /^\d{6}$/;
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/**
 * realisasiCore as a plain predicate — the same rules, none of zod's per-call allocations (a
 * sync parses a million RealisasiKL rows; test/omspan/parse.test.ts holds the two to the same
 * answers).
 */
export function isRealisasiCore(r: Record<string, unknown>): boolean {
  if (!isCode6(r.kdsatker) || !isCode6(r.akun) || !isInt(r.amountSen)) return false;
  const t = r.tanggal as Record<string, unknown> | undefined;
  if (t === null || typeof t !== "object" || !isInt(t.year) || !isInt(t.month) || t.month < 1 || t.month > 12 || !isInt(t.day) || t.day < 1 || t.day > 31) return false;
  return r.rownum === undefined || (isInt(r.rownum) && r.rownum >= 0);
}

export const parseDipaRow: RowParser<DipaLine> = parser((r) => ({
  kdsatker: code(r.KDSATKER ?? r.SATKER, 6),
  kppn: code(r.KPPN, 3),
  ba: code(r.BA, 3),
  baes1: code(r.BAES1, 5),
  akun: code(r.AKUN, 6),
  program: code(r.PROGRAM),
  kegiatan: code(r.KEGIATAN),
  output: code(r.OUTPUT),
  kewenangan: code(r.KEWENANGAN),
  sumberDana: code(r.SUMBER_DANA),
  lokasi: code(r.LOKASI),
  budgetType: code(r.BUDGET_TYPE),
  amountSen: parseAmountSen(r.AMOUNT),
}), dipaCore);

export const parseRealisasiRow: RowParser<RealisasiRow> = parser((r) => ({
  rownum: intOf(r.ROWNUM),
  kdsatker: code(r.KDSATKER ?? r.SATKER, 6),
  kppn: code(r.KPPN, 3),
  ba: code(r.BA, 3),
  baes1: code(r.BAES1, 5),
  akun: code(r.AKUN, 6),
  program: code(r.PROGRAM),
  kegiatan: code(r.KEGIATAN),
  output: code(r.OUTPUT),
  kewenangan: code(r.KEWENANGAN),
  sumberDana: code(r.SUMBER_DANA),
  caraTarik: code(r.CARA_TARIK),
  kdregister: code(r.KDREGISTER),
  lokasi: code(r.LOKASI),
  budgetType: code(r.BUDGET_TYPE),
  tanggal: parseOracleDate(r.TANGGAL),
  maxdate: parseOracleDate(r.MAXDATE),
  amountSen: parseAmountSen(r.AMOUNT),
}), realisasiCore, isRealisasiCore);

export const parseFaRow: RowParser<FaLine> = parser((r) => {
  const dipaSen = parseAmountSen(r.DIPA);
  const actualSen = parseAmountSen(r.ACTUAL_AMT ?? r.ACTUAL);
  // Missing KONTRAK/BLOKIR means nothing committed/blocked; DIPA and ACTUAL are required.
  const kontrakSen = r.KONTRAK === undefined || r.KONTRAK === null || r.KONTRAK === "" ? 0 : parseAmountSen(r.KONTRAK);
  const blokirSen = r.BLOKIR === undefined || r.BLOKIR === null || r.BLOKIR === "" ? 0 : parseAmountSen(r.BLOKIR);
  let balancingSen = parseAmountSen(r.BALANCING_AMT ?? r.BALANCING);
  let balancingDerived: boolean | undefined;
  if (balancingSen === undefined && dipaSen !== undefined && actualSen !== undefined && kontrakSen !== undefined && blokirSen !== undefined) {
    balancingSen = dipaSen - actualSen - kontrakSen - blokirSen;
    balancingDerived = true;
  }
  return {
    satker: code(r.SATKER ?? r.KDSATKER, 6),
    kppn: code(r.KPPN, 3),
    akun: code(r.AKUN, 6),
    program: code(r.PROGRAM),
    output: code(r.OUTPUT),
    dana: code(r.DANA),
    kewenangan: code(r.KEWENANGAN),
    lokasi: code(r.LOKASI),
    budgetType: code(r.BUDGET_TYPE),
    dipaSen,
    kontrakSen,
    blokirSen,
    actualSen,
    balancingSen,
    ...(balancingDerived ? { balancingDerived } : {}),
  };
}, faCore);

function ikParser(level: IkLevel): RowParser<IkRow> {
  const width = level === "satker" ? 6 : level === "eselon1" ? 5 : 3;
  return parser((r) => {
    const values: Partial<Record<IndicatorId, number>> = {};
    const weights: Partial<Record<IndicatorId, number>> = {};
    for (const def of INDICATORS) {
      for (const k of def.valueKeys) {
        const v = parseDecimal(r[k]);
        if (v !== undefined) {
          values[def.id] = v;
          break;
        }
      }
      for (const k of def.weightKeys) {
        const w = parseDecimal(r[k]);
        if (w !== undefined) {
          weights[def.id] = w;
          break;
        }
      }
    }
    // A 3-digit BA and a 5-digit eselon I code share the `BA` key: never pad those, only check the width.
    const kode = level === "satker" ? code(r.KDSATKER ?? r.SATKER, width) : code(r.BA ?? r.KDBA);
    return {
      level,
      kode: kode !== undefined && kode.length === width ? kode : undefined,
      nama: text(level === "satker" ? (r.NMSATKER ?? r.NAMA_SATKER) : (r.NMBA ?? r.NMES1)),
      kdkppn: code(r.KDKPPN ?? r.KPPN, 3),
      periode: intOf(r.PERIODE),
      values,
      weights,
    };
  }, ikCore);
}

export const parseIkSatkerRow = ikParser("satker");
export const parseIkEselon1Row = ikParser("eselon1");
export const parseIkKlRow = ikParser("kl");

// ---- response classification ------------------------------------------------------------

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
 * Classify one OMSPAN response (omspan.md "Response bodies", in that order). Returns the raw
 * rows or "empty"; throws UpstreamError for unauthorized / unavailable / bad_request / bad_response.
 */
export function classifyOmspanResponse(res: Pick<HttpResponse, "status" | "json" | "text">, upstream = UPSTREAM): OmspanPayload {
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

export interface ParsedRows<T> {
  rows: T[];
  /** Raw rows in the body. */
  received: number;
  rejected: number;
}

/** Parse raw rows; throws bad_response when more than `maxRejectShare` of them are rejected. */
export function parseOmspanRows<T>(raw: readonly unknown[], parse: RowParser<T>, maxRejectShare: number, what = "rows", upstream = UPSTREAM): ParsedRows<T> {
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

// ---- the API key --------------------------------------------------------------------------

/** Payload of a JWT, decoded WITHOUT verification (the key is symmetric; we cannot and do not verify). */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.trim().replace(/^Bearer\s+/i, "").split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return isPlainObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

export interface OmspanKeyInfo {
  /** Budget year of the key (`kdt`). */
  year?: number;
  issuedAt?: Date;
  client?: string;
}

/** What an administrator may see of the key: its budget year, issue time and client — never the key. */
export function omspanKeyInfo(token: string): OmspanKeyInfo {
  const p = decodeJwtPayload(token);
  if (!p) return {};
  const kdt = p.kdt;
  const year = typeof kdt === "number" ? kdt : typeof kdt === "string" && /^\s*\d{4}\s*$/.test(kdt) ? Number(kdt) : undefined;
  const iat = typeof p.iat === "number" && Number.isFinite(p.iat) ? new Date(p.iat * 1000) : undefined;
  const client = typeof p.client === "string" ? p.client : typeof p.sub === "string" ? p.sub : undefined;
  return { ...(year !== undefined ? { year } : {}), ...(iat ? { issuedAt: iat } : {}), ...(client ? { client } : {}) };
}

// ---- client -------------------------------------------------------------------------------

export interface OmspanClientOptions extends Omit<HttpClientOptions, "name" | "token"> {
  /** The JWT API key. */
  token: string;
  /** Fail a response when more than this share of its rows is rejected (default 0.02). */
  maxRejectShare?: number;
  logger: Logger;
}

export interface RealisasiPagingOptions {
  /** Maximum number of requests; reaching it with data still coming fails with "truncated". */
  pageCap: number;
  /** Pause between pages, to be gentle with the upstream (default 0). */
  pauseMs?: number;
  /** First row (1-based, default 1). */
  startRow?: number;
}

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

export interface RealisasiPagingSummary {
  pages: number;
  rows: number;
  received: number;
  rejected: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OmspanClient {
  readonly http: HttpClient;
  private readonly maxRejectShare: number;
  private readonly logger: Logger;
  private readonly token: string;

  constructor(opts: OmspanClientOptions) {
    // The key as configured may carry the "Bearer " of the document's header line or stray whitespace.
    const token = opts.token.trim().replace(/^Bearer\s+/i, "");
    // The document lists `Content-Type: application/json` for every GET (no body; harmless to send).
    this.http = new HttpClient({ ...opts, name: UPSTREAM, token, headers: { "Content-Type": "application/json", ...opts.headers } });
    this.maxRejectShare = opts.maxRejectShare ?? 0.02;
    this.logger = opts.logger;
    this.token = token;
  }

  /** Budget year etc. of the configured key (decoded, not verified). */
  keyInfo(): OmspanKeyInfo {
    return omspanKeyInfo(this.token);
  }

  private async fetchRows<T>(path: string, parse: RowParser<T>): Promise<ParsedRows<T>> {
    const res = await this.http.get(path);
    const payload = classifyOmspanResponse(res);
    if (payload.kind === "empty") return { rows: [], received: 0, rejected: 0 };
    const parsed = parseOmspanRows(payload.rows, parse, this.maxRejectShare, path);
    if (parsed.rejected > 0) this.logger.warn({ upstream: UPSTREAM, path, rejected: parsed.rejected, received: parsed.received }, "omspan rows rejected");
    return parsed;
  }

  /** DIPA allocation lines (pagu). */
  dipa(): Promise<ParsedRows<DipaLine>> {
    return this.fetchRows("/DipaBelanjaKL/BELANJA", parseDipaRow);
  }

  /** DataFA lines (kontrak, blokir, sisa; DIPA and ACTUAL for cross-checks). */
  async dataFa(): Promise<ParsedRows<FaLine>> {
    const parsed = await this.fetchRows("/DataFA", parseFaRow);
    let mismatches = 0;
    for (const l of parsed.rows) if (!l.balancingDerived && l.dipaSen - l.actualSen - l.kontrakSen - l.blokirSen !== l.balancingSen) mismatches++;
    if (mismatches > 0) this.logger.warn({ upstream: UPSTREAM, path: "/DataFA", mismatches }, "DataFA BALANCING_AMT differs from DIPA − ACTUAL − KONTRAK − BLOKIR (used as given)");
    return parsed;
  }

  ikSatker(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKSatkerRe", parseIkSatkerRow);
  }

  ikEselon1(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKEselon1Re", parseIkEselon1Row);
  }

  ikKl(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKKLRe", parseIkKlRow);
  }

  /**
   * RealisasiKL page by page via `/RealisasiKL/<from>/<to>`, sequentially. The next `from` is
   * the highest ROWNUM received + 1 (or `from` + rows received when rows carry no usable
   * ROWNUM), which survives a server-side cap below `pageSize`. Stops on the no-data body or
   * an empty array (or a wrong-parameter / 404 answer right after a short page); after `pageCap` requests that all returned rows, fails with "truncated"
   * (the caller must then discard the partial data). Nothing is kept between pages: consume
   * each batch (aggregate.ts) and drop it.
   */
  async *realisasiPages(pageSize: number, opts: RealisasiPagingOptions): AsyncGenerator<RealisasiPage, RealisasiPagingSummary> {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError("pageSize must be a positive integer");
    const summary: RealisasiPagingSummary = { pages: 0, rows: 0, received: 0, rejected: 0 };
    let from = Math.max(1, opts.startRow ?? 1);
    let lastShort = false;
    for (;;) {
      if (summary.pages >= opts.pageCap) {
        throw new UpstreamError("truncated", UPSTREAM, `RealisasiKL: page cap ${opts.pageCap} reached at row ${from}; sync incomplete`);
      }
      const to = from + pageSize - 1;
      const path = `/RealisasiKL/${from}/${to}`;
      let payload: OmspanPayload;
      try {
        payload = classifyOmspanResponse(await this.http.get(path));
      } catch (e) {
        // Past the end, a server may call the range a wrong parameter (the table body) or a 404
        // rather than "no data". Taken as the end only right after a SHORT page — the data ran
        // out there; a first request or one after a full page keeps the error (a wrong URL).
        if (lastShort && e instanceof UpstreamError && (e.kind === "bad_request" || e.kind === "not_found")) {
          this.logger.info({ upstream: UPSTREAM, path, kind: e.kind }, "RealisasiKL: range past the end answered as an error; taken as the end");
          return summary;
        }
        throw e;
      }
      if (payload.kind === "empty") return summary;
      const parsed = parseOmspanRows(payload.rows, parseRealisasiRow, this.maxRejectShare, "RealisasiKL");
      if (parsed.rejected > 0) this.logger.warn({ upstream: UPSTREAM, path, rejected: parsed.rejected, received: parsed.received }, "omspan rows rejected");
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
}
