/**
 * A RealisasiKL answer read straight from its text into packed rows, without JSON.parse and
 * without the general row parser: the sync's parse worker reads a million rows this way
 * (docs/architecture.md#the-path-of-an-omspan-sync).
 *
 * Only the fields the sums need are kept (ROWNUM, KDSATKER / SATKER, AKUN, TANGGAL, MAXDATE,
 * AMOUNT); every other value is still checked to be valid JSON. The body must be what the
 * general path (parseRealisasiText) would read as an array of rows: an array of flat objects
 * whose keys are already normalised (omspan-fields.ts) and whose values are strings, numbers,
 * true, false or null. Anything else — invalid or truncated JSON, the no-data or
 * missing-parameter bodies, nested values, keys to normalise, an empty array, too many
 * rejected rows — is not decided here: `scanRealisasi` returns undefined and the caller reads
 * the body the general way, which then answers (or fails) exactly as it always did. So this
 * reader only has to agree with the general one on the bodies it accepts; a property test
 * (test/upstream/omspan-scan.test.ts) holds it to that.
 */
import type { Ymd } from "../domain/budget.js";
import { code, intOf, normalizeOmspanKey, parseAmountSen, parseOracleDate } from "./omspan-fields.js";
import type { PackedRealisasi, ParsedPage } from "./omspan-packed.js";
import { isRealisasiCore } from "./omspan-rows.js";

const QUOTE = 34;
const BACKSLASH = 92;

/** The fields read; every other key is only checked. */
const OTHER = 0;
const ROWNUM = 1;
const KDSATKER = 2;
const SATKER = 3;
const AKUN = 4;
const TANGGAL = 5;
const MAXDATE = 6;
const AMOUNT = 7;
const FIELDS: ReadonlyMap<string, number> = new Map([
  ["ROWNUM", ROWNUM],
  ["KDSATKER", KDSATKER],
  ["SATKER", SATKER],
  ["AKUN", AKUN],
  ["TANGGAL", TANGGAL],
  ["MAXDATE", MAXDATE],
  ["AMOUNT", AMOUNT],
]);

