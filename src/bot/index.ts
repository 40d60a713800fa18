import { Bot, type BotConfig } from "grammy";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import type { BaseContext, BotContext, ConvContext } from "./context.js";
import type { BotDeps } from "./deps.js";
import { createI18n, translator } from "../i18n.js";
import { configureApi, htmlByDefault } from "./api-config.js";
import { CommandTable } from "./commands.js";
import { BotComposer } from "./composer.js";
import { textFreeConversationStorage } from "./conversation-storage.js";
import { errorHandler } from "./handlers/error.js";
import { fixedLocaleMiddleware } from "./middlewares/locale.js";
import { accessGate, roleResolver, userRateLimit } from "./middlewares/access.js";
import { umumFeature } from "./features/umum.js";
import { petugasFeature } from "./features/petugas/index.js";
import { cekFeature } from "./features/cek/index.js";
import { desaFeature } from "./features/desa/index.js";
import { anggaranFeature } from "./features/anggaran/index.js";
import { langgananFeature } from "./features/langganan.js";
import { panelFeature } from "./features/panel.js";
import { cekmassalFeature } from "./features/cekmassal/index.js";

export interface CreateBotOptions {
  token: string;
  apiRoot?: string;
  /** Pre-filled getMe answer (skips bot.init()'s network call; useful in tests). */
  botInfo?: BotConfig<BotContext>["botInfo"];
}

/**
 * The bot, composed from small features inside one error boundary (the same error path in
 * polling and webhook mode). Order matters: in-flight tracking → per-chat order → locale →
 * role → rate limit → group membership → access gate → conversations → /batal → features.
 * Nothing below the gate runs for a stranger. See docs/architecture.md#the-path-of-an-update.
 */
