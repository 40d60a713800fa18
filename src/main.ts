import { existsSync } from "node:fs";
import { ConfigError, loadConfig } from "./config.js";
import { createApp, type App } from "./app.js";

/**
 * Thin entry point: read config, start, stop cleanly on SIGTERM/SIGINT — also when the signal
 * arrives while starting (migrations, Redis, Telegram): in a container node may be PID 1, which
 * the kernel does not kill for a signal it has no handler for.
 */
async function main(): Promise<void> {
  // Variables already set in the environment win over the file.
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const started: { app?: App } = {}; // set once createApp returns; read by the signal handler
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Whatever hangs (a database or Redis that never answers), the process is gone within 10 s.
    setTimeout(() => process.exit(1), 10_000).unref();
    const { app } = started;
    if (app) {
      app.logger.info({ signal }, "stopping");
      await app.stop();
    } else {
      // Still opening the database: a migration is one transaction, dropping it is safe.
      console.error(`pantau: ${signal} saat start, berhenti`);
    }
    process.exit(0);
  };
  process.once("SIGTERM", (s) => void stop(s));
  process.once("SIGINT", (s) => void stop(s));
  const app = (started.app = await createApp(config));
  try {
    await app.start();
  } catch (e) {
    if (!stopping) throw e; // a start step failing because stop() closed what it used
  }
}

main().catch((e: unknown) => {
  // Never print a token: the message of a startup failure may contain the API URL.
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`pantau gagal start: ${msg.replace(/bot\d+:[\w-]+/g, "bot<token>")}`);
  process.exit(1);
});
