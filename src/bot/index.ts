import { Bot, Context, GrammyError, HttpError, type BotConfig, type MiddlewareFn, type NextFunction } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { floodWait } from "./flood.js";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import type { BotContext, ConvContext } from "./context.js";
import type { BotDeps } from "./deps.js";
import { createI18n, fixedLocaleMiddleware } from "./i18n.js";
import { accessGate, roleResolver, userRateLimit } from "./middlewares/access.js";
import { UpstreamIncidents } from "./incidents.js";
import { umumFeature } from "./features/umum.js";
import { petugasFeature } from "./features/petugas.js";
import { cekFeature } from "./features/cek.js";
import { desaFeature } from "./features/desa.js";
import { anggaranFeature, omspanKeyNote } from "./features/anggaran.js";
import { langgananFeature } from "./features/langganan.js";
import { KvStorage } from "../store/repos.js";
import { registerCommands } from "./commands.js";

export interface CreateBotOptions {
  token: string;
  apiRoot?: string;
  /** Pre-filled getMe answer (skips bot.init()'s network call; useful in tests). */
  botInfo?: BotConfig<BotContext>["botInfo"];
}

/**
 * The bot, composed from small features. Order matters: i18n → role → rate limit →
 * access gate → conversations → features. Nothing below the gate runs for a stranger.
 */
export function createBot(deps: BotDeps, opts: CreateBotOptions) {
  const bot = new Bot<BotContext>(opts.token, {
    client: { apiRoot: opts.apiRoot ?? "https://api.telegram.org" },
    botInfo: opts.botInfo,
  });
  // Count every 429 the Bot API answers (installed first = innermost, so retries are counted too).
  const metrics = deps.metrics;
  if (metrics) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      const r = await prev(method, payload, signal);
      if (!r.ok && r.error_code === 429) metrics.telegram429.inc();
      return r;
    });
  }
  // 429 → wait retry_after (spread) and try again while the budget lasts: no answer is lost in a flood.
  bot.api.config.use(floodWait());
  // 5xx/network → a few retries (SPEC §6, domain.md §7).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  const i18n = createI18n();
  const incidents = new UpstreamIncidents(bot.api, i18n, deps.adminIds, deps.logger);

  // Group alerts: the bot added to / removed from a group, a group migrated — handled for anyone
  // who causes it (group owners are often not officers), so before the gate.
  const langganan = deps.alerts ? langgananFeature({ ...deps, alerts: deps.alerts }) : undefined;
  const membership = langganan?.membership.middleware();
  const inflight = new Set<Promise<void>>();

  // What every update passes, in this order, as one layer (a bot.use each would cost every
  // update a wrapper and a few allocations more per step; see `sequence`).
  bot.use(
    sequence<BotContext>(
      // Track every update being handled, so a shutdown can wait for them (SPEC §8); and count it.
      async (ctx, next) => {
        metrics?.updates.inc({ command: updateKind(ctx) });
        const p = next();
        inflight.add(p);
        try {
          await p;
        } finally {
          inflight.delete(p);
        }
      },
      // Updates of one chat run in order (conversations need it); other chats run in parallel.
      sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()),
      fixedLocaleMiddleware(i18n),
      roleResolver(deps),
      userRateLimit(deps.rateLimitPerMin, deps.rateLimitStore),
      // Only the updates its handlers are for (my_chat_member, message:migrate_to_chat_id) enter
      // `membership`: a plain check here spares every other update its filters.
      (ctx, next) => (membership && (ctx.myChatMember !== undefined || ctx.message?.migrate_to_chat_id !== undefined) ? membership(ctx, next) : next()),
      accessGate(deps.rateLimitStore).middleware(),
      conversations<BotContext, ConvContext>({
        storage: { type: "key", adapter: deps.stateStorage?.("conv:") ?? new KvStorage(deps.store, "conv:"), version: 1 },
        plugins: [i18n.middleware() as unknown as (ctx: ConvContext, next: () => Promise<void>) => Promise<void>],
      }),
      // /batal must run before any conversation sees the update (the same test as bot.command).
      when(isBatal, async (ctx) => {
        const active = Object.keys(await ctx.conversation.active()).length > 0;
        await ctx.conversation.exitAll();
        await ctx.reply(ctx.t(active ? "cek-batal" : "cek-tidak-ada-percakapan"));
      }),
    ),
  );

  let anggaran: ReturnType<typeof anggaranFeature> | undefined;
  if (deps.budget) {
    const budget = deps.budget;
    // The sync tells administrators about a rejected OMSPAN key through the same incidents.
    budget.sync.incidents = incidents;
    budget.sync.keyNote = (info, year) => omspanKeyNote((k, v) => i18n.t("id", k, v), info, year);
    anggaran = anggaranFeature({ ...deps, budget });
    bot.use(anggaran.conversation);
  }
  bot.use(cekFeature(deps, incidents));
  bot.use(desaFeature(deps, incidents));
  if (anggaran) bot.use(anggaran.feature);
  if (langganan) bot.use(langganan.feature);
  bot.use(petugasFeature(deps));
  bot.use(umumFeature());

  // Nothing matched.
  bot.on("message", async (ctx) => {
    if (ctx.chat.type !== "private") return; // stay quiet in groups
    const isCommand = ctx.message.text?.startsWith("/") ?? false;
    await ctx.reply(ctx.t(isCommand ? "tidak-dikenal" : "kirim-perintah"), { parse_mode: "HTML" });
  });
  bot.on("callback_query", async (ctx) => {
    // Buttons of features removed or data we never issued: answer, never throw.
    await ctx.answerCallbackQuery({ text: ctx.t("tombol-kedaluwarsa") });
  });
  bot.on("inline_query", (ctx) => ctx.answerInlineQuery([], { cache_time: 60, is_personal: true }));

  bot.catch(async (err) => {
    const e = err.error;
    const ctx = err.ctx;
    if (e instanceof GrammyError) deps.logger.error({ method: e.method, code: e.error_code, description: e.description }, "bot api error");
    else if (e instanceof HttpError) deps.logger.error({ err: e.error }, "telegram unreachable");
    else deps.logger.error({ err: e, update: ctx.update.update_id }, "handler failed");
    // Tell the user something went wrong, if we still can.
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("galat-umum") });
      else if (ctx.chat) await ctx.reply(ctx.t("galat-umum"));
    } catch {
      /* the API itself failed; already logged */
    }
  });

  /** Wait until the updates being handled are done (or the time is up). */
  const drain = async (timeoutMs = 8000) => {
    const deadline = Date.now() + timeoutMs;
    while (inflight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
    }
  };

  return { bot, i18n, incidents, drain, inFlight: () => inflight.size, registerCommands: () => registerCommands(bot, i18n, deps) };
}

