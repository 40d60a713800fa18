import { callbackData, field } from "../../callback-data.js";
import { KODE_DESA_PASURUAN, KODE_KECAMATAN_PASURUAN } from "../../../domain/wilayah.js";

/** Kecamatan code of Kab. Pasuruan, "01".."24". */
const kecamatanKode = field.pattern(KODE_KECAMATAN_PASURUAN);
/** kode_kemdagri of a desa/kelurahan in Kab. Pasuruan: 10 digits (can never be a 16-digit NIK). */
const kodeDesa = field.pattern(KODE_DESA_PASURUAN);

/** Version tag: a future format change turns old buttons into "tidak berlaku", never a misread. */
export const DESA_CB_PREFIX = "ds1";

export const desaCb = {
  /** The kecamatan keyboard. */
  kecamatanList: callbackData(`${DESA_CB_PREFIX}:k`, {}),
  /** The desa of one kecamatan, page N (0-based). */
  kecamatan: callbackData(`${DESA_CB_PREFIX}:c`, { kec: kecamatanKode, page: field.int(0, 99) }),
  /** The summary of one desa. */
  desa: callbackData(`${DESA_CB_PREFIX}:s`, { kode: kodeDesa }),
  /** Export the families of one desa. */
  ekspor: callbackData(`${DESA_CB_PREFIX}:x`, { kode: kodeDesa, format: field.oneOf(["csv", "xlsx"] as const) }),
  /** A button that does nothing (page indicator). */
  noop: callbackData(`${DESA_CB_PREFIX}:n`, {}),
};

/** Any data of the /desa feature, valid or not (for its own "tidak berlaku" answer). */
export const DESA_CB_ANY = new RegExp(`^${DESA_CB_PREFIX}:`);
