import { type Kysely, type Migration, type MigrationProvider } from "kysely";

export type Dialect = "sqlite" | "postgres";

/**
 * Migrations live in code (no directory scan), one list for both dialects; the only
 * difference is the auto-increment id column.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const idType = dialect === "postgres" ? "bigserial" : "integer";
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
        await db.schema
          .createTable("audit_log")
          .addColumn("id", idType, (c) => (dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey()))
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

export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.list;
  }
}

