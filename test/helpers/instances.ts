import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SippSim, type SippSimOptions } from "../../sim/sipp.js";
import { TelegramSim } from "../../sim/telegram.js";
import { freshPgSchema, TEST_PG_URL } from "./backends.js";
import { ADMIN, TEST_AUDIT_KEY, testData } from "./harness.js";

/**
 * What several app instances share in the scale-out tests (docs/architecture.md#storage-and-instances):
 * one Telegram and one SIPP simulator, the administrator and audit key, one database. Each test
 * builds its instances itself (createApp with this env) and stops them before `close()`.
 */
export interface SharedInstanceEnv {
  tg: TelegramSim;
  sipp: SippSim;
  /** The configuration's environment (loadConfig): Telegram, SIPP, administrator, audit key, DATABASE_URL, then `env`. */
  env: Record<string, string>;
  /** "PostgreSQL" or "SQLite". */
  database: string;
  /** Closes the simulators and drops the database (the PostgreSQL schema, or the SQLite file's folder). */
  close(): Promise<void>;
}

/** Starts the simulators and a fresh database: a PostgreSQL schema when `pg` (needs PANTAU_TEST_PG_URL), else a SQLite file. */
export async function startSharedInstanceEnv(opts: { pg: boolean; sipp?: SippSimOptions; env?: Record<string, string> }): Promise<SharedInstanceEnv> {
  if (opts.pg && !TEST_PG_URL) throw new Error("PANTAU_TEST_PG_URL is not set");
  const tg = await TelegramSim.start();
  const sipp = await SippSim.start({ data: testData(), ...opts.sipp });
  let databaseUrl: string;
  let dropDb: () => Promise<void>;
  if (opts.pg) {
    const schema = await freshPgSchema(TEST_PG_URL!);
    databaseUrl = schema.url;
    dropDb = () => schema.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), "pantau-instances-"));
    databaseUrl = `sqlite:${join(dir, "pantau.db")}`;
    dropDb = async () => rmSync(dir, { recursive: true, force: true });
  }
  const env = {
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    SIPP_BASE_URL: sipp.baseUrl,
    SIPP_API_TOKEN: "sipp-test-token",
    ADMIN_IDS: String(ADMIN),
    AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
    DATABASE_URL: databaseUrl,
    ...opts.env,
  };
  return {
    tg,
    sipp,
    env,
    database: opts.pg ? "PostgreSQL" : "SQLite",
    async close() {
      await tg.close();
      await sipp.close();
      await dropDb();
    },
  };
}
