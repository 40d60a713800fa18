import type { I18n, I18nFlavor, TranslateFunction } from "@grammyjs/i18n";
import type { MiddlewareFn } from "grammy";
import { LOCALE, translator } from "../../i18n.js";
import type { BaseContext } from "../context.js";

/**
 * What `i18n.middleware()` gives every update — `ctx.t` / `ctx.translate` through the same
 * I18n instance (same Fluent messages), `ctx.i18n` — for this bot's single locale, without
 * the plugin's per-update work: it builds half a dozen closures and negotiates the locale
 * on every update, and copies the variables on every `ctx.t` call, to arrive at "id" each
 * time (`translator`: not even per call). `ctx.i18n.useLocale` / `setLocale` accept only "id". Inside conversations the
 * plugin's own middleware is installed (see createBot).
 */
export function fixedLocaleMiddleware(i18n: I18n<BaseContext>): MiddlewareFn<BaseContext> {
  const t: TranslateFunction = translator(i18n) as TranslateFunction;
  const only = (locale: string) => {
    if (locale !== LOCALE) throw new Error(`pantau speaks only "${LOCALE}", not "${locale}"`);
  };
  const control: I18nFlavor["i18n"] = {
    fluent: i18n.fluent,
    getLocale: async () => LOCALE,
    setLocale: async (locale) => only(locale),
    useLocale: only,
    renegotiateLocale: async () => undefined,
  };
  return (ctx, next) => {
    ctx.i18n = control;
    ctx.translate = t;
    ctx.t = t;
    return next();
  };
}
