import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvField, neutralizeFormula } from "../../src/domain/csv.js";

describe("CSV cells", () => {
  it.each([
    ["=1+2", "'=1+2"],
    [" =1+2", "' =1+2"],
    ["\t=1+2", "'\t=1+2"],
    ["\r=1+2", "'\r=1+2"],
    ["\u00a0+SUM(A1)", "'\u00a0+SUM(A1)"],
    ["\u200b@cmd", "'\u200b@cmd"],
    ["＝1＋2", "'＝1＋2"],
    ["＋62", "'＋62"],
    ["-x", "'-x"],
    ["@HYPERLINK(\"http://x\")", "'@HYPERLINK(\"http://x\")"],
    ["\tteks", "'\tteks"],
  ])("neutralises a formula-like cell %j", (input, out) => {
    expect(neutralizeFormula(input)).toBe(out);
  });

  it.each([["Budi Santoso"], ["-150000"], ["12,5"], ["-3.25"], ["DUSUN KRAJAN RT 01"], [""]])("leaves ordinary text and numbers alone: %j", (input) => {
    expect(neutralizeFormula(input)).toBe(input);
  });

  it("quotes the delimiter, quotes and line breaks", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("a;b", ";")).toBe('"a;b"');
    expect(csvField("a;b")).toBe("a;b");
    expect(csvField(-5)).toBe("-5");
  });

  it("property: a cell is the text itself or the text behind one apostrophe, and no cell starts a formula", () => {
    const starters = ["=", "+", "-", "@", "＝", "＋", "－", "＠", " ", "\t", "\r", "\n", "\u00a0", "\u200b"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...starters), { maxLength: 3 }), fc.string(), (lead, tail) => {
        const s = lead.join("") + tail;
        const out = neutralizeFormula(s);
        expect(out === s || out === `'${s}`).toBe(true);
        // eslint-disable-next-line no-control-regex -- control characters are what a spreadsheet skips
        const visible = out.replace(/^[\s\u0000-\u001f\u00a0\u200b-\u200f\ufeff]+/, "");
        if (out === s && !/^-?\d+([.,]\d+)?$/.test(s)) expect(visible).not.toMatch(/^[=+\-@＝＋－＠]/);
      }),
    );
  });
});
