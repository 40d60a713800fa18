import { callbackData, field } from "../../callback-data.js";

/** KDSATKER: 6 digits. */
const kdSatker = field.pattern(/^\d{6}$/);

export const ANGGARAN_CB_PREFIX = "ag1";

export const anggaranCb = {
  /** Show the summary of a satker (from a search keyboard). */
  satker: callbackData(`${ANGGARAN_CB_PREFIX}:s`, { kd: kdSatker }),
  /** The cumulative realisasi chart (PNG). */
  grafik: callbackData(`${ANGGARAN_CB_PREFIX}:g`, { kd: kdSatker }),
  /** The per-akun detail (CSV document). */
  rincian: callbackData(`${ANGGARAN_CB_PREFIX}:d`, { kd: kdSatker }),
  /** Ranking of all satker by realisasi % or IKPA, with the position of `kd`. */
  peringkat: callbackData(`${ANGGARAN_CB_PREFIX}:r`, { by: field.oneOf(["real", "ikpa"] as const), kd: kdSatker }),
  /** "Search by name" hint. */
  cari: callbackData(`${ANGGARAN_CB_PREFIX}:c`, {}),
};

/** Any data of the /anggaran feature, valid or not (for its own "tidak berlaku" answer). */
export const ANGGARAN_CB_ANY = new RegExp(`^${ANGGARAN_CB_PREFIX}:`);
