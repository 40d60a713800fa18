/** Kabupaten Pasuruan (35.14) reference data and name matching (docs/domain.md#kabupaten-pasuruan-regions, docs/upstream.md#sipp). */

export const KODE_KABUPATEN = "3514";

/** The 24 kecamatan: code (2 digits) → name. Desa lists come from the data, not from here. */
export const KECAMATAN: ReadonlyArray<{ kode: string; nama: string }> = [
  { kode: "01", nama: "Purwodadi" },
  { kode: "02", nama: "Tutur" },
  { kode: "03", nama: "Puspo" },
  { kode: "04", nama: "Lumbang" },
  { kode: "05", nama: "Pasrepan" },
  { kode: "06", nama: "Kejayan" },
  { kode: "07", nama: "Wonorejo" },
  { kode: "08", nama: "Purwosari" },
  { kode: "09", nama: "Sukorejo" },
  { kode: "10", nama: "Prigen" },
  { kode: "11", nama: "Pandaan" },
  { kode: "12", nama: "Gempol" },
  { kode: "13", nama: "Beji" },
  { kode: "14", nama: "Bangil" },
  { kode: "15", nama: "Rembang" },
  { kode: "16", nama: "Kraton" },
  { kode: "17", nama: "Pohjentrek" },
  { kode: "18", nama: "Gondangwetan" },
  { kode: "19", nama: "Winongan" },
  { kode: "20", nama: "Grati" },
  { kode: "21", nama: "Nguling" },
  { kode: "22", nama: "Lekok" },
  { kode: "23", nama: "Rejoso" },
  { kode: "24", nama: "Tosari" },
];

/** kode_kemdagri of a desa/kelurahan of Kab. Pasuruan: 3514, a kecamatan 01–24, four digits. */
export const KODE_DESA_PASURUAN = /^3514(0[1-9]|1\d|2[0-4])\d{4}$/;

/** Kecamatan code of Kab. Pasuruan, "01".."24". */
export const KODE_KECAMATAN_PASURUAN = /^(0[1-9]|1\d|2[0-4])$/;

/** Key for comparing names: upper case, no spaces, hyphens or quotes (`Gondang Wetan` = `GONDANGWETAN`). */
export function nameKey(s: string): string {
  return s.toUpperCase().replace(/[\s\-'"`.’]/g, "");
}

/** kode_kemdagri with digits only; undefined unless exactly 10 digits. */
export function normalizeKodeKemdagri(s: string): string | undefined {
  const d = s.replace(/\D/g, "");
  return d.length === 10 ? d : undefined;
}

export function kecamatanByKode(kode: string): { kode: string; nama: string } | undefined {
  return KECAMATAN.find((k) => k.kode === kode);
}

/** The region code of a NIK or kode_kemdagri says where; this gives the kecamatan name for 3514CC. */
export function kecamatanOfKode(kode10or6: string): string | undefined {
  if (!kode10or6.startsWith(KODE_KABUPATEN)) return undefined;
  return kecamatanByKode(kode10or6.slice(4, 6))?.nama;
}
