/**
 * Deterministic synthetic OMSPAN data of Kementerian ATR/BPN (BA 056), served by the OMSPAN
 * simulator (omspan.ts) and used by tests, the demo and the benchmarks.
 *
 * - Satker, DIPA lines and IK rows are small and generated eagerly from the seed.
 * - RealisasiKL rows are NEVER stored: row i (0-based, ROWNUM i + 1) is generated on demand
 *   from (seed, i), so millions of rows cost no memory. Each row belongs to one DIPA line; the
 *   line of row i comes from a shuffled slot table (line l owns `weight` slots), so the exact
 *   number of rows per line is known in closed form and amounts are scaled to it: a line's
 *   realisasi is about `pagu × speed × month/12` whatever the row count.
 * - DataFA ACTUAL_AMT of a line is the exact sum of its RealisasiKL rows (one lazy pass over
 *   the rows, cached), so the client's cross-check agrees; BALANCING_AMT = DIPA − ACTUAL −
 *   KONTRAK − BLOKIR. A few lines are over-spent by design (pagu minus).
 * - `reference()` recomputes everything a client should find — pagu, realisasi per akun ×
 *   month, per jenis, DataFA sums, pagu-minus lines, latest IK score — with its own simple
 *   code, independent of src/upstream and src/budget.
 *
 * Canonical values are numbers (integer rupiah); the wire form (all strings, key quirks) is
 * built only when serving.
 */
import { createHmac } from "node:crypto";
import { mulberry32, Rng } from "./random.js";

// ---- constants ------------------------------------------------------------------------

