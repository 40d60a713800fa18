/**
 * The rows of the OMSPAN endpoints (docs/upstream.md, OMSPAN): DipaBelanjaKL, RealisasiKL,
 * DataFA and the three CapaianIK feeds. Rows are parsed tolerantly (strings for everything,
 * ""/null = missing, padded codes); a row without its identifying fields is rejected (undefined)
 * and counted by the caller (parseOmspanRows).
 */
import { z } from "zod";
import { INDICATORS, type FaAmounts, type IkLevel, type IkRow, type IndicatorId, type Sen, type Ymd } from "../domain/budget.js";
import { isPlainObject } from "./http.js";
import { code, intOf, normalizeOmspanRow, parseAmountSen, parseDecimal, parseOracleDate, text } from "./omspan-fields.js";

const code6 = z.string().regex(/^\d{6}$/);
const ymdSchema = z.object({ year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) });
const senSchema = z.number().int();

/** The budget segments a DIPA line and a RealisasiKL row both carry. */
interface BudgetSegments {
  kdsatker: string;
  kppn?: string;
  ba?: string;
  baes1?: string;
  akun: string;
  program?: string;
  kegiatan?: string;
  output?: string;
  kewenangan?: string;
  sumberDana?: string;
  lokasi?: string;
  budgetType?: string;
}

/** A DIPA allocation line (DipaBelanjaKL). */
export interface DipaLine extends BudgetSegments {
  /** Pagu of the line. */
  amountSen: Sen;
}

/** One payment (or correction) of RealisasiKL. */
export interface RealisasiRow extends BudgetSegments {
  rownum?: number;
  caraTarik?: string;
  kdregister?: string;
  tanggal: Ymd;
  maxdate?: Ymd;
  /** May be negative (koreksi, pengembalian). */
  amountSen: Sen;
}

/** A DataFA line: its segments and amounts (kontrak, blokir, sisa; DIPA and ACTUAL for cross-checks). */
export interface FaLine extends FaAmounts {
  satker: string;
  kppn?: string;
  akun: string;
  program?: string;
  /** KEGIATAN + OUTPUT, 7 digits. */
  output?: string;
  dana?: string;
  kewenangan?: string;
  lokasi?: string;
  budgetType?: string;
  /** BALANCING_AMT as given (negative = pagu minus); derived from the identity only when absent. */
  balancingSen: Sen;
  balancingDerived?: boolean;
}

const dipaCore = z.object({ kdsatker: code6, akun: code6, amountSen: senSchema });
/** The fields a RealisasiKL row must have (isRealisasiCore is the fast equivalent). */
export const realisasiCore = z.object({ kdsatker: code6, akun: code6, amountSen: senSchema, tanggal: ymdSchema, rownum: z.number().int().nonnegative().optional() });
const faCore = z.object({ satker: code6, akun: code6, dipaSen: senSchema, actualSen: senSchema, kontrakSen: senSchema, blokirSen: senSchema, balancingSen: senSchema });
const ikCore = z.object({ kode: z.string().regex(/^\d{3,6}$/), periode: z.number().int().min(1).max(12) });

/** A raw row → the parsed row, or undefined when it lacks its identifying fields. */
export type RowParser<T> = (raw: unknown) => T | undefined;

/**
 * Row parser: the raw row must be a flat object, tolerant converters read the fields, and a zod
 * schema of the REQUIRED fields decides whether the row is usable. Only those fields are
 * validated (optional codes are already normalised strings or undefined); the RealisasiKL rows,
 * a million per sync, are checked by an equivalent plain predicate (`fastCore`) instead.
 */
function parser<T>(build: (r: Record<string, unknown>) => unknown, core: z.ZodType, fastCore?: (row: Record<string, unknown>) => boolean): RowParser<T> {
  return (raw) => {
    // The shape check of a raw row (a flat object); its fields are then read tolerantly.
    if (!isPlainObject(raw)) return undefined;
    const row = build(normalizeOmspanRow(raw)) as Record<string, unknown>;
    const ok = fastCore ? fastCore(row) : core.safeParse(row).success;
    return ok ? (row as T) : undefined;
  };
}

const isCode6 = (v: unknown): boolean => typeof v === "string" && CODE6_RE.test(v);
const CODE6_RE = /^\d{6}$/;
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

