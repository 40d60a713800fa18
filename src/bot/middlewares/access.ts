import { BotComposer } from "../composer.js";
import { limit } from "@grammyjs/ratelimiter";
import type { BotContext, Role } from "../context.js";
import type { BotDeps, RateLimitStore } from "../deps.js";
import type { CommandTable } from "../commands.js";
import type { Scope } from "../../domain/scope.js";

/**
 * Resolve the role and scope for every update, from config (admins, never scoped) and the
 * database (officers, OfficerRepo.access: cached on SQLite, dropped at each change): a removal
 * or a scope change holds at the next update, on every instance.
 */
export function roleResolver(deps: Pick<BotDeps, "adminIds" | "officers">) {
  const admins = new Set(deps.adminIds);
  return async (ctx: BotContext, next: () => Promise<void>) => {
    const id = ctx.from?.id;
    let role: Role = "stranger";
    let scope: Scope | undefined;
    if (id !== undefined) {
      if (admins.has(id)) role = "admin";
      else {
        const access = await deps.officers.access(id);
        if (access.officer) [role, scope] = ["officer", access.scope];
      }
    }
    ctx.role = role;
    ctx.scope = scope;
    await next();
  };
}

/** The command of a message (lower case), unless it is addressed to another bot. */
export function commandOf(ctx: BotContext): string | undefined {
  const text = ctx.message?.text;
  const m = text?.match(/^\/([a-zA-Z0-9_]+)(?:@(\w+))?/);
  if (!m) return undefined;
  // A command addressed to another bot in a group is not ours.
  if (m[2] && ctx.me && m[2].toLowerCase() !== ctx.me.username.toLowerCase()) return undefined;
  return m[1]!.toLowerCase();
}

/**
 * The gate in front of everything (docs/privacy.md#access-and-least-privilege): strangers get one polite refusal with their id,
 * throttled, and nothing else — no handler below runs, so no upstream call is made.
 */
export function accessGate(commands: CommandTable, store?: RateLimitStore) {
  const gate = new BotComposer<BotContext>();
  // Refusals to one stranger at most once a minute; further attempts are dropped silently.
  const refusalThrottle = limit<BotContext, RateLimitStore>({
    timeFrame: 60_000,
    limit: 1,
    alwaysReply: true,
    storageClient: store ?? "MEMORY_STORE",
    keyPrefix: "refusal:",
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      // A button press must still be answered, or the client shows a spinner.
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    },
  });
  // Public commands answer strangers too, but a few times a minute at most: a handful of
  // accounts must not spend the bot's send budget (docs/privacy.md#access-and-least-privilege).
  const publicThrottle = limit<BotContext, RateLimitStore>({
    timeFrame: 60_000,
    limit: 3,
    storageClient: store ?? "MEMORY_STORE",
    keyPrefix: "stranger:",
    keyGenerator: (ctx) => ctx.from?.id.toString(),
  });
  gate.use(async (ctx, next) => {
    if (ctx.role !== "stranger") return next();
    const cmd = commandOf(ctx);
    if (cmd && commands.isPublic(cmd)) return publicThrottle(ctx, next);
    const isGroup = ctx.chat !== undefined && ctx.chat.type !== "private";
    // In groups, strangers' ordinary messages (and updates without a user) are simply ignored.
    if (ctx.from === undefined || (isGroup && !cmd && !ctx.callbackQuery)) return;
    if (ctx.inlineQuery) {
      await ctx.answerInlineQuery([], { cache_time: 60, is_personal: true });
      return;
    }
    if (!ctx.message && !ctx.callbackQuery) return; // edits, reactions, member updates: nothing to say
    await refusalThrottle(ctx, async () => {
      const id = ctx.from!.id;
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: ctx.t("akses-ditolak-singkat", { id: String(id) }), show_alert: true });
      } else {
        await ctx.reply(ctx.t("akses-ditolak", { id: String(id) }));
      }
    });
  });
  return gate;
}

/** Per-user rate limit for everyone (docs/privacy.md#access-and-least-privilege: repeated attempts are rate-limited). */
export function userRateLimit(perMinute: number, store?: RateLimitStore) {
  // An officer over the limit is told so (at most every 10 s, per instance), instead of
  // the bot going silent; a stranger over the limit gets nothing (the gate already refused).
  const told = new Map<number, number>();
  return limit<BotContext, RateLimitStore>({
    timeFrame: 60_000,
    limit: perMinute,
    alwaysReply: true, // so every dropped button press is still answered
    storageClient: store ?? "MEMORY_STORE",
    keyPrefix: "user:",
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: ctx.t("terlalu-cepat") }).catch(() => undefined);
        return;
      }
      const id = ctx.from?.id;
      if (id === undefined || ctx.role === "stranger" || ctx.chat?.type !== "private" || !ctx.message) return;
      const now = Date.now();
      if (now - (told.get(id) ?? 0) < 10_000) return;
      if (told.size > 10_000) told.clear(); // bounded: worst case someone is told twice
      told.set(id, now);
      await ctx.reply(ctx.t("terlalu-cepat")).catch(() => undefined);
    },
  });
}
