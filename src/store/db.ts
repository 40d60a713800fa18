import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";
import { migrations, StaticMigrationProvider, type Dialect } from "./migrations.js";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Open `sqlite:<path>` (directory created if missing; `sqlite::memory:` for tests) and migrate to latest. */
export async function openStore(url: string): Promise<Store> {
  if (!url.startsWith("sqlite:")) {
    throw new Error("DATABASE_URL: hanya sqlite:<path> yang didukung pada versi ini");
  }
  const path = url.slice("sqlite:".length);
  const { default: SQLite } = await import("better-sqlite3");
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const raw = new SQLite(path);
  raw.pragma("journal_mode = WAL");
  raw.pragma("busy_timeout = 5000");
  raw.pragma("foreign_keys = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  await migrate(db, "sqlite");
  return {
    db,
    dialect: "sqlite",
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(migrations(dialect)) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migrasi database gagal${failed ? ` (${failed.migrationName})` : ""}: ${String(error)}`);
  }
}
