import { GrammyError, HttpError, type BotError, type ErrorHandler } from "grammy";
import type { Logger } from "../../logger.js";
import type { BotContext } from "../context.js";

/**
 * One error path for polling and webhook mode (installed with `bot.errorBoundary`): log what
 * failed without the update's content, and tell the officer that something went wrong, if
 * the Bot API still answers.
 */
export function errorHandler(logger: Logger): ErrorHandler<BotContext> {
  return async (err: BotError<BotContext>) => {
    const e = err.error;
    const ctx = err.ctx;
    if (e instanceof GrammyError) logger.error({ method: e.method, code: e.error_code, description: e.description }, "bot api error");
    else if (e instanceof HttpError) logger.error({ err: e.error }, "telegram unreachable");
    else logger.error({ err: e, update: ctx.update.update_id }, "handler failed");
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("galat-umum") });
      else if (ctx.chat) await ctx.reply(ctx.t("galat-umum"));
    } catch {
      /* the API itself failed; already logged */
    }
  };
}
