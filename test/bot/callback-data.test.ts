import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { callbackData, field } from "../../src/bot/callback-data.js";
import { desaCb } from "../../src/bot/features/desa/callback-data.js";
import { pagedKeyboard } from "../../src/bot/keyboards.js";

describe("callback data codec", () => {
  const codec = callbackData("t:a", { kode: field.pattern(/^\d{4}$/), page: field.int(0, 20), fmt: field.oneOf(["csv", "xlsx"] as const) });

  it("round-trips typed values", () => {
    const data = codec.encode({ kode: "1234", page: 7, fmt: "xlsx" });
    expect(data).toBe("t:a:1234:7:xlsx");
    expect(codec.decode(data)).toEqual({ kode: "1234", page: 7, fmt: "xlsx" });
    expect(codec.filter.test(data)).toBe(true);
    expect(codec.filter.test("t:b:1234:7:xlsx")).toBe(false);
  });

  it.each([
    undefined,
    "",
    "t:a",
    "t:a:1234:7",
    "t:a:1234:7:xlsx:extra",
    "t:a:123:7:csv",
    "t:a:1234:21:csv",
    "t:a:1234:07:csv",
    "t:a:1234:-1:csv",
    "t:a:1234:7:pdf",
    "t:ab:1234:7:csv",
    "x".repeat(65),
  ])("rejects %j", (data) => {
    expect(codec.decode(data)).toBeUndefined();
  });

  it("refuses to encode what it could not decode, over 64 bytes, or with a NIK inside", () => {
    expect(() => codec.encode({ kode: "12345", page: 1, fmt: "csv" })).toThrow(/invalid kode/);
    expect(() => codec.encode({ kode: "1234", page: 1.5, fmt: "csv" })).toThrow(/invalid page/);
    const long = callbackData("t:l", { s: field.pattern(/^[a-zé]+$/) });
    expect(() => long.encode({ s: "é".repeat(31) })).toThrow(/64 bytes/); // 62 + 4 bytes, 35 characters
    const loose = callbackData("t:n", { s: field.pattern(/^\d+$/) });
    expect(() => loose.encode({ s: "3514145203880002" })).toThrow(/NIK/);
    expect(() => callbackData("bad:", {})).toThrow();
  });

  it("decode never throws and only accepts what encode produces (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const v = codec.decode(s);
        if (v !== undefined) expect(codec.encode(v)).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4}$/), fc.integer({ min: 0, max: 20 }), fc.constantFrom("csv" as const, "xlsx" as const), (kode, page, fmt) => {
        expect(codec.decode(codec.encode({ kode, page, fmt }))).toEqual({ kode, page, fmt });
      }),
    );
  });
});

describe("desa callbacks", () => {
  it("fit in 64 bytes and only carry kecamatan codes, page numbers and kode_kemdagri", () => {
    const all = [
      desaCb.kecamatanList.encode({}),
      desaCb.kecamatan.encode({ kec: "24", page: 99 }),
      desaCb.desa.encode({ kode: "3514141005" }),
      desaCb.ekspor.encode({ kode: "3514141005", format: "xlsx" }),
      desaCb.noop.encode({}),
    ];
    expect(all).toEqual(["ds1:k", "ds1:c:24:99", "ds1:s:3514141005", "ds1:x:3514141005:xlsx", "ds1:n"]);
    for (const d of all) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
  });

  it.each(["ds1:c:00:0", "ds1:c:25:0", "ds1:c:1:0", "ds1:s:3515141005", "ds1:s:351414100", "ds1:s:3514145203880002", "ds1:x:3514141005:CSV", "ds1:k:extra"])(
    "rejects %j",
    (d) => {
      for (const c of Object.values(desaCb)) expect(c.decode(d)).toBeUndefined();
    },
  );

  it("the kode field can never hold a NIK", () => {
    expect(() => desaCb.desa.encode({ kode: "3514145203880002" })).toThrow();
  });
});

describe("pagedKeyboard", () => {
  const items = Array.from({ length: 23 }, (_, i) => ({ text: `Desa ${i + 1}`, data: `d:${i}` }));
  const build = (page: number) =>
    pagedKeyboard({
      items,
      page,
      perPage: 10,
      columns: 2,
      pageData: (p) => `p:${p}`,
      indicatorData: "noop",
      labels: { prev: "‹", next: "›", indicator: (p, n) => `${p + 1}/${n}` },
      footer: [[{ text: "back", data: "b" }]],
    });

  it("pages, with prev/next only where they lead somewhere, and a footer", () => {
    const first = build(0);
    expect(first.pages).toBe(3);
    const rows = first.keyboard.inline_keyboard;
    expect(rows.slice(0, 5).flat()).toHaveLength(10);
    expect(rows[5]!.map((b) => b.text)).toEqual(["1/3", "›"]);
    expect(rows[6]!.map((b) => b.text)).toEqual(["back"]);
    expect(build(1).keyboard.inline_keyboard[5]!.map((b) => b.text)).toEqual(["‹", "2/3", "›"]);
    const last = build(2).keyboard.inline_keyboard;
    expect(last[0]!.map((b) => b.text)).toEqual(["Desa 21", "Desa 22"]);
    expect(last[2]!.map((b) => b.text)).toEqual(["‹", "3/3"]);
  });

  it("clamps a stale page number into range", () => {
    expect(build(9).page).toBe(2);
    expect(build(-3).page).toBe(0);
  });
});
