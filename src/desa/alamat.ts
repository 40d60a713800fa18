/**
 * Dusun, RT and RW out of a P3KE `alamat` (SIPP has no separate fields; docs/panel.md). Addresses
 * are free text such as "DUSUN KRAJAN RT 001 RW 002", "DSN. SUMBERSARI RT.03/RW.01" or
 * "KRAJAN RT 1 RW 4"; what cannot be read is left out rather than guessed.
 */
export interface AlamatParts {
  /** Upper case, single spaces ("KRAJAN I"). */
  dusun?: string;
  /** Without leading zeros ("3"). */
  rt?: string;
  rw?: string;
}

const RT = /\bRT\s*[.:]?\s*0*(\d{1,3})\b/;
const RW = /\bRW\s*[.:]?\s*0*(\d{1,3})\b/;
const DUSUN = /\b(?:DUSUN|DUSN|DSN|DS|DK|DUKUH)\b\.?\s*([A-Z0-9][A-Z0-9 .'-]*?)\s*(?=[,/]|\bRT\b|\bRW\b|\bDESA\b|\bKEL\b|$)/;

const tidy = (s: string) => s.replace(/\s+/g, " ").replace(/[ .,-]+$/, "").trim();

export function parseAlamat(alamat: string | undefined): AlamatParts {
  if (!alamat) return {};
  const a = alamat.toUpperCase().replace(/\s+/g, " ");
  const out: AlamatParts = {};
  const rt = RT.exec(a)?.[1];
  const rw = RW.exec(a)?.[1];
  if (rt) out.rt = String(Number(rt));
  if (rw) out.rw = String(Number(rw));
  let dusun = DUSUN.exec(a)?.[1];
  if (!dusun && rt) {
    // "KRAJAN RT 1 RW 4": the words before RT name the dusun when they are all there is.
    const before = tidy(a.slice(0, a.search(/\bRT\b/)));
    if (/^[A-Z][A-Z .'-]{1,30}$/.test(before) && !/\b(JL|JLN|JALAN|NO|GG|GANG|PERUM)\b/.test(before)) dusun = before;
  }
  if (dusun) {
    const d = tidy(dusun);
    if (d && !/^\d+$/.test(d)) out.dusun = d;
  }
  return out;
}
