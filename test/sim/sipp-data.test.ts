import { describe, expect, it } from "vitest";
import {
  expectedDesaSummary,
  generateSippData,
  KECAMATAN_PASURUAN,
  samples,
  type P3keRecord,
  type SippDataset,
} from "../../sim/sipp-data.js";
import { wireBantuan, wireP3ke, wireTrackingBantuan } from "../../sim/sipp-wire.js";

/** Local structural NIK check (docs/domain.md#nik); the production parser lives in src/domain. */
function checkNik(nik: string, today = new Date()): { female: boolean; date: string; cc: string } | string {
  if (!/^\d{16}$/.test(nik)) return "not 16 digits";
  if (nik.slice(0, 4) !== "3514") return "not Kab. Pasuruan";
  const cc = nik.slice(4, 6);
  if (!(cc in KECAMATAN_PASURUAN)) return `kecamatan ${cc}`;
  let dd = Number(nik.slice(6, 8));
  const mm = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = dd > 40;
  if (female) dd -= 40;
  const real = (y: number) => {
    const d = new Date(Date.UTC(y, mm - 1, dd));
    return d.getUTCFullYear() === y && d.getUTCMonth() === mm - 1 && d.getUTCDate() === dd && d <= today;
  };
  // the most recent real, non-future date wins (as a parser must decide)
  const year = [2000 + yy, 1900 + yy].find(real);
  if (year === undefined) return "birth date";
  if (nik.slice(12) === "0000") return "serial 0000";
  const p = (n: number) => String(n).padStart(2, "0");
  return { female, date: `${year}-${p(mm)}-${p(dd)}`, cc };
}

const ds = generateSippData({ seed: 42 });

function families(data: SippDataset): Map<string, P3keRecord[]> {
  const m = new Map<string, P3keRecord[]>();
  for (const r of data.p3ke) {
    const list = m.get(r.id_keluarga_p3ke) ?? [];
    list.push(r);
    m.set(r.id_keluarga_p3ke, list);
  }
  return m;
}

