import type { Generated } from "kysely";

/** Database tables. Timestamps are epoch milliseconds (portable between SQLite and PostgreSQL). */
export interface Database {
  officers: OfficerTable;
  audit_log: AuditTable;
  kv: KvTable;
  budget_datasets: BudgetDatasetTable;
  budget_active: BudgetActiveTable;
  budget_realisasi: BudgetRealisasiTable;
  budget_dipa: BudgetDipaTable;
  budget_fa: BudgetFaTable;
  budget_ik: BudgetIkTable;
  budget_satker: BudgetSatkerTable;
  // group alerts and the outbox (migration 0003_alerts)
  alert_groups: AlertGroupTable;
  alert_subscriptions: AlertSubscriptionTable;
  alert_state: AlertStateTable;
  outbox: OutboxTable;
  // /cekmassal jobs (migration 0006_bulk_jobs)
  bulk_jobs: BulkJobTable;
  bulk_rows: BulkRowTable;
}

export interface OfficerTable {
  telegram_id: number;
  nama: string | null;
  added_by: number;
  added_at: number;
  /** JSON of the officer's Scope (src/domain/scope.ts; migration 0005); null: not limited. */
  scope: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  user_id: number;
  chat_id: number;
  action: string;
  /** masked NIK, desa code, satker… never a full NIK */
  subject: string | null;
  /** HMAC-SHA256 of the NIK with AUDIT_HMAC_KEY, for correlating lookups without storing it */
  subject_hash: string | null;
  outcome: string;
  /** Which key made subject_hash (auditKeyId of AUDIT_HMAC_KEY; migration 0004); null before. */
  key_id: string | null;
}

export interface KvTable {
  key: string;
  value: string;
  updated_at: number;
  /** When the row stops counting (ms; migration 0004): conversation state. Null: kept. */
  expires_at: number | null;
}

// ---- OMSPAN budget data (migration 0002_budget; amounts in integer sen) -------------------

/** One sync run; its aggregates are keyed by `id`. */
export interface BudgetDatasetTable {
  id: Generated<number>;
  /** "building" | "active" (completed, data kept) | "failed" | "superseded" (data deleted). */
  status: string;
  trigger: string;
  started_at: number;
  finished_at: number | null;
  /** RealisasiKL rows read. */
  rows: number | null;
  satker: number | null;
  duration_ms: number | null;
  error: string | null;
  /** RealisasiKL MAXDATE, YYYY-MM-DD. */
  maxdate: string | null;
  year: number | null;
}

/** One row (slot "omspan") pointing at the data set readers use. */
export interface BudgetActiveTable {
  slot: string;
  dataset_id: number;
  updated_at: number;
}

export interface BudgetRealisasiTable {
  dataset_id: number;
  kdsatker: string;
  akun: string;
  year: number;
  month: number;
  amount_sen: number;
  rows: number;
}

export interface BudgetDipaTable {
  dataset_id: number;
  kdsatker: string;
  akun: string;
  amount_sen: number;
  lines: number;
}

export interface BudgetFaTable {
  dataset_id: number;
  kdsatker: string;
  akun: string;
  dipa_sen: number;
  kontrak_sen: number;
  blokir_sen: number;
  actual_sen: number;
  balancing_sen: number;
  /** Σ BALANCING_AMT of the akun's NEGATIVE lines (≤ 0), detected per line before summing. */
  minus_sen: number;
  minus_lines: number;
  lines: number;
  identity_mismatches: number;
}

export interface BudgetIkTable {
  dataset_id: number;
  level: string;
  kode: string;
  periode: number;
  nama: string | null;
  kdkppn: string | null;
  values_json: string;
  weights_json: string;
}

export interface BudgetSatkerTable {
  dataset_id: number;
  kdsatker: string;
  nama: string | null;
}

// ---- group alerts and the outbox (migration 0003_alerts) -----------------------------------

/** A group chat the bot posts alerts to; `active` 0 after it removed/blocked the bot (403). */
export interface AlertGroupTable {
  chat_id: number;
  title: string | null;
  /** 1 active, 0 deactivated (kicked, blocked, chat gone). */
  active: number;
  updated_at: number;
  deactivated_at: number | null;
  /** "dikeluarkan" | "diblokir" | "hilang" */
  deactivated_reason: string | null;
}

/** A group's subscription to one satker (/langganan). */
export interface AlertSubscriptionTable {
  chat_id: number;
  kdsatker: string;
  created_by: number;
  created_at: number;
}

/** Conditions a group has been told about and that still hold (deleted when they clear). */
export interface AlertStateTable {
  chat_id: number;
  /** e.g. "minus:527560:521211" (src/alerts/rules.ts). */
  cond_key: string;
  kdsatker: string;
  kind: string;
  data_json: string;
  since: number;
}

/** Messages to be delivered, persisted so that none is lost across a restart (src/alerts/outbox.ts). */
export interface OutboxTable {
  id: Generated<number>;
  chat_id: number;
  text: string;
  /** "alert" | "digest" | "admin" */
  kind: string;
  /** Unique: enqueueing the same message twice is a no-op. */
  dedupe_key: string;
  /** "pending" | "sending" | "sent" | "failed" (will be retried) | "dead" (given up / cancelled) */
  status: string;
  /** Send attempts (every try, 429s included). */
  attempts: number;
  /** Failed attempts that count towards OUTBOX_MAX_ATTEMPTS (not 429, not migrations). */
  failures: number;
  next_attempt_at: number;
  /** While "sending": the claim expires at this time (a crashed sender's rows are retried after it). */
  lease_until: number | null;
  claimed_by: string | null;
  created_at: number;
  sent_at: number | null;
  message_id: number | null;
  last_error: string | null;
}

// ---- /cekmassal jobs (migration 0006_bulk_jobs; docs/cekmassal.md#pekerjaan-job) ----------

/** One list checked by /cekmassal. Never a NIK, never the file's bytes. */
export interface BulkJobTable {
  id: Generated<number>;
  officer_id: number;
  chat_id: number;
  /** "running" | "done" | "cancelled" | "interrupted" | "failed"; one "running" per officer (unique partial index). */
  status: string;
  /** Telegram file_id of the uploaded list (downloaded again to resume); null for pasted text. */
  file_id: string | null;
  /** Sanitised file name (no digits runs that could be a NIK). */
  file_name: string | null;
  /** "csv" | "xlsx" | "text" */
  format: string;
  total_rows: number;
  /** Distinct valid NIKs to look up, and how many are done. */
  lookups_total: number;
  lookups_done: number;
  /** JSON of the counts per status and flag, once finished. */
  counts_json: string | null;
  /** Bot message showing the progress. */
  progress_message_id: number | null;
  /** Which instance runs it, until when (renewed while running; expired: another may take it). */
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** A looked-up row of a job: keyed hash of its NIK and the result fields, never the NIK or a name. */
export interface BulkRowTable {
  job_id: number;
  /** 0-based index in the list's data rows. */
  row_index: number;
  nik_hash: string;
  /** "done" | "gagal" */
  state: string;
  in_p3ke: number | null;
  out_of_scope: number;
  kode_desa: string | null;
  desa: string | null;
  kecamatan: string | null;
  desil: number | null;
  bantuan: number | null;
  /** JSON array of OPD names. */
  opds_json: string | null;
  /** Upstream error kind when state is "gagal". */
  error: string | null;
}
