import { BotComposer } from "../composer.js";
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import type { Logger } from "../../logger.js";

/** Deep link payload: t.me/<bot>?start=panel (the group hint's button) offers the Mini App in private. */
const START_PAYLOAD = "panel";

/**
 * /panel: the Mini App (docs/panel.md). Registered only when WEBAPP_URL is set. Officers and
 * administrators get a `web_app` button, and their private chat's menu button opens the panel
 * too (set on /start and /panel). The gate above has already refused strangers; in a group
 * the bot points to the private chat, since the panel shows personal data.
 */
export function panelFeature(opts: { url: string; logger: Logger }) {
  const c = new BotComposer<BotContext>();

  const setMenuButton = async (ctx: BotContext) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    await ctx.api
      .setChatMenuButton({ chat_id: chatId, menu_button: { type: "web_app", text: ctx.t("panel-chat-menu"), web_app: { url: opts.url } } })
      .catch((e: unknown) => opts.logger.debug({ err: e }, "menu button not set"));
  };

  const offer = async (ctx: BotContext) => {
    await setMenuButton(ctx);
    await ctx.reply(ctx.t("panel-chat-buka"), { reply_markup: new InlineKeyboard().webApp(ctx.t("panel-chat-tombol"), opts.url) });
  };

  c.command("start", async (ctx, next) => {
    if (ctx.role === "stranger" || ctx.chat.type !== "private") return next();
    if (ctx.match === START_PAYLOAD) return offer(ctx);
    await setMenuButton(ctx); // then the usual welcome
    return next();
  });

  c.command("panel", async (ctx) => {
    if (ctx.chat.type === "private") return offer(ctx);
    await ctx.reply(ctx.t("panel-chat-di-grup"), {
      reply_markup: new InlineKeyboard().url(ctx.t("panel-chat-tombol-pribadi"), `https://t.me/${ctx.me.username}?start=${START_PAYLOAD}`),
    });
  });

  return c;
}
