/**
 * OMSPAN DataWebService client (docs/upstream.md, OMSPAN), on the shared HttpClient (one
 * instance, name "omspan", Bearer JWT). Used only by the background sync: the webservice returns
 * the whole ministry on every call, so chat commands never call it.
 *
 * The work is spread over a few modules: omspan-response.ts classifies an answer, omspan-rows.ts
 * and omspan-fields.ts read its rows (tolerantly; amounts to integer sen, Oracle dates to Ymd),
 * omspan-paging.ts walks RealisasiKL by row range. A response fails with bad_response when the
 * rejected share of its rows exceeds `maxRejectShare`.
 */
import type { Logger } from "../logger.js";
import type { IkRow } from "../domain/budget.js";
import { HttpClient, isPlainObject, type HttpClientOptions } from "./http.js";
import { realisasiPages, walkRealisasi, type RealisasiPage, type RealisasiPagingOptions, type RealisasiPagingSummary } from "./omspan-paging.js";
import { guessNextFrom, type ParsedPage } from "./omspan-packed.js";
import { classifyOmspanResponse, OMSPAN, parseOmspanRows, type ParsedRows } from "./omspan-response.js";
import { parseDipaRow, parseFaRow, parseIkEselon1Row, parseIkKlRow, parseIkSatkerRow, type DipaLine, type FaLine, type RowParser } from "./omspan-rows.js";

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

/** The readable claims of the API key. */
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

/** The HTTP options, the key and how strict row parsing is. */
export interface OmspanClientOptions extends Omit<HttpClientOptions, "name" | "token"> {
  /** The JWT API key. */
  token: string;
  /** Fail a response when more than this share of its rows is rejected (default 0.02). */
  maxRejectShare?: number;
  logger: Logger;
}

/** The endpoints the sync reads, each answer classified and its rows parsed. */
export class OmspanClient {
  readonly http: HttpClient;
  /** Fail a response when more than this share of its rows is rejected. */
  readonly maxRejectShare: number;
  private readonly logger: Logger;
  private readonly token: string;

  constructor(opts: OmspanClientOptions) {
    // The key as configured may carry the "Bearer " of the document's header line or stray whitespace.
    const token = opts.token.trim().replace(/^Bearer\s+/i, "");
    // The document lists `Content-Type: application/json` for every GET (no body; harmless to send).
    this.http = new HttpClient({ ...opts, name: OMSPAN, token, headers: { "Content-Type": "application/json", ...opts.headers } });
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
    if (parsed.rejected > 0) this.logger.warn({ upstream: OMSPAN, path, rejected: parsed.rejected, received: parsed.received }, "omspan rows rejected");
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
    if (mismatches > 0) this.logger.warn({ upstream: OMSPAN, path: "/DataFA", mismatches }, "DataFA BALANCING_AMT differs from DIPA − ACTUAL − KONTRAK − BLOKIR (used as given)");
    return parsed;
  }

  /** IK rows per satker and period (CapaianIKSatkerRe). */
  ikSatker(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKSatkerRe", parseIkSatkerRow);
  }

  /** IK rows per eselon I unit and period. */
  ikEselon1(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKEselon1Re", parseIkEselon1Row);
  }

  /** IK rows of the whole ministry (K/L) per period. */
  ikKl(): Promise<ParsedRows<IkRow>> {
    return this.fetchRows("/CapaianIKKLRe", parseIkKlRow);
  }

  /**
   * RealisasiKL page by page, each answer fetched as bytes and read by `parse` (the budget
   * sync's worker, budget/realisasi-worker.ts), the next page fetched while one is read.
   */
  realisasiBytes<R>(pageSize: number, opts: RealisasiPagingOptions, parse: (res: { status: number; bytes: Buffer }) => Promise<ParsedPage<R>>): AsyncGenerator<RealisasiPage<R>, RealisasiPagingSummary> {
    return walkRealisasi({ logger: this.logger }, pageSize, opts, {
      fetch: (path) => this.http.getBytes(path),
      parse,
      guessNext: (res) => guessNextFrom(res.bytes.toString("latin1", Math.max(0, res.bytes.length - 4096))),
    });
  }

  /** RealisasiKL page by page (see realisasiPages): consume each batch and drop it. */
  realisasiPages(pageSize: number, opts: RealisasiPagingOptions): AsyncGenerator<RealisasiPage, RealisasiPagingSummary> {
    return realisasiPages({ http: this.http, maxRejectShare: this.maxRejectShare, logger: this.logger }, pageSize, opts);
  }
}
