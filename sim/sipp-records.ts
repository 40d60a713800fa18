/** The canonical SIPP records: villages, P3KE people and bantuan rows, and the dataset that holds them. */

export type YaTidak = "Ya" | "Tidak";
export type JenisKelamin = "Laki-laki" | "Perempuan";
export type Hubungan =
  | "Kepala Keluarga"
  | "Istri"
  | "Anak"
  | "Menantu"
  | "Cucu"
  | "Orang Tua"
  | "Famili Lain";

/** A desa or kelurahan. */
export interface DesaRecord {
  /** 10 digits: 35 14 CC DDDD (DDDD 1xxx = kelurahan, 2xxx = desa). */
  kode_kemdagri: string;
  /** Upper case, as the API writes it ("BENDOMUNGAL", "ORO-ORO OMBO"). */
  nama: string;
  /** "01".."24". */
  kecamatanKode: string;
  /** Upper-case canonical kecamatan name ("GONDANGWETAN"; rows may say "GONDANG WETAN"). */
  kecamatan: string;
  kelurahan: boolean;
}

/** One person in P3KE (one row of /api/p3ke), canonical form. */
export interface P3keRecord {
  id_keluarga_p3ke: string;
  /** Upper case; in kecamatan 18 either "GONDANGWETAN" or "GONDANG WETAN" (per family). */
  kecamatan: string;
  desa_kelurahan: string;
  kode_kemdagri: string;
  nik: string;
  padan_dukcapil: YaTidak;
  jenis_kelamin: JenisKelamin;
  pekerjaan: string;
  pendidikan: string;
  nama: string;
  alamat: string;
  hubungan_dengan_kepala_keluarga: Hubungan;
  /** YYYY-MM-DD, consistent with the NIK. */
  tanggal_lahir: string;
  /** Same for the whole family; mostly 1–4. */
  desil_kesejahteraan: number;
  penerima_pkh: YaTidak;
  penerima_bpnt: YaTidak;
  provinsi: "JAWA TIMUR";
  kabupaten_kota: "KABUPATEN PASURUAN";
}

/** Who runs a programme (OPD), under which strategy, and its place in the regional budget. */
export interface ProgrammeFields {
  nama_opd: string;
  strategi: string;
  program: string;
  kegiatan: string;
  sub_kegiatan: string;
}

/** One person × one programme (one row of /api/bantuan), canonical form. */
export interface BantuanRecord extends ProgrammeFields {
  kecamatan: string;
  desa_kelurahan: string;
  kode_kemdagri: string;
  nik: string;
  tahun: string;
  /** Rupiah; null when the source has no value. */
  nilai: number | null;
}

/** A generated dataset; see generateSippData. */
export interface SippDataset {
  seed: number;
  /** Birth dates are at most this date (YYYY-MM-DD); fixed so data does not depend on "now". */
  referenceDate: string;
  /** Sorted by kode_kemdagri. */
  desa: DesaRecord[];
  /** Sorted by kode_kemdagri, then family, head first. */
  p3ke: P3keRecord[];
  /** Sorted by kode_kemdagri; rows of a person are adjacent. */
  bantuan: BantuanRecord[];
  /** kode_kemdagri of the desa created/resized by `bigDesa`, in option order. */
  bigDesa: string[];
}
