import { fileURLToPath } from "node:url";
import { I18n } from "@grammyjs/i18n";
import type { BaseContext } from "./context.js";

/** Locales live in <root>/locales; same depth from src/bot and dist/bot. */
export function createI18n(): I18n<BaseContext> {
  return new I18n<BaseContext>({
    defaultLocale: "id",
    directory: fileURLToPath(new URL("../../locales", import.meta.url)),
    // Indonesian for everyone: officers' Telegram apps are often set to English.
    localeNegotiator: () => "id",
    // No Unicode isolation marks around placeables: they break copy-paste of ids and codes.
    fluentBundleOptions: { useIsolating: false },
  });
}
