/**
 * NIK (Nomor Induk Kependudukan) parsing, validation and masking.
 * Layout: PP KK CC DDMMYY SSSS (docs/domain.md#nik). Validation says "well-formed", never "exists".
 */

export type NikError =
  | "bukan_angka"
  | "panjang"
  | "provinsi"
  | "kabupaten"
  | "kecamatan"
  | "tanggal_lahir"
  | "nomor_urut";

export interface NikInfo {
  nik: string;
  provinsi: string;
  kabupaten: string;
  kecamatan: string;
  jenisKelamin: "L" | "P";
  tanggalLahir: { year: number; month: number; day: number };
  nomorUrut: string;
}

export type NikResult = { ok: true; value: NikInfo } | { ok: false; error: NikError };

/** Strip what officers paste around a NIK: spaces, dots, hyphens. */
export function normalizeNik(input: string): string {
  return input.replace(/[\s.\-\u00a0]/g, "");
}

/** Kemendagri province codes; 91–96 covers the 2022 Papua provinces (docs/domain.md#nik). */
function isProvinceCode(pp: number): boolean {
  return (
    (pp >= 11 && pp <= 19) ||
    pp === 21 ||
    (pp >= 31 && pp <= 36) ||
    (pp >= 51 && pp <= 53) ||
    (pp >= 61 && pp <= 65) ||
    (pp >= 71 && pp <= 76) ||
    (pp >= 81 && pp <= 82) ||
    (pp >= 91 && pp <= 96)
  );
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function parseNik(input: string, today: Date = new Date()): NikResult {
  const nik = normalizeNik(input);
  if (!/^\d+$/.test(nik)) return { ok: false, error: "bukan_angka" };
  if (nik.length !== 16) return { ok: false, error: "panjang" };
  const pp = nik.slice(0, 2);
  const kk = nik.slice(2, 4);
  const cc = nik.slice(4, 6);
  if (!isProvinceCode(Number(pp))) return { ok: false, error: "provinsi" };
  if (kk === "00") return { ok: false, error: "kabupaten" };
  if (cc === "00") return { ok: false, error: "kecamatan" };

  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  // Two-digit year: the most recent of 20YY / 19YY that is a real, non-future date.
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const year = [2000 + yy, 1900 + yy].find(
    (y) => isRealDate(y, month, day) && Date.UTC(y, month - 1, day) <= todayUtc,
  );
  if (year === undefined) return { ok: false, error: "tanggal_lahir" };
  const serial = nik.slice(12);
  if (serial === "0000") return { ok: false, error: "nomor_urut" };
  return {
    ok: true,
    value: {
      nik,
      provinsi: pp,
      kabupaten: pp + kk,
      kecamatan: pp + kk + cc,
      jenisKelamin: female ? "P" : "L",
      tanggalLahir: { year, month, day },
      nomorUrut: serial,
    },
  };
}

/** First 4 and last 4 digits, 8 asterisks between: `3514********0002`. */
export function maskNik(nik: string): string {
  const n = normalizeNik(nik);
  if (n.length < 8) return "*".repeat(Math.max(n.length, 1));
  return `${n.slice(0, 4)}********${n.slice(-4)}`;
}

/**
 * Sixteen or more digits, possibly with one space, dot, hyphen or no-break space between any
 * two: how NIKs are typed and pasted ("3514 1452 0388 0002"). Longer runs are masked too: a
 * NIK glued to other digits is still a NIK.
 */
const NIK_IN_TEXT = /(?<!\d)\d(?:[ .\-\u00a0]?\d){15,}/g;

/**
 * Masks every NIK-like run in free text (log lines, error messages, echoes of what a user
 * typed): `3514 1452 0388 0002` → `3514********0002`. The one masking function for text.
 */
export function maskNiksInText(text: string): string {
  return text.replace(NIK_IN_TEXT, (run) => maskNik(run));
}
