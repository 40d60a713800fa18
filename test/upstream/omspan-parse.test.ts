import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeJwtPayload, omspanKeyInfo } from "../../src/upstream/omspan.js";
import { formatOracleDate, normalizeOmspanKey, parseAmountSen, parseDecimal, parseOracleDate } from "../../src/upstream/omspan-fields.js";
import { classifyOmspanResponse, parseOmspanRows } from "../../src/upstream/omspan-response.js";
import { isRealisasiCore, parseDipaRow, parseFaRow, parseIkEselon1Row, parseIkKlRow, parseIkSatkerRow, parseRealisasiRow, realisasiCore } from "../../src/upstream/omspan-rows.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { BAD_PARAM_BODY, BAD_TOKEN_TEXT, NO_DATA_BODY } from "../../sim/omspan.js";
import { fakeOmspanJwt } from "../../sim/omspan-data.js";

/** An HttpResponse as the shared HTTP layer hands it over (JSON parsed when it parses). */
function res(status: number, text: string) {
  let json: unknown;
  try {
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, text, json };
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (e instanceof UpstreamError) return e.kind;
    throw e;
  }
}

describe("response classification (docs/upstream.md#omspan-response-classification, in order)", () => {
  it("401 and 403 are unauthorized whatever the body", () => {
    expect(kindOf(() => classifyOmspanResponse(res(401, BAD_TOKEN_TEXT)))).toBe("unauthorized");
    expect(kindOf(() => classifyOmspanResponse(res(403, "[]")))).toBe("unauthorized");
    expect(kindOf(() => classifyOmspanResponse(res(401, NO_DATA_BODY)))).toBe("unauthorized");
  });

  it("other non-2xx are unavailable", () => {
    expect(kindOf(() => classifyOmspanResponse(res(500, "<html>Error 500</html>")))).toBe("unavailable");
    expect(kindOf(() => classifyOmspanResponse(res(502, "")))).toBe("unavailable");
  });

  it("the plain-text token message is unauthorized even with HTTP 200", () => {
    expect(kindOf(() => classifyOmspanResponse(res(200, BAD_TOKEN_TEXT)))).toBe("unauthorized");
    expect(kindOf(() => classifyOmspanResponse(res(200, `  ${BAD_TOKEN_TEXT.toLowerCase()}\n`)))).toBe("unauthorized");
  });

  it.each([
    ["an HTML page", "<!DOCTYPE html><html><body>Mohon maaf, sedang pemeliharaan</body></html>"],
    ["a truncated JSON body", '[{"ROWNUM":"1","KDSATKER":"5275'],
    ["an empty body", ""],
    ["plain text", "ORA-01013: user requested cancel of current operation"],
  ])("non-JSON %s is bad_response", (_name, body) => {
    expect(kindOf(() => classifyOmspanResponse(res(200, body)))).toBe("bad_response");
  });

  it("the documented no-data body is an empty result, not an error", () => {
    expect(classifyOmspanResponse(res(200, NO_DATA_BODY))).toEqual({ kind: "empty" });
    expect(classifyOmspanResponse(res(200, '{ "body": { "value": "TIDAK ADA DATA" } }'))).toEqual({ kind: "empty" });
    expect(classifyOmspanResponse(res(200, "[]"))).toEqual({ kind: "empty" });
  });

  it("the missing-parameter table body is bad_request", () => {
    expect(BAD_PARAM_BODY).toBe('[[{"colspan":26,"classes":"bold align-center","value":"Harap isi filter atau parameter terlebih dahulu"}]]');
    expect(kindOf(() => classifyOmspanResponse(res(200, BAD_PARAM_BODY)))).toBe("bad_request");
    // any array of arrays, and a flat cell with that value
    expect(kindOf(() => classifyOmspanResponse(res(200, '[["a","b"]]')))).toBe("bad_request");
    expect(kindOf(() => classifyOmspanResponse(res(200, '[{"colspan":26,"value":"Harap isi filter atau parameter terlebih dahulu"}]')))).toBe("bad_request");
    expect(kindOf(() => classifyOmspanResponse(res(200, '{"value":"harap isi FILTER"}')))).toBe("bad_request");
  });

  it("an array of objects is rows; a bare object is wrapped", () => {
    expect(classifyOmspanResponse(res(200, '[{"A":"1"},{"A":"2"}]'))).toEqual({ kind: "rows", rows: [{ A: "1" }, { A: "2" }] });
    expect(classifyOmspanResponse(res(200, '{"SATKER":"060038","DIPA":"3520000"}'))).toEqual({ kind: "rows", rows: [{ SATKER: "060038", DIPA: "3520000" }] });
  });

  it.each(['"OK"', "42", "null", "true"])("any other JSON (%s) is bad_response", (body) => {
    expect(kindOf(() => classifyOmspanResponse(res(200, body)))).toBe("bad_response");
  });
});