describe("generateSippData", () => {
  it("produces a realistic amount of data", () => {
    expect(ds.desa.length).toBeGreaterThanOrEqual(24 * 6);
    expect(ds.desa.length).toBeLessThanOrEqual(24 * 14 + 5);
    expect(ds.p3ke.length).toBeGreaterThan(ds.desa.length * 40 - 1);
    expect(ds.bantuan.length).toBeGreaterThan(1000);
  });

  it("generates only structurally valid, unique NIKs consistent with sex and birth date", () => {
    const seen = new Set<string>();
    let sameKecamatan = 0;
    const desaKec = new Map(ds.desa.map((d) => [d.kode_kemdagri, d.kecamatanKode]));
    const errors: string[] = [];
    for (const r of ds.p3ke) {
      const c = checkNik(r.nik);
      if (typeof c === "string") {
        errors.push(`${r.nik}: ${c}`);
        continue;
      }
      if (seen.has(r.nik)) errors.push(`${r.nik}: duplicate`);
      seen.add(r.nik);
      if (r.jenis_kelamin !== (c.female ? "Perempuan" : "Laki-laki")) errors.push(`${r.nik}: sex`);
      if (r.tanggal_lahir !== c.date) errors.push(`${r.nik}: tanggal_lahir ${r.tanggal_lahir}`);
      if (c.cc === desaKec.get(r.kode_kemdagri)) sameKecamatan++;
    }
    for (const b of ds.bantuan) {
      const c = checkNik(b.nik);
      if (typeof c === "string") errors.push(`bantuan ${b.nik}: ${c}`);
    }
    expect(errors).toEqual([]);
    const share = sameKecamatan / ds.p3ke.length;
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.97);
    const s = samples(ds);
    for (const nik of [s.withBantuan, s.noBantuan, s.bantuanOnly, s.unknown, s.female]) {
      expect(checkNik(nik)).toBeTypeOf("object");
    }
  });

  it("uses valid kode_kemdagri and the document's example villages", () => {
    const codes = new Set<string>();
    for (const d of ds.desa) {
      expect(d.kode_kemdagri).toMatch(/^3514(0[1-9]|1\d|2[0-4])[12]\d{3}$/);
      expect(d.kode_kemdagri.slice(4, 6)).toBe(d.kecamatanKode);
      expect(d.kelurahan).toBe(d.kode_kemdagri[6] === "1");
      expect(d.kecamatan).toBe(KECAMATAN_PASURUAN[d.kecamatanKode]?.toUpperCase());
      expect(codes.has(d.kode_kemdagri)).toBe(false);
      codes.add(d.kode_kemdagri);
    }
    const byCode = new Map(ds.desa.map((d) => [d.kode_kemdagri, d]));
    expect(byCode.get("3514141005")).toMatchObject({ nama: "BENDOMUNGAL", kecamatan: "BANGIL", kelurahan: true });
    expect(byCode.get("3514012004")).toMatchObject({ nama: "COWEK", kecamatan: "PURWODADI", kelurahan: false });
    const names = ds.desa.map((d) => d.nama);
    expect(names).toContain("ORO-ORO OMBO");
    expect(names).toContain("KARANGREJO");
    expect(names).toContain("KARANGREJA");
    expect(ds.desa.filter((d) => d.nama === "SUMBERREJO").length).toBeGreaterThanOrEqual(2);
    expect(ds.desa.some((d) => d.kelurahan)).toBe(true);
    // names unique within a kecamatan
    for (const cc of Object.keys(KECAMATAN_PASURUAN)) {
      const n = ds.desa.filter((d) => d.kecamatanKode === cc).map((d) => d.nama);
      expect(new Set(n).size).toBe(n.length);
    }
  });

  it("builds consistent families", () => {
    const fam = families(ds);
    const errors: string[] = [];
    for (const [id, members] of fam) {
      if (!/^\d{9}$/.test(id)) errors.push(`${id}: id`);
      if (members.length < 1 || members.length > 6) errors.push(`${id}: size ${members.length}`);
      const heads = members.filter((m) => m.hubungan_dengan_kepala_keluarga === "Kepala Keluarga").length;
      if (heads !== 1) errors.push(`${id}: ${heads} heads`);
      if (new Set(members.map((m) => m.desil_kesejahteraan)).size !== 1) errors.push(`${id}: desil varies`);
      if (new Set(members.map((m) => m.kode_kemdagri)).size !== 1) errors.push(`${id}: desa varies`);
      if (members.some((m) => m.hubungan_dengan_kepala_keluarga === "Istri" && m.jenis_kelamin !== "Perempuan"))
        errors.push(`${id}: male Istri`);
    }
    expect(errors).toEqual([]);
    const desil = new Map<number, number>();
    for (const members of fam.values()) {
      const d = members[0]!.desil_kesejahteraan;
      desil.set(d, (desil.get(d) ?? 0) + 1);
    }
    const total = fam.size;
    expect((desil.get(1) ?? 0) / total).toBeGreaterThan(0.3);
    const oneToFour = [1, 2, 3, 4].reduce((a, d) => a + (desil.get(d) ?? 0), 0);
    expect(oneToFour / total).toBeGreaterThan(0.9);
  });

  it("fills the P3KE fields", () => {
    const padan = ds.p3ke.filter((r) => r.padan_dukcapil === "Ya").length / ds.p3ke.length;
    expect(padan).toBeGreaterThan(0.8);
    expect(padan).toBeLessThan(0.9);
    for (const r of ds.p3ke.slice(0, 2000)) {
      expect(r.provinsi).toBe("JAWA TIMUR");
      expect(r.kabupaten_kota).toBe("KABUPATEN PASURUAN");
      expect(r.alamat).toMatch(/^DUSUN [A-Z ]+ RT \d{3} RW \d{3}$/);
      expect(r.nama).toMatch(/^[A-Z.' ]+$/);
      expect(["Ya", "Tidak"]).toContain(r.penerima_pkh);
      expect(["Ya", "Tidak"]).toContain(r.penerima_bpnt);
      expect(r.pendidikan.length).toBeGreaterThan(0);
      expect(r.pekerjaan.length).toBeGreaterThan(0);
    }
    const gw = new Set(ds.p3ke.filter((r) => r.kode_kemdagri.startsWith("351418")).map((r) => r.kecamatan));
    expect(gw).toEqual(new Set(["GONDANGWETAN", "GONDANG WETAN"]));
  });

  it("generates bantuan with the documented properties", () => {
    const p3keNiks = new Set(ds.p3ke.map((r) => r.nik));
    const rows = new Map<string, number>();
    for (const b of ds.bantuan) rows.set(b.nik, (rows.get(b.nik) ?? 0) + 1);
    for (const n of rows.values()) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(4);
    }
    const outside = [...rows.keys()].filter((n) => !p3keNiks.has(n));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.length).toBeLessThan(rows.size * 0.2);

    const fam = families(ds);
    let withBantuan = 0;
    let desil1Without = 0;
    for (const members of fam.values()) {
      const has = members.some((m) => rows.has(m.nik));
      if (has) withBantuan++;
      else if (members[0]!.desil_kesejahteraan === 1) desil1Without++;
    }
    const share = withBantuan / fam.size;
    expect(share).toBeGreaterThanOrEqual(0.4);
    expect(share).toBeLessThanOrEqual(0.6);
    expect(desil1Without).toBeGreaterThan(0);

    expect(ds.bantuan.some((b) => b.nama_opd.includes("&"))).toBe(true);
    expect(ds.bantuan.some((b) => b.sub_kegiatan.length > 100)).toBe(true);
    expect(ds.bantuan.some((b) => b.kegiatan.length > 100)).toBe(true);
    expect(ds.bantuan.some((b) => b.nilai === null)).toBe(true);
    expect(new Set(ds.bantuan.map((b) => b.tahun))).toEqual(new Set(["2025", "2026"]));
    expect(new Set(ds.bantuan.map((b) => b.nama_opd)).size).toBeGreaterThanOrEqual(6);
    // a person's bantuan rows carry the person's desa
    const desaOf = new Map(ds.p3ke.map((r) => [r.nik, r.kode_kemdagri]));
    for (const b of ds.bantuan) {
      const k = desaOf.get(b.nik);
      if (k) expect(b.kode_kemdagri).toBe(k);
    }
    // (nik, sub_kegiatan, tahun) unique: programme-field de-duplication never drops real rows
    const keys = new Set(ds.bantuan.map((b) => `${b.nik}|${b.sub_kegiatan}|${b.tahun}`));
    expect(keys.size).toBe(ds.bantuan.length);
  });

  it("is deterministic for a seed", () => {
    const again = generateSippData({ seed: 42 });
    expect(again).toEqual(ds);
    const other = generateSippData({ seed: 43 });
    expect(other.p3ke[0]?.nik).not.toBe(ds.p3ke[0]?.nik);
  });

  it("honours the size options and bigDesa", () => {
    const small = generateSippData({ seed: 1, kecamatan: ["14", "1"], desaPerKecamatan: 3, peoplePerDesa: 25 });
    expect(new Set(small.desa.map((d) => d.kecamatanKode))).toEqual(new Set(["01", "14"]));
    expect(small.desa).toHaveLength(6);
    expect(small.p3ke).toHaveLength(6 * 25);
    expect(small.desa.map((d) => d.nama)).toEqual(expect.arrayContaining(["COWEK", "BENDOMUNGAL"]));

    const big = generateSippData({
      seed: 1,
      kecamatan: ["14"],
      desaPerKecamatan: 4,
      peoplePerDesa: 10,
      bigDesa: [{ people: 2000 }, { kode_kemdagri: "35.14.14.2003", people: 300 }, { kode_kemdagri: "3514122004", people: 50 }],
    });
    expect(big.bigDesa).toHaveLength(3);
    const count = (k: string) => big.p3ke.filter((r) => r.kode_kemdagri === k).length;
    expect(count(big.bigDesa[0]!)).toBe(2000);
    expect(big.bigDesa[1]).toBe("3514142003");
    expect(count("3514142003")).toBe(300);
    expect(count("3514122004")).toBe(50);
    expect(big.desa.find((d) => d.kode_kemdagri === "3514122004")?.nama).toBe("KARANGREJO");

    const many = generateSippData({ seed: 1, kecamatan: ["24"], desaPerKecamatan: 20, peoplePerDesa: 5 });
    expect(many.desa).toHaveLength(20);
    expect(new Set(many.desa.map((d) => d.nama)).size).toBe(20);
  });

  it("generates the whole kabupaten at ~170 people per desa (~40,000 people); its speed is for npm run bench, not a test", () => {
    const big = generateSippData({ seed: 7, peoplePerDesa: 170 });
    expect(big.p3ke.length).toBeGreaterThan(38_000);
  });
});

