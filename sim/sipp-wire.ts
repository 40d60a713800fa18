/**
 * Wire form of the canonical SIPP records: what the simulator serves. Reproduces the
 * quirks the client must tolerate ("SIPP tolerant parsing" in docs/upstream.md),
 * deterministically per record (same record, same seed → same wire form on every request):
 * - desil_kesejahteraan as 1, "1" or "Desil 1";
 * - id_keluarga_p3ke sometimes a JSON number; tahun sometimes a number;
 * - nilai as a number, a decimal string ("1500000.00", as Laravel serialises DECIMAL
 *   columns) or a plain digit string; a null nilai is either null or the key is absent;
 * - odd whitespace in kecamatan / desa_kelurahan / nama (" BANGIL ", double spaces);
 * - optional fields (pekerjaan, pendidikan, alamat, tanggal_lahir) null or "";
 * - yes/no flags in other spellings ("YA", 1/0);
 * - extra fields the client must ignore: id, created_at, updated_at, sometimes keterangan.
 */
import { Rng, hashString } from "./random.js";
import type { BantuanRecord, P3keRecord } from "./sipp-records.js";

export type WireRow = Record<string, unknown>;

export interface WireOptions {
  /** false: serve the canonical records unchanged (plus nothing). Default true. */
  quirks?: boolean;
}

const TIMESTAMP = "2025-11-03T02:14:57.000000Z";

function rngFor(seed: number, key: string): Rng {
  return new Rng(hashString(key, (seed ^ 0x9e3779b9) >>> 0));
}

function spaced(rng: Rng, s: string, p: number): string {
  if (!rng.chance(p)) return s;
  const k = rng.int(0, 2);
  if (k === 0) return ` ${s} `;
  if (k === 1) return `${s}  `;
  return s.includes(" ") ? s.replace(" ", "  ") : ` ${s}`;
}

function optional(rng: Rng, s: string): string | null {
  const r = rng.float();
  if (r < 0.02) return null;
  if (r < 0.04) return "";
  return s;
}

function yesNo(rng: Rng, v: "Ya" | "Tidak"): unknown {
  const r = rng.float();
  if (r < 0.05) return v === "Ya" ? "YA" : "TIDAK";
  if (r < 0.08) return v === "Ya" ? 1 : 0;
  return v;
}

export function wireP3ke(r: P3keRecord, seed: number, id: number, opts: WireOptions = {}): WireRow {
  if (opts.quirks === false) return { ...r };
  const rng = rngFor(seed, `p3ke|${r.nik}|${r.id_keluarga_p3ke}`);
  const d = rng.float();
  const desil: unknown =
    d < 0.5 ? r.desil_kesejahteraan : d < 0.8 ? String(r.desil_kesejahteraan) : `Desil ${r.desil_kesejahteraan}`;
  const row: WireRow = {
    id,
    id_keluarga_p3ke: rng.chance(0.15) ? Number(r.id_keluarga_p3ke) : r.id_keluarga_p3ke,
    kecamatan: spaced(rng, r.kecamatan, 0.04),
    desa_kelurahan: spaced(rng, r.desa_kelurahan, 0.03),
    kode_kemdagri: r.kode_kemdagri,
    nik: r.nik,
    padan_dukcapil: rng.chance(0.05) ? r.padan_dukcapil.toUpperCase() : r.padan_dukcapil,
    jenis_kelamin: r.jenis_kelamin,
    pekerjaan: optional(rng, r.pekerjaan),
    pendidikan: optional(rng, r.pendidikan),
    nama: spaced(rng, r.nama, 0.03),
    alamat: optional(rng, r.alamat),
    hubungan_dengan_kepala_keluarga: r.hubungan_dengan_kepala_keluarga,
    tanggal_lahir: optional(rng, r.tanggal_lahir),
    desil_kesejahteraan: desil,
    penerima_pkh: yesNo(rng, r.penerima_pkh),
    penerima_bpnt: yesNo(rng, r.penerima_bpnt),
    provinsi: r.provinsi,
    kabupaten_kota: r.kabupaten_kota,
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  };
  if (rng.chance(0.05)) row.keterangan = rng.chance(0.5) ? null : "VERIFIKASI 2025";
  return row;
}

function programmeFields(rng: Rng, b: BantuanRecord): WireRow {
  const row: WireRow = {
    nama_opd: b.nama_opd,
    strategi: b.strategi,
    program: b.program,
    kegiatan: b.kegiatan,
    sub_kegiatan: b.sub_kegiatan,
    tahun: rng.chance(0.2) ? Number(b.tahun) : b.tahun,
  };
  if (b.nilai === null) {
    if (rng.chance(0.5)) row.nilai = null;
  } else {
    const r = rng.float();
    row.nilai = r < 0.75 ? b.nilai : r < 0.9 ? `${b.nilai}.00` : String(b.nilai);
  }
  return row;
}

/** A /api/bantuan row. */
export function wireBantuan(b: BantuanRecord, seed: number, id: number, opts: WireOptions = {}): WireRow {
  if (opts.quirks === false) return { ...b };
  const rng = rngFor(seed, `bantuan|${b.nik}|${b.sub_kegiatan}|${b.tahun}`);
  return {
    id,
    kecamatan: spaced(rng, b.kecamatan, 0.04),
    desa_kelurahan: spaced(rng, b.desa_kelurahan, 0.03),
    kode_kemdagri: b.kode_kemdagri,
    nik: b.nik,
    ...programmeFields(rng, b),
    created_at: TIMESTAMP,
  };
}

/** A /api/tracking bantuan item: only the programme fields (as in the document). */
export function wireTrackingBantuan(b: BantuanRecord, seed: number, opts: WireOptions = {}): WireRow {
  if (opts.quirks === false) {
    const { nama_opd, strategi, program, kegiatan, sub_kegiatan, tahun, nilai } = b;
    return { nama_opd, strategi, program, kegiatan, sub_kegiatan, tahun, nilai };
  }
  const rng = rngFor(seed, `bantuan|${b.nik}|${b.sub_kegiatan}|${b.tahun}`);
  // skip the draws wireBantuan makes for location whitespace so both views agree on tahun/nilai
  spaced(rng, b.kecamatan, 0.04);
  spaced(rng, b.desa_kelurahan, 0.03);
  return programmeFields(rng, b);
}