describe("amounts in exact integer sen", () => {
  it.each([
    ["3600000", 360_000_000],
    ["-150000", -15_000_000],
    ["0", 0],
    ["-0", 0],
    [" 750000 ", 75_000_000],
    ["1234.5", 123_450],
    ["1234.56", 123_456],
    ["1234.565", 123_457],
    ["-1234.565", -123_457],
    ["1234.564", 123_456],
    ["3,600,000.00", 360_000_000],
    ["3.600.000,50", 360_000_050],
    ["Rp 1.250.000", 125_000_000],
    ["+500", 50_000],
    ["12,5", 1_250],
  ])("%j → %d", (s, sen) => {
    expect(parseAmountSen(s)).toBe(sen);
  });

  it.each(["", "  ", "abc", "12a", null, undefined, "1e5", "99999999999999999999", {}])("%j → undefined", (v) => {
    expect(parseAmountSen(v)).toBeUndefined();
  });

  it("sums of integers in sen are exact where float rupiah drift", () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? "0.10" : "0.20"));
    let sen = 0;
    let float = 0;
    for (const r of rows) {
      sen += parseAmountSen(r)!;
      float += Number(r);
    }
    expect(sen).toBe(1_500_000);
    expect(float).not.toBe(15_000); // the reason for sen
  });

  it("property: any integer rupiah string round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 0, max: 99 }), (rp, sen) => {
        const neg = rp < 0;
        const s = `${neg ? "-" : ""}${Math.abs(rp)}.${String(sen).padStart(2, "0")}`;
        const expected = neg ? rp * 100 - sen : rp * 100 + sen;
        expect(parseAmountSen(s)).toBe(expected === 0 ? 0 : expected);
      }),
    );
  });

  it("decimals for IK values and weights", () => {
    expect(parseDecimal("54.60")).toBe(54.6);
    expect(parseDecimal("54,60")).toBe(54.6);
    expect(parseDecimal(" 15 ")).toBe(15);
    expect(parseDecimal("")).toBeUndefined();
    expect(parseDecimal("n/a")).toBeUndefined();
  });
});

describe("Oracle DD-MON-RR dates", () => {
  it("reads the document's examples and variants", () => {
    expect(parseOracleDate("04-FEB-19")).toEqual({ year: 2019, month: 2, day: 4 });
    expect(parseOracleDate("15-MAR-19")).toEqual({ year: 2019, month: 3, day: 15 });
    expect(parseOracleDate("04-feb-26")).toEqual({ year: 2026, month: 2, day: 4 });
    expect(parseOracleDate("4-Feb-2026")).toEqual({ year: 2026, month: 2, day: 4 });
    expect(parseOracleDate("17-AGU-26")).toEqual({ year: 2026, month: 8, day: 17 });
    expect(parseOracleDate("17-AGT-26")).toEqual({ year: 2026, month: 8, day: 17 });
    expect(parseOracleDate("05-MEI-26")).toEqual({ year: 2026, month: 5, day: 5 });
    expect(parseOracleDate("01-OKT-26")).toEqual({ year: 2026, month: 10, day: 1 });
    expect(parseOracleDate("10-NOP-26")).toEqual({ year: 2026, month: 11, day: 10 });
    expect(parseOracleDate("31-DES-26")).toEqual({ year: 2026, month: 12, day: 31 });
    expect(parseOracleDate("04-FEB-26 00:00:00")).toEqual({ year: 2026, month: 2, day: 4 });
    expect(parseOracleDate("2026-02-04")).toEqual({ year: 2026, month: 2, day: 4 });
    expect(parseOracleDate("29-FEB-28")).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it.each(["31-APR-26", "29-FEB-26", "00-JAN-26", "04-XYZ-26", "04-FEB", "", "04/02/2026", null, 20260204])("rejects %j", (v) => {
    expect(parseOracleDate(v)).toBeUndefined();
  });

  const ymd = fc
    .record({ year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .filter((d) => d.day <= new Date(Date.UTC(d.year, d.month, 0)).getUTCDate());

  it("property: format → parse round trip (2- and 4-digit years, any case)", () => {
    fc.assert(
      fc.property(ymd, fc.boolean(), fc.boolean(), (d, four, lower) => {
        let s = formatOracleDate(d, four);
        if (lower) s = s.toLowerCase();
        expect(parseOracleDate(s)).toEqual(d);
      }),
      { numRuns: 2000 },
    );
  });

  it("property: parse agrees with Date on every day the format can express", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const d = new Date(ms);
        const ymdD = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
        const text = `${String(ymdD.day).padStart(2, "0")}-${d.toLocaleString("en-US", { month: "short", timeZone: "UTC" }).toUpperCase()}-${String(ymdD.year % 100).padStart(2, "0")}`;
        expect(parseOracleDate(text)).toEqual(ymdD);
      }),
    );
  });
});

