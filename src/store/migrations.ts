import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from "kysely";

export type Dialect = "sqlite" | "postgres";

/**
 * Migrations live in code (no directory scan), ONE list for both dialects: SQLite
 * (better-sqlite3) and PostgreSQL run exactly the same steps (docs/architecture.md#storage-and-instances). Rules for anyone
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
    "0002_budget": {
      // Synced OMSPAN aggregates (docs/architecture.md#the-path-of-an-omspan-sync): one row per sync run in budget_datasets, the
      // aggregates keyed by dataset_id, and a one-row pointer to the active data set that the
      // sync flips in the same transaction that writes the new set.
      async up(db: Kysely<unknown>) {
        await autoId(db.schema.createTable("budget_datasets"), dialect)
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("trigger", "text", (c) => c.notNull())
          .addColumn("started_at", "bigint", (c) => c.notNull())
          .addColumn("finished_at", "bigint")
          .addColumn("rows", "bigint")
          .addColumn("satker", "bigint")
          .addColumn("duration_ms", "bigint")
          .addColumn("error", "text")
          .addColumn("maxdate", "text")
          .addColumn("year", "integer")
          .execute();
        await db.schema.createIndex("budget_datasets_status").on("budget_datasets").columns(["status", "id"]).execute();
        await db.schema
          .createTable("budget_active")
          .addColumn("slot", "text", (c) => c.primaryKey())
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("budget_realisasi")
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("akun", "text", (c) => c.notNull())
          .addColumn("year", "integer", (c) => c.notNull())
          .addColumn("month", "integer", (c) => c.notNull())
          .addColumn("amount_sen", "bigint", (c) => c.notNull())
          .addColumn("rows", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("budget_realisasi_pk", ["dataset_id", "kdsatker", "akun", "year", "month"])
          .execute();
        await db.schema
          .createTable("budget_dipa")
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("akun", "text", (c) => c.notNull())
          .addColumn("amount_sen", "bigint", (c) => c.notNull())
          .addColumn("lines", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("budget_dipa_pk", ["dataset_id", "kdsatker", "akun"])
          .execute();
        await db.schema
          .createTable("budget_fa")
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("akun", "text", (c) => c.notNull())
          .addColumn("dipa_sen", "bigint", (c) => c.notNull())
          .addColumn("kontrak_sen", "bigint", (c) => c.notNull())
          .addColumn("blokir_sen", "bigint", (c) => c.notNull())
          .addColumn("actual_sen", "bigint", (c) => c.notNull())
          .addColumn("balancing_sen", "bigint", (c) => c.notNull())
          // Pagu minus detected per DataFA line BEFORE summing: Σ of the negative lines, and how many.
          .addColumn("minus_sen", "bigint", (c) => c.notNull())
          .addColumn("minus_lines", "integer", (c) => c.notNull())
          .addColumn("lines", "integer", (c) => c.notNull())
          .addColumn("identity_mismatches", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("budget_fa_pk", ["dataset_id", "kdsatker", "akun"])
          .execute();
        await db.schema
          .createTable("budget_ik")
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("level", "text", (c) => c.notNull())
          .addColumn("kode", "text", (c) => c.notNull())
          .addColumn("periode", "integer", (c) => c.notNull())
          .addColumn("nama", "text")
          .addColumn("kdkppn", "text")
          .addColumn("values_json", "text", (c) => c.notNull())
          .addColumn("weights_json", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("budget_ik_pk", ["dataset_id", "level", "kode", "periode"])
          .execute();
        await db.schema
          .createTable("budget_satker")
          .addColumn("dataset_id", "bigint", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("nama", "text")
          .addPrimaryKeyConstraint("budget_satker_pk", ["dataset_id", "kdsatker"])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        for (const t of ["budget_satker", "budget_ik", "budget_fa", "budget_dipa", "budget_realisasi", "budget_active", "budget_datasets"]) {
          await db.schema.dropTable(t).execute();
        }
      },
    },
    "0003_alerts": {
      // Group alerts (docs/architecture.md#the-path-of-an-alert): groups, their satker subscriptions, the conditions each group
      // has been told about, and the persisted outbox every alert/digest goes through.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("alert_groups")
          .addColumn("chat_id", "bigint", (c) => c.primaryKey())
          .addColumn("title", "text")
          .addColumn("active", "integer", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addColumn("deactivated_at", "bigint")
          .addColumn("deactivated_reason", "text")
          .execute();
        await db.schema
          .createTable("alert_subscriptions")
          .addColumn("chat_id", "bigint", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("created_by", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("alert_subscriptions_pk", ["chat_id", "kdsatker"])
          .execute();
        await db.schema.createIndex("alert_subscriptions_satker").on("alert_subscriptions").column("kdsatker").execute();
        await db.schema
          .createTable("alert_state")
          .addColumn("chat_id", "bigint", (c) => c.notNull())
          .addColumn("cond_key", "text", (c) => c.notNull())
          .addColumn("kdsatker", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("data_json", "text", (c) => c.notNull())
          .addColumn("since", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("alert_state_pk", ["chat_id", "cond_key"])
          .execute();
        await autoId(db.schema.createTable("outbox"), dialect)
          .addColumn("chat_id", "bigint", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("dedupe_key", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull())
          .addColumn("failures", "integer", (c) => c.notNull())
          .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
          .addColumn("lease_until", "bigint")
          .addColumn("claimed_by", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("sent_at", "bigint")
          .addColumn("message_id", "bigint")
          .addColumn("last_error", "text")
          .addUniqueConstraint("outbox_dedupe_key", ["dedupe_key"])
          .execute();
        await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at", "id"]).execute();
        await db.schema.createIndex("outbox_chat").on("outbox").columns(["chat_id", "status"]).execute();
      },
      async down(db: Kysely<unknown>) {
        for (const t of ["outbox", "alert_state", "alert_subscriptions", "alert_groups"]) await db.schema.dropTable(t).execute();
      },
    },
    "0004_privacy": {
      // Personal data at rest (docs/privacy.md): audit entries name the id of the key that hashed
      // them (rotation); kv rows may expire (conversation state); the random audit key that
      // earlier versions kept in this very database, and conversation state that held raw
      // message text, are deleted.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("audit_log").addColumn("key_id", "text").execute();
        await db.schema.alterTable("kv").addColumn("expires_at", "bigint").execute();
        await db.schema.createIndex("kv_expires").on("kv").column("expires_at").execute();
        await sql`delete from kv where key = 'secret:audit-hmac' or key like 'conv:%'`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropIndex("kv_expires").execute();
        await db.schema.alterTable("kv").dropColumn("expires_at").execute();
        await db.schema.alterTable("audit_log").dropColumn("key_id").execute();
      },
    },
    "0005_scopes": {
      // Least privilege (docs/privacy.md#access-and-least-privilege): an officer may be limited
      // to kecamatan/desa and to satker. Null: the whole kabupaten and every satker, as before.
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("officers").addColumn("scope", "text").execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.alterTable("officers").dropColumn("scope").execute();
      },
    },
    "0006_bulk_jobs": {
      // /cekmassal (docs/cekmassal.md#pekerjaan-job): a job per uploaded list and its looked-up
      // rows by keyed hash; one running job per officer, held by one instance through a lease.
      async up(db: Kysely<unknown>) {
        await autoId(db.schema.createTable("bulk_jobs"), dialect)
          .addColumn("officer_id", "bigint", (c) => c.notNull())
          .addColumn("chat_id", "bigint", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("file_id", "text")
          .addColumn("file_name", "text")
          .addColumn("format", "text", (c) => c.notNull())
          .addColumn("total_rows", "bigint", (c) => c.notNull())
          .addColumn("lookups_total", "bigint", (c) => c.notNull())
          .addColumn("lookups_done", "bigint", (c) => c.notNull())
          .addColumn("counts_json", "text")
          .addColumn("progress_message_id", "bigint")
          .addColumn("lease_owner", "text")
          .addColumn("lease_until", "bigint")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        // Same statement on both dialects: a partial unique index holds "one running job per officer".
        await sql`create unique index bulk_jobs_one_running on bulk_jobs (officer_id) where status = 'running'`.execute(db);
        await db.schema.createIndex("bulk_jobs_status").on("bulk_jobs").columns(["status", "updated_at"]).execute();
        await db.schema
          .createTable("bulk_rows")
          .addColumn("job_id", "bigint", (c) => c.notNull())
          .addColumn("row_index", "bigint", (c) => c.notNull())
          .addColumn("nik_hash", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("in_p3ke", "integer")
          .addColumn("out_of_scope", "integer", (c) => c.notNull())
          .addColumn("kode_desa", "text")
          .addColumn("desa", "text")
          .addColumn("kecamatan", "text")
          .addColumn("desil", "integer")
          .addColumn("bantuan", "integer")
          .addColumn("opds_json", "text")
          .addColumn("error", "text")
          .addPrimaryKeyConstraint("bulk_rows_pk", ["job_id", "row_index"])
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("bulk_rows").execute();
        await db.schema.dropTable("bulk_jobs").execute();
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
