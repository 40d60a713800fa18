import { describe, expect, it } from "vitest";
import { Bot, Composer, type Context } from "grammy";
import type { Update } from "grammy/types";
import { BotComposer } from "../../src/bot/composer.js";

/**
 * BotComposer must behave as grammY's Composer for what the bot uses: order, `next`,
 * filters (sync and async predicates, narrowing), handlers added after a parent took the
 * middleware, and errors. Each case runs the same registrations on both and compares.
 */
const ME = { id: 1, is_bot: true as const, first_name: "pantau", username: "pantau_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false };

function message(text: string, chatType: "private" | "group" = "private"): Update {
  const chat = chatType === "private" ? { id: 5, type: "private" as const, first_name: "A" } : { id: -5, type: "group" as const, title: "G" };
  const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]!.length }] : undefined;
  return { update_id: 1, message: { message_id: 1, date: 0, chat, from: { id: 5, is_bot: false, first_name: "A" }, text, entities } };
}
const callback = (data: string): Update => ({
  update_id: 2,
  callback_query: { id: "q", chat_instance: "c", data, from: { id: 5, is_bot: false, first_name: "A" } },
});

/** Registers the same handlers on `c`, logging into `log`. */
function register(c: Composer<Context>, log: string[]) {
  c.use(async (ctx, next) => {
    log.push("first");
    await next();
    log.push("first after");
  });
  const privat = c.chatType("private");
  c.command("cek", (ctx) => void log.push(`cek ${ctx.match}`));
  c.filter(
    async (ctx) => ctx.message?.text === "async",
    (ctx, next) => {
      log.push("async yes");
      return next();
    },
  );
  c.callbackQuery(/^x:(\d+)$/, (ctx) => void log.push(`cb ${ctx.match[1]}`));
  c.on("message:text", (ctx, next) => {
    log.push(`text ${ctx.message.text}`);
    return next();
  });
  // Added to a child after the parent's middleware was built and run once.
  return () =>
    privat.on("message:text", (ctx, next) => {
      log.push(`private ${ctx.message.text}`);
      return next();
    });
}

async function runBoth(updates: Update[]): Promise<[string[], string[]]> {
  const logs: [string[], string[]] = [[], []];
  const composers = [new Composer<Context>(), new BotComposer<Context>()];
  const late = composers.map((c, i) => register(c, logs[i]!));
  const bots = composers.map((c) => {
    const bot = new Bot<Context>("1:x", { botInfo: ME });
    bot.use(c);
    return bot;
  });
  for (const [i, bot] of bots.entries()) {
    await bot.handleUpdate(updates[0]!);
    late[i]!();
    for (const u of updates.slice(1)) await bot.handleUpdate(u);
    logs[i]!.push("|");
  }
  return logs;
}

describe("BotComposer behaves as grammY's Composer", () => {
  it("runs commands, filters, callback queries and chat-type branches in order, with next", async () => {
    const [grammy, ours] = await runBoth([message("/cek 123"), message("halo"), message("async"), message("halo", "group"), callback("x:42"), callback("y")]);
    expect(ours).toEqual(grammy);
    expect(ours).toEqual([
      "first", "cek 123", "first after",
      "first", "private halo", "text halo", "first after",
      "first", "private async", "async yes", "text async", "first after",
      "first", "text halo", "first after",
      "first", "cb 42", "first after",
      "first", "first after",
      "|",
    ]);
  });

  it("passes an error of a handler or of an async predicate to the caller", async () => {
    for (const make of [() => new Composer<Context>(), () => new BotComposer<Context>()]) {
      const c = make();
      c.command("boom", () => {
        throw new Error("handler failed");
      });
      c.filter(() => Promise.reject(new Error("predicate failed")), () => undefined);
      const bot = new Bot<Context>("1:x", { botInfo: ME });
      bot.use(c);
      await expect(bot.handleUpdate(message("/boom"))).rejects.toThrow("handler failed");
      await expect(bot.handleUpdate(message("other"))).rejects.toThrow("predicate failed");
    }
  });

  it("an empty composer and one given middleware at construction pass on", async () => {
    const log: string[] = [];
    const c = new BotComposer<Context>((_ctx, next) => (log.push("a"), next()), new BotComposer<Context>());
    c.use((_ctx, next) => (log.push("b"), next()));
    const bot = new Bot<Context>("1:x", { botInfo: ME });
    bot.use(c);
    bot.use(() => void log.push("end"));
    await bot.handleUpdate(message("halo"));
    expect(log).toEqual(["a", "b", "end"]);
  });
});
