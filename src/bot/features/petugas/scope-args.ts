import type { Translate } from "../../../i18n.js";
import { echoUserText } from "../../../domain/format.js";
import { UNSCOPED, type Scope } from "../../../domain/scope.js";
import { KECAMATAN, KODE_DESA_PASURUAN, nameKey } from "../../../domain/wilayah.js";
import type { DesaDirectory } from "../../../desa/directory.js";
import type { BudgetReader } from "../../../budget/reader.js";

/** What follows `/petugas tambah|ubah ID`: name words and scope items. */
export interface ScopeArgs {
  nama: string[];
  kec: string[];
  desa: string[];
  satker: string[];
  /** `wilayah:semua` / `satker:semua`: the side is no longer limited. */
  clearArea: boolean;
  clearSatker: boolean;
  /** Tokens with an unknown prefix (`kota:…`). */
  unknown: string[];
}

const ITEM = /^([a-z]+):(.*)$/i;

export function parseScopeArgs(tokens: readonly string[]): ScopeArgs {
  const a: ScopeArgs = { nama: [], kec: [], desa: [], satker: [], clearArea: false, clearSatker: false, unknown: [] };
  for (const tok of tokens) {
    const m = tok.match(ITEM);
    if (!m) {
      a.nama.push(tok);
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === "wilayah" && value.toLowerCase() === "semua") a.clearArea = true;
    else if (key === "satker" && value.toLowerCase() === "semua") a.clearSatker = true;
    else if ((key === "kec" || key === "kecamatan") && value) a.kec.push(value);
    else if (key === "desa" && value) a.desa.push(value);
    else if (key === "satker" && value) a.satker.push(value);
    else a.unknown.push(tok);
  }
  return a;
}

export const hasScopeItems = (a: ScopeArgs) => a.kec.length + a.desa.length + a.satker.length > 0 || a.clearArea || a.clearSatker;

export interface ScopeCheckDeps {
  directory: Pick<DesaDirectory, "kecamatan">;
  budget: BudgetReader | undefined;
}

/**
 * The scope these arguments give, starting from `current` (sides not mentioned stay as they
 * are), every name and code checked against the data; or the reasons it cannot be (nothing is
 * changed then). Kecamatan by name or code; desa by a 10-digit code the SIPP desa directory
 * knows; satker by a 6-digit code in the synced OMSPAN data.
 */
export async function resolveScope(t: Translate, a: ScopeArgs, current: Scope | undefined, deps: ScopeCheckDeps): Promise<{ scope: Scope } | { errors: string[] }> {
  const errors = a.unknown.map((x) => t("petugas-lingkup-tanda-salah", { teks: echoUserText(x, 30) }));
  const kec: string[] = [];
  for (const k of a.kec) {
    const found = KECAMATAN.find((x) => x.kode === k.padStart(2, "0") || nameKey(x.nama) === nameKey(k));
    if (found) kec.push(found.kode);
    else errors.push(t("petugas-kec-tidak-dikenal", { nama: echoUserText(k, 30) }));
  }
  const desa: string[] = [];
  for (const d of a.desa) {
    if (!KODE_DESA_PASURUAN.test(d)) {
      errors.push(t("petugas-desa-salah", { kode: echoUserText(d, 20) }));
      continue;
    }
    try {
      const listing = await deps.directory.kecamatan(d.slice(4, 6));
      if (listing.entries.some((e) => e.kode === d)) desa.push(d);
      else errors.push(t("petugas-desa-tidak-dikenal", { kode: d }));
    } catch {
      errors.push(t("petugas-desa-tidak-bisa-diperiksa"));
      break;
    }
  }
  const satker: string[] = [];
  if (a.satker.length) {
    const snap = await deps.budget?.current();
    const known = snap ? new Set((await snap.satker()).map((s) => s.kdsatker)) : undefined;
    for (const kd of a.satker) {
      if (!/^\d{6}$/.test(kd)) errors.push(t("petugas-satker-salah", { kode: echoUserText(kd, 20) }));
      else if (!known) {
        errors.push(t("petugas-satker-tidak-bisa-diperiksa"));
        break;
      } else if (!known.has(kd)) errors.push(t("petugas-satker-tidak-dikenal", { kode: kd }));
      else satker.push(kd);
    }
  }
  if (errors.length) return { errors };
  const base = current ?? UNSCOPED;
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const areaGiven = kec.length > 0 || desa.length > 0;
  return {
    scope: {
      kecamatan: a.clearArea ? [] : areaGiven ? uniq(kec) : base.kecamatan,
      desa: a.clearArea ? [] : areaGiven ? uniq(desa) : base.desa,
      satker: a.clearSatker ? [] : satker.length ? uniq(satker) : base.satker,
    },
  };
}