export type PantauBot = ReturnType<typeof createBot>;

/** `filter` for one plain middleware, without the Composer grammY builds per update for it. */
function when<C extends Context>(predicate: (ctx: C) => boolean, mw: MiddlewareFn<C>): MiddlewareFn<C> {
  return (ctx, next) => (predicate(ctx) ? mw(ctx, next) : next());
}
const isBatal = Context.has.command("batal");

/**
 * Middleware run one after the other, as `bot.use` of each in turn would, but as one layer:
 * one closure per step and update instead of grammY's async wrapper per layer (measured: about
 * 1 µs and 1 KB of garbage per layer and update). The steps must call `next` at most once and
 * return its promise or await it, as all middleware here does.
 */
function sequence<C extends Context>(...steps: MiddlewareFn<C>[]): MiddlewareFn<C> {
  return steps.reduceRight((rest, step) => (ctx, next) => step(ctx, (() => rest(ctx, next)) as NextFunction));
}

/** Metric label: the command name, or the kind of update; bounded so labels cannot explode. */
function updateKind(ctx: BotContext): string {
  const cmd = ctx.message?.text?.match(/^\/([a-z_]{1,32})/i)?.[1]?.toLowerCase();
  if (cmd) return KNOWN_COMMANDS.has(cmd) ? cmd : "lainnya";
  if (ctx.callbackQuery) return "callback";
  if (ctx.message?.text) return "teks";
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "lain";
}
const KNOWN_COMMANDS = new Set(["start", "bantuan", "help", "id", "cek", "batal", "petugas", "audit", "desa", "anggaran", "sinkron", "langganan", "berhenti"]);
