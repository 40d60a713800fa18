/**
 * What a Telegram client does when it opens a Mini App: it signs the launch data (initData)
 * with a key derived from the bot token and appends it, with the version, platform and theme,
 * to the URL's #fragment (core.telegram.org/bots/webapps, "Validating data received via the
 * Mini App"). Tests and the demo open the panel this way, as an officer would from Telegram.
 */
import { createHmac } from "node:crypto";
import type { User } from "grammy/types";

export interface InitDataOptions {
  /** Seconds since the epoch (default now). */
  authDate?: number;
  queryId?: string;
  /** Fields added after signing, e.g. to forge a tampered copy. */
  unsigned?: Record<string, string>;
}

/** initData for `user`, signed with `botToken` as Telegram signs it. */
export function signInitData(botToken: string, user: Pick<User, "id" | "first_name"> & Partial<User>, opts: InitDataOptions = {}): string {
  const fields: Record<string, string> = {
    auth_date: String(opts.authDate ?? Math.floor(Date.now() / 1000)),
    query_id: opts.queryId ?? `AAH${user.id.toString(36)}sim`,
    user: JSON.stringify({ id: user.id, first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}), language_code: user.language_code ?? "id", allows_write_to_pm: true }),
  };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(botToken).digest();
  const hash = createHmac("sha256", secret).update(check).digest("hex");
  return new URLSearchParams({ ...fields, hash, ...opts.unsigned }).toString();
}

/** Telegram's light and dark themes (a subset of ThemeParams). */
export const THEMES = {
  light: { bg_color: "#ffffff", text_color: "#000000", hint_color: "#999999", link_color: "#2481cc", button_color: "#2481cc", button_text_color: "#ffffff", secondary_bg_color: "#efeff3" },
  dark: { bg_color: "#212121", text_color: "#ffffff", hint_color: "#aaaaaa", link_color: "#8cc2ed", button_color: "#5288c1", button_text_color: "#ffffff", secondary_bg_color: "#181818" },
} as const;

/** The URL the client loads: `url#tgWebAppData=…&tgWebAppVersion=…&tgWebAppPlatform=…&tgWebAppThemeParams=…`. */
export function webAppLaunchUrl(url: string, initData: string, opts: { theme?: keyof typeof THEMES; platform?: string } = {}): string {
  const hash = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: opts.platform ?? "android",
    tgWebAppThemeParams: JSON.stringify(THEMES[opts.theme ?? "light"]),
  });
  return `${url.split("#")[0]}#${hash.toString()}`;
}
