import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfig } from "../../src/config.js";
import { createApp, type App } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import { TelegramSim, type SimMessage } from "../../sim/telegram.js";
import { SippSim } from "../../sim/sipp.js";
import { generateSippData, samples, type SippDataset } from "../../sim/sipp-data.js";
import { OmspanSim, type OmspanSimOptions } from "../../sim/omspan.js";
import { freshPgSchema, redisNamespace, TEST_PG_URL, TEST_REDIS_URL } from "./backends.js";

export const ADMIN = 1001;
export const OFFICER = 2002;
export const STRANGER = 3003;
export const GROUP = -100500;
/** An audit key for tests that build their own configuration (at least 32 bytes, as required). */
export const TEST_AUDIT_KEY = "pantau-test-audit-key-0123456789abcdef";

/** One small, fixed data set shared by the bot tests (fast to generate and to serve). */
let sharedData: SippDataset | undefined;
export function testData(): SippDataset {
  sharedData ??= generateSippData({ seed: 42, kecamatan: ["01", "14"], desaPerKecamatan: [3, 4], peoplePerDesa: [30, 60] });
  return sharedData;
}

export interface Harness {
  tg: TelegramSim;
  sipp: SippSim;
  /** The OMSPAN simulator, when started with `omspan` (env OMSPAN_BASE_URL / OMSPAN_API_TOKEN point at it). */
  omspan: OmspanSim | undefined;
  app: App;
  data: SippDataset;
  sample: ReturnType<typeof samples>;
  logs: string[];
  dir: string;
  env: Record<string, string>;
  /** Send `text` as `from` (in their private chat unless chatId) and wait for the bot's next matching message. */
  say(from: number, text: string, opts?: { chatId?: number; match?: RegExp | ((m: SimMessage) => boolean); timeoutMs?: number }): Promise<SimMessage>;
  /** Send and collect every message the chat receives until it is quiet. */
  sayAll(from: number, text: string, opts?: { chatId?: number; quietMs?: number }): Promise<SimMessage[]>;
  /** Press a button of `msg` as `from` and wait for the bot's next matching message in that chat. */
  press(from: number, msg: { chatId: number; messageId: number }, data: string, match?: RegExp | ((m: SimMessage) => boolean), timeoutMs?: number): Promise<SimMessage>;
  /**
   * Send `text` and wait until the bot is done with that update (answered, refused or dropped);
   * returns what the chat received meanwhile. Silence is asserted on this, never after a sleep.
   */
  sendSettled(from: number, text: string, opts?: { chatId?: number }): Promise<SimMessage[]>;
  /** Resolves once the bot is done with update `id` (its answer, if any, already sent). */
  settled(id: number, timeoutMs?: number): Promise<void>;
  /** Press a button and wait for the bot's answerCallbackQuery to it. */
  pressForAnswer(from: number, msg: { chatId: number; messageId: number }, data: string): ReturnType<TelegramSim["waitForCallbackAnswer"]>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Every Redis key of this harness (pg+redis backend; [] on SQLite). */
  redisKeys(): Promise<string[]>;
  /** Move the upstream cache's clock forward (past a TTL), instead of sleeping. */
  advanceCacheClock(ms: number): void;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  data?: SippDataset;
  healthPort?: number;
  sipp?: Partial<Parameters<typeof SippSim.start>[0]>;
  omspan?: OmspanSimOptions;
  /** The stores: SQLite (default), or a fresh PostgreSQL schema and Redis namespace (needs PANTAU_TEST_PG_URL / PANTAU_TEST_REDIS_URL). */
  backend?: Backend;
  /** The public server's port (0: any free one; the Mini App's tests) and the built Mini App. */
  publicPort?: number;
  webappDir?: string;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const data = opts.data ?? testData();
  const shared = opts.backend === "pg+redis" ? await sharedBackends() : undefined;
  const tg = await TelegramSim.start();
  const sipp = await SippSim.start({ ...opts.sipp, data });
  const omspan = opts.omspan ? await OmspanSim.start(opts.omspan) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "pantau-test-"));
  const env: Record<string, string> = {
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    SIPP_BASE_URL: sipp.baseUrl,
    SIPP_API_TOKEN: "sipp-test-token",
    ADMIN_IDS: String(ADMIN),
    AUDIT_HMAC_KEY: randomBytes(32).toString("hex"),
    HEALTH_PORT: "0",
    DATABASE_URL: `sqlite:${join(dir, "db", "pantau.db")}`,
    LOG_LEVEL: "debug",
    SIPP_TIMEOUT_MS: "1500",
    SIPP_RETRIES: "2",
    BREAKER_FAILURES: "50",
    ...(shared?.env ?? {}),
    ...(omspan
      ? { OMSPAN_BASE_URL: omspan.baseUrl, OMSPAN_API_TOKEN: omspan.token, OMSPAN_PAGE_PAUSE_MS: "0", OMSPAN_TIMEOUT_MS: "5000", OMSPAN_RETRIES: "1" }
      : {}),
    ...opts.env,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const boot = async () => {
    const config = loadConfig(env);
    const logger = createLogger({ level: "debug", secrets: [config.TELEGRAM_BOT_TOKEN, config.SIPP_API_TOKEN, config.OMSPAN_API_TOKEN], destination: sink as never });
    const a = await createApp(config, { logger, backoffMs: 5, healthPort: opts.healthPort, publicPort: opts.publicPort, webappDir: opts.webappDir, cacheClock: () => Date.now() + cacheSkew });
    a.pantau.onSettled((id) => {
      settledIds.add(id);
      for (const w of [...waiters]) {
        if (!settledIds.has(w.id)) continue;
        waiters.delete(w);
        w.resolve();
      }
    });
    await a.start();
    return a;
  };
  /** How far the cache's clock is ahead of the real one (advanceCacheClock). */
  let cacheSkew = 0;
  /** Updates the bot is done with, and who waits for which. */
  const settledIds = new Set<number>();
  const waiters = new Set<{ id: number; resolve: () => void }>();
  const settled = (id: number, timeoutMs = 8000) =>
    new Promise<void>((resolve, reject) => {
      if (settledIds.has(id)) return resolve();
      const w = { id, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => (waiters.delete(w), reject(new Error(`update ${id} not handled within ${timeoutMs} ms`))), timeoutMs);
      waiters.add(w);
    });
  let app = await boot();

  const h: Harness = {
    tg,
    sipp,
    omspan,
    get app() {
      return app;
    },
    data,
    sample: samples(data),
    logs,
    dir,
    env,
    async say(from, text, o = {}) {
      const chatId = o.chatId ?? from;
      const since = tg.mark();
      tg.sendText(from, text, { chatId: o.chatId });
      return tg.waitFor({ chatId, since, match: o.match, timeoutMs: o.timeoutMs ?? 8000 });
    },
    async sayAll(from, text, o = {}) {
      const chatId = o.chatId ?? from;
      const since = tg.mark();
      tg.sendText(from, text, { chatId: o.chatId });
      await tg.waitFor({ chatId, since, timeoutMs: 8000 });
      await tg.waitForIdle(chatId, o.quietMs ?? 300);
      return tg.messagesIn(chatId).filter((m) => m.seq > since);
    },
    async press(from, msg, data, match, timeoutMs = 10_000) {
      const since = tg.mark();
      tg.pressButton(from, msg, data);
      return tg.waitFor({ chatId: msg.chatId, since, match, timeoutMs });
    },
    async sendSettled(from, text, o = {}) {
      const since = tg.mark();
      const upd = tg.sendText(from, text, { chatId: o.chatId });
      await settled(upd.update_id);
      return tg.messagesIn(o.chatId ?? from).filter((m) => m.seq > since);
    },
    settled,
    async pressForAnswer(from, msg, data) {
      const upd = tg.pressButton(from, msg, data);
      return tg.waitForCallbackAnswer(upd.callback_query!.id);
    },
    redisKeys: () => shared?.redisKeys() ?? Promise.resolve([]),
    advanceCacheClock(ms) {
      cacheSkew += ms;
    },
    async restart() {
      await app.stop();
      app = await boot();
    },
    async stop() {
      await app.stop();
      await tg.close();
      await sipp.close();
      await omspan?.close();
      await shared?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A free TCP port on 127.0.0.1 (for webhook URLs that must name their port up front). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export type Backend = "sqlite" | "pg+redis";

/** The backends a suite runs on: SQLite always; PostgreSQL + Redis when the test servers are given. */
export const BACKENDS: { backend: Backend; name: string; skip: string | false }[] = [
  { backend: "sqlite", name: "SQLite", skip: false },
  {
    backend: "pg+redis",
    name: "PostgreSQL + Redis",
    skip: TEST_PG_URL && TEST_REDIS_URL ? false : "PANTAU_TEST_PG_URL and PANTAU_TEST_REDIS_URL are not set (no test servers)",
  },
];

/** A fresh PostgreSQL schema and Redis key prefix for one harness, and their cleanup. */
async function sharedBackends(): Promise<{ env: Record<string, string>; redisKeys(): Promise<string[]>; cleanup(): Promise<void> }> {
  if (!TEST_PG_URL || !TEST_REDIS_URL) throw new Error("pg+redis backend: PANTAU_TEST_PG_URL and PANTAU_TEST_REDIS_URL must be set");
  const pg = await freshPgSchema(TEST_PG_URL);
  const ns = redisNamespace(TEST_REDIS_URL);
  return {
    env: { DATABASE_URL: pg.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: ns.prefix },
    redisKeys: () => ns.keys(),
    async cleanup() {
      await pg.drop();
      await ns.cleanup();
    },
  };
}
