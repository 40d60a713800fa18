/**
 * HTTP simulator of the OMSPAN DataWebService, on node:http. "The document" below is OMSPAN's own
 * web service documentation; what the bot relies on from it is in docs/upstream.md.
 *
 * Serves, under `/spanint/data/DataWebService`, the endpoints DipaBelanjaKL/BELANJA,
 * RealisasiKL[/<from>/<to>], DataFA, CapaianIKSatkerRe, CapaianIKEselon1Re, CapaianIKKLRe
 * and DetailPNBPAllRev/GL[/<yyyymmdd>], GET only, with a Bearer JWT. Quirks as documented:
 * every value a string; "no data" and "missing parameter" bodies with HTTP 200; a 401 with a
 * plain-text body for a wrong token; DataFA rows that sometimes spell `ACTUAL AMT` /
 * `BALANCING AMT` with a space; IK KL rows whose keys all use spaces; Oracle dates.
 *
 * RealisasiKL rows are generated on demand (omspan-data.ts) and streamed in chunks, so
 * millions of rows are served without holding them. A range request returns at most
 * `maxRangeRows` rows (a server-side cap below the requested range); ROWNUM is absolute.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { HttpSim, type ActiveFault, type FaultTiming } from "./kit.js";
import { fakeOmspanJwt, IK_VALUE_KEYS, IK_WEIGHT_KEYS, OmspanData, simOracleDate, type ExpectedSatker, type OmspanDataOptions, type SimIkRow } from "./omspan-data.js";

export { fakeOmspanJwt, OmspanData, WORKED_EXAMPLE, type ExpectedSatker } from "./omspan-data.js";

export const OMSPAN_BASE_PATH = "/spanint/data/DataWebService";
/** The simulator's default key for budget year 2026 (a JWT with kdt "2026"); `sim.token` is the live one. */
export const OMSPAN_TEST_TOKEN = fakeOmspanJwt(2026);
export const NO_DATA_BODY = '{"body":{"value":"Tidak Ada Data (no data found)"}}';
export const BAD_PARAM_BODY = '[[{"colspan":26,"classes":"bold align-center","value":"Harap isi filter atau parameter terlebih dahulu"}]]';
export const BAD_TOKEN_TEXT = "Token yang dikirimkan tidak valid (Signature verification failed)";

export type OmspanFaultKind = "status" | "hang" | "html200" | "nodata" | "badparam" | "garbage" | "reset";

export interface OmspanFault extends FaultTiming {
  /** Path after the base, e.g. "/DataFA"; "/RealisasiKL" also matches "/RealisasiKL/1/5000". Default: every path. */
  path?: string;
  kind: OmspanFaultKind;
  /** For "status" (default 500). */
  status?: number;
  /** For "garbage": the body to send instead of the built-in variants. */
  body?: string;
}

export interface OmspanSimOptions extends OmspanDataOptions {
  /** Accepted bearer token; default `fakeOmspanJwt(year)` (a JWT whose payload has kdt = year). */
  token?: string;
  port?: number;
  latencyMs?: number;
  /** Server-side cap of rows per range request (default 10 000). */
  maxRangeRows?: number;
}

export interface OmspanRecordedRequest {
  method: string;
  /** Path after the base URL, e.g. "/RealisasiKL/1/5000". */
  path: string;
  /** HTTP status sent; 0 while unanswered, for "hang" and for "reset". */
  status: number;
  /** Date.now() at arrival. */
  at: number;
  /** Rows sent (RealisasiKL and the other row endpoints). */
  rows?: number;
}


const JSON_HEADERS = { "content-type": "application/json;charset=UTF-8" };
const TEXT_HEADERS = { "content-type": "text/plain;charset=UTF-8" };
const HTML_HEADERS = { "content-type": "text/html;charset=UTF-8" };

const weblogicPage = (status: number, text: string) =>
  `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Draft//EN">\n<HTML>\n<HEAD>\n<TITLE>Error ${status}--${text}</TITLE>\n</HEAD>\n<BODY bgcolor="white">\n<FONT FACE=Helvetica><BR CLEAR=all>\n<TABLE border=0 cellspacing=5><TR><TD><BR CLEAR=all>\n<FONT FACE="Helvetica" COLOR="black" SIZE="3"><H2>Error ${status}--${text}</H2>\n</FONT></TD></TR>\n</TABLE>\n</BODY>\n</HTML>\n`;

