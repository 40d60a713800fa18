import type BetterSqlite3 from "better-sqlite3";

/**
 * better-sqlite3 13 (the production dependency) ships Node-API 10 binaries: no install script,
 * no compiler, one binary for every Node ≥ 22.14. Node 20 has Node-API 9 and would crash
 * loading it, so on Node 20 (development machines only) the 12.x build installed as the dev
 * dependency `better-sqlite3-node20` is used instead; same API.
 */
export async function loadSqlite(): Promise<typeof BetterSqlite3> {
  if (Number(process.versions.napi) >= 10) return (await import("better-sqlite3")).default;
  try {
    return (await import("better-sqlite3-node20")).default;
  } catch (e) {
    throw new Error(`SQLite di Node ${process.version} butuh dependensi pengembangan better-sqlite3-node20 (npm ci); produksi: Node 24`, { cause: e });
  }
}