describe("samples and expectedDesaSummary", () => {
  it("returns NIKs with the promised properties", () => {
    const s = samples(ds);
    const p3ke = new Map(ds.p3ke.map((r) => [r.nik, r]));
    const bantuan = new Set(ds.bantuan.map((b) => b.nik));
    expect(p3ke.has(s.withBantuan) && bantuan.has(s.withBantuan)).toBe(true);
    expect(p3ke.has(s.noBantuan) && !bantuan.has(s.noBantuan)).toBe(true);
    expect(!p3ke.has(s.bantuanOnly) && bantuan.has(s.bantuanOnly)).toBe(true);
    expect(!p3ke.has(s.unknown) && !bantuan.has(s.unknown)).toBe(true);
    expect(p3ke.get(s.female)?.jenis_kelamin).toBe("Perempuan");
    expect(s.desa).toBe("3514141005");
  });

  it("summarises a desa consistently with a brute-force count", () => {
    for (const d of ds.desa.slice(0, 40)) {
      const s = expectedDesaSummary(ds, d.kode_kemdagri);
      const rows = ds.p3ke.filter((r) => r.kode_kemdagri === d.kode_kemdagri);
      expect(s.individuals).toBe(rows.length);
      expect(s.families).toBe(new Set(rows.map((r) => r.id_keluarga_p3ke)).size);
      const sumF = Object.values(s.perDesil).reduce((a, c) => a + c.families, 0);
      const sumI = Object.values(s.perDesil).reduce((a, c) => a + c.individuals, 0);
      expect(sumF).toBe(s.families);
      expect(sumI).toBe(s.individuals);
      expect(s.desil1FamiliesNoBantuan.length).toBeLessThanOrEqual(s.desil1Families);
      const bantuanNiks = new Set(ds.bantuan.map((b) => b.nik));
      for (const id of s.desil1FamiliesNoBantuan) {
        const members = rows.filter((r) => r.id_keluarga_p3ke === id);
        expect(members[0]?.desil_kesejahteraan).toBe(1);
        expect(members.some((m) => bantuanNiks.has(m.nik))).toBe(false);
      }
      const b = ds.bantuan.filter((x) => x.kode_kemdagri === d.kode_kemdagri);
      expect(s.bantuanRows).toBe(b.length);
      expect(s.recipients).toBe(new Set(b.map((x) => x.nik)).size);
      for (const [opd, n] of Object.entries(s.recipientsPerOpd)) {
        expect(n).toBe(new Set(b.filter((x) => x.nama_opd === opd).map((x) => x.nik)).size);
      }
    }
    // dotted code accepted
    expect(expectedDesaSummary(ds, "35.14.14.1005").nama).toBe("BENDOMUNGAL");
  });
});

