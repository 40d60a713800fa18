import { join } from "node:path";
import { createLogger, type Logger } from "../../src/logger.js";
import { TelegramSim, type TelegramSimOptions } from "../../sim/telegram.js";
import { SippSim, type SippSimOptions } from "../../sim/sipp.js";

/** The administrator of every benchmark bot; officers get their own ids. */
export const BENCH_ADMIN = 900_001;
/** The benchmarks make their own audit key (at least 32 bytes, as npm start requires). */
export const BENCH_AUDIT_KEY = "pantau-bench-audit-key-0123456789abcdef";
export const SIPP_TOKEN = "sipp-bench-token";

export function silentLogger(): Logger {
  return createLogger({ level: "silent", secrets: [] });
}

export interface Sims {
  tg: TelegramSim;
  sipp: SippSim;
  close(): Promise<void>;
}

export async function startSims(opts: { tg?: TelegramSimOptions; sipp: SippSimOptions }): Promise<Sims> {
  const tg = await TelegramSim.start(opts.tg);
  const sipp = await SippSim.start({ token: SIPP_TOKEN, ...opts.sipp });
  return {
    tg,
    sipp,
    async close() {
      await tg.close();
      await sipp.close();
    },
  };
}

/**
 * The bot's environment against the simulators: production defaults except what a
 * figure overrides (`extra`), a database file under `dir`, no logging.
 */
export function botEnv(sims: Sims, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: sims.tg.token,
    TELEGRAM_API_ROOT: sims.tg.apiRoot,
    SIPP_BASE_URL: sims.sipp.baseUrl,
    SIPP_API_TOKEN: SIPP_TOKEN,
    // No OMSPAN simulator in these figures: anything that tries OMSPAN fails fast, locally.
    OMSPAN_BASE_URL: "http://127.0.0.1:9/omspan",
    ADMIN_IDS: String(BENCH_ADMIN),
    DATABASE_URL: `sqlite:${join(dir, "pantau.db")}`,
    AUDIT_HMAC_KEY: BENCH_AUDIT_KEY,
    LOG_LEVEL: "silent",
    // No ops port: the default 8081 fails whenever another bot on the machine holds it.
    HEALTH_PORT: "0",
    ...extra,
  };
}

/** Polls `cond` every `everyMs` until it holds; rejects after `timeoutMs` with `what`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 60_000, everyMs = 2): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
