/**
 * DIPA and DataFA lines → sums per satker × akun, as the sync stores them. Both feeds are
 * small (one answer each), so they are summed in one pass; RealisasiKL is streamed instead
 * (aggregate.ts).
 */
import { addSen, type FaAmounts, type Sen } from "../domain/budget.js";

/** A DIPA line as far as the sums need it (the client's DipaLine satisfies it). */
export interface DipaLineInput {
  kdsatker: string;
  akun: string;
  amountSen: Sen;
}

/** A DataFA line as far as the sums need it (the client's FaLine satisfies it). */
export interface FaLineInput extends FaAmounts {
  satker: string;
  akun: string;
  /** BALANCING_AMT was absent and derived from the identity (not checked against it). */
  balancingDerived?: boolean;
}

/** Σ of the DIPA lines of one satker × akun. */
export interface DipaAgg {
  kdsatker: string;
  akun: string;
  amountSen: Sen;
  lines: number;
}

/** Σ of the DataFA lines of one satker × akun. */
export interface FaAgg extends FaAmounts {
  kdsatker: string;
  akun: string;
  /** Σ of the negative BALANCING_AMT lines (≤ 0). */
  minusSen: Sen;
  minusLines: number;
  lines: number;
  identityMismatches: number;
}

/** DIPA lines → Σ per satker × akun. */
export function aggregateDipa(lines: Iterable<DipaLineInput>): DipaAgg[] {
  const m = new Map<string, DipaAgg>();
  for (const l of lines) {
    const k = `${l.kdsatker}|${l.akun}`;
    const e = m.get(k);
    if (e) {
      e.amountSen = addSen(e.amountSen, l.amountSen);
      e.lines++;
    } else m.set(k, { kdsatker: l.kdsatker, akun: l.akun, amountSen: l.amountSen, lines: 1 });
  }
  return [...m.values()];
}

/**
 * DataFA lines → Σ per satker × akun. Pagu minus is detected on each line FIRST (a negative
 * line is never offset by a positive line of the same akun under another output): its
 * negative BALANCING_AMT goes into `minusSen`, whatever the akun's total balance.
 */
export function aggregateFa(lines: Iterable<FaLineInput>): FaAgg[] {
  const m = new Map<string, FaAgg>();
  for (const l of lines) {
    const k = `${l.satker}|${l.akun}`;
    let e = m.get(k);
    if (!e) {
      e = { kdsatker: l.satker, akun: l.akun, dipaSen: 0, kontrakSen: 0, blokirSen: 0, actualSen: 0, balancingSen: 0, minusSen: 0, minusLines: 0, lines: 0, identityMismatches: 0 };
      m.set(k, e);
    }
    e.dipaSen = addSen(e.dipaSen, l.dipaSen);
    e.kontrakSen = addSen(e.kontrakSen, l.kontrakSen);
    e.blokirSen = addSen(e.blokirSen, l.blokirSen);
    e.actualSen = addSen(e.actualSen, l.actualSen);
    e.balancingSen = addSen(e.balancingSen, l.balancingSen);
    e.lines++;
    if (l.balancingSen < 0) {
      e.minusSen = addSen(e.minusSen, l.balancingSen);
      e.minusLines++;
    }
    if (!l.balancingDerived && l.dipaSen - l.actualSen - l.kontrakSen - l.blokirSen !== l.balancingSen) e.identityMismatches++;
  }
  return [...m.values()];
}
