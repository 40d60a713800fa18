/**
 * Child-process entry (forked by bot-process.ts): runs one bot against the simulators of
 * the parent process, so the bot has its own event loop, heap and CPU time, as it would
 * against the real Telegram. Two kinds:
 * - "app": the real pantau app (createApp + start: runner, every middleware);
 * - "bare": a grammY bot with no middleware that answers `/cek NIK` from the same cached
 *   SIPP client with the same renderer and sends the answer (the reference of figure 2).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { Bot } from "grammy";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { loadConfig } from "../../src/config.js";
import { createApp, type App } from "../../src/app.js";
import { parseNik } from "../../src/domain/nik.js";
import { nikErrorText, renderCek } from "../../src/bot/features/cek/render.js";
import { BENCH_ADMIN, silentLogger } from "./env.js";
import type { BotSpec, HostReply, HostRequest, ProcSnapshot } from "./bot-process.js";

/** The same update types the app asks for (src/app.ts). */
const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "my_chat_member"] as const;

let app: App | undefined;
let bareRunner: RunnerHandle | undefined;

async function start(spec: BotSpec): Promise<void> {
  const config = loadConfig(spec.env);
  app = await createApp(config, { logger: silentLogger() });
  for (const id of spec.officers) await app.officers.add(id, null, BENCH_ADMIN);
  if (spec.kind === "app") {
    await app.start();
    return;
  }
  // The reference bot: same SIPP client and cache, same texts, none of the bot's middleware.
  const { sipp, pantau } = app;
  const t = (key: string, vars?: Record<string, string>) => pantau.i18n.t("id", key, vars);
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  bot.on("message:text", async (ctx) => {
    const m = /^\/cek(?:@\w+)?\s+(.+)$/.exec(ctx.message.text);
    if (!m) return;
    const parsed = parseNik(m[1]!);
    if (!parsed.ok) {
      await ctx.reply(nikErrorText(t, m[1]!, parsed.error), { parse_mode: "HTML" });
      return;
    }
    const r = await sipp.tracking(parsed.value.nik);
    const parts = renderCek(t, parsed.value.nik, { ok: true, result: r.value, fetchedAt: r.fetchedAt, stale: r.stale });
    for (const p of parts) await ctx.reply(p, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });
  await bot.init();
  await bot.api.deleteWebhook();
  bareRunner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
}

async function stop(): Promise<void> {
  if (bareRunner?.isRunning()) await bareRunner.stop();
  await app?.stop();
}

/** V8 CPU profile of a measurement window only (not of start-up), written as <file>. */
let profiler: Session | undefined;
async function profileStart(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.setSamplingInterval", { interval: 100 });
  await profiler.post("Profiler.start");
}
async function profileStop(file: string): Promise<void> {
  if (!profiler) throw new Error("profiler not started");
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(file, JSON.stringify(profile));
  profiler.disconnect();
  profiler = undefined;
}

function snapshot(): ProcSnapshot {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return { cpuUs: cpu.user + cpu.system, cpuSystemUs: cpu.system, eluActive: elu.active, eluIdle: elu.idle, rssBytes: process.memoryUsage.rss() };
}

function send(reply: HostReply): void {
  process.send?.(reply);
}

process.on("message", (raw) => {
  const req = raw as HostRequest;
  void (async () => {
    try {
      if (req.cmd === "start") await start(req.spec);
      if (req.cmd === "stop") await stop();
      if (req.cmd === "profile-start") await profileStart();
      if (req.cmd === "profile-stop") await profileStop(req.file);
      send({ id: req.id, ok: true, snapshot: snapshot() });
      // Exit normally so that --cpu-prof writes its profile.
      if (req.cmd === "stop") setImmediate(() => process.exit(0));
    } catch (e) {
      send({ id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
