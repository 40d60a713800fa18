import { readFileSync } from "node:fs";
import { z } from "zod";

/** Configuration from the environment (.env.example lists every variable), validated once at start. */

const intFrom = (def: number, min = 0) =>
  z.coerce.number().int().min(min).default(def);

const idList = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",").map((p) => p.trim()).filter(Boolean);
    const ids: number[] = [];
    for (const p of parts) {
      if (!/^-?\d+$/.test(p)) {
        ctx.addIssue({ code: "custom", message: `"${p}" bukan id Telegram (angka)` });
        return z.NEVER;
      }
      ids.push(Number(p));
    }
    if (ids.length === 0) {
      ctx.addIssue({ code: "custom", message: "minimal satu id administrator" });
      return z.NEVER;
    }
    return ids;
  });

const databaseUrl = z
  .string()
  .default("sqlite:data/pantau.db")
  .refine((s) => s.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(s), {
    message: "harus sqlite:<path> atau postgres://…",
  });

/** Quarterly cumulative targets per jenis belanja, percent; JSON override in ANGGARAN_TARGET_TW. */
const targetTw = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const def: Record<string, [number, number, number, number]> = {
      "51": [20, 50, 75, 95],
      "52": [15, 50, 70, 90],
      "53": [10, 40, 70, 90],
      "57": [25, 50, 75, 95],
    };
    if (!s) return def;
    try {
      const parsed = z.record(z.string().regex(/^\d{2}$/), z.tuple([z.number(), z.number(), z.number(), z.number()])).parse(JSON.parse(s));
      return { ...def, ...parsed };
    } catch {
      ctx.addIssue({ code: "custom", message: 'JSON seperti {"52":[15,50,70,90]}' });
      return z.NEVER;
    }
  });

