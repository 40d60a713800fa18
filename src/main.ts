import "dotenv/config";
import { ConfigError, loadConfig } from "./config.js";
import { createApp } from "./app.js";

/** Thin entry point: read config, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
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
  const app = await createApp(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, "stopping");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  await app.start();
}

main().catch((e: unknown) => {
  // Never print a token: the message of a startup failure may contain the API URL.
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`pantau gagal start: ${msg.replace(/bot\d+:[\w-]+/g, "bot<token>")}`);
  process.exit(1);
});
