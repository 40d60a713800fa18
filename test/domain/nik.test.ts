import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { maskNik, maskNiksInText, normalizeNik, parseNik } from "../../src/domain/nik.js";

const TODAY = new Date(Date.UTC(2026, 10, 23));

/** Arbitrary structurally valid NIK with its parts, built independently of the parser. */
const validNik = fc
  .record({
    pp: fc.constantFrom(11, 12, 21, 31, 35, 36, 51, 64, 76, 82, 91, 96),
    kk: fc.integer({ min: 1, max: 99 }),
    cc: fc.integer({ min: 1, max: 99 }),
    birth: fc.date({ min: new Date(Date.UTC(1930, 0, 1)), max: new Date(Date.UTC(2026, 10, 23)), noInvalidDate: true }),
    female: fc.boolean(),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map((r) => {
    const p2 = (n: number) => String(n).padStart(2, "0");
    const day = r.birth.getUTCDate() + (r.female ? 40 : 0);
    const nik = `${p2(r.pp)}${p2(r.kk)}${p2(r.cc)}${p2(day)}${p2(r.birth.getUTCMonth() + 1)}${p2(r.birth.getUTCFullYear() % 100)}${String(r.serial).padStart(4, "0")}`;
    return { ...r, nik };
  });

describe("parseNik", () => {
  it("accepts the synthetic example of docs/domain.md#nik-structure", () => {
    const r = parseNik("3514145203880002", TODAY);
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ kecamatan: "351414", jenisKelamin: "P", tanggalLahir: { year: 1988, month: 3, day: 12 }, nomorUrut: "0002" }),
    });
  });

  it("normalises spaces, dots and hyphens officers paste", () => {
    expect(parseNik("3514 1452 0388 0002", TODAY).ok).toBe(true);
    expect(parseNik("3514.1452.0388-0002", TODAY).ok).toBe(true);
  });

  it.each([
    ["351414520388000", "panjang"],
    ["35141452038800021", "panjang"],
    ["3514x45203880002", "bukan_angka"],
    ["9914145203880002", "provinsi"],
    ["2214145203880002", "provinsi"],
    ["3500145203880002", "kabupaten"],
    ["3514005203880002", "kecamatan"],
    ["3514000000000001", "kecamatan"], // the placeholder of the SIPP document
    ["3514143202880002", "tanggal_lahir"], // 32 February
    ["3514147102880002", "tanggal_lahir"], // 71-40 = 31 February
    ["3514142902010002", "tanggal_lahir"], // 29 Feb 2001 and 1901: no leap year
    ["3514141313880002", "tanggal_lahir"], // month 13
    ["3514140003880002", "tanggal_lahir"], // day 0
    ["3514147203880002", "tanggal_lahir"], // 72 − 40 = day 32
    ["3514145203880000", "nomor_urut"],
  ])("rejects %s (%s)", (nik, error) => {
    expect(parseNik(nik, TODAY)).toEqual({ ok: false, error });
  });

  it("accepts day + 40 for a woman (41 → born on the 1st)", () => {
    const r = parseNik("3514144103880002", TODAY);
    expect(r.ok && r.value.tanggalLahir).toEqual({ year: 1988, month: 3, day: 1 });
    expect(r.ok && r.value.jenisKelamin).toBe("P");
  });

  it("accepts 29 February of a leap year (2000 as 20YY)", () => {
    expect(parseNik("3514142902000002", TODAY).ok).toBe(true);
  });

  it("a date later this year is read as 19YY, not rejected", () => {
    const r = parseNik("3514142512260002", TODAY); // 25 Dec 26 → 1926
    expect(r.ok && r.value.tanggalLahir.year).toBe(1926);
  });

  it("property: every structurally valid NIK is accepted with the right parts", () => {
    fc.assert(
      fc.property(validNik, (v) => {
        const r = parseNik(v.nik, TODAY);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.jenisKelamin).toBe(v.female ? "P" : "L");
        expect(r.value.tanggalLahir.month).toBe(v.birth.getUTCMonth() + 1);
        expect(r.value.tanggalLahir.day).toBe(v.birth.getUTCDate());
        expect(r.value.tanggalLahir.year % 100).toBe(v.birth.getUTCFullYear() % 100);
      }),
    );
  });

  it("property: any string that is not 16 digits after normalising is rejected", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        if (/^\d{16}$/.test(normalizeNik(s))) return;
        expect(parseNik(s, TODAY).ok).toBe(false);
      }),
    );
  });

  it("property: serial 0000 is always rejected", () => {
    fc.assert(
      fc.property(validNik, (v) => {
        expect(parseNik(v.nik.slice(0, 12) + "0000", TODAY)).toEqual({ ok: false, error: "nomor_urut" });
      }),
    );
  });
});