export const configSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "format token bot tidak valid"),
    TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
    SIPP_BASE_URL: z.url().default("https://sipp.pasuruankab.go.id"),
    SIPP_API_TOKEN: z.string().default(""),
    OMSPAN_BASE_URL: z.url().default("https://spanint.kemenkeu.go.id/spanint/data/DataWebService"),
    OMSPAN_API_TOKEN: z.string().default(""),
    ADMIN_IDS: idList,
    DATABASE_URL: databaseUrl,
    REDIS_URL: z.string().optional(),
    /** Prefix of every Redis key (several deployments can share one Redis). */
    REDIS_KEY_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, "1–64 karakter A-Z a-z 0-9 _ . : -").default("pantau:"),
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: z.url().optional(),
    WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1–256 karakter A-Z a-z 0-9 _ -").optional(),
    PORT: intFrom(8080, 1),
    /**
     * Public URL of the Mini App (/panel, docs/panel.md); its path is the panel's prefix on the
     * public server. HTTPS, as Telegram requires; plain http only for a loopback host (the demo).
     */
    WEBAPP_URL: z
      .url()
      .refine((u) => {
        const url = new URL(u);
        return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
      }, "harus https:// (http:// hanya untuk localhost)")
      .refine((u) => !new URL(u).search && !new URL(u).hash, "tanpa ?query atau #fragmen")
      .optional(),
    /** The internal port of /healthz, /readyz, /metrics (0 = off), its bind address, and an optional bearer token. */
    HEALTH_PORT: intFrom(8081),
    HEALTH_HOST: z.string().min(1).default("127.0.0.1"),
    METRICS_TOKEN: z.string().min(16, "minimal 16 karakter").optional(),
    OMSPAN_SYNC_CRON: z.string().default("0 6-20/2 * * *"),
    DIGEST_CRON: z.string().default("0 8 * * 1"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TZ: z.string().default("Asia/Jakarta"),
    /**
     * Key of the keyed hashes of NIKs (audit log, cache keys, job state): from outside the
     * database, at least 32 bytes (AUDIT_HMAC_KEY, or AUDIT_HMAC_KEY_FILE, read by loadConfig).
     * Never logged; entries carry a key id so that a rotated key keeps old entries verifiable.
     */
    AUDIT_HMAC_KEY: z.string().refine((k) => Buffer.byteLength(k, "utf8") >= 32, "minimal 32 byte"),
    /** Audit entries older than this are purged (daily, on the leader). */
    AUDIT_RETENTION_DAYS: intFrom(365, 1),
    /** When the daily retention purge runs (cron, WIB). */
    RETENTION_CRON: z.string().default("30 2 * * *"),
    /** A conversation idle this long is forgotten, on every storage. */
    CONVERSATION_TTL_MIN: intFrom(15, 1),

    SIPP_TIMEOUT_MS: intFrom(10_000, 100),
    /** One SIPP call with its retries ends after this, so an officer never waits 3 × the timeout. */
    SIPP_DEADLINE_MS: intFrom(15_000, 100),
    SIPP_RETRIES: intFrom(2),
    SIPP_PAGE_CONCURRENCY: intFrom(4, 1),
    SIPP_PAGE_CAP: intFrom(500, 1),
    /** Page cap of a whole kecamatan's listing (the /desa menus); a kecamatan has many desa. */
    SIPP_WILAYAH_PAGE_CAP: intFrom(3000, 1),
    OMSPAN_TIMEOUT_MS: intFrom(120_000, 100),
    OMSPAN_RETRIES: intFrom(2),
    OMSPAN_PAGE_SIZE: intFrom(5000, 1),
    /** Maximum RealisasiKL range requests per sync; reaching it fails the sync (data kept). */
    OMSPAN_PAGE_CAP: intFrom(2000, 1),
    /** Pause between RealisasiKL pages, to be gentle with the upstream. */
    OMSPAN_PAGE_PAUSE_MS: intFrom(200),
    /**
     * Read and sum RealisasiKL pages in a worker thread while the main thread fetches the next
     * one (docs/architecture.md#the-path-of-an-omspan-sync). On by default: less CPU per row
     * than the main thread alone, spread over two cores, and the bot's event loop stays free
     * during a sync; "false" reads the pages in the main thread.
     */
    OMSPAN_PARSE_WORKER: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
    CACHE_MAX_ENTRIES: intFrom(5000, 10),
    CACHE_MAX_MB: intFrom(64, 1),
    CACHE_TTL_TRACKING_S: intFrom(600, 1),
    CACHE_TTL_DESA_S: intFrom(1800, 1),
    CACHE_TTL_DESA_LIST_S: intFrom(21_600, 1),
    CACHE_STALE_MAX_S: intFrom(86_400, 0),
    BREAKER_FAILURES: intFrom(5, 1),
    BREAKER_COOLDOWN_MS: intFrom(30_000, 100),
    RATE_LIMIT_PER_MIN: intFrom(60, 1),
    ANGGARAN_TARGET_TW: targetTw,
    ALERT_BEHIND_MARGIN_PCT: z.coerce.number().min(0).default(5),
    // Alert outbox pacing, under Telegram's limits (docs/domain.md#telegram-limits: ~30/s overall, 20/min per group, ~1/s per chat).
    OUTBOX_GLOBAL_PER_SEC: intFrom(25, 1),
    OUTBOX_GROUP_PER_MIN: intFrom(18, 1),
    OUTBOX_CHAT_PER_SEC: intFrom(1, 1),
    /** Failed sends (not 429) before a message is given up. */
    OUTBOX_MAX_ATTEMPTS: intFrom(10, 1),
    /** First retry delay after a failed send, doubled per failure (max 10 min). */
    OUTBOX_RETRY_BASE_MS: intFrom(5_000, 1),
    /** A claimed message not confirmed within this time (sender crashed) is sent again. */
    OUTBOX_LEASE_MS: intFrom(30_000, 2_000),
    /** /cekmassal: SIPP lookups of one job in flight at once (a kabupaten server must not feel a list). */
    BULK_CONCURRENCY: intFrom(4, 1),
    /** /cekmassal: a running job's lease; an instance that stops renewing it for this long loses the job to another. */
    BULK_LEASE_MS: intFrom(30_000, 1_000),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === "webhook") {
      if (!c.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "wajib di mode webhook" });
      if (!c.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "wajib di mode webhook" });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parse the environment; on error, one line naming the first bad variable (its value is never echoed). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  if (cleaned.AUDIT_HMAC_KEY === undefined && cleaned.AUDIT_HMAC_KEY_FILE !== undefined) {
    try {
      cleaned.AUDIT_HMAC_KEY = readFileSync(cleaned.AUDIT_HMAC_KEY_FILE, "utf8").trim();
    } catch {
      throw new ConfigError("Konfigurasi salah: AUDIT_HMAC_KEY_FILE — berkas tidak bisa dibaca");
    }
  }
  const r = configSchema.safeParse(cleaned);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const name = String(issue.path[0] ?? "konfigurasi");
    const missing = issue.code === "invalid_type" && cleaned[name] === undefined;
    throw new ConfigError(
      missing
        ? `Konfigurasi salah: ${name} wajib diisi`
        : `Konfigurasi salah: ${name} — ${issue.message}`,
    );
  }
  return r.data;
}