/** Set by scanString: the string held an escape; every char was one of A–Z, 0–9, "_". */
let escaped = false;
let plain = true;

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** From just after an opening quote: the index of the closing quote, or -1 when the string is not valid JSON. */
function scanString(t: string, i: number): number {
  escaped = false;
  plain = true;
  const n = t.length;
  for (; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c < 32) return -1;
    if (c === BACKSLASH) {
      escaped = true;
      plain = false;
      const d = t.charCodeAt(i + 1);
      if (d === 117) {
        if (!(isHex(t.charCodeAt(i + 2)) && isHex(t.charCodeAt(i + 3)) && isHex(t.charCodeAt(i + 4)) && isHex(t.charCodeAt(i + 5)))) return -1;
        i += 5;
      } else if (d === QUOTE || d === BACKSLASH || d === 47 || d === 98 || d === 102 || d === 110 || d === 114 || d === 116) i++;
      else return -1;
    } else if (plain && !((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) plain = false;
  }
  return -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** A JSON number from `i`: the index after it, or -1. */
function scanNumber(t: string, i: number): number {
  if (t.charCodeAt(i) === 45) i++;
  const first = t.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(t.charCodeAt(++i)));
  else return -1;
  if (t.charCodeAt(i) === 46) {
    if (!isDigit(t.charCodeAt(++i))) return -1;
    while (isDigit(t.charCodeAt(++i)));
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    const s = t.charCodeAt(++i);
    if (s === 43 || s === 45) i++;
    if (!isDigit(t.charCodeAt(i))) return -1;
    while (isDigit(t.charCodeAt(++i)));
  }
  return i;
}

function skipWs(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** Which field a plain key (A–Z, 0–9, "_" only: already normalised) names, without slicing it. */
function plainField(t: string, s: number, len: number): number {
  switch (len) {
    case 4:
      return t.startsWith("AKUN", s) ? AKUN : OTHER;
    case 6:
      return t.startsWith("AMOUNT", s) ? AMOUNT : t.startsWith("ROWNUM", s) ? ROWNUM : t.startsWith("SATKER", s) ? SATKER : OTHER;
    case 7:
      return t.startsWith("TANGGAL", s) ? TANGGAL : t.startsWith("MAXDATE", s) ? MAXDATE : OTHER;
    case 8:
      return t.startsWith("KDSATKER", s) ? KDSATKER : OTHER;
    default:
      return OTHER;
  }
}

const ymdInt = (d: Ymd) => d.year * 10_000 + d.month * 100 + d.day;

/** Column buffers reused across pages; each page gets exact-length copies. */
let cap = 0;
let satkerCol = new Uint32Array(0);
let akunCol = new Uint32Array(0);
let tanggalCol = new Uint32Array(0);
let maxdateCol = new Uint32Array(0);
let amountCol = new Float64Array(0);
let rownumCol = new Float64Array(0);

function grow(min: number): void {
  const size = Math.max(min, cap * 2, 1024);
  const copy = <A extends Uint32Array | Float64Array>(a: A, b: A): A => (b.set(a), b);
  satkerCol = copy(satkerCol, new Uint32Array(size));
  akunCol = copy(akunCol, new Uint32Array(size));
  tanggalCol = copy(tanggalCol, new Uint32Array(size));
  maxdateCol = copy(maxdateCol, new Uint32Array(size));
  amountCol = copy(amountCol, new Float64Array(size));
  rownumCol = copy(rownumCol, new Float64Array(size));
  cap = size;
}

/** The row as isRealisasiCore checks it (one object, reused). */
const core: { kdsatker: unknown; akun: unknown; amountSen: unknown; tanggal: unknown; rownum: unknown } = { kdsatker: undefined, akun: undefined, amountSen: undefined, tanggal: undefined, rownum: undefined };

/** The raw values of the fields read, as JSON.parse gives them; undefined = key absent (set by readRow). */
let rn: unknown, kd: unknown, sat: unknown, ak: unknown, tg: unknown, md: unknown, am: unknown;

const VALUE = String.raw`(?:"[^"\\\x00-\x1f]*"|null|true|false|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)`;
/** A compact row (as JSON.stringify writes it) with plain keys and no escapes: validated natively in one go. */
const COMPACT_ROW = new RegExp(String.raw`\{(?:"[A-Z0-9_]*":${VALUE},)*"[A-Z0-9_]*":${VALUE}\}`, "y");

/**
 * The fields read, in a compact row: only a key can start with a quote and end in `":` there
 * (a value holds no quote and is followed by "," or "}"), so every match is a key and its value;
 * a later match of a repeated key overwrites the earlier one, as in JSON.parse.
 */
const COMPACT_FIELD = /"(ROWNUM|KDSATKER|SATKER|AKUN|TANGGAL|MAXDATE|AMOUNT)":(?:"([^"]*)"|([^,}]*))/g;

/** A non-string compact value: null, true, false or a number (validated by COMPACT_ROW). */
function literal(s: string): unknown {
  return s === "null" ? null : s === "true" ? true : s === "false" ? false : Number(s);
}

/** One row from its "{": sets the raw values; the index after its "}", or -1 when it is not a flat row of valid JSON. */
function readRow(t: string, i: number): number {
  COMPACT_ROW.lastIndex = i;
  if (COMPACT_ROW.test(t)) {
    const e = COMPACT_ROW.lastIndex;
    const row = t.slice(i, e); // a view of the body in V8, not a copy
    rn = kd = sat = ak = tg = md = am = undefined;
    COMPACT_FIELD.lastIndex = 0;
    for (let m = COMPACT_FIELD.exec(row); m !== null; m = COMPACT_FIELD.exec(row)) {
      const v = m[2] ?? literal(m[3]!);
      switch (m[1]) {
        case "ROWNUM": rn = v; break;
        case "KDSATKER": kd = v; break;
        case "SATKER": sat = v; break;
        case "AKUN": ak = v; break;
        case "TANGGAL": tg = v; break;
        case "MAXDATE": md = v; break;
        default: am = v;
      }
    }
    return e;
  }
  // Spacing, escapes, other keys: token by token.
  rn = kd = sat = ak = tg = md = am = undefined;
  i = skipWs(t, i + 1);
  if (t.charCodeAt(i) === 125) return i + 1;
  for (;;) {
    if (t.charCodeAt(i) !== QUOTE) return -1;
    const ks = i + 1;
    const ke = scanString(t, ks);
    if (ke < 0) return -1;
    let field: number;
    if (plain) field = plainField(t, ks, ke - ks);
    else {
      const key = escaped ? (JSON.parse(t.slice(ks - 1, ke + 1)) as string) : t.slice(ks, ke);
      if (normalizeOmspanKey(key) !== key) return -1; // normalizeOmspanRow would rename it
      field = FIELDS.get(key) ?? OTHER;
    }
    i = skipWs(t, ke + 1);
    if (t.charCodeAt(i) !== 58) return -1;
    i = skipWs(t, i + 1);
    const c = t.charCodeAt(i);
    let v: unknown;
    if (c === QUOTE) {
      const ve = scanString(t, i + 1);
      if (ve < 0) return -1;
      if (field !== OTHER) v = escaped ? (JSON.parse(t.slice(i, ve + 1)) as string) : t.slice(i + 1, ve);
      i = ve + 1;
    } else if (c === 45 || isDigit(c)) {
      const ve = scanNumber(t, i);
      if (ve < 0) return -1;
      if (field !== OTHER) v = Number(t.slice(i, ve));
      i = ve;
    } else if (c === 110 && t.startsWith("null", i)) {
      v = null;
      i += 4;
    } else if (c === 116 && t.startsWith("true", i)) {
      v = true;
      i += 4;
    } else if (c === 102 && t.startsWith("false", i)) {
      v = false;
      i += 5;
    } else return -1; // a nested value (or garbage): the general path
    switch (field) {
      case ROWNUM: rn = v; break;
      case KDSATKER: kd = v; break;
      case SATKER: sat = v; break;
      case AKUN: ak = v; break;
      case TANGGAL: tg = v; break;
      case MAXDATE: md = v; break;
      case AMOUNT: am = v; break;
    }
    i = skipWs(t, i);
    const sep = t.charCodeAt(i);
    if (sep === 44) i = skipWs(t, i + 1);
    else if (sep === 125) return i + 1;
    else return -1;
  }
}

/**
 * The RealisasiKL rows of a 2xx answer's text, packed as packRealisasi packs what
 * parseRealisasiText reads; undefined when the body is not a plain array of rows (see above)
 * or more than `maxRejectShare` of its rows are rejected — then read it the general way.
 */
export function scanRealisasi(text: string, maxRejectShare: number): ParsedPage<PackedRealisasi> | undefined {
  return scanPieces(text, () => undefined, maxRejectShare);
}

const ROW_BREAK = Buffer.from("},{");

/**
 * scanRealisasi on the body's bytes (UTF-8, a byte order mark dropped, as the HTTP client
 * decodes a text body), decoded piece by piece: each piece ends with a row's "}" where the
 * next row follows at once ("},{"), the "," between them dropped. Pieces of ~32 KB are young
 * objects that a scavenge frees, where a whole body (1.6 MB for 5,000 rows) would be a large
 * object that only a full collection frees: the worker's heap stays small. A cut inside a
 * string leaves that string unterminated in its piece, which fails the scan (the general path
 * then reads the body); UTF-8 decodes the same in pieces cut at ASCII bytes.
 */
export function scanRealisasiBytes(bytes: Buffer, maxRejectShare: number, pieceBytes = 32_768): ParsedPage<PackedRealisasi> | undefined {
  let pos = 0;
  const next = (): string | undefined => {
    if (pos >= bytes.length) return undefined;
    const cut = bytes.indexOf(ROW_BREAK, pos + pieceBytes);
    const end = cut < 0 ? bytes.length : cut + 1;
    const piece = bytes.toString("utf8", pos, end);
    pos = cut < 0 ? bytes.length : cut + 2;
    return piece;
  };
  const first = next() ?? "";
  return scanPieces(first.charCodeAt(0) === 0xfeff ? first.slice(1) : first, next, maxRejectShare);
}

/** The scan over the body's text as `first` and the pieces `next` gives (each one starting with a row's "{"). */
function scanPieces(first: string, next: () => string | undefined, maxRejectShare: number): ParsedPage<PackedRealisasi> | undefined {
  let t = first;
  let n = t.length;
  let i = skipWs(t, 0);
  if (t.charCodeAt(i) !== 91) return undefined;
  i = skipWs(t, i + 1);
  if (t.charCodeAt(i) !== 123) return undefined; // [] or not an object: the general path decides
  const index = new Map<string, number>();
  const codes: string[] = [];
  const codeIndex = (s: string): number => {
    let k = index.get(s);
    if (k === undefined) {
      index.set(s, (k = codes.length));
      codes.push(s);
    }
    return k;
  };
  let received = 0;
  let count = 0;
  let maxRownum: number | undefined;
  for (;;) {
    if (t.charCodeAt(i) !== 123) return undefined;
    i = readRow(t, i);
    if (i < 0) return undefined;
    received++;
    // The fields as parseRealisasiRow reads them, checked as it checks them.
    const rownum = intOf(rn);
    const kdsatker = code(kd ?? sat, 6);
    const akun = code(ak, 6);
    const tanggal = parseOracleDate(tg);
    const amountSen = parseAmountSen(am);
    core.kdsatker = kdsatker;
    core.akun = akun;
    core.amountSen = amountSen;
    core.tanggal = tanggal;
    core.rownum = rownum;
    if (isRealisasiCore(core)) {
      if (count === cap) grow(count + 1);
      const maxdate = parseOracleDate(md);
      satkerCol[count] = codeIndex(kdsatker!);
      akunCol[count] = codeIndex(akun!);
      tanggalCol[count] = ymdInt(tanggal!);
      maxdateCol[count] = maxdate ? ymdInt(maxdate) : 0;
      amountCol[count] = amountSen!;
      rownumCol[count] = rownum ?? -1;
      if (rownum !== undefined && (maxRownum === undefined || rownum > maxRownum)) maxRownum = rownum;
      count++;
    }
    if (i === n) {
      // The end of a piece: the next one starts with the next row (the "," lay between them).
      const piece = next();
      if (piece === undefined) return undefined;
      [t, n, i] = [piece, piece.length, 0];
      continue;
    }
    i = skipWs(t, i);
    const sep = t.charCodeAt(i);
    if (sep === 44) i = skipWs(t, i + 1);
    else if (sep === 93) break;
    else return undefined;
  }
  if (skipWs(t, i + 1) !== n || next() !== undefined) return undefined;
  const rejected = received - count;
  if (rejected > 0 && rejected / received > maxRejectShare) return undefined; // the general path throws its error
  const rows: PackedRealisasi = {
    count,
    codes,
    satker: satkerCol.slice(0, count),
    akun: akunCol.slice(0, count),
    tanggal: tanggalCol.slice(0, count),
    maxdate: maxdateCol.slice(0, count),
    amountSen: amountCol.slice(0, count),
    rownum: rownumCol.slice(0, count),
  };
  return { kind: "rows", rows, count, received, rejected, ...(maxRownum !== undefined ? { maxRownum } : {}) };
}