describe("rows", () => {
  it("normalises keys: case, spaces, padding", () => {
    expect(normalizeOmspanKey("ACTUAL AMT")).toBe("ACTUAL_AMT");
    expect(normalizeOmspanKey(" ik data  kontrak ")).toBe("IK_DATA_KONTRAK");
    expect(normalizeOmspanKey("BALANCING_AMT")).toBe("BALANCING_AMT");
  });

  it("reads the document's DIPA and Realisasi examples", () => {
    expect(
      parseDipaRow({ KDSATKER: "527560", KPPN: "001", BA: "015", BAES1: "01508", AKUN: "522151", PROGRAM: "0150809", KEGIATAN: "1705", OUTPUT: "994", KEWENANGAN: "2", SUMBER_DANA: "A", LOKASI: "0651", BUDGET_TYPE: "2", AMOUNT: "3600000" }),
    ).toMatchObject({ kdsatker: "527560", akun: "522151", baes1: "01508", amountSen: 360_000_000, sumberDana: "A" });
    const r = parseRealisasiRow({ ROWNUM: "1", KDSATKER: "527560", KPPN: "001", BA: "015", BAES1: "01508", AKUN: "524113", PROGRAM: "0150809", KEGIATAN: "1705", OUTPUT: "002", KEWENANGAN: "2", SUMBER_DANA: "A", CARA_TARIK: "0", KDREGISTER: "00000001", LOKASI: "0651", BUDGET_TYPE: "2", TANGGAL: "04-FEB-19", MAXDATE: "15-MAR-19", AMOUNT: "750000" });
    expect(r).toMatchObject({ rownum: 1, kdsatker: "527560", akun: "524113", tanggal: { year: 2019, month: 2, day: 4 }, maxdate: { year: 2019, month: 3, day: 15 }, amountSen: 75_000_000 });
  });

  it("reads DataFA with `ACTUAL AMT` / `BALANCING AMT` spelled with a space", () => {
    const r = parseFaRow({ SATKER: "060038", KPPN: "001", AKUN: "521114", PROGRAM: "0650106", OUTPUT: "3229021", DANA: "A00000001", KEWENANGAN: "3", LOKASI: "0600", BUDGET_TYPE: "2", DIPA: "3520000", KONTRAK: "0", BLOKIR: "0", "ACTUAL AMT": "43000", "BALANCING AMT": "3477000" });
    expect(r).toMatchObject({ satker: "060038", dipaSen: 352_000_000, actualSen: 4_300_000, kontrakSen: 0, blokirSen: 0, balancingSen: 347_700_000 });
    expect(r?.balancingDerived).toBeUndefined();
    // missing BALANCING: derived from the identity and flagged
    expect(parseFaRow({ SATKER: "060038", AKUN: "521114", DIPA: "100", ACTUAL_AMT: "150" })).toMatchObject({ balancingSen: -5_000, balancingDerived: true, kontrakSen: 0 });
  });

  it("tolerates padding, numbers, nulls and extra fields; rejects rows without identity", () => {
    expect(parseDipaRow({ kdsatker: 17202, akun: " 522151 ", amount: "10", extra: { a: 1 }, KPPN: null, PROGRAM: "" })).toMatchObject({ kdsatker: "017202", akun: "522151", amountSen: 1_000, kppn: undefined, program: undefined });
    expect(parseDipaRow({ KDSATKER: "527560", AMOUNT: "1" })).toBeUndefined(); // no akun
    expect(parseDipaRow({ KDSATKER: "527560", AKUN: "522151", AMOUNT: "x" })).toBeUndefined();
    expect(parseRealisasiRow({ KDSATKER: "527560", AKUN: "522151", AMOUNT: "1", TANGGAL: "31-APR-26" })).toBeUndefined();
    expect(parseRealisasiRow(["527560"])).toBeUndefined();
    expect(parseRealisasiRow("row")).toBeUndefined();
  });

  it("IK rows: the three identities; keys with spaces; missing value with positive weight stays missing", () => {
    const satker = parseIkSatkerRow({ KDSATKER: "017202", NMSATKER: "SEKRETARIAT UTAMA   BKPM ", KDKPPN: "088", PERIODE: "01", "IK DATA KONTRAK": "18.00", BBT_IND_KONTRAK: "15" });
    expect(satker).toMatchObject({ level: "satker", kode: "017202", nama: "SEKRETARIAT UTAMA BKPM", kdkppn: "088", periode: 1, values: { data_kontrak: 18 }, weights: { data_kontrak: 15 } });
    const es1 = parseIkEselon1Row({ BA: "05601", NMBA: "SEKRETARIAT JENDERAL", PERIODE: "11", IK_UP: "96.00", BBT_IND_KONTRAK: "15" });
    expect(es1).toMatchObject({ level: "eselon1", kode: "05601", periode: 11, values: { up: 96 }, weights: { data_kontrak: 15 } });
    expect(es1?.values.data_kontrak).toBeUndefined();
    expect(parseIkKlRow({ BA: "065", NMBA: "BKPM", PERIODE: "01", "IK RENKAS": "5.47", "BBT IND RENKAS": "5" })).toMatchObject({ level: "kl", kode: "065", values: { renkas: 5.47 }, weights: { renkas: 5 } });
    expect(parseIkSatkerRow({ KDSATKER: "527560", PERIODE: "13" })).toBeUndefined();
    expect(parseIkEselon1Row({ BA: "056", PERIODE: "01" })).toBeUndefined(); // eselon I code has 5 digits
  });

  it("counts rejected rows and fails above the configured share", () => {
    const good = { KDSATKER: "527560", AKUN: "522151", AMOUNT: "1" };
    const rows = [...Array.from({ length: 99 }, () => good), { AKUN: "x" }];
    expect(parseOmspanRows(rows, parseDipaRow, 0.02)).toMatchObject({ received: 100, rejected: 1 });
    expect(kindOf(() => parseOmspanRows(rows, parseDipaRow, 0.005))).toBe("bad_response");
    expect(kindOf(() => parseOmspanRows([{ status: "error" }], parseDipaRow, 0.5))).toBe("bad_response");
  });
});

