import type { AnggaranSummary } from "./summary.js";
import type { IkpaResult } from "./ikpa.js";

/**
 * What the bot features (/anggaran, alerts, digest) read of the synced OMSPAN data.
 * The sync writes a new data set and swaps it in atomically; a snapshot is one data set,
 * so a reader never sees half a sync (docs/architecture.md#the-path-of-an-omspan-sync).
 */
export interface SatkerInfo {
  kdsatker: string;
  nama?: string;
}

export interface BudgetSnapshot {
  /** Id of this data set; changes with every successful sync. */
  datasetId: number;
  /** When the sync that produced it finished. */
  syncedAt: Date;
  satker(): Promise<SatkerInfo[]>;
  /** Summary of one satker as of `now` (for the quarter); undefined for an unknown satker. */
  summary(kdsatker: string, now: Date): Promise<AnggaranSummary | undefined>;
  /** IKPA per period of one satker, oldest first (for category drops between periods). */
  ikpaHistory(kdsatker: string): Promise<{ periode: string; ikpa: IkpaResult }[]>;
}

export interface BudgetReader {
  /** The active data set, or undefined before the first successful sync. */
  current(): Promise<BudgetSnapshot | undefined>;
}

/** Called after every successful sync (alert evaluation hooks in here). */
export type SyncListener = (e: { snapshot: BudgetSnapshot; previous?: BudgetSnapshot; trigger: "jadwal" | "start" | "admin" }) => Promise<void>;
