import type { Generated } from "kysely";

/** Database tables. Timestamps are epoch milliseconds (portable between SQLite and PostgreSQL). */
export interface Database {
  officers: OfficerTable;
  audit_log: AuditTable;
  kv: KvTable;
}

export interface OfficerTable {
  telegram_id: number;
  nama: string | null;
  added_by: number;
  added_at: number;
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
}

export interface KvTable {
  key: string;
  value: string;
  updated_at: number;
}
