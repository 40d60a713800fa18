import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { allowedTypos, damerauLevenshtein, desaQueryKey, matchDesa, parseKodeInput } from "../../src/desa/match.js";
import { nameKey } from "../../src/domain/wilayah.js";

const entry = (nama: string, kode: string) => ({ nama, kode, key: nameKey(nama) });
const ENTRIES = [
  entry("BENDOMUNGAL", "3514141005"),
  entry("KALIREJO", "3514141002"),
  entry("KALIREJO", "3514162008"),
  entry("ORO-ORO OMBO", "3514152002"),
  entry("WINONGAN LOR", "3514192001"),
  entry("WINONGAN KIDUL", "3514192002"),
  entry("KEDAWUNG KULON", "3514202004"),
  entry("KEDAWANG", "3514212011"),
  entry("RACI", "3514142001"),
  entry("COWEK", "3514012004"),
  entry("COWEK KIDUL", "3514012015"),
];

describe("damerauLevenshtein", () => {
  it.each([
    ["", "", 0],
    ["ABC", "", 3],
    ["KALIREJO", "KALIREJO", 0],
    ["KALIREJO", "KALIRJEO", 1], // swap
    ["BENDOMUNGAL", "BENDOMUNGL", 1], // deletion
    ["BENDOMUNGAL", "BENDOMUNGAAL", 1], // insertion
    ["RACI", "RACU", 1], // substitution
    ["CA", "ABC", 3], // OSA, not full Damerau
    ["KITTEN", "SITTING", 3],
  ])("%s ↔ %s = %i", (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
    expect(damerauLevenshtein(b, a)).toBe(d);
  });

  it("stops early past max", () => {
    expect(damerauLevenshtein("ABCDEFGH", "ZYXWVUTS", 2)).toBe(3);
    expect(damerauLevenshtein("A", "ABCDEF", 2)).toBe(3);
  });

  it("with a bound, a larger distance reads as bound + 1 (found by the property below)", () => {
    expect(damerauLevenshtein(" a", "a! ")).toBe(3);
    expect(damerauLevenshtein(" a", "a! ", 1)).toBe(2);
  });

  it("is a metric-like distance bounded by the longer length (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = damerauLevenshtein(a, b);
        expect(d).toBe(damerauLevenshtein(b, a));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
        expect(damerauLevenshtein(a, b, 1)).toBe(Math.min(d, 2));
      }),
    );
  });
});

describe("matchDesa", () => {
  it.each(["bendomungal", "Bendo Mungal", "  BENDOMUNGAL ", "bendo-mungal", "Desa Bendomungal", "Kel. Bendomungal"])("%j matches exactly", (q) => {
    expect(matchDesa(q, ENTRIES)).toEqual({ exact: true, matches: [ENTRIES[0]] });
  });

  it("hyphens and spaces do not matter", () => {
    expect(matchDesa("oro oro ombo", ENTRIES).matches.map((e) => e.kode)).toEqual(["3514152002"]);
    expect(matchDesa("OroOroOmbo", ENTRIES).exact).toBe(true);
  });

  it("the same name in two kecamatan is ambiguous", () => {
    const r = matchDesa("Kalirejo", ENTRIES);
    expect(r.exact).toBe(true);
    expect(r.matches.map((e) => e.kode)).toEqual(["3514141002", "3514162008"]);
  });

  it("tolerates small typos, scaled to the length of the name", () => {
    expect(matchDesa("bendomungl", ENTRIES)).toEqual({ exact: false, matches: [ENTRIES[0]] });
    expect(matchDesa("bnedomungal", ENTRIES).matches).toEqual([ENTRIES[0]]); // swap
    expect(matchDesa("bendomugnl", ENTRIES).matches).toEqual([ENTRIES[0]]); // 2 edits on 11 letters
    expect(matchDesa("kalirjeo", ENTRIES).matches).toHaveLength(2);
    expect(matchDesa("raco", ENTRIES).matches.map((e) => e.nama)).toEqual(["RACI"]); // 1 edit on 4 letters
    expect(matchDesa("rxco", ENTRIES).matches).toEqual([]); // 2 edits on 4 letters: too far
    expect(allowedTypos(3)).toBe(0);
    expect(allowedTypos(6)).toBe(1);
    expect(allowedTypos(7)).toBe(2);
  });

  it("closest typo distance first, then names starting with the query", () => {
    expect(matchDesa("winongan", ENTRIES).matches.map((e) => e.nama)).toEqual(["WINONGAN KIDUL", "WINONGAN LOR"]);
    expect(matchDesa("kedawung", ENTRIES).matches.map((e) => e.nama)).toEqual(["KEDAWANG", "KEDAWUNG KULON"]);
    // An exact name wins over longer names that start with it.
    expect(matchDesa("cowek", ENTRIES)).toEqual({ exact: true, matches: [ENTRIES[9]] });
  });

  it("nothing, or an empty query, matches nothing", () => {
    expect(matchDesa("zzyzx", ENTRIES).matches).toEqual([]);
    expect(matchDesa(" - ", ENTRIES).matches).toEqual([]);
    expect(desaQueryKey("desa")).toBe("DESA"); // the prefix word alone is kept as the name
  });
});

describe("parseKodeInput", () => {
  it.each([
    ["3514141005", "3514141005"],
    ["35.14.14.1005", "3514141005"],
    [" 3514 14 1005 ", "3514141005"],
    ["351414100", undefined],
    ["3514145203880002", undefined],
    ["Bendomungal", undefined],
    ["35a4141005", undefined],
  ])("%j → %j", (input, want) => {
    expect(parseKodeInput(input)).toBe(want);
  });
});