describe("maskNik", () => {
  it("keeps the first and last four digits", () => {
    expect(maskNik("3514145203880002")).toBe("3514********0002");
  });

  it("property: the masked form never contains the middle eight digits and has 16 characters", () => {
    fc.assert(
      fc.property(validNik, (v) => {
        const m = maskNik(v.nik);
        expect(m).toHaveLength(16);
        expect(m.slice(4, 12)).toBe("********");
        expect(m.slice(0, 4) + m.slice(12)).toBe(v.nik.slice(0, 4) + v.nik.slice(12));
      }),
    );
  });

  it("property: masking free text leaves no 16-digit run", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validNik.map((v) => v.nik), fc.string({ maxLength: 8 }))), (parts) => {
        const text = parts.join(" ");
        expect(maskNiksInText(text)).not.toMatch(/(?<!\d)\d{16}(?!\d)/);
      }),
    );
  });
});

describe("NIK edges", () => {
  const withPp = (pp: number) => `${pp}14145203880002`;

  it.each([11, 19, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 96])("province %i is accepted", (pp) => {
    const r = parseNik(withPp(pp), TODAY);
    expect(r.ok && [r.value.provinsi, r.value.kabupaten, r.value.kecamatan]).toEqual([String(pp), `${pp}14`, `${pp}1414`]);
  });

  it.each([10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 97])("province %i is rejected", (pp) => {
    expect(parseNik(withPp(pp), TODAY)).toEqual({ ok: false, error: "provinsi" });
  });

  it("the parts of an accepted NIK (day 52: a woman born on the 12th); separators officers paste are stripped", () => {
    expect(parseNik("3514.1452-0388\u00a00002 ", TODAY)).toEqual({
      ok: true,
      value: { nik: "3514145203880002", provinsi: "35", kabupaten: "3514", kecamatan: "351414", jenisKelamin: "P", tanggalLahir: { year: 1988, month: 3, day: 12 }, nomorUrut: "0002" },
    });
    expect(normalizeNik(" 35 14\t14-52.03\u00a088 0002")).toBe("3514145203880002");
  });

  it("the most recent century that is not in the future: today is allowed, tomorrow is 19YY", () => {
    // TODAY's date as DDMMYY, and the day after.
    const ddmmyy = (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCFullYear() % 100).padStart(2, "0")}`;
    const today = parseNik(`351414${ddmmyy(TODAY)}0001`, TODAY);
    expect(today.ok && today.value.tanggalLahir.year).toBe(TODAY.getUTCFullYear());
    const tomorrow = new Date(TODAY.getTime() + 86_400_000);
    const t = parseNik(`351414${ddmmyy(tomorrow)}0001`, TODAY);
    expect(t.ok && t.value.tanggalLahir.year).toBe(tomorrow.getUTCFullYear() - 100);
    // Day 40 is not a woman's day 0 (nor a real day); day 71 is a woman's 31st.
    expect(parseNik("3514144003880002", TODAY)).toEqual({ ok: false, error: "tanggal_lahir" });
    const w = parseNik("3514147101880002", TODAY);
    expect(w.ok && [w.value.jenisKelamin, w.value.tanggalLahir.day, w.value.tanggalLahir.month]).toEqual(["P", 31, 1]);
  });

  it("masking: short inputs become stars only; text runs of 16+ digits with separators are masked, 15 are not", () => {
    expect(maskNik("1234567")).toBe("*******");
    expect(maskNik("")).toBe("*");
    expect(maskNik("12345678")).toBe("1234********5678");
    expect(maskNik("3514 1452 0388 0002")).toBe("3514********0002");
    expect(maskNiksInText("NIK 3514 1452 0388 0002, lagi 3514-1452-0388-0003.")).toBe("NIK 3514********0002, lagi 3514********0003.");
    expect(maskNiksInText("no 351414520388000 (15)")).toBe("no 351414520388000 (15)");
    expect(maskNiksInText("a35141452038800021b")).toBe("a3514********0021b");
    expect(maskNiksInText("3514  1452 0388 0002")).toBe("3514  1452 0388 0002"); // two separators: not one run
  });
});