describe("wire form", () => {
  it("reproduces the tolerated quirks, deterministically", () => {
    const wires = ds.p3ke.map((r, i) => wireP3ke(r, ds.seed, i + 1));
    const desil = wires.map((w) => w.desil_kesejahteraan);
    expect(desil.some((d) => typeof d === "number")).toBe(true);
    expect(desil.some((d) => typeof d === "string" && /^\d+$/.test(d))).toBe(true);
    expect(desil.some((d) => typeof d === "string" && /^Desil \d+$/.test(d))).toBe(true);
    expect(wires.some((w) => typeof w.id_keluarga_p3ke === "number")).toBe(true);
    expect(wires.some((w) => typeof w.kecamatan === "string" && w.kecamatan !== w.kecamatan.trim())).toBe(true);
    expect(wires.some((w) => w.pekerjaan === null)).toBe(true);
    expect(wires.some((w) => w.pendidikan === "")).toBe(true);
    expect(wires.some((w) => "keterangan" in w)).toBe(true);
    expect(wires.every((w) => typeof w.id === "number")).toBe(true);
    expect(wireP3ke(ds.p3ke[5]!, ds.seed, 6)).toEqual(wires[5]);
    // canonical values are recoverable
    const bad = wires.filter((w, i) => {
      const r = ds.p3ke[i]!;
      return (
        String(w.id_keluarga_p3ke) !== r.id_keluarga_p3ke ||
        Number(String(w.desil_kesejahteraan).replace(/\D/g, "")) !== r.desil_kesejahteraan ||
        String(w.kecamatan).trim().replace(/\s+/g, " ") !== r.kecamatan ||
        w.nik !== r.nik
      );
    });
    expect(bad).toEqual([]);

    const bw = ds.bantuan.map((b, i) => wireBantuan(b, ds.seed, i + 1));
    expect(bw.some((w) => typeof w.nilai === "string")).toBe(true);
    expect(bw.some((w) => !("nilai" in w))).toBe(true);
    expect(bw.some((w) => typeof w.tahun === "number")).toBe(true);
    const allowed = new Set(["nama_opd", "strategi", "program", "kegiatan", "sub_kegiatan", "tahun", "nilai"]);
    const mismatched = bw.filter((w, i) => {
      const t = wireTrackingBantuan(ds.bantuan[i]!, ds.seed);
      return t.nilai !== w.nilai || t.tahun !== w.tahun || Object.keys(t).some((k) => !allowed.has(k));
    });
    expect(mismatched).toEqual([]);
    expect(wireP3ke(ds.p3ke[0]!, ds.seed, 1, { quirks: false })).toEqual(ds.p3ke[0]);
  });
});
