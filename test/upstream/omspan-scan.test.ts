import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scanRealisasi, scanRealisasiBytes } from "../../src/upstream/omspan-realisasi-scan.js";
import { parseRealisasiText } from "../../src/upstream/omspan-packed.js";

/**
 * The sync's fast RealisasiKL reader (omspan-realisasi-scan.ts) must give exactly what the
 * general one (JSON.parse, classification, row parser, packing) gives on every body it
 * accepts, and accept nothing that is not valid JSON; it must accept the plain bodies the
 * upstream sends (or the sync would silently lose its speed).
 */

type General = { ok: true; page: ReturnType<typeof parseRealisasiText> } | { ok: false; error: string };
function general(text: string, share: number): General {
  try {
    return { ok: true, page: parseRealisasiText({ status: 200, text }, share) };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

/** Whatever the fast reader accepts, the general reader reads the same. */
function agrees(text: string, share = 0.5): boolean {
  const fast = scanRealisasi(text, share);
  if (fast === undefined) return false;
  const g = general(text, share);
  expect(g.ok).toBe(true);
  if (g.ok) expect(fast).toEqual(g.page);
  return true;
}

const KEYS = ["ROWNUM", "KDSATKER", "KPPN", "BA", "BAES1", "AKUN", "PROGRAM", "KEGIATAN", "OUTPUT", "KEWENANGAN", "SUMBER_DANA", "CARA_TARIK", "KDREGISTER", "LOKASI", "BUDGET_TYPE", "TANGGAL", "MAXDATE", "AMOUNT"] as const;
const MON = ["JAN", "FEB", "MAR", "APR", "MEI", "MAY", "Jun", "AGT", "sep", "OKT", "NOP", "DES", "XYZ"];

/** Values as OMSPAN writes them, and the odd ones it might. */
const date = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 32 }), fc.constantFrom(...MON), fc.constantFrom("26", "2026", "25", "99")).map(([d, m, y]) => `${String(d).padStart(2, "0")}-${m}-${y}`),
  fc.constantFrom("2026-02-04", " 04-FEB-26 ", "04-FEB-26 12.00.00.000000 AM", "31-APR-26", ""),
);
const codeValue = fc.oneof(
  fc.stringMatching(/^\d{6}$/),
  fc.stringMatching(/^\d{1,7}$/),
  fc.stringMatching(/^ ?\d{6} {0,2}$/),
  fc.integer({ min: -5, max: 999_999 }),
  fc.constantFrom("", "52756A", "５２７５６０"),
);
const amount = fc.oneof(
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.constantFrom("1.500,50", "(150000)", "150000-", "Rp 1.000", "12.345", "1e5", "abc", "", "9999999999999999"),
);
const rownum = fc.oneof(fc.nat({ max: 10_000_000 }).map(String), fc.nat({ max: 10_000_000 }), fc.constantFrom("-1", " 7 ", "1.5", 1.5, -3, ""));
const other = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 4 }), fc.integer(), fc.constant(null), fc.boolean());
const odd = fc.oneof(fc.constant(null), fc.boolean(), fc.constant(undefined));

const valueFor = (k: string): fc.Arbitrary<unknown> => {
  const v = k === "KDSATKER" || k === "AKUN" || k === "SATKER" ? codeValue : k === "TANGGAL" || k === "MAXDATE" ? date : k === "AMOUNT" ? amount : k === "ROWNUM" ? rownum : other;
  return fc.oneof({ arbitrary: v, weight: 8 }, { arbitrary: odd, weight: 1 });
};

/** A row: the documented keys (some dropped, SATKER for KDSATKER now and then, extra keys), in any order, repeated keys possible. */
const row = fc
  .tuple(
    fc.shuffledSubarray([...KEYS, "SATKER", "EXTRA", "A_B1"], { minLength: 0 }),
    fc.boolean(),
    fc.array(fc.constantFrom("KDSATKER", "AMOUNT", "ROWNUM"), { maxLength: 1 }),
  )
  .chain(([keys, ordered, repeated]) => {
    const ks = [...(ordered ? KEYS.filter((k) => keys.includes(k)) : keys), ...repeated];
    return fc.tuple(...ks.map((k) => valueFor(k).map((v) => [k, v] as const)));
  });

/** JSON text of the rows, with any of JSON's whitespace between tokens and some characters escaped. */
function render(rows: (readonly (readonly [string, unknown])[])[], ws: readonly string[], escapeEvery: number): string {
  let w = 0;
  const sp = () => ws[w++ % ws.length] ?? "";
  const str = (s: string) => {
    let out = JSON.stringify(s);
    if (escapeEvery > 0) out = `"${[...out.slice(1, -1)].map((c, i) => (i % escapeEvery === 0 && c.length === 1 && c !== "\\" ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c)).join("")}"`;
    return out;
  };
  const val = (v: unknown) => (typeof v === "string" ? str(v) : JSON.stringify(v));
  const obj = (r: readonly (readonly [string, unknown])[]) => `{${sp()}${r.filter(([, v]) => v !== undefined).map(([k, v]) => `${str(k)}${sp()}:${sp()}${val(v)}`).join(`${sp()},${sp()}`)}${sp()}}`;
  return `${sp()}[${sp()}${rows.map(obj).join(`${sp()},${sp()}`)}${sp()}]${sp()}`;
}