const MAINTENANCE_PAGE = `<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>OMSPAN - Online Monitoring SPAN</title></head>\n<body><div class="container"><h3>Mohon maaf, aplikasi OMSPAN sedang dalam pemeliharaan.</h3><p>Silakan coba beberapa saat lagi.</p></div></body></html>\n`;
const WAF_PAGE = `<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`;

const GARBAGE = [
  '{"status":"error","message":"ORA-01013: user requested cancel of current operation"}',
  '[{"KODE":"ERR","PESAN":"Terjadi kesalahan"},{"KODE":"ERR"}]',
  '"OK"',
  '[{"ROWNUM":"1","KDSATKER":"5275',
] as const;

const STATUS_TEXT: Record<number, string> = { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 404: "Not Found", 403: "Forbidden", 400: "Bad Request" };

/** Rows per write while streaming RealisasiKL. */
const CHUNK_ROWS = 2_000;

export class OmspanSim extends HttpSim<OmspanFault, OmspanRecordedRequest> {
  readonly baseUrl: string;
  readonly data: OmspanData;
  private tokenValue: string;
  private maxRange: number;
  private readonly linePrefix: string[];
  private readonly lineSuffix: string[];

  private constructor(server: Server, origin: string, opts: OmspanSimOptions) {
    super(server, pathMatches, opts.latencyMs ?? 0);
    this.baseUrl = `${origin}${OMSPAN_BASE_PATH}`;
    this.data = new OmspanData(opts);
    this.tokenValue = opts.token ?? fakeOmspanJwt(this.data.year);
    this.maxRange = Math.max(1, opts.maxRangeRows ?? 10_000);
    // Values are codes (digits/letters) only: rows are assembled as strings, no escaping needed.
    this.linePrefix = this.data.lines.map(
      (l) =>
        `"KDSATKER":"${l.kdsatker}","KPPN":"${l.kppn}","BA":"056","BAES1":"${l.baes1}","AKUN":"${l.akun}","PROGRAM":"${l.program}","KEGIATAN":"${l.kegiatan}","OUTPUT":"${l.output}","KEWENANGAN":"${l.kewenangan}","SUMBER_DANA":"${l.sumberDana}","CARA_TARIK":"0"`,
    );
    this.lineSuffix = this.data.lines.map((l) => `"LOKASI":"${l.lokasi}","BUDGET_TYPE":"2"`);
  }

  static async start(opts: OmspanSimOptions = {}): Promise<OmspanSim> {
    const { server, origin } = await HttpSim.listen(opts.port);
    return new OmspanSim(server, origin, opts);
  }

  // ---- control ------------------------------------------------------------------------

  get token(): string {
    return this.tokenValue;
  }

  setToken(token: string): void {
    this.tokenValue = token;
  }

  setMaxRangeRows(n: number): void {
    this.maxRange = Math.max(1, Math.floor(n));
  }

  setRealisasiRows(n: number): void {
    this.data.setRealisasiRows(n);
  }

  /** Make a DataFA line of satker + akun negative: BALANCING_AMT = −amount (0 restores it). */
  setPaguMinus(kdsatker: string, akun: string, amount: number): void {
    this.data.setPaguMinus(kdsatker, akun, amount);
  }

  /** Change IK values/weights of a satker for a period (numbers → strings; null removes). */
  setIk(kdsatker: string, periode: number | string, values: Record<string, string | number | null>): void {
    this.data.setIk(kdsatker, periode, values);
  }

  /** Independent reference of what a client should compute for one satker. */
  expectedSatker(kdsatker: string): ExpectedSatker | undefined {
    return this.data.expectedSatker(kdsatker);
  }

  reference(): Map<string, ExpectedSatker> {
    return this.data.reference();
  }

