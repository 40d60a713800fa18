import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

/** The one locale: Indonesian for everyone (officers' Telegram apps are often set to English). */
export const LOCALE = "id";

/** A message of `locales/id.ftl` by key, with its variables filled in (HTML where the message is). */
export type Translate = (key: string, vars?: Record<string, string>) => string;

/** `locales/`, found relative to this module: the same depth from src/ and dist/. */
const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));
/** No Unicode isolation marks around placeables: they break copy-paste of ids and codes. */
const BUNDLE_OPTIONS = { useIsolating: false };

/**
 * The Fluent messages of `locales/` (every word a user reads lives there). One instance is
 * shared by the bot (ctx.t) and by the texts built outside an update (alerts, admin notices).
 */
export function createI18n<C extends Context = Context>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: LOCALE,
    directory: LOCALES_DIR,
    localeNegotiator: () => LOCALE,
    fluentBundleOptions: BUNDLE_OPTIONS,
  });
}

/**
 * `t(key, vars)` for the one locale, outside and inside updates. The plugin's `t` negotiates
 * the locale among its bundles on every call (some 25 per /cek answer), to arrive at "id"
 * each time; here the message is formatted by a Fluent bundle of the same file with the same
 * options, built once. Anything but a plain message with a value (an attribute path
 * `key.attr`, a missing message) takes the plugin's own path, so its answers and warnings
 * stay exactly as they were.
 */
export function translator<C extends Context>(i18n: I18n<C>): Translate {
  const bundle = new FluentBundle(LOCALE, BUNDLE_OPTIONS);
  const errors = bundle.addResource(new FluentResource(readFileSync(`${LOCALES_DIR}/${LOCALE}.ftl`, "utf8")), { allowOverrides: true });
  if (errors.length > 0) throw errors[0]!;
  return (key, vars) => {
    const message = key.includes(".") ? undefined : bundle.getMessage(key);
    if (!message?.value) return i18n.t(LOCALE, key, vars);
    return bundle.formatPattern(message.value, vars);
  };
}