export const BA_ATR_BPN = "056";
export const NAMA_BA = "KEMENTERIAN AGRARIA DAN TATA RUANG/BADAN PERTANAHAN NASIONAL";
const MON = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** Oracle `DD-MON-RR`, the way OMSPAN prints dates: `04-FEB-26`. */
export function simOracleDate(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, "0")}-${MON[month - 1]}-${String(year % 100).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 32-bit avalanche of (a, b): the per-row seed. */
function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");

/**
 * A fake OMSPAN API key: a JWT (HS256) whose payload carries the client, role, budget year
 * (`kdt`) and issue time, like the key printed in the OMSPAN document. Signed with a
 * simulator-only secret; nothing can verify it but the simulator's string comparison.
 */
export function fakeOmspanJwt(year = 2026, client = "KEMENTERIAN ATR/BPN"): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const iat = Math.floor(Date.UTC(year - 1, 8, 28, 3, 0, 0) / 1000);
  const payload = b64url(JSON.stringify({ sub: "omspan-ws", client, role: "KL", ba: BA_ATR_BPN, kdt: String(year), iat }));
  const sig = createHmac("sha256", "pantau-omspan-simulator").update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

// ---- catalog --------------------------------------------------------------------------

export type SatkerJenis = "pusat" | "kanwil" | "kantah";

export interface SimSatker {
  kdsatker: string;
  nama: string;
  jenis: SatkerJenis;
  kppn: string;
  lokasi: string;
  kewenangan: string;
  /** Eselon I unit of the satker's own (operational) programme: "01".."08". */
  es1: string;
}

interface Programme {
  es1: string;
  program: string;
  kegiatan: readonly string[];
}

const PROGRAMMES: Record<string, Programme> = {
  "01": { es1: "01", program: "0560101", kegiatan: ["5052", "5053"] },
  "02": { es1: "02", program: "0560201", kegiatan: ["5054"] },
  "03": { es1: "03", program: "0560306", kegiatan: ["5059", "5060"] },
  "04": { es1: "04", program: "0560406", kegiatan: ["5061", "5062"] },
  "05": { es1: "05", program: "0560506", kegiatan: ["5064"] },
  "06": { es1: "06", program: "0560606", kegiatan: ["5066"] },
  "07": { es1: "07", program: "0560706", kegiatan: ["5068"] },
  "08": { es1: "08", program: "0560806", kegiatan: ["5070"] },
};

export const NAMA_ESELON1: Record<string, string> = {
  "05601": "SEKRETARIAT JENDERAL",
  "05602": "INSPEKTORAT JENDERAL",
  "05603": "DIREKTORAT JENDERAL SURVEI DAN PEMETAAN PERTANAHAN DAN RUANG",
  "05604": "DIREKTORAT JENDERAL PENETAPAN HAK DAN PENDAFTARAN TANAH",
  "05605": "DIREKTORAT JENDERAL PENATAAN AGRARIA",
  "05606": "DIREKTORAT JENDERAL PENGADAAN TANAH DAN PENGEMBANGAN PERTANAHAN",
  "05607": "DIREKTORAT JENDERAL PENGENDALIAN DAN PENERTIBAN TANAH DAN RUANG",
  "05608": "DIREKTORAT JENDERAL PENANGANAN SENGKETA DAN KONFLIK PERTANAHAN",
};

/** Kantor pertanahan of Jawa Timur: [name, KPPN, LOKASI]. */
const JATIM_KANTAH: readonly (readonly [string, string, string])[] = [
  ["KABUPATEN MALANG", "047", "0507"],
  ["KOTA MALANG", "047", "0561"],
  ["KOTA BATU", "047", "0564"],
  ["KABUPATEN SIDOARJO", "058", "0515"],
  ["KOTA SURABAYA I", "039", "0560"],
  ["KOTA SURABAYA II", "039", "0560"],
  ["KABUPATEN PROBOLINGGO", "051", "0513"],
  ["KOTA PROBOLINGGO", "051", "0563"],
  ["KABUPATEN LUMAJANG", "051", "0508"],
  ["KABUPATEN JEMBER", "043", "0509"],
  ["KABUPATEN BANYUWANGI", "046", "0510"],
  ["KABUPATEN BONDOWOSO", "043", "0511"],
  ["KABUPATEN SITUBONDO", "046", "0512"],
  ["KABUPATEN MOJOKERTO", "049", "0516"],
  ["KOTA MOJOKERTO", "049", "0566"],
  ["KABUPATEN JOMBANG", "049", "0517"],
  ["KABUPATEN NGANJUK", "048", "0518"],
  ["KABUPATEN MADIUN", "044", "0519"],
  ["KOTA MADIUN", "044", "0567"],
  ["KABUPATEN MAGETAN", "044", "0520"],
  ["KABUPATEN NGAWI", "044", "0521"],
  ["KABUPATEN BOJONEGORO", "040", "0522"],
  ["KABUPATEN TUBAN", "040", "0523"],
  ["KABUPATEN LAMONGAN", "040", "0524"],
  ["KABUPATEN GRESIK", "058", "0525"],
  ["KABUPATEN BANGKALAN", "052", "0526"],
  ["KABUPATEN SAMPANG", "052", "0527"],
  ["KABUPATEN PAMEKASAN", "052", "0528"],
  ["KABUPATEN SUMENEP", "052", "0529"],
  ["KABUPATEN KEDIRI", "048", "0505"],
  ["KOTA KEDIRI", "048", "0562"],
  ["KABUPATEN BLITAR", "042", "0504"],
  ["KOTA BLITAR", "042", "0565"],
  ["KABUPATEN TULUNGAGUNG", "042", "0503"],
  ["KABUPATEN TRENGGALEK", "042", "0502"],
  ["KABUPATEN PONOROGO", "044", "0501"],
  ["KABUPATEN PACITAN", "044", "0500"],
];

/** Other provinces: [province, KPPN, LOKASI prefix, kantah names]. */
const OTHER_PROVINCES: readonly (readonly [string, string, string, readonly string[]])[] = [
  ["JAWA TENGAH", "029", "03", ["KOTA SEMARANG", "KABUPATEN SEMARANG", "KOTA SURAKARTA", "KABUPATEN BANYUMAS", "KABUPATEN KUDUS"]],
  ["JAWA BARAT", "021", "02", ["KOTA BANDUNG", "KABUPATEN BANDUNG", "KABUPATEN BOGOR", "KOTA BEKASI", "KABUPATEN CIREBON"]],
  ["DAERAH ISTIMEWA YOGYAKARTA", "034", "04", ["KOTA YOGYAKARTA", "KABUPATEN SLEMAN", "KABUPATEN BANTUL"]],
  ["BALI", "079", "22", ["KOTA DENPASAR", "KABUPATEN BADUNG", "KABUPATEN GIANYAR"]],
  ["BANTEN", "019", "28", ["KOTA TANGERANG", "KABUPATEN SERANG"]],
];

function buildCatalog(count: number): SimSatker[] {
  const out: SimSatker[] = [];
  const kantah = (kd: string, nama: string, kppn: string, lokasi: string): SimSatker => ({ kdsatker: kd, nama: `KANTOR PERTANAHAN ${nama}`, jenis: "kantah", kppn, lokasi, kewenangan: "2", es1: "01" });
  out.push(kantah("527560", "KABUPATEN PASURUAN", "045", "0514"));
  out.push(kantah("527567", "KOTA PASURUAN", "045", "0568"));
  out.push({ kdsatker: "527501", nama: "KANTOR WILAYAH BPN PROVINSI JAWA TIMUR", jenis: "kanwil", kppn: "039", lokasi: "0500", kewenangan: "2", es1: "01" });
  for (const [i, [kd, es1]] of ([["018001", "01"], ["018002", "02"], ["018003", "03"], ["018004", "04"], ["018005", "05"], ["018006", "06"], ["018007", "07"], ["018008", "08"]] as const).entries()) {
    out.push({ kdsatker: kd, nama: NAMA_ESELON1[`056${es1}`] ?? `ESELON I ${i}`, jenis: "pusat", kppn: "140", lokasi: "0100", kewenangan: "1", es1 });
  }
  JATIM_KANTAH.forEach(([nama, kppn, lokasi], i) => out.push(kantah(String(527502 + i), nama, kppn, lokasi)));
  let code = 527700;
  for (const [prov, kppn, lok, list] of OTHER_PROVINCES) {
    out.push({ kdsatker: String(code++), nama: `KANTOR WILAYAH BPN PROVINSI ${prov}`, jenis: "kanwil", kppn, lokasi: `${lok}00`, kewenangan: "2", es1: "01" });
    list.forEach((nama, i) => out.push(kantah(String(code++), nama, kppn, `${lok}${String(i + 1).padStart(2, "0")}`)));
  }
  for (let n = 1; out.length < count; n++) {
    out.push(kantah(String(528000 + n), `KABUPATEN SIMULASI ${n}`, String(100 + (n % 80)).padStart(3, "0"), `09${String(n % 100).padStart(2, "0")}`));
  }
  return out.slice(0, count);
}

// ---- DIPA lines -----------------------------------------------------------------------

export interface SimLine {
  index: number;
  satker: number;
  kdsatker: string;
  kppn: string;
  baes1: string;
  akun: string;
  /** First two digits of the akun. */
  jenis: string;
  program: string;
  kegiatan: string;
  output: string;
  kewenangan: string;
  sumberDana: string;
  lokasi: string;
  /** Pagu (DIPA AMOUNT), rupiah. */
  pagu: number;
  /** Relative share of the realisasi rows (slots in the slot table). */
  weight: number;
  /** Year-to-date realisasi aimed at, rupiah (≤ 86 % of pagu; 108 % for pagu-minus lines). */
  target: number;
  /** Over-spent by design: every row pays target / rows, so the line ends above its pagu. */
  paguMinus: boolean;
  kontrakShare: number;
  blokirShare: number;
}

const AKUN_51 = ["511111", "511119", "511121", "511122", "511124", "511125", "511126", "511129", "511151", "512211", "512411"] as const;
const AKUN_52 = ["521111", "521115", "521211", "521213", "521219", "522111", "522112", "522151", "523111", "523121", "524111", "524113", "524114"] as const;
const AKUN_52_TEKNIS = ["521211", "521213", "522151", "524111", "524114"] as const;

/** Pagu ranges in juta rupiah for a kantah; pusat ×3, kanwil ×1.5. */
const PAGU_51: Record<string, [number, number]> = {
  "511111": [3_000, 8_000],
  "511119": [1, 5],
  "511121": [250, 700],
  "511122": [100, 300],
  "511124": [200, 600],
  "511125": [20, 80],
  "511126": [150, 400],
  "511129": [400, 1_200],
  "511151": [50, 150],
  "512211": [30, 200],
  "512411": [4_000, 12_000],
};

const roundTo = (n: number, step: number) => Math.max(step, Math.round(n / step) * step);

function buildLines(satker: readonly SimSatker[], seed: number, asOfMonth: number): SimLine[] {
  const lines: SimLine[] = [];
  const ytd = asOfMonth / 12;
  satker.forEach((s, si) => {
    const rng = new Rng(mix32(seed, 0x5a7 + si));
    const scale = s.jenis === "pusat" ? 3 : s.jenis === "kanwil" ? 1.5 : 1;
    const own = PROGRAMMES[s.es1] ?? PROGRAMMES["01"]!;
    const add = (akun: string, prog: Programme, output: string, pagu: number, weight: number, speed: number, extra: Partial<SimLine> = {}) => {
      const jenis = akun.slice(0, 2);
      const kontrakShare = jenis === "53" ? rng.float() * 0.6 : jenis === "52" && rng.chance(0.3) ? rng.float() * 0.25 : 0;
      const blokirShare = rng.chance(0.12) ? 0.05 + rng.float() * 0.15 : 0;
      lines.push({
        index: lines.length,
        satker: si,
        kdsatker: s.kdsatker,
        kppn: s.kppn,
        baes1: `${BA_ATR_BPN}${prog.es1}`,
        akun,
        jenis,
        program: prog.program,
        kegiatan: rng.pick(prog.kegiatan),
        output,
        kewenangan: s.kewenangan,
        sumberDana: "A",
        lokasi: s.lokasi,
        pagu,
        weight,
        target: Math.round(pagu * Math.min(0.86, speed * ytd)),
        paguMinus: false,
        kontrakShare,
        blokirShare,
        ...extra,
      });
    };
    // Belanja pegawai: every akun, one line, paid monthly at a steady pace.
    for (const akun of AKUN_51) {
      const [lo, hi] = PAGU_51[akun]!;
      add(akun, own, "994", roundTo(rng.int(lo, hi) * 1e6 * scale, 1000), akun === "511111" || akun === "512411" ? 10 : 4, 0.93 + rng.float() * 0.08);
    }
    // Belanja barang operasional (layanan perkantoran).
    for (const akun of rng.sample(AKUN_52, rng.int(6, 10))) {
      add(akun, own, "994", roundTo(rng.int(50, 2_500) * 1e6 * scale, 1000), 6, 0.5 + rng.float() * 0.55);
    }
    // Technical programmes: barang lines under other eselon I units, some akun on two outputs.
    const teknis = s.jenis === "pusat" ? [own] : rng.sample([PROGRAMMES["03"]!, PROGRAMMES["04"]!, PROGRAMMES["05"]!, PROGRAMMES["08"]!], rng.int(2, 3));
    for (const prog of teknis) {
      for (const akun of rng.sample(AKUN_52_TEKNIS, rng.int(2, 4))) {
        const outputs = rng.chance(0.35) ? ["001", "002"] : [rng.pick(["001", "002", "003", "005"])];
        for (const output of outputs) add(akun, prog, output, roundTo(rng.int(100, 3_000) * 1e6 * scale, 1000), 5, 0.4 + rng.float() * 0.6);
      }
    }
    // Belanja modal: peralatan almost always, gedung and lainnya sometimes; spent late in the year.
    add("532111", own, "951", roundTo(rng.int(200, 2_500) * 1e6 * scale, 1000), 2, 0.2 + rng.float() * 0.7);
    if (rng.chance(0.5)) add("533111", own, "951", roundTo(rng.int(500, 5_000) * 1e6 * scale, 1000), 2, 0.1 + rng.float() * 0.7);
    if (rng.chance(0.35)) add("536111", own, "951", roundTo(rng.int(100, 800) * 1e6 * scale, 1000), 1, 0.2 + rng.float() * 0.6);
    // Bantuan sosial: redistribusi tanah of the agrarian reform programme, a few satker only.
    if (s.es1 === "05" || rng.chance(0.15)) add("571111", PROGRAMMES["05"]!, "004", roundTo(rng.int(300, 2_000) * 1e6 * scale, 1000), 2, 0.5 + rng.float() * 0.5);
  });
  return lines;
}

// ---- IK (IKPA) ------------------------------------------------------------------------

export const IK_VALUE_KEYS = [
  "IK_DISPENSASI_SPM",
  "IK_UP",
  "IK_DATA_KONTRAK",
  "IK_KESALAHAN_SPM",
  "IK_RETUR",
  "IK_HAL3_DIPA",
  "IK_REVISI_DIPA",
  "IK_KEMAJUAN_TAGIHAN",
  "IK_REKON_LPJ",
  "IK_REALISASI",
  "IK_RENKAS",
  "IK_PAGU_MINUS",
  "IK_CAPAIAN_OUTPUT",
] as const;

/** Weight key of each value key (same order as IK_VALUE_KEYS). */
export const IK_WEIGHT_KEYS = [
  "BBT_IND_DIS_SPM",
  "BBT_IND_UP",
  "BBT_IND_KONTRAK",
  "BBT_IND_SPM_SLH",
  "BBT_IND_RETUR",
  "BBT_IND_HAL3_DIPA",
  "BBT_IND_REV_DIPA",
  "BBT_IND_KMJ_TAGIHAN",
  "BBT_IND_REKON_LPJ",
  "BBT_IND_REALISASI",
  "BBT_IND_RENKAS",
  "BBT_IND_PAGU_MINUS",
  "BBT_IND_CAP_OUTPUT",
] as const;

/** Weights of the 2020 document's satker example (Σ 75). */
const W_2020: Record<string, number> = {
  BBT_IND_UP: 0, BBT_IND_KONTRAK: 15, BBT_IND_SPM_SLH: 6, BBT_IND_RETUR: 6, BBT_IND_HAL3_DIPA: 5, BBT_IND_REV_DIPA: 5,
  BBT_IND_KMJ_TAGIHAN: 0, BBT_IND_REKON_LPJ: 5, BBT_IND_REALISASI: 20, BBT_IND_RENKAS: 5, BBT_IND_CAP_OUTPUT: 0,
  BBT_IND_PAGU_MINUS: 4, BBT_IND_DIS_SPM: 4,
};
/** Close to the eselon I example, gaps filled (Σ 99). */
const W_MID: Record<string, number> = {
  BBT_IND_UP: 8, BBT_IND_KONTRAK: 15, BBT_IND_SPM_SLH: 6, BBT_IND_RETUR: 5, BBT_IND_HAL3_DIPA: 10, BBT_IND_REV_DIPA: 0,
  BBT_IND_KMJ_TAGIHAN: 10, BBT_IND_REKON_LPJ: 5, BBT_IND_REALISASI: 15, BBT_IND_RENKAS: 5, BBT_IND_CAP_OUTPUT: 10,
  BBT_IND_PAGU_MINUS: 5, BBT_IND_DIS_SPM: 5,
};
/** PER-5/PB/2024 (Σ 100); Dispensasi SPM is a deduction there, weight 0 in the row. */
const W_2024: Record<string, number> = {
  BBT_IND_UP: 10, BBT_IND_KONTRAK: 10, BBT_IND_SPM_SLH: 0, BBT_IND_RETUR: 0, BBT_IND_HAL3_DIPA: 15, BBT_IND_REV_DIPA: 10,
  BBT_IND_KMJ_TAGIHAN: 10, BBT_IND_REKON_LPJ: 0, BBT_IND_REALISASI: 20, BBT_IND_RENKAS: 0, BBT_IND_CAP_OUTPUT: 25,
  BBT_IND_PAGU_MINUS: 0, BBT_IND_DIS_SPM: 0,
};

function weightsFor(periode: number): Record<string, number> {
  return periode <= 3 ? W_2020 : periode <= 6 ? W_MID : W_2024;
}

/** The satker example of the OMSPAN document (period 01): 4238.96 / 75 = 56.52, Kurang. */
export const WORKED_EXAMPLE: Readonly<Record<string, string>> = {
  PERIODE: "01",
  IK_DISPENSASI_SPM: "100.00",
  IK_UP: "0.00",
  IK_DATA_KONTRAK: "18.00",
  IK_KESALAHAN_SPM: "100.00",
  IK_RETUR: "100.00",
  IK_HAL3_DIPA: "54.60",
  IK_REVISI_DIPA: "100.00",
  IK_KEMAJUAN_TAGIHAN: "0.00",
  IK_REKON_LPJ: "100.00",
  IK_REALISASI: "9.80",
  IK_RENKAS: "100.00",
  IK_PAGU_MINUS: "99.99",
  BBT_IND_UP: "0",
  BBT_IND_KONTRAK: "15",
  BBT_IND_SPM_SLH: "6",
  BBT_IND_RETUR: "6",
  BBT_IND_HAL3_DIPA: "5",
  BBT_IND_REV_DIPA: "5",
  BBT_IND_KMJ_TAGIHAN: "0",
  BBT_IND_REKON_LPJ: "5",
  BBT_IND_REALISASI: "20",
  BBT_IND_RENKAS: "5",
  BBT_IND_CAP_OUTPUT: "0",
  BBT_IND_PAGU_MINUS: "4",
  BBT_IND_DIS_SPM: "4",
};

/** One IK row in canonical key spelling; every value a string, as on the wire. */
export interface SimIkRow {
  /** KDSATKER, 5-digit eselon I code, or BA. */
  kode: string;
  periode: number;
  fields: Record<string, string>;
}

function ikRowsFor(kode: string, identity: Record<string, string>, seed: number, periods: number, quality: number, opts: { worked?: boolean; missingKontrak?: boolean; outOfRange?: boolean } = {}): SimIkRow[] {
  const rng = new Rng(mix32(seed, Number(kode.replace(/\D/g, "")) + 0x1c));
  const base = IK_VALUE_KEYS.map(() => Math.min(100, Math.max(0, quality + (rng.float() - 0.5) * 40)));
  const rows: SimIkRow[] = [];
  for (let p = 1; p <= periods; p++) {
    const periode = String(p).padStart(2, "0");
    if (opts.worked && p === 1) {
      rows.push({ kode, periode: 1, fields: { ...identity, ...WORKED_EXAMPLE } });
      continue;
    }
    const fields: Record<string, string> = { ...identity, PERIODE: periode };
    const w = weightsFor(p);
    IK_VALUE_KEYS.forEach((key, k) => {
      let v: number;
      if (key === "IK_DISPENSASI_SPM") v = rng.chance(0.85) ? 100 : 80 + rng.float() * 20;
      else if (key === "IK_REALISASI") v = Math.min(100, 35 + (p / 12) * 55 + rng.float() * 15);
      else if (key === "IK_PAGU_MINUS") v = rng.chance(0.8) ? 100 : 95 + rng.float() * 5;
      else v = Math.min(100, Math.max(0, (base[k] ?? 80) + (rng.float() - 0.5) * 10));
      if (key === "IK_CAPAIAN_OUTPUT" && p <= 3) return; // not reported under the old rules
      if (key === "IK_DATA_KONTRAK" && opts.missingKontrak && p % 2 === 0) return; // weight > 0, no value
      fields[key] = v.toFixed(2);
    });
    if (opts.outOfRange && p === 2) fields.IK_RETUR = "120.00";
    for (const wk of IK_WEIGHT_KEYS) fields[wk] = String(w[wk] ?? 0);
    rows.push({ kode, periode: p, fields });
  }
  return rows;
}

// ---- realisasi rows ---------------------------------------------------------------------

export interface SimRealisasiRow {
  /** 1-based. */
  rownum: number;
  line: number;
  year: number;
  month: number;
  day: number;
  /** Rupiah, integer, may be negative (koreksi/pengembalian). */
  amount: number;
}

/** DataFA line, canonical (one per DIPA line). */
export interface SimFaLine {
  line: number;
  satker: string;
  kppn: string;
  akun: string;
  program: string;
  /** KEGIATAN + OUTPUT, 7 digits. */
  output: string;
  dana: string;
  kewenangan: string;
  lokasi: string;
  dipa: number;
  kontrak: number;
  blokir: number;
  actual: number;
  balancing: number;
}

export interface ExpectedSatker {
  kdsatker: string;
  nama: string;
  /** Σ DIPA AMOUNT, rupiah. */
  pagu: number;
  /** Σ RealisasiKL AMOUNT, rupiah. */
  realisasi: number;
  rows: number;
  perJenis: Record<string, { pagu: number; realisasi: number }>;
  perAkun: Record<string, { pagu: number; realisasi: number }>;
  /** Key `${akun}|${month}` → Σ AMOUNT. */
  perAkunBulan: Record<string, number>;
  /** Month (1–12) → Σ AMOUNT. */
  perBulan: Record<number, number>;
  fa: { dipa: number; actual: number; kontrak: number; blokir: number; balancing: number };
  /** DataFA lines with BALANCING_AMT < 0. */
  paguMinusLines: { akun: string; program: string; output: string; balancing: number }[];
  /** Per akun: Σ of the negative BALANCING_AMT of its lines. */
  paguMinusPerAkun: Record<string, number>;
  /** Highest PERIODE row and its score computed here (Σ IK×BBT / Σ BBT, 2 decimals). */
  ikLatest?: { periode: number; fields: Record<string, string>; score?: number; kategori?: string };
  maxDate: { year: number; month: number; day: number };
}

export interface OmspanDataOptions {
  seed?: number;
  satkerCount?: number;
  realisasiRows?: number;
  year?: number;
  /** Data "as of" this day (MAXDATE); default today clamped into `year` (31 Dec for past years). */
  asOf?: { month: number; day: number };
}

/** Cumulative month weights per jenis belanja, months 1..M. */
function monthCdf(jenis: string, m: number): Float64Array {
  const w: number[] = [];
  for (let k = 1; k <= m; k++) {
    if (jenis === "51") w.push(k === 6 || k === 3 ? 1.6 : 1); // THR and gaji 13 months
    else if (jenis === "53") w.push(0.15 + (k * k) / (m * m));
    else if (jenis === "52") w.push(0.5 + k / m);
    else w.push(1);
  }
  const cdf = new Float64Array(m);
  let acc = 0;
  const total = w.reduce((a, b) => a + b, 0);
  w.forEach((x, i) => {
    acc += x / total;
    cdf[i] = acc;
  });
  cdf[m - 1] = 1;
  return cdf;
}

export class OmspanData {
  readonly seed: number;
  readonly year: number;
  readonly asOf: { year: number; month: number; day: number };
  readonly satker: readonly SimSatker[];
  readonly lines: readonly SimLine[];
  private n: number;
  private readonly rowSeed: number;
  private readonly slotLine: Int32Array;
  private rowsPerLine!: Int32Array;
  private readonly cdfs: Map<string, Float64Array> = new Map();
  private ikSatker: SimIkRow[];
  private readonly ikEs1: SimIkRow[];
  private readonly ikKl: SimIkRow[];
  private readonly minusOverrides = new Map<number, number>();
  private actualCache: { n: number; actual: Float64Array } | undefined;
  private faCache: SimFaLine[] | undefined;
  private refCache: Map<string, ExpectedSatker> | undefined;

  constructor(opts: OmspanDataOptions = {}) {
    this.seed = opts.seed ?? 20_260_001;
    this.year = opts.year ?? 2026;
    this.asOf = defaultAsOf(this.year, opts.asOf);
    this.n = Math.max(0, Math.floor(opts.realisasiRows ?? 20_000));
    this.rowSeed = mix32(this.seed, 0x7ea1);
    this.satker = buildCatalog(Math.max(1, opts.satkerCount ?? 40));
    const lines = buildLines(this.satker, this.seed, this.asOf.month);
    // A few over-spent lines by design (pagu minus): small pegawai/barang lines.
    const minusPlan: [number, string][] = [[0, "511129"], [3, "521111"], [7, "511121"], [15, "512211"]];
    for (const [si, akun] of minusPlan) {
      const l = lines.find((x) => x.satker === si && x.akun === akun);
      if (l) {
        l.paguMinus = true;
        l.target = Math.round(l.pagu * 1.08);
        l.kontrakShare = 0;
        l.blokirShare = 0;
      }
    }
    this.lines = lines;
    // Slot table: line l owns `weight` slots; shuffled so lines interleave in ROWNUM order.
    const slots: number[] = [];
    for (const l of lines) for (let k = 0; k < l.weight; k++) slots.push(l.index);
    this.slotLine = Int32Array.from(new Rng(mix32(this.seed, 0x510)).shuffle(slots));
    for (const j of ["51", "52", "53", "57"]) this.cdfs.set(j, monthCdf(j, this.asOf.month));
    this.countRows();

    const worked = this.satker[0]?.kdsatker;
    this.ikSatker = this.satker.flatMap((s, si) =>
      ikRowsFor(s.kdsatker, { KDSATKER: s.kdsatker, NMSATKER: si % 9 === 4 ? `${s.nama}   ` : s.nama, KDKPPN: s.kppn }, this.seed, this.ikPeriods, 70 + ((si * 37) % 30), {
        worked: s.kdsatker === worked,
        missingKontrak: si % 6 === 2,
        outOfRange: si === 5,
      }),
    );
    const es1 = [...new Set(lines.map((l) => l.baes1))].sort();
    this.ikEs1 = es1.flatMap((kode, i) => ikRowsFor(kode, { BA: kode, NMBA: NAMA_ESELON1[kode] ?? `ESELON I ${kode}` }, this.seed, this.ikPeriods, 78 + i * 2));
    this.ikKl = ikRowsFor(BA_ATR_BPN, { BA: BA_ATR_BPN, NMBA: NAMA_BA }, this.seed, this.ikPeriods, 85);
  }

  /** IK periods published: the months before the data date (at least "01"; "11" for a past year). */
  get ikPeriods(): number {
    return Math.max(1, Math.min(12, this.asOf.month - 1));
  }

  get realisasiCount(): number {
    return this.n;
  }

  /** MAXDATE as Oracle text. */
  get maxDateText(): string {
    return simOracleDate(this.asOf.year, this.asOf.month, this.asOf.day);
  }

  setRealisasiRows(n: number): void {
    this.n = Math.max(0, Math.floor(n));
    this.countRows();
    this.invalidate();
  }

  private invalidate(): void {
    this.actualCache = undefined;
    this.faCache = undefined;
    this.refCache = undefined;
  }

  private countRows(): void {
    const S = this.slotLine.length;
    const counts = new Int32Array(this.lines.length);
    const cycles = S === 0 ? 0 : Math.floor(this.n / S);
    const rest = S === 0 ? 0 : this.n % S;
    for (const l of this.lines) counts[l.index] = l.weight * cycles;
    for (let k = 0; k < rest; k++) counts[this.slotLine[k]!]!++;
    this.rowsPerLine = counts;
  }

  lineOf(i: number): number {
    return this.slotLine[i % this.slotLine.length]!;
  }

  /** Row i (0-based); pure function of (seed, i, row count). */
  realisasi(i: number): SimRealisasiRow {
    const l = this.lineOf(i);
    const line = this.lines[l]!;
    const r = mulberry32(mix32(this.rowSeed, i));
    const amount = this.amountOf(line, r);
    const M = this.asOf.month;
    const cdf = this.cdfs.get(line.jenis) ?? this.cdfs.get("57")!;
    const u = r();
    let month = 1;
    while (month < M && u >= cdf[month - 1]!) month++;
    const lastDay = month === M ? this.asOf.day : daysInMonth(this.year, month);
    let day = 1 + Math.floor(r() * lastDay);
    // Treasury pays on working days: move weekends to Friday (or Monday at the month start).
    const dow = new Date(Date.UTC(this.year, month - 1, day)).getUTCDay();
    if (dow === 6 || dow === 0) {
      const back = dow === 6 ? 1 : 2;
      if (day - back >= 1) day -= back;
      else if (day + (dow === 6 ? 2 : 1) <= lastDay) day += dow === 6 ? 2 : 1;
    }
    return { rownum: i + 1, line: l, year: this.year, month, day, amount };
  }

  /** The amount of a row, from the first two draws of its generator. */
  private amountOf(line: SimLine, r: () => number): number {
    const a = r();
    const b = r();
    const count = this.rowsPerLine[line.index] ?? 1;
    const base = line.target / Math.max(1, count);
    if (line.paguMinus) return Math.ceil(base);
    if (a < 0.015) return -Math.max(1_000, Math.round((base * 0.3 * b) / 1_000) * 1_000);
    // At most 1.15 × base per row and target ≤ 0.86 × pagu: an ordinary line never exceeds its
    // pagu, so pagu minus appears only where designed (or set by a test).
    return Math.floor(base * (0.85 + 0.3 * b));
  }

  /** Exact Σ AMOUNT per line over all rows (one pass, cached). */
  private actuals(): Float64Array {
    if (this.actualCache && this.actualCache.n === this.n) return this.actualCache.actual;
    const actual = new Float64Array(this.lines.length);
    for (let i = 0; i < this.n; i++) {
      const l = this.lineOf(i);
      actual[l]! += this.amountOf(this.lines[l]!, mulberry32(mix32(this.rowSeed, i)));
    }
    this.actualCache = { n: this.n, actual };
    return actual;
  }

  /** DataFA lines, one per DIPA line. */
  faLines(): SimFaLine[] {
    if (this.faCache) return this.faCache;
    const actual = this.actuals();
    this.faCache = this.lines.map((l) => {
      const act = actual[l.index] ?? 0;
      const free = Math.max(0, l.pagu - act);
      let kontrak = Math.min(free, Math.round((free * l.kontrakShare) / 1000) * 1000);
      let blokir = Math.min(free - kontrak, Math.round((l.pagu * l.blokirShare) / 1000) * 1000);
      const minus = this.minusOverrides.get(l.index);
      if (minus !== undefined) {
        // Make BALANCING_AMT = −minus through KONTRAK, keeping DIPA and ACTUAL consistent.
        blokir = 0;
        kontrak = Math.max(0, l.pagu - act + minus);
      }
      return {
        line: l.index,
        satker: l.kdsatker,
        kppn: l.kppn,
        akun: l.akun,
        program: l.program,
        output: `${l.kegiatan}${l.output}`,
        dana: `${l.sumberDana}00000000`,
        kewenangan: l.kewenangan,
        lokasi: l.lokasi,
        dipa: l.pagu,
        kontrak,
        blokir,
        actual: act,
        balancing: l.pagu - act - kontrak - blokir,
      };
    });
    return this.faCache;
  }

  /** Make the first DataFA line of satker + akun show BALANCING_AMT = −amount (0 clears). */
  setPaguMinus(kdsatker: string, akun: string, amount: number): void {
    const l = this.lines.find((x) => x.kdsatker === kdsatker && x.akun === akun);
    if (!l) throw new Error(`no DIPA line ${kdsatker}/${akun}`);
    if (amount === 0) this.minusOverrides.delete(l.index);
    else this.minusOverrides.set(l.index, Math.abs(Math.round(amount)));
    this.faCache = undefined; // the row sums (actualCache) stay valid
    this.refCache = undefined;
  }

  ikSatkerRows(): readonly SimIkRow[] {
    return this.ikSatker;
  }

  ikEselon1Rows(): readonly SimIkRow[] {
    return this.ikEs1;
  }

  ikKlRows(): readonly SimIkRow[] {
    return this.ikKl;
  }

  /**
   * Change (or add) the IK row of a satker for a period. Numbers become wire strings
   * (IK_* with two decimals); `null` removes the key.
   */
  setIk(kdsatker: string, periode: number | string, values: Record<string, string | number | null>): void {
    const p = typeof periode === "string" ? Number(periode) : periode;
    let row = this.ikSatker.find((r) => r.kode === kdsatker && r.periode === p);
    if (!row) {
      const s = this.satker.find((x) => x.kdsatker === kdsatker);
      if (!s) throw new Error(`unknown satker ${kdsatker}`);
      row = { kode: kdsatker, periode: p, fields: { KDSATKER: s.kdsatker, NMSATKER: s.nama, KDKPPN: s.kppn, PERIODE: String(p).padStart(2, "0") } };
      this.ikSatker = [...this.ikSatker, row];
    }
    for (const [k, v] of Object.entries(values)) {
      if (v === null) delete row.fields[k];
      else row.fields[k] = typeof v === "number" ? (k.startsWith("IK_") ? v.toFixed(2) : String(v)) : v;
    }
    this.refCache = undefined;
  }

  // ---- independent reference --------------------------------------------------------

  /** What a correct client computes for every satker, from the canonical data (one pass over the rows). */
  reference(): Map<string, ExpectedSatker> {
    if (this.refCache) return this.refCache;
    const out = new Map<string, ExpectedSatker>();
    const maxDate = { ...this.asOf };
    for (const s of this.satker) {
      out.set(s.kdsatker, {
        kdsatker: s.kdsatker,
        nama: s.nama,
        pagu: 0,
        realisasi: 0,
        rows: 0,
        perJenis: {},
        perAkun: {},
        perAkunBulan: {},
        perBulan: {},
        fa: { dipa: 0, actual: 0, kontrak: 0, blokir: 0, balancing: 0 },
        paguMinusLines: [],
        paguMinusPerAkun: {},
        maxDate,
      });
    }
    const get = (kd: string) => out.get(kd)!;
    for (const l of this.lines) {
      const e = get(l.kdsatker);
      e.pagu += l.pagu;
      (e.perJenis[l.jenis] ??= { pagu: 0, realisasi: 0 }).pagu += l.pagu;
      (e.perAkun[l.akun] ??= { pagu: 0, realisasi: 0 }).pagu += l.pagu;
    }
    for (let i = 0; i < this.n; i++) {
      const r = this.realisasi(i);
      const l = this.lines[r.line]!;
      const e = get(l.kdsatker);
      e.realisasi += r.amount;
      e.rows++;
      (e.perJenis[l.jenis] ??= { pagu: 0, realisasi: 0 }).realisasi += r.amount;
      (e.perAkun[l.akun] ??= { pagu: 0, realisasi: 0 }).realisasi += r.amount;
      const k = `${l.akun}|${r.month}`;
      e.perAkunBulan[k] = (e.perAkunBulan[k] ?? 0) + r.amount;
      e.perBulan[r.month] = (e.perBulan[r.month] ?? 0) + r.amount;
    }
    for (const f of this.faLines()) {
      const e = get(f.satker);
      e.fa.dipa += f.dipa;
      e.fa.actual += f.actual;
      e.fa.kontrak += f.kontrak;
      e.fa.blokir += f.blokir;
      e.fa.balancing += f.balancing;
      if (f.balancing < 0) {
        e.paguMinusLines.push({ akun: f.akun, program: f.program, output: f.output, balancing: f.balancing });
        e.paguMinusPerAkun[f.akun] = (e.paguMinusPerAkun[f.akun] ?? 0) + f.balancing;
      }
    }
    for (const row of this.ikSatker) {
      const e = out.get(row.kode);
      if (!e) continue;
      if (!e.ikLatest || row.periode > e.ikLatest.periode) e.ikLatest = { periode: row.periode, fields: row.fields };
    }
    for (const e of out.values()) {
      if (!e.ikLatest) continue;
      const score = referenceScore(e.ikLatest.fields);
      e.ikLatest.score = score;
      e.ikLatest.kategori = score === undefined ? undefined : score >= 95 ? "Sangat Baik" : score >= 89 ? "Baik" : score >= 70 ? "Cukup" : "Kurang";
    }
    this.refCache = out;
    return out;
  }

  expectedSatker(kdsatker: string): ExpectedSatker | undefined {
    return this.reference().get(kdsatker);
  }
}

/** Σ IK×BBT / Σ BBT over weighted indicators with a value in 0–100, in hundredths, half up. */
export function referenceScore(fields: Record<string, string>): number | undefined {
  let num = 0;
  let den = 0;
  IK_VALUE_KEYS.forEach((vk, k) => {
    const w = Number(fields[IK_WEIGHT_KEYS[k]!] ?? "0");
    const raw = fields[vk];
    if (!(w > 0) || raw === undefined || raw.trim() === "") return;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || v > 100) return;
    num += Math.round(v * 100) * w;
    den += w;
  });
  if (den === 0) return undefined;
  return Math.floor(num / den + 0.5) / 100;
}

function defaultAsOf(year: number, asOf?: { month: number; day: number }): { year: number; month: number; day: number } {
  if (asOf) {
    const month = Math.min(12, Math.max(1, Math.floor(asOf.month)));
    return { year, month, day: Math.min(daysInMonth(year, month), Math.max(1, Math.floor(asOf.day))) };
  }
  const now = new Date(Date.now() + 7 * 3_600_000); // WIB
  const y = now.getUTCFullYear();
  if (y > year) return { year, month: 12, day: 31 };
  if (y < year) return { year, month: 1, day: 31 };
  return { year, month: now.getUTCMonth() + 1, day: now.getUTCDate() };
}