  // ---- request handling ---------------------------------------------------------------

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim");
    const full = url.pathname;
    const path = full.startsWith(OMSPAN_BASE_PATH) ? full.slice(OMSPAN_BASE_PATH.length) || "/" : full;
    const rec: OmspanRecordedRequest = { method: req.method ?? "GET", path, status: 0, at: Date.now() };
    const arrival = await this.arrive(req, rec);
    if (arrival.finished) return;
    if (arrival.fault) return this.send(res, rec, ...this.faultReply(arrival.fault));
    if (!full.startsWith(OMSPAN_BASE_PATH)) return this.send(res, rec, 404, HTML_HEADERS, weblogicPage(404, "Not Found"));
    if (req.method !== "GET" && req.method !== "HEAD") return this.send(res, rec, 405, TEXT_HEADERS, "Method Not Allowed");
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!m || m[1] !== this.tokenValue) return this.send(res, rec, 401, TEXT_HEADERS, BAD_TOKEN_TEXT);
    await this.route(path.replace(/\/+$/, "") || "/", res, rec);
  }

  private faultReply(f: ActiveFault<OmspanFault>): [number, Record<string, string>, string] {
    const spec = f.spec;
    switch (spec.kind) {
      case "status": {
        const status = spec.status ?? 500;
        if (status === 401) return [401, TEXT_HEADERS, BAD_TOKEN_TEXT];
        return [status, HTML_HEADERS, weblogicPage(status, STATUS_TEXT[status] ?? "Error")];
      }
      case "html200":
        return [200, HTML_HEADERS, f.fired % 2 === 1 ? MAINTENANCE_PAGE : WAF_PAGE];
      case "nodata":
        return [200, JSON_HEADERS, NO_DATA_BODY];
      case "badparam":
        return [200, JSON_HEADERS, BAD_PARAM_BODY];
      case "garbage":
        return [200, JSON_HEADERS, spec.body ?? GARBAGE[(f.fired - 1) % GARBAGE.length]!];
      default:
        return [500, HTML_HEADERS, weblogicPage(500, "Internal Server Error")];
    }
  }

  private send(res: ServerResponse, rec: OmspanRecordedRequest, status: number, headers: Record<string, string>, body: string, rows?: number): void {
    if (res.destroyed || res.writableEnded) return;
    rec.status = status;
    if (rows !== undefined) rec.rows = rows;
    res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
    res.end(body);
  }

  private sendRows(res: ServerResponse, rec: OmspanRecordedRequest, rows: readonly Record<string, string>[]): void {
    if (rows.length === 0) return this.send(res, rec, 200, JSON_HEADERS, NO_DATA_BODY, 0);
    this.send(res, rec, 200, JSON_HEADERS, JSON.stringify(rows), rows.length);
  }

  private async route(path: string, res: ServerResponse, rec: OmspanRecordedRequest): Promise<void> {
    const seg = path.split("/").filter(Boolean);
    const head = seg[0] ?? "";
    switch (head) {
      case "DipaBelanjaKL":
        if (seg.length === 2 && seg[1] === "BELANJA") return this.sendRows(res, rec, this.dipaRows());
        return this.send(res, rec, 200, JSON_HEADERS, BAD_PARAM_BODY);
      case "RealisasiKL": {
        if (seg.length === 1) return this.streamRealisasi(res, rec, 1, this.data.realisasiCount);
        const [a, b] = [seg[1] ?? "", seg[2] ?? ""];
        if (seg.length !== 3 || !/^\d{1,12}$/.test(a) || !/^\d{1,12}$/.test(b) || Number(a) > Number(b)) {
          return this.send(res, rec, 200, JSON_HEADERS, BAD_PARAM_BODY);
        }
        const from = Math.max(1, Number(a));
        const to = Math.min(Number(b), from + this.maxRange - 1, this.data.realisasiCount);
        if (from > to) return this.send(res, rec, 200, JSON_HEADERS, NO_DATA_BODY, 0);
        return this.streamRealisasi(res, rec, from, to);
      }
      case "DataFA":
        if (seg.length !== 1) break;
        return this.sendRows(res, rec, this.faRows());
      case "CapaianIKSatkerRe":
        if (seg.length !== 1) break;
        return this.sendRows(res, rec, this.data.ikSatkerRows().map((r) => ikWire(r, false)));
      case "CapaianIKEselon1Re":
        if (seg.length !== 1) break;
        return this.sendRows(res, rec, this.data.ikEselon1Rows().map((r) => ikWire(r, false)));
      case "CapaianIKKLRe":
        if (seg.length !== 1) break;
        return this.sendRows(res, rec, this.data.ikKlRows().map((r) => ikWire(r, true)));
      case "DetailPNBPAllRev":
        if (seg[1] !== "GL" || seg.length > 3) break;
        if (seg.length === 3) {
          if (!/^\d{8}$/.test(seg[2] ?? "")) return this.send(res, rec, 200, JSON_HEADERS, BAD_PARAM_BODY);
          return this.send(res, rec, 200, JSON_HEADERS, NO_DATA_BODY);
        }
        return this.send(res, rec, 200, JSON_HEADERS, JSON.stringify({ header: [{ KDSATKER: "527560", AKUN: "425111", AMOUNT: "1250000", TGL_INSERT: "20260105" }] }));
      default:
        break;
    }
    this.send(res, rec, 404, HTML_HEADERS, weblogicPage(404, "Not Found"));
  }

  private dipaRows(): Record<string, string>[] {
    return this.data.lines.map((l) => ({
      KDSATKER: l.kdsatker,
      KPPN: l.kppn,
      BA: "056",
      BAES1: l.baes1,
      AKUN: l.akun,
      PROGRAM: l.program,
      KEGIATAN: l.kegiatan,
      OUTPUT: l.output,
      KEWENANGAN: l.kewenangan,
      SUMBER_DANA: l.sumberDana,
      LOKASI: l.lokasi,
      BUDGET_TYPE: "2",
      AMOUNT: String(l.pagu),
    }));
  }

  private faRows(): Record<string, string>[] {
    return this.data.faLines().map((f, i) => {
      // The document prints these two keys with a space; some rows here do the same.
      const spaced = i % 7 === 3;
      return {
        SATKER: f.satker,
        KPPN: f.kppn,
        AKUN: f.akun,
        PROGRAM: f.program,
        OUTPUT: f.output,
        DANA: f.dana,
        KEWENANGAN: f.kewenangan,
        LOKASI: f.lokasi,
        BUDGET_TYPE: "2",
        DIPA: String(f.dipa),
        KONTRAK: String(f.kontrak),
        BLOKIR: String(f.blokir),
        [spaced ? "ACTUAL AMT" : "ACTUAL_AMT"]: String(f.actual),
        [spaced ? "BALANCING AMT" : "BALANCING_AMT"]: String(f.balancing),
      };
    });
  }

  /** Rows [from, to] (1-based, inclusive), generated and written in chunks with backpressure. */
  private async streamRealisasi(res: ServerResponse, rec: OmspanRecordedRequest, from: number, to: number): Promise<void> {
    if (to < from) return this.send(res, rec, 200, JSON_HEADERS, NO_DATA_BODY, 0);
    if (res.destroyed) return;
    rec.status = 200;
    rec.rows = to - from + 1;
    res.writeHead(200, JSON_HEADERS);
    const maxDate = this.data.maxDateText;
    let rownum = from;
    let first = true;
    while (rownum <= to) {
      const end = Math.min(to, rownum + CHUNK_ROWS - 1);
      const parts: string[] = [];
      for (; rownum <= end; rownum++) parts.push(this.realisasiJson(rownum - 1, maxDate));
      const chunk = (first ? "[" : ",") + parts.join(",") + (rownum > to ? "]" : "");
      first = false;
      if (res.destroyed || this.closed) return;
      if (!res.write(chunk)) await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
    if (!res.destroyed) res.end();
  }

  private realisasiJson(i: number, maxDate: string): string {
    const r = this.data.realisasi(i);
    const reg = i % 11 === 3 ? "" : "00000000";
    return `{"ROWNUM":"${r.rownum}",${this.linePrefix[r.line]},"KDREGISTER":"${reg}",${this.lineSuffix[r.line]},"TANGGAL":"${simOracleDate(r.year, r.month, r.day)}","MAXDATE":"${maxDate}","AMOUNT":"${r.amount}"}`;
  }
}

function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.replace(/\/+$/, "");
  return path === p || path.startsWith(`${p}/`);
}

/** IK row on the wire: identity, then IK_* values, then BBT_IND_* weights; KL rows with spaces in the keys. */
function ikWire(row: SimIkRow, spaced: boolean): Record<string, string> {
  const order = ["KDSATKER", "NMSATKER", "KDKPPN", "BA", "NMBA", "PERIODE", ...IK_VALUE_KEYS, ...IK_WEIGHT_KEYS];
  const out: Record<string, string> = {};
  const put = (k: string, v: string) => {
    out[spaced ? k.replace(/_/g, " ") : k] = v;
  };
  for (const k of order) {
    const v = row.fields[k];
    if (v !== undefined) put(k, v);
  }
  for (const [k, v] of Object.entries(row.fields)) if (!order.includes(k)) put(k, v);
  return out;
}
