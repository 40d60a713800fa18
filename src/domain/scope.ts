import { KECAMATAN, nameKey } from "./wilayah.js";

/**
 * An officer's scope (least privilege, docs/privacy.md#access-and-least-privilege): the area
 * (kecamatan and/or desa of Kab. Pasuruan) whose P3KE data they may see, and the satker whose
 * budget they may see. An empty list means "not limited" on that side; an officer without a
 * scope (and every administrator) sees the whole kabupaten and every satker.
 */
export interface Scope {
  /** Kecamatan codes "01".."24": every desa of these. */
  kecamatan: readonly string[];
  /** kode_kemdagri (10 digits) of single desa. */
  desa: readonly string[];
  /** KDSATKER (6 digits). */
  satker: readonly string[];
}

export const UNSCOPED: Scope = { kecamatan: [], desa: [], satker: [] };

/** Whether the area side is limited at all. */
export function hasAreaScope(s: Scope | undefined): boolean {
  return s !== undefined && (s.kecamatan.length > 0 || s.desa.length > 0);
}

/** Whether the satker side is limited at all. */
export function hasSatkerScope(s: Scope | undefined): boolean {
  return s !== undefined && s.satker.length > 0;
}

/** May this scope see the P3KE data of desa `kode` (10-digit kode_kemdagri)? */
export function areaAllows(s: Scope | undefined, kode: string): boolean {
  if (!hasAreaScope(s)) return true;
  return s!.desa.includes(kode) || (kode.startsWith("3514") && s!.kecamatan.includes(kode.slice(4, 6)));
}

/** May this scope see kecamatan `kec` at all (all of it, or some desa in it)? */
export function areaTouchesKecamatan(s: Scope | undefined, kec: string): boolean {
  if (!hasAreaScope(s)) return true;
  return s!.kecamatan.includes(kec) || s!.desa.some((d) => d.slice(4, 6) === kec);
}

/** May this scope see the budget of satker `kd`? */
export function satkerAllows(s: Scope | undefined, kd: string): boolean {
  if (!hasSatkerScope(s)) return true;
  return s!.satker.includes(kd);
}

/**
 * Whether a record of a person (a P3KE profile, a bantuan row) lies in the area: by its
 * kode_kemdagri, else by its kecamatan name when the scope has whole kecamatan. A record
 * whose place cannot be told is outside (fail closed).
 */
export function recordInArea(s: Scope | undefined, rec: { kodeKemdagri?: string; kecamatan?: string }): boolean {
  if (!hasAreaScope(s)) return true;
  const kode = rec.kodeKemdagri?.replace(/\D/g, "");
  if (kode && kode.length === 10) return areaAllows(s, kode);
  const kec = rec.kecamatan ? KECAMATAN.find((k) => nameKey(k.nama) === nameKey(rec.kecamatan!)) : undefined;
  return kec !== undefined && s!.kecamatan.includes(kec.kode);
}
