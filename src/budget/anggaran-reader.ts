import type { Ymd } from "../domain/budget.js";
import type { BudgetReader, BudgetSnapshot, SatkerInfo } from "./reader.js";
import type { AkunDetail, SatkerOverview, SyncRunRecord } from "./snapshot.js";

/** What /anggaran shows beyond the alerts' needs: dates, per-akun detail, rankings, search. */
export interface AnggaranSnapshot extends BudgetSnapshot {
  /** The latest date in the data ("data OMSPAN per …"). */
  readonly dataDate: Ymd | undefined;
  akunDetail(kdsatker: string): Promise<AkunDetail[]>;
  overview(): Promise<SatkerOverview[]>;
  search(query: string, limit?: number): Promise<SatkerInfo[]>;
}

/** The reader of the /anggaran feature: the active data set and how the last sync ended. */
export interface AnggaranReader extends BudgetReader {
  current(): Promise<AnggaranSnapshot | undefined>;
  lastRun(): Promise<SyncRunRecord | undefined>;
}
