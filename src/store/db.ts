import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import type { Statement as SqliteStatement } from "better-sqlite3";
import type { Database } from "./schema.js";
import type { Logger } from "../logger.js";
import { migrations, StaticMigrationProvider, type Dialect } from "./migrations.js";
import { loadSqlite } from "./sqlite-driver.js";
import { PgChangeFeed, type ChangeFeed } from "./change-feed.js";

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * SQLite only: prepared statements on the connection behind `db`, for the few statements
   * run on every update (officer lookup, conversation-state read, audit insert), which
   * through Kysely would be built, compiled and prepared again each time. Only while no
   * transaction is open on the connection (`inTransaction`): Kysely keeps one open across
   * awaits, and a statement run beside it would become part of it — then use `db`, which
   * waits for the transaction to end.
   */
  sqlite?: SqliteStatements;
  /** PostgreSQL only: notices of changes made by other instances (LISTEN/NOTIFY). */
  changes?: ChangeFeed;
  close(): Promise<void>;
}

export interface SqliteStatements {
  /** The statement for `sql`, prepared once and kept (use fixed SQL texts only). */
  prepare(sql: string): SqliteStatement;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
}

export interface OpenStoreOptions {
  /** Where errors of idle PostgreSQL connections go (a dropped connection must not crash the process). */
  onError?: (err: Error) => void;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Where a lost LISTEN connection is reported (PostgreSQL). */
  logger?: Pick<Logger, "warn">;
}

const PG_URL = /^postgres(ql)?:\/\//;

/**
 * Open the database and migrate it to the latest version:
 * - `sqlite:<path>` (directory created if missing; `sqlite::memory:` for tests);
 * - `postgres://user:pass@host:5432/db` (or `postgresql://`), with the same Kysely code and
 *   the same migrations. Query parameters are passed to node-postgres, e.g.
 *   `?options=-c%20search_path%3Dpantau` to use another schema, `?sslmode=require`.
 */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  if (PG_URL.test(url)) return openPostgres(url, opts);
  if (!url.startsWith("sqlite:")) {
    throw new Error("DATABASE_URL: harus sqlite:<path> atau postgres://…");
  }
  const path = url.slice("sqlite:".length);
  const SQLite = await loadSqlite();
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const raw = new SQLite(path);
  raw.pragma("journal_mode = WAL");
  raw.pragma("busy_timeout = 5000");
  raw.pragma("foreign_keys = ON");
  // Deleted rows (purged audit entries, ended conversations) are overwritten, not left in free pages.
  raw.pragma("secure_delete = ON");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  // Kysely neither locks nor wraps migrations in a transaction on SQLite; one IMMEDIATE
  // transaction does both: another process opening the same file waits (busy_timeout) and
  // then finds the migrations done, and a failing migration leaves nothing half-applied.
  raw.exec("BEGIN IMMEDIATE");
  try {
    await migrate(db, "sqlite");
    raw.exec("COMMIT");
  } catch (e) {
    if (raw.inTransaction) raw.exec("ROLLBACK");
    await db.destroy();
    throw e;
  }
  const statements = new Map<string, SqliteStatement>();
  const sqlite: SqliteStatements = {
    prepare(text) {
      let st = statements.get(text);
      if (!st) statements.set(text, (st = raw.prepare(text)));
      return st;
    },
    get inTransaction() {
      return raw.inTransaction;
    },
  };
  return {
    db,
    dialect: "sqlite",
    sqlite,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, opts: OpenStoreOptions): Promise<Store> {
  const { default: pg } = await import("pg");
  const { INT8, NUMERIC } = pg.types.builtins;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    application_name: "pantau",
    connectionTimeoutMillis: 10_000,
    // node-postgres returns int8 (bigint, bigserial, COUNT(*)) and numeric (SUM/AVG of
    // bigint) as strings, because they can exceed 2^53. Every value this application
    // stores in them — row ids, Telegram ids, epoch milliseconds, counts and rupiah
    // amounts/totals (kept in sen, ×100: even a 10^12-rupiah pagu is 10^14 sen) — is
    // below 2^53 ≈ 9·10^15, so they are parsed to JS numbers and the repositories see exactly
    // what better-sqlite3 returns on SQLite. Per pool (not pg.types.setTypeParser), so other
    // pg users in the same process are unaffected.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        (oid === INT8 || oid === NUMERIC) && format !== "binary"
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("error", (err) => (opts.onError ?? ((e) => console.error("postgres:", e.message)))(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, "postgres");
  } catch (e) {
    await db.destroy();
    throw e;
  }
  // One more connection, outside the pool: LISTEN needs a session of its own.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const changes = new PgChangeFeed({
    schema: rows[0]!.schema,
    newClient: () => {
      const client = new pg.Client({ connectionString: url, application_name: "pantau-listen", connectionTimeoutMillis: 10_000 });
      return client;
    },
    logger: opts.logger,
  });
  return {
    db,
    dialect: "postgres",
    changes,
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  // Kysely looks for its migration tables in *all* schemas on PostgreSQL; pin them to the
  // schema we actually use (search_path), or a second schema in the same database (another
  // deployment, a test run) would make it skip creating them here.
  let migrationTableSchema: string | undefined;
  if (dialect === "postgres") {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema ?? undefined;
    if (!migrationTableSchema) throw new Error("migrasi database gagal: search_path PostgreSQL tidak menunjuk schema yang ada");
  }
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(migrations(dialect)), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migrasi database gagal${failed ? ` (${failed.migrationName})` : ""}: ${String(error)}`);
  }
}
