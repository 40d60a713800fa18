import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from "kysely";

export type Dialect = "sqlite" | "postgres";

/**
 * Migrations live in code (no directory scan), ONE list for both dialects: SQLite
 * (better-sqlite3) and PostgreSQL run exactly the same steps (SPEC §7). Rules for anyone
 * adding a migration, so it works on both:
 *
 * - Append a new key (`"0002_…"`, sorted by name); never edit a migration that has shipped.
 * - The dialect switch lives in the helpers below and nowhere else. An auto-increment
 *   primary key is `autoId(table, dialect)` (SQLite `integer primary key autoincrement`,
 *   PostgreSQL `bigserial primary key`); add a helper here if you ever need another
 *   dialect-specific type instead of testing `dialect` inside a migration.
 * - Portable column types only: `bigint` for ids, Telegram ids, epoch-millisecond
 *   timestamps, counts and rupiah amounts (all < 2^53; PostgreSQL int8 is parsed to a JS
 *   number in db.ts); `text` for strings and JSON; `integer` 0/1 for flags (SQLite has no
 *   boolean, and `boolean` would come back as true/false on one dialect and 1/0 on the
 *   other); `double precision` for fractions (percentages). No `timestamp`, `json(b)`, enums.
 * - Upserts with `onConflict(…)` (both dialects support it). To learn a new row's id use
 *   `.returning("id")`; `insertId` is undefined on PostgreSQL.
 * - Name every index explicitly (index names are per schema on PostgreSQL, so make them unique).
 * - The store tests (test/store/store.test.ts) run on both dialects when PANTAU_TEST_PG_URL is set.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    "0001_foundation": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("officers")
          .addColumn("telegram_id", "bigint", (c) => c.primaryKey())
          .addColumn("nama", "text")
          .addColumn("added_by", "bigint", (c) => c.notNull())
          .addColumn("added_at", "bigint", (c) => c.notNull())
          .execute();
        await autoId(db.schema.createTable("audit_log"), dialect)
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("user_id", "bigint", (c) => c.notNull())
          .addColumn("chat_id", "bigint", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("subject", "text")
          .addColumn("subject_hash", "text")
          .addColumn("outcome", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
        await db.schema
          .createTable("kv")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("kv").execute();
        await db.schema.dropTable("audit_log").execute();
        await db.schema.dropTable("officers").execute();
      },
    },
  };
}

/**
 * Adds an auto-increment integer primary key (default name `id`) as the table's first column:
 * SQLite `integer primary key autoincrement` (a rowid alias), PostgreSQL `bigserial primary key`.
 */
export function autoId<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>, dialect: Dialect, name = "id"): CreateTableBuilder<TB, C> {
  return dialect === "postgres"
    ? table.addColumn(name, "bigserial", (c: ColumnDefinitionBuilder) => c.primaryKey())
    : table.addColumn(name, "integer", (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.list;
  }
}