describe("the API key (JWT decoded without verification)", () => {
  it("shows the budget year of the simulator's key", () => {
    const token = fakeOmspanJwt(2026);
    expect(decodeJwtPayload(token)).toMatchObject({ kdt: "2026" });
    expect(omspanKeyInfo(token)).toMatchObject({ year: 2026, client: "KEMENTERIAN ATR/BPN" });
    expect(omspanKeyInfo(`Bearer ${fakeOmspanJwt(2020)}`).year).toBe(2020);
  });

  it("is quiet about anything that is not a JWT", () => {
    expect(decodeJwtPayload("not-a-jwt")).toBeUndefined();
    expect(decodeJwtPayload("a.%%%.c")).toBeUndefined();
    expect(omspanKeyInfo("")).toEqual({});
  });
});

describe("the RealisasiKL row check without zod", () => {
  it("isRealisasiCore accepts exactly what the zod schema realisasiCore accepts", () => {
    const code = fc.oneof(fc.constantFrom("527560", "12345", "1234567", "52756a", " 527560", ""), fc.stringMatching(/^\d{6}$/), fc.integer(), fc.constant(undefined));
    const num = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double(), fc.constantFrom(NaN, Infinity, 2 ** 53, -1, 0, 1.5), fc.constant(undefined), fc.constant("12"));
    const ymd = fc.oneof(
      fc.record({ year: num, month: num, day: num }),
      fc.record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: -1, max: 14 }), day: fc.integer({ min: -1, max: 33 }) }),
      fc.constantFrom(undefined, null, "04-FEB-26", [2026, 2, 4]),
    );
    const row = fc.record({ kdsatker: code, akun: code, amountSen: num, tanggal: ymd, rownum: num }, { requiredKeys: [] });
    fc.assert(
      fc.property(row, (r) => {
        expect(isRealisasiCore(r as Record<string, unknown>)).toBe(realisasiCore.safeParse(r).success);
      }),
      { numRuns: 3000 },
    );
  });
});