export function createBot(deps: BotDeps, opts: CreateBotOptions) {
  const bot = new Bot<BotContext>(opts.token, {
    client: { apiRoot: opts.apiRoot ?? "https://api.telegram.org" },
    botInfo: opts.botInfo,
  });
  configureApi(bot.api, deps.metrics);

  const i18n = createI18n<BaseContext>();
  const commands = new CommandTable({ budget: deps.budget !== undefined, alerts: deps.alerts !== undefined, webapp: deps.webappUrl !== undefined, bulk: deps.bulk !== undefined });
  const metrics = deps.metrics;

  // Group alerts: the bot added to / removed from a group, a group migrated — handled for anyone
  // who causes it (group owners are often not officers), so before the gate.
  const langganan = deps.alerts ? langgananFeature({ ...deps, alerts: deps.alerts }) : undefined;
  const membership = langganan?.membership.middleware();
  const cekmassal = deps.bulk
    ? cekmassalFeature({ ...deps, bulk: deps.bulk }, { api: bot.api, token: opts.token, apiRoot: opts.apiRoot ?? "https://api.telegram.org", t: translator(i18n) })
    : undefined;
  const inflight = new Set<Promise<void>>();
  /** Told the id of every update once its handling has ended (tests observe silence with it). */
  const settledListeners = new Set<(updateId: number) => void>();

  // Every update is tracked, so a shutdown can wait for it, counted, and reported settled once
  // it is done — after the error boundary inside has answered a failure too.
  bot.use(async (ctx, next) => {
    metrics?.updates.inc({ command: updateKind(ctx, commands) });
    const p = next();
    inflight.add(p);
    try {
      await p;
    } finally {
      inflight.delete(p);
      for (const l of settledListeners) l(ctx.update.update_id);
    }
  });
  // The features hang on a BotComposer (cheaper per update than grammY's, src/bot/composer.ts).
  const app = new BotComposer<BotContext>();
  bot.errorBoundary(errorHandler(deps.logger), app);
  // What every update passes, in this order.
  app.use(
    // Updates of one chat run in order (conversations need it); other chats run in parallel.
    sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()),
    fixedLocaleMiddleware(i18n),
    roleResolver(deps),
    userRateLimit(deps.rateLimitPerMin, deps.rateLimitStore),
    // Only the updates its handlers are for (my_chat_member, message:migrate_to_chat_id) enter
    // `membership`: a plain check here spares every other update its filters.
    (ctx, next) => (membership && (ctx.myChatMember !== undefined || ctx.message?.migrate_to_chat_id !== undefined) ? membership(ctx, next) : next()),
    accessGate(commands, deps.rateLimitStore).middleware(),
    conversations<BotContext, ConvContext>({
      storage: { type: "key", adapter: textFreeConversationStorage(deps.conversationStorage), version: 1 },
      plugins: [
        i18n.middleware() as unknown as (ctx: ConvContext, next: () => Promise<void>) => Promise<void>,
        // Inside a conversation the plugin builds a fresh Api without the bot's transformers:
        // the HTML default is installed again, or its texts would arrive with literal tags.
        (ctx: ConvContext, next: () => Promise<void>) => {
          ctx.api.config.use(htmlByDefault());
          return next();
        },
      ],
    }),
  );
  // /batal must run before any conversation sees the update.
  app.command("batal", async (ctx) => {
    const active = Object.keys(await ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    // A running /cekmassal job stops too, with a report of what was done.
    if (cekmassal && (await cekmassal.cancel(ctx))) return;
    await ctx.reply(ctx.t(active ? "cek-batal" : "cek-tidak-ada-percakapan"));
  });

  const anggaran = deps.budget ? anggaranFeature({ ...deps, budget: deps.budget }) : undefined;
  if (anggaran) app.use(anggaran.conversation);
  // Before /cek: its conversation must see a pasted list before the bare-NIK handler does.
  if (cekmassal) app.use(cekmassal.composer);
  app.use(cekFeature(deps));
  app.use(desaFeature(deps));
  if (anggaran) app.use(anggaran.feature);
  if (langganan) app.use(langganan.feature);
  app.use(petugasFeature(deps));
  // Before umum: /start of an officer also sets the chat's menu button to the Mini App.
  if (deps.webappUrl) app.use(panelFeature({ url: deps.webappUrl, logger: deps.logger }));
  app.use(umumFeature(commands));

  // Nothing matched.
  app.on("message", async (ctx) => {
    if (ctx.chat.type !== "private") return; // stay quiet in groups
    const isCommand = ctx.message.text?.startsWith("/") ?? false;
    await ctx.reply(ctx.t(isCommand ? "tidak-dikenal" : "kirim-perintah"));
  });
  app.on("callback_query", async (ctx) => {
    // Buttons of features removed or data we never issued: answer, never throw.
    await ctx.answerCallbackQuery({ text: ctx.t("tombol-kedaluwarsa") });
  });
  app.on("inline_query", (ctx) => ctx.answerInlineQuery([], { cache_time: 60, is_personal: true }));

  // Only an error of the error handler itself gets here (e.g. the logger failing).
  bot.catch((err) => deps.logger.error({ err: err.error }, "error handler failed"));

  /** Wait until the updates being handled are done (or the time is up). */
  const drain = async (timeoutMs = 8000) => {
    const deadline = Date.now() + timeoutMs;
    while (inflight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
    }
  };

  return {
    bot,
    i18n,
    commands,
    drain,
    inFlight: () => inflight.size,
    /** Calls `listener` with each update's id once the bot is done with it (answered, refused or dropped); returns an unsubscribe. */
    onSettled(listener: (updateId: number) => void): () => void {
      settledListeners.add(listener);
      return () => settledListeners.delete(listener);
    },
    /** /cekmassal jobs: resume abandoned ones now and then (start), stop them gracefully (stop). */
    jobs: cekmassal ? { start: cekmassal.start, stop: cekmassal.stop } : undefined,
    registerCommands: () => commands.register(bot.api, translator(i18n), deps.adminIds, deps.logger),
  };
}

export type PantauBot = ReturnType<typeof createBot>;


/** Metric label: the command name, or the kind of update; bounded so labels cannot explode. */
function updateKind(ctx: BotContext, commands: CommandTable): string {
  const cmd = ctx.message?.text?.match(/^\/([a-z_]{1,32})/i)?.[1]?.toLowerCase();
  if (cmd) return commands.get(cmd)?.command ?? "lainnya";
  if (ctx.callbackQuery) return "callback";
  if (ctx.message?.text) return "teks";
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "lain";
}
