import type { Translate } from "../i18n.js";
import { hasAreaScope, hasSatkerScope, type Scope } from "../domain/scope.js";
import { kecamatanByKode } from "../domain/wilayah.js";

/** "Kec. Bangil, desa 3514141005" or "seluruh Kab. Pasuruan". */
export function wilayahText(t: Translate, s: Scope | undefined): string {
  if (!hasAreaScope(s)) return t("lingkup-wilayah-semua");
  const kec = s!.kecamatan.map((k) => t("lingkup-kec", { nama: kecamatanByKode(k)?.nama ?? k }));
  const desa = s!.desa.map((kode) => t("lingkup-desa", { kode }));
  return [...kec, ...desa].join(", ");
}

/** "satker 527560, 527567" or "semua satker". */
export function satkerText(t: Translate, s: Scope | undefined): string {
  if (!hasSatkerScope(s)) return t("lingkup-satker-semua");
  return t("lingkup-satker", { daftar: s!.satker.join(", ") });
}

/** "Lingkup: Kec. Bangil · semua satker". */
export function scopeText(t: Translate, s: Scope | undefined): string {
  return t("lingkup", { wilayah: wilayahText(t, s), satker: satkerText(t, s) });
}
