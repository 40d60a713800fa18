import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OFFICER, startHarness, type Harness } from "../helpers/harness.js";
import { generateSippData } from "../../sim/sipp-data.js";
import { masked } from "../helpers/expected.js";

/**
 * docs/domain.md#telegram-limits: 4096 characters per message (long answers split on line breaks, never inside
 * a tag) and upstream text escaped for parse_mode HTML ("P&K", "<").
 */
const NIK = "3514145203889991"; // a woman born 12 March 1988, Bangil
let h: Harness;

beforeAll(async () => {
  const data = generateSippData({ seed: 3, kecamatan: ["14"], desaPerKecamatan: 2, peoplePerDesa: [10, 12] });
  const desa = data.desa[0]!;
  data.p3ke.push({
    ...data.p3ke.find((p) => p.kode_kemdagri === desa.kode_kemdagri)!,
    id_keluarga_p3ke: "999000111",
    nik: NIK,
    nama: "SITI <AMINAH> & PUTRI",
    alamat: "RT 001 <RW 002> & DUSUN KRAJAN",
    hubungan_dengan_kepala_keluarga: "Kepala Keluarga",
    jenis_kelamin: "Perempuan",
  });
  for (let i = 0; i < 60; i++) {
    data.bantuan.push({
      kecamatan: desa.kecamatan,
      desa_kelurahan: desa.nama,
      kode_kemdagri: desa.kode_kemdagri,
      nik: NIK,
      nama_opd: i % 2 ? "DINAS P&K <BIDANG " + (i % 5) + ">" : "DINAS SOSIAL",
      strategi: "Mengurangi Beban Pengeluaran",
      program: `1.06.0${i % 9}. PROGRAM PERLINDUNGAN & JAMINAN SOSIAL <${i}> DENGAN NAMA NOMENKLATUR YANG SANGAT PANJANG SEKALI UNTUK UJI`,
      kegiatan: `1.06.0${i % 9}.2.01. Pengelolaan Data Fakir Miskin & Orang Tidak Mampu Cakupan Daerah Kabupaten/Kota`,
      sub_kegiatan: `1.06.0${i % 9}.2.01.0001 Pendataan & Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota nomor ${i}`,
      tahun: "2026",
      nilai: 1_250_000 + i,
    });
  }
  h = await startHarness({ data });
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

describe("/cek with a long answer and HTML-special upstream text", () => {
  it("splits into messages under 4096 characters, every part valid HTML, names escaped", async () => {
    const parts = await h.sayAll(OFFICER, `/cek ${NIK}`, { quietMs: 500 });
    const failed = h.tg.calls.filter((c) => c.method === "sendMessage" && !c.ok);
    expect(failed).toEqual([]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(4096);
    const all = parts.map((p) => p.text).join("\n");
    expect(parts[0]!.text).toContain(masked(NIK));
    expect(all).toContain("SITI <AMINAH> & PUTRI");
    expect(all).toContain("DINAS P&K <BIDANG 1>");
    expect(all).toContain("Bantuan (60)");
    for (let i = 0; i < 60; i++) expect(all).toContain(`nomor ${i}`);
    expect(all).toMatch(/Sumber: SIPP/);
    expect(all).not.toContain(NIK);
  });

  it("/desa lists the OPD with escaped names", async () => {
    const kode = h.data.desa[0]!.kode_kemdagri;
    const m = await h.say(OFFICER, `/desa ${kode}`, { match: /Sumber: SIPP/ });
    expect(m.text).toContain("DINAS P&K <BIDANG 1>");
    expect(h.tg.calls.filter((c) => c.method === "sendMessage" && !c.ok)).toEqual([]);
  });
});
