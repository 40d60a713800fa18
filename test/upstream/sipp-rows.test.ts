import { describe, expect, it } from "vitest";
import { parsePage } from "../../src/upstream/sipp-pages.js";
import { parseTracking } from "../../src/upstream/sipp-rows.js";
import { UpstreamError } from "../../src/upstream/errors.js";
import { parseRetryAfter } from "../../src/upstream/http.js";

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

  it("reads the other Laravel page shapes: top-level paginator, API resource, links array, the document's bare minimum", () => {
    const rows = [{ nik: "1" }];
    expect(parsePage({ current_page: 1, data: rows, last_page: 4, next_page_url: "http://x?page=2", total: 50 })).toMatchObject({ rows, lastPage: 4, hasNext: true });
    expect(parsePage({ data: rows, links: { next: null }, meta: { current_page: 3, last_page: 3, total: 31 } })).toMatchObject({ rows, currentPage: 3, lastPage: 3, hasNext: false });
    const links = (next: string | null) => [{ url: null, label: "&laquo; Previous", active: false }, { url: "http://x?page=1", label: "1", active: true }, { url: next, label: "Next &raquo;", active: false }];
    expect(parsePage({ data: { current_page: 1, data: rows, links: links("http://x?page=2") } })).toMatchObject({ hasNext: true, openEnded: false });
    expect(parsePage({ data: { current_page: 2, data: rows, links: links(null) } })).toMatchObject({ hasNext: false, openEnded: false });
    // Only what the document prints: more pages may follow, the walk must look.
    expect(parsePage({ data: { current_page: 1, data: rows } })).toMatchObject({ rows, currentPage: 1, openEnded: true });
    // PHP list with gaps in its keys arrives as an object.
    expect(parsePage({ data: { current_page: 1, data: { "0": { nik: "1" }, "2": { nik: "2" } }, last_page: 1 } }).rows).toEqual([{ nik: "1" }, { nik: "2" }]);
  });

  it("tracking: PHP's empty data [], a profile inside a list, bantuan as a keyed object", () => {
    expect(parseTracking({ data: [] })).toEqual({ profile: null, bantuan: [] });
    const r = parseTracking({
      data: { profile: [{ nik: "3514145203880002", id_keluarga_p3ke: "KK-0012", desil: 2 }], bantuan: { "0": { nama_opd: "DINAS SOSIAL" }, "3": { nama_opd: "DINAS KESEHATAN" } } },
    });
    expect(r.profile).toMatchObject({ nik: "3514145203880002", idKeluarga: "KK-0012", desil: 2 });
    expect(r.bantuan.map((b) => b.namaOpd)).toEqual(["DINAS SOSIAL", "DINAS KESEHATAN"]);
    expect(parseTracking({ data: { profile: null, bantuan: {} } })).toEqual({ profile: null, bantuan: [] });
  });

  it("Retry-After in seconds or as an HTTP-date", () => {
    const now = Date.parse("2026-01-05T10:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Mon, 05 Jan 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 05 Jan 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
