/**
 * The shapes of the panel API's answers (docs/panel.md#api), shared by the server (src/panel)
 * and the page (webapp/): types only, no imports, so the page's build can read them.
 */

/** GET api/saya: who is calling. */
export interface PanelSaya {
  id: number;
  peran: "admin" | "officer";
  nama?: string;
  wilayahTerbatas: boolean;
  satkerTerbatas: boolean;
  /** Whether budget data is configured at all (OMSPAN key). */
  anggaran: boolean;
}

export interface PanelPlace {
  kode: string;
  nama: string;
}

/** One family as the panel shows it; keys kept short: a desa has up to a few thousand. */
export interface PanelFamily {
  /** Head of family's name. */
  n?: string;
  /** Head's NIK, masked (`3514********0002`). */
  nik?: string;
  desil?: number;
  dusun?: string;
  rt?: string;
  rw?: string;
  /** Members. */
  a: number;
  /** Members receiving bantuan. */
  p: number;
  /** OPDs of that bantuan. */
  opd: string[];
}

export interface PanelDesa {
  kode: string;
  nama?: string;
  kecamatan?: string;
  keluarga: number;
  jiwa: number;
  /** When SIPP answered (ms), and whether that answer is older than the cache's freshness. */
  diambil: number;
  lama: boolean;
  keluargaList: PanelFamily[];
}

export interface PanelSatker {
  kd: string;
  nama?: string;
  /** Rupiah (not sen). */
  pagu: number;
  realisasi: number;
  persen?: number;
  /** This quarter's target, weighted by the pagu of the jenis belanja that have one (%). */
  target?: number;
  /** target − persen, points (positive: behind). */
  gap?: number;
  /** Σ of the akun in pagu minus (rupiah, negative), and how many akun. */
  minus: number;
  minusAkun: number;
  ikpa?: { nilai?: number; kategori?: string; periode: number };
}

export interface PanelSatkerTable {
  /** True before the first OMSPAN sync (no other field then but an empty list). */
  belumSinkron?: boolean;
  /** Roman numeral of this quarter ("III"). */
  triwulan?: string;
  /** RealisasiKL MAXDATE, "YYYY-MM-DD". */
  tanggalData?: string;
  /** When the data set was synced (ms). */
  disinkron?: number;
  satker: PanelSatker[];
}

export interface PanelChart {
  kd: string;
  nama?: string;
  tahun: number;
  /** Cumulative realisasi, % of pagu, per month; null after the data's last month. */
  realisasi: (number | null)[];
  /** The weighted target line (12 values), when any jenis has a target. */
  target?: number[];
}