const spacing = fc.oneof({ arbitrary: fc.constant([""]), weight: 3 }, { arbitrary: fc.array(fc.constantFrom("", " ", "\t", "\n", "\r\n", "  "), { minLength: 1, maxLength: 5 }), weight: 1 });
const escaping = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 7 }), weight: 1 });
const body = fc.tuple(fc.array(row, { minLength: 1, maxLength: 12 }), spacing, escaping).map(([rows, ws, esc]) => render(rows, ws, esc));

describe("the fast RealisasiKL reader", () => {
  it("property: what it accepts it reads exactly as JSON.parse + the row parser", () => {
    fc.assert(fc.property(body, fc.constantFrom(0, 0.02, 0.5, 1), (text, share) => void (scanRealisasi(text, share) !== undefined && agrees(text, share))), { numRuns: 1_500 });
  });

  it("property: read from the bytes in pieces (any piece size, a byte order mark), it reads what it reads from the text", () => {
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 400 }), fc.boolean(), (text, piece, bom) => {
        const bytes = Buffer.from(bom ? `\ufeff${text}` : text, "utf8");
        expect(scanRealisasiBytes(bytes, 1, piece)).toEqual(scanRealisasi(text, 1));
      }),
      { numRuns: 1_000 },
    );
  });

  it("property: it accepts the bodies the upstream sends (compact, any spacing, escapes, any order)", () => {
    fc.assert(
      fc.property(body, (text) => {
        const g = general(text, 1);
        // The general reader takes a body of flat rows with normalised keys; so must the fast one.
        if (g.ok && g.page.kind === "rows") expect(agrees(text, 1)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it("property: a damaged body is never accepted unless it is still the same valid JSON", () => {
    const damage = fc.tuple(body, fc.nat(), fc.constantFrom("cut", "drop", "insert", "replace"), fc.constantFrom('"', "{", "}", "[", "]", ",", ":", "\\", "\u0001", "\n", "x", "0", "-", ".", "e", "n"));
    fc.assert(
      fc.property(damage, ([text, at, how, ch]) => {
        const i = at % text.length;
        const broken = how === "cut" ? text.slice(0, i) : how === "drop" ? text.slice(0, i) + text.slice(i + 1) : how === "insert" ? text.slice(0, i) + ch + text.slice(i) : text.slice(0, i) + ch + text.slice(i + 1);
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        const fast = scanRealisasi(broken, 1);
        if (!valid) expect(fast).toBeUndefined();
        if (!valid) expect(scanRealisasiBytes(Buffer.from(broken), 1, at % 97)).toBeUndefined();
        else if (fast !== undefined) agrees(broken, 1);
      }),
      { numRuns: 3_000 },
    );
  });

  it("leaves every non-row answer to the general reader", () => {
    for (const t of [
      "",
      "  ",
      "[]",
      '{"body":{"value":"Tidak Ada Data (no data found)"}}',
      '[{"body":{"value":"Tidak Ada Data"}}]',
      '[[{"colspan":26,"classes":"bold align-center","value":"Harap isi filter atau parameter terlebih dahulu"}]]',
      '[{"value":"Harap isi filter"}]',
      '{"ROWNUM":"1","KDSATKER":"527560","AKUN":"524113","TANGGAL":"02-JAN-26","AMOUNT":"5"}',
      "<html><body>Error 500</body></html>",
      "Token yang dikirimkan tidak valid",
      '[{"rownum":"1","KDSATKER":"527560"}]',
      '[{"ACTUAL AMT":"1"}]',
      '[{"KDSATKER":{"x":1}}]',
      '[{"KDSATKER":"527560"}] x',
      '[{"KDSATKER":"527560",}]',
      "[1]",
      "\ufeff[]",
    ]) {
      expect(scanRealisasi(t, 1), t).toBeUndefined();
    }
  });

  it("fails a page above the reject share the general way (it declines; the general reader throws)", () => {
    const text = '[{"ROWNUM":"1","KDSATKER":"527560","AKUN":"524113","TANGGAL":"02-JAN-26","AMOUNT":"5"},{"ROWNUM":"2","AKUN":"524113"}]';
    expect(scanRealisasi(text, 0.02)).toBeUndefined();
    expect(() => parseRealisasiText({ status: 200, text }, 0.02)).toThrow(/1 of 2 rows rejected/);
    expect(agrees(text, 0.5)).toBe(true);
  });

  it("reads a repeated key as JSON.parse does (the last one)", () => {
    const text = '[{"ROWNUM":"1","KDSATKER":"111111","AKUN":"524113","TANGGAL":"02-JAN-26","AMOUNT":"5","KDSATKER":"527560"}]';
    expect(agrees(text)).toBe(true);
    expect(scanRealisasi(text, 0)).toMatchObject({ rows: { codes: ["527560", "524113"] } });
  });
});
