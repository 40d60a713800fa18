import { describe, expect, it } from "vitest";
import { parsePage, parseTracking } from "../../src/upstream/sipp.js";
import { UpstreamError } from "../../src/upstream/errors.js";

describe("SIPP tolerant parsing", () => {
  it("reads the document's tracking example with strings, numbers, odd case and extra fields", () => {
    const r = parseTracking({
      data: {
        profile: {
          id_keluarga_p3ke: 106892457,
          " Kecamatan ": " BANGIL ",
          desa_kelurahan: "BENDOMUNGAL",
          kode_kemdagri: "35.14.14.1005",
          nik: "3514145203880002",
          padan_dukcapil: "YA",
          jenis_kelamin: "P",
          desil_kesejahteraan: "Desil 1",
          extra_field: { a: 1 },
        },
        bantuan: [{ nama_opd: "Dinas Kesehatan", program: "1.02.05. PROGRAM", nilai: "1.250.000", tahun: 2025 }],
      },
    });
    expect(r.profile).toMatchObject({
      idKeluarga: "106892457",
      kecamatan: "BANGIL",
      kodeKemdagri: "3514141005",
      padanDukcapil: true,
      jenisKelamin: "P",
      desil: 1,
    });
    expect(r.bantuan[0]).toMatchObject({ namaOpd: "DINAS KESEHATAN", nilai: 1250000, tahun: "2025" });
  });

  it.each([null, {}, [], undefined])("profile %j means not in P3KE, bantuan null means none", (profile) => {
    expect(parseTracking({ data: { profile, bantuan: null } })).toEqual({ profile: null, bantuan: [] });
  });

  it.each([{ status: "error" }, { data: "oops" }, [], "text", { data: { profile: null, bantuan: "x" } }])("wrong shapes are bad_response: %j", (body) => {
    expect(() => parseTracking(body)).toThrow(UpstreamError);
    try {
      parseTracking(body);
    } catch (e) {
      expect((e as UpstreamError).kind).toBe("bad_response");
    }
  });

  it("reads a Laravel page, a simple paginator and a bare array", () => {
    expect(parsePage({ data: { current_page: "1", data: [{}], last_page: 3, next_page_url: "http://x?page=2", total: 40 } })).toMatchObject({
      currentPage: 1,
      lastPage: 3,
      hasNext: true,
      total: 40,
    });
    expect(parsePage({ data: { data: [{}], next_page_url: null } })).toMatchObject({ hasNext: false, lastPage: undefined });
    expect(parsePage({ data: [{}, {}] })).toMatchObject({ rows: [{}, {}], hasNext: false });
  });
});
