import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

/** The one locale: Indonesian for everyone (officers' Telegram apps are often set to English). */
export const LOCALE = "id";

/** A message of `locales/id.ftl` by key, with its variables filled in (HTML where the message is). */
export type Translate = (key: string, vars?: Record<string, string>) => string;

/**
 * The Fluent messages of `locales/` (every word a user reads lives there). One instance is
 * shared by the bot (ctx.t) and by the texts built outside an update (alerts, admin notices).
 * The directory is found relative to this module: the same depth from src/ and dist/.
 */
export function createI18n<C extends Context = Context>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: LOCALE,
    directory: fileURLToPath(new URL("../locales", import.meta.url)),
    localeNegotiator: () => LOCALE,
    // No Unicode isolation marks around placeables: they break copy-paste of ids and codes.
    fluentBundleOptions: { useIsolating: false },
  });
}

/** `t(key, vars)` outside an update. */
export function translator<C extends Context>(i18n: I18n<C>): Translate {
  return (key, vars) => i18n.t(LOCALE, key, vars);
}
