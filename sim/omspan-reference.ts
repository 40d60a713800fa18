/**
 * The independent reference of the synthetic OMSPAN data: what a correct client computes for
 * every satker, recomputed from the canonical data with its own simple code (one pass over
 * the rows), independent of src/upstream and src/budget.
 */
import type { SimFaLine, SimLine, SimRealisasiRow, SimSatker } from "./omspan-catalog.js";
import { referenceScore, type SimIkRow } from "./omspan-ik.js";

export interface ExpectedSatker {
  kdsatker: string;
  nama: string;
  /** Σ DIPA AMOUNT, rupiah. */
  pagu: number;
  /** Σ RealisasiKL AMOUNT, rupiah. */
  realisasi: number;
  rows: number;
  perJenis: Record<string, { pagu: number; realisasi: number }>;
  perAkun: Record<string, { pagu: number; realisasi: number }>;
  /** Key `${akun}|${month}` → Σ AMOUNT. */
  perAkunBulan: Record<string, number>;
  /** Month (1–12) → Σ AMOUNT. */
  perBulan: Record<number, number>;
  fa: { dipa: number; actual: number; kontrak: number; blokir: number; balancing: number };
  /** DataFA lines with BALANCING_AMT < 0. */
  paguMinusLines: { akun: string; program: string; output: string; balancing: number }[];
  /** Per akun: Σ of the negative BALANCING_AMT of its lines. */
  paguMinusPerAkun: Record<string, number>;
  /** Highest PERIODE row and its score computed here (Σ IK×BBT / Σ BBT, 2 decimals). */
  ikLatest?: { periode: number; fields: Record<string, string>; score?: number; kategori?: string };
  maxDate: { year: number; month: number; day: number };
}

/** What the reference reads: OmspanData's public side. */
export interface ReferenceSource {
  readonly satker: readonly SimSatker[];
  readonly lines: readonly SimLine[];
  readonly asOf: { year: number; month: number; day: number };
  readonly realisasiCount: number;
  realisasi(i: number): SimRealisasiRow;
  faLines(): SimFaLine[];
  ikSatkerRows(): readonly SimIkRow[];
}

/** What a correct client computes for every satker, by KDSATKER. */
export function buildReference(d: ReferenceSource): Map<string, ExpectedSatker> {
  const out = new Map<string, ExpectedSatker>();
  const maxDate = { ...d.asOf };
  for (const s of d.satker) {
    out.set(s.kdsatker, {
      kdsatker: s.kdsatker,
      nama: s.nama,
      pagu: 0,
      realisasi: 0,
      rows: 0,
      perJenis: {},
      perAkun: {},
      perAkunBulan: {},
      perBulan: {},
      fa: { dipa: 0, actual: 0, kontrak: 0, blokir: 0, balancing: 0 },
      paguMinusLines: [],
      paguMinusPerAkun: {},
      maxDate,
    });
  }
  const get = (kd: string) => out.get(kd)!;
  for (const l of d.lines) {
    const e = get(l.kdsatker);
    e.pagu += l.pagu;
    (e.perJenis[l.jenis] ??= { pagu: 0, realisasi: 0 }).pagu += l.pagu;
    (e.perAkun[l.akun] ??= { pagu: 0, realisasi: 0 }).pagu += l.pagu;
  }
  const n = d.realisasiCount;
  for (let i = 0; i < n; i++) {
    const r = d.realisasi(i);
    const l = d.lines[r.line]!;
    const e = get(l.kdsatker);
    e.realisasi += r.amount;
    e.rows++;
    (e.perJenis[l.jenis] ??= { pagu: 0, realisasi: 0 }).realisasi += r.amount;
    (e.perAkun[l.akun] ??= { pagu: 0, realisasi: 0 }).realisasi += r.amount;
    const k = `${l.akun}|${r.month}`;
    e.perAkunBulan[k] = (e.perAkunBulan[k] ?? 0) + r.amount;
    e.perBulan[r.month] = (e.perBulan[r.month] ?? 0) + r.amount;
  }
  for (const f of d.faLines()) {
    const e = get(f.satker);
    e.fa.dipa += f.dipa;
    e.fa.actual += f.actual;
    e.fa.kontrak += f.kontrak;
    e.fa.blokir += f.blokir;
    e.fa.balancing += f.balancing;
    if (f.balancing < 0) {
      e.paguMinusLines.push({ akun: f.akun, program: f.program, output: f.output, balancing: f.balancing });
      e.paguMinusPerAkun[f.akun] = (e.paguMinusPerAkun[f.akun] ?? 0) + f.balancing;
    }
  }
  for (const row of d.ikSatkerRows()) {
    const e = out.get(row.kode);
    if (!e) continue;
    if (!e.ikLatest || row.periode > e.ikLatest.periode) e.ikLatest = { periode: row.periode, fields: row.fields };
  }
  for (const e of out.values()) {
    if (!e.ikLatest) continue;
    const score = referenceScore(e.ikLatest.fields);
    e.ikLatest.score = score;
    e.ikLatest.kategori = score === undefined ? undefined : score >= 95 ? "Sangat Baik" : score >= 89 ? "Baik" : score >= 70 ? "Cukup" : "Kurang";
  }
  return out;
}