/**
 * realisasiCore as a plain predicate — the same rules, none of zod's per-call allocations (a
 * sync parses a million RealisasiKL rows; test/omspan/parse.test.ts holds the two to the same
 * answers).
 */
export function isRealisasiCore(r: Record<string, unknown>): boolean {
  if (!isCode6(r.kdsatker) || !isCode6(r.akun) || !isInt(r.amountSen)) return false;
  const t = r.tanggal as Record<string, unknown> | undefined;
  if (t === null || typeof t !== "object" || !isInt(t.year) || !isInt(t.month) || t.month < 1 || t.month > 12 || !isInt(t.day) || t.day < 1 || t.day > 31) return false;
  return r.rownum === undefined || (isInt(r.rownum) && r.rownum >= 0);
}

export const parseDipaRow: RowParser<DipaLine> = parser((r) => ({
  kdsatker: code(r.KDSATKER ?? r.SATKER, 6),
  kppn: code(r.KPPN, 3),
  ba: code(r.BA, 3),
  baes1: code(r.BAES1, 5),
  akun: code(r.AKUN, 6),
  program: code(r.PROGRAM),
  kegiatan: code(r.KEGIATAN),
  output: code(r.OUTPUT),
  kewenangan: code(r.KEWENANGAN),
  sumberDana: code(r.SUMBER_DANA),
  lokasi: code(r.LOKASI),
  budgetType: code(r.BUDGET_TYPE),
  amountSen: parseAmountSen(r.AMOUNT),
}), dipaCore);

/**
 * The segment columns are those of parseDipaRow, written out again on purpose: one object
 * literal is the fastest shape V8 builds, and a sync parses a million of these rows (a shared
 * segments helper plus added fields made parsing some 30 % slower; a spread, many times).
 */
export const parseRealisasiRow: RowParser<RealisasiRow> = parser((r) => ({
  rownum: intOf(r.ROWNUM),
  kdsatker: code(r.KDSATKER ?? r.SATKER, 6),
  kppn: code(r.KPPN, 3),
  ba: code(r.BA, 3),
  baes1: code(r.BAES1, 5),
  akun: code(r.AKUN, 6),
  program: code(r.PROGRAM),
  kegiatan: code(r.KEGIATAN),
  output: code(r.OUTPUT),
  kewenangan: code(r.KEWENANGAN),
  sumberDana: code(r.SUMBER_DANA),
  caraTarik: code(r.CARA_TARIK),
  kdregister: code(r.KDREGISTER),
  lokasi: code(r.LOKASI),
  budgetType: code(r.BUDGET_TYPE),
  tanggal: parseOracleDate(r.TANGGAL),
  maxdate: parseOracleDate(r.MAXDATE),
  amountSen: parseAmountSen(r.AMOUNT),
}), realisasiCore, isRealisasiCore);

/** DataFA: KONTRAK/BLOKIR default to 0; BALANCING_AMT is derived from the identity only when absent. */
export const parseFaRow: RowParser<FaLine> = parser((r) => {
  const dipaSen = parseAmountSen(r.DIPA);
  const actualSen = parseAmountSen(r.ACTUAL_AMT ?? r.ACTUAL);
  // Missing KONTRAK/BLOKIR means nothing committed/blocked; DIPA and ACTUAL are required.
  const kontrakSen = r.KONTRAK === undefined || r.KONTRAK === null || r.KONTRAK === "" ? 0 : parseAmountSen(r.KONTRAK);
  const blokirSen = r.BLOKIR === undefined || r.BLOKIR === null || r.BLOKIR === "" ? 0 : parseAmountSen(r.BLOKIR);
  let balancingSen = parseAmountSen(r.BALANCING_AMT ?? r.BALANCING);
  let balancingDerived: boolean | undefined;
  if (balancingSen === undefined && dipaSen !== undefined && actualSen !== undefined && kontrakSen !== undefined && blokirSen !== undefined) {
    balancingSen = dipaSen - actualSen - kontrakSen - blokirSen;
    balancingDerived = true;
  }
  return {
    satker: code(r.SATKER ?? r.KDSATKER, 6),
    kppn: code(r.KPPN, 3),
    akun: code(r.AKUN, 6),
    program: code(r.PROGRAM),
    output: code(r.OUTPUT),
    dana: code(r.DANA),
    kewenangan: code(r.KEWENANGAN),
    lokasi: code(r.LOKASI),
    budgetType: code(r.BUDGET_TYPE),
    dipaSen,
    kontrakSen,
    blokirSen,
    actualSen,
    balancingSen,
    ...(balancingDerived ? { balancingDerived } : {}),
  };
}, faCore);

