import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OFFICER, startHarness, type Harness } from "../helpers/harness.js";
import { expectedDesaSummary, generateSippData, type SippDataset } from "../../sim/sipp-data.js";
import type { SippPaginationMode } from "../../sim/sipp.js";
import { angka } from "../helpers/expected.js";

/**
 * docs/upstream.md#sipp-pagination: any key besides `data` may be missing, and the paginator may come in
 * several Laravel shapes. Whatever the shape, /desa must count every row of every page, fetch
 * each page once, and never stop after page 1 in silence.
 */
const KODE = "3514141005"; // Kelurahan Bendomungal, Kec. Bangil: 97 people → 7 pages of 15
let data: SippDataset;
let h: Harness;

beforeAll(async () => {
  data = generateSippData({ seed: 5, kecamatan: ["14"], desaPerKecamatan: 3, peoplePerDesa: [10, 20], bigDesa: [{ kode_kemdagri: KODE, people: 97 }] });
  h = await startHarness({ data, env: { RATE_LIMIT_PER_MIN: "1000" } });
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

describe("/desa across SIPP page shapes", () => {
  it.each<SippPaginationMode>(["laravel", "simple", "minimal", "links", "top-level", "resource"])("%s: every row counted, every page fetched once", async (mode) => {
    h.sipp.setPagination(mode);
    h.app.cache.clear();
    const before = h.sipp.requests.length;
    const exp = expectedDesaSummary(data, KODE);
    const m = await h.say(OFFICER, `/desa ${KODE}`, { match: /Sumber: SIPP|⚠️/ });
    expect(m.text).toContain(`${angka(exp.families)} keluarga · ${angka(exp.individuals)} jiwa`);
    expect(m.text).toContain(`Penerima bantuan: ${exp.recipients} orang`);
    expect(m.text).toContain(`Desil 1 tanpa bantuan: ${exp.desil1FamiliesNoBantuan.length} dari ${exp.desil1Families}`);
    const reqs = h.sipp.requests.slice(before).filter((r) => r.query.kode_kemdagri === KODE);
    for (const path of ["/api/p3ke", "/api/bantuan"]) {
      const pages = reqs.filter((r) => r.path === path).map((r) => Number(r.query.page));
      expect(new Set(pages).size).toBe(pages.length);
    }
    expect(reqs.filter((r) => r.path === "/api/p3ke").length).toBeGreaterThanOrEqual(Math.ceil(97 / 15));
  });
});

describe("/desa bantuan rows", () => {
  it("two rows of one programme and year with different values are two bantuan, not a page-shift duplicate", async () => {
    h.sipp.setPagination("laravel");
    const head = data.p3ke.find((p) => p.kode_kemdagri === KODE && p.hubungan_dengan_kepala_keluarga === "Kepala Keluarga" && !data.bantuan.some((b) => b.nik === p.nik))!;
    const members = data.p3ke.filter((p) => p.id_keluarga_p3ke === head.id_keluarga_p3ke);
    const template = data.bantuan.find((b) => b.kode_kemdagri === KODE)!;
    h.sipp.mutate((ds) => {
      ds.bantuan.push({ ...template, nik: head.nik, tahun: "2026", nilai: 600_000 }, { ...template, nik: head.nik, tahun: "2026", nilai: 900_000 });
    });
    h.app.cache.clear();
    const s = await h.say(OFFICER, `/desa ${KODE}`, { match: /Sumber: SIPP/ });
    h.tg.pressButton(OFFICER, s, `ds1:x:${KODE}:csv`);
    const doc = await h.tg.waitFor({ chatId: OFFICER, since: s.seq, match: (m) => m.kind === "document" });
    const lines = doc.document!.data.toString("utf8").slice(1).split("\r\n");
    const header = lines[0]!.split(",");
    const row = lines.find((l) => l.split(",")[header.indexOf("ID Keluarga P3KE")] === head.id_keluarga_p3ke)!.split(",");
    const expected = members.reduce((n, m) => n + data.bantuan.filter((b) => b.nik === m.nik).length, 0);
    expect(expected).toBeGreaterThanOrEqual(2);
    expect(Number(row[header.indexOf("Jumlah Bantuan")])).toBe(expected);
  });
});
