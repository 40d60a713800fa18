/**
 * Reference data of the synthetic OMSPAN data: ATR/BPN's satker (eselon I, kanwil, kantah) and
 * their DIPA lines, plus the helpers every part uses (Oracle dates, the row-seed mix, the fake
 * API key). See omspan-data.ts for how the parts fit together.
 */
import { createHmac } from "node:crypto";
import { Rng } from "./random.js";

// ---- constants ------------------------------------------------------------------------

export const BA_ATR_BPN = "056";
export const NAMA_BA = "KEMENTERIAN AGRARIA DAN TATA RUANG/BADAN PERTANAHAN NASIONAL";
const MON = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** Oracle `DD-MON-RR`, the way OMSPAN prints dates: `04-FEB-26`. */
export function simOracleDate(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, "0")}-${MON[month - 1]}-${String(year % 100).padStart(2, "0")}`;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 32-bit avalanche of (a, b): the per-row seed. */
export function mix32(a: number, b: number): number {
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

/** The first `count` satker: the headquarters, the Jawa Timur kanwil and kantah, then other provinces. */
export function buildCatalog(count: number): SimSatker[] {
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

/** The DIPA lines of every satker, generated from the seed; targets follow the month of the data date. */
export function buildLines(satker: readonly SimSatker[], seed: number, asOfMonth: number): SimLine[] {
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

// ---- rows ---------------------------------------------------------------------------

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