/**
 * OMSPAN's columns of each indicator, as normalised keys (upper case, "_"): the value (IK_*)
 * and the weight (BBT_IND_*); the first name is the documented one, later ones are tolerated
 * variants.
 */
const IK_COLUMNS: Readonly<Record<IndicatorId, { value: readonly string[]; weight: readonly string[] }>> = {
  revisi_dipa: { value: ["IK_REVISI_DIPA"], weight: ["BBT_IND_REV_DIPA", "BBT_IND_REVISI_DIPA"] },
  hal3_dipa: { value: ["IK_HAL3_DIPA"], weight: ["BBT_IND_HAL3_DIPA"] },
  realisasi: { value: ["IK_REALISASI"], weight: ["BBT_IND_REALISASI"] },
  data_kontrak: { value: ["IK_DATA_KONTRAK", "IK_KONTRAK"], weight: ["BBT_IND_KONTRAK", "BBT_IND_DATA_KONTRAK"] },
  kemajuan_tagihan: { value: ["IK_KEMAJUAN_TAGIHAN", "IK_KMJ_TAGIHAN"], weight: ["BBT_IND_KMJ_TAGIHAN", "BBT_IND_KEMAJUAN_TAGIHAN"] },
  up: { value: ["IK_UP"], weight: ["BBT_IND_UP"] },
  dispensasi_spm: { value: ["IK_DISPENSASI_SPM", "IK_DIS_SPM"], weight: ["BBT_IND_DIS_SPM", "BBT_IND_DISPENSASI_SPM"] },
  capaian_output: { value: ["IK_CAPAIAN_OUTPUT", "IK_CAP_OUTPUT"], weight: ["BBT_IND_CAP_OUTPUT", "BBT_IND_CAPAIAN_OUTPUT"] },
  kesalahan_spm: { value: ["IK_KESALAHAN_SPM", "IK_SPM_SLH"], weight: ["BBT_IND_SPM_SLH", "BBT_IND_KESALAHAN_SPM"] },
  retur: { value: ["IK_RETUR"], weight: ["BBT_IND_RETUR"] },
  rekon_lpj: { value: ["IK_REKON_LPJ"], weight: ["BBT_IND_REKON_LPJ"] },
  renkas: { value: ["IK_RENKAS"], weight: ["BBT_IND_RENKAS"] },
  pagu_minus: { value: ["IK_PAGU_MINUS"], weight: ["BBT_IND_PAGU_MINUS"] },
};

/** The first of `keys` that holds a decimal. */
function firstDecimal(r: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const v = parseDecimal(r[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function ikParser(level: IkLevel): RowParser<IkRow> {
  const width = level === "satker" ? 6 : level === "eselon1" ? 5 : 3;
  return parser((r) => {
    const values: Partial<Record<IndicatorId, number>> = {};
    const weights: Partial<Record<IndicatorId, number>> = {};
    for (const { id } of INDICATORS) {
      const v = firstDecimal(r, IK_COLUMNS[id].value);
      if (v !== undefined) values[id] = v;
      const w = firstDecimal(r, IK_COLUMNS[id].weight);
      if (w !== undefined) weights[id] = w;
    }
    // A 3-digit BA and a 5-digit eselon I code share the `BA` key: never pad those, only check the width.
    const kode = level === "satker" ? code(r.KDSATKER ?? r.SATKER, width) : code(r.BA ?? r.KDBA);
    return {
      level,
      kode: kode !== undefined && kode.length === width ? kode : undefined,
      nama: text(level === "satker" ? (r.NMSATKER ?? r.NAMA_SATKER) : (r.NMBA ?? r.NMES1)),
      kdkppn: code(r.KDKPPN ?? r.KPPN, 3),
      periode: intOf(r.PERIODE),
      values,
      weights,
    };
  }, ikCore);
}

/** CapaianIKSatkerRe, CapaianIKEselon1Re and CapaianIKKLRe rows. */
export const parseIkSatkerRow = ikParser("satker");
export const parseIkEselon1Row = ikParser("eselon1");
export const parseIkKlRow = ikParser("kl");
