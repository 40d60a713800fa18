import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Telegram Mini App `initData` (docs/panel.md#authentication): a query string the Telegram
 * client hands to the page, signed with a key derived from the bot token:
 *   secret = HMAC_SHA256(key = "WebAppData", msg = bot_token)
 *   hash   = hex(HMAC_SHA256(key = secret, msg = data_check_string))
 * where data_check_string is every field but `hash` as `key=value`, sorted by key, joined by "\n".
 * Data signed for another bot, altered in any field, or older than `maxAgeS` is refused.
 */

export interface WebAppUser {
  id: number;
  firstName?: string;
}

export type InitDataResult =
  | { ok: true; user: WebAppUser; authDate: number }
  | { ok: false; reason: "missing" | "malformed" | "bad_hash" | "expired" | "no_user" };

/** Longest initData accepted (Telegram's are well under 1 KB; a bound for the parser). */
const MAX_LENGTH = 4096;

export function webAppSecret(botToken: string): Buffer {
  return createHmac("sha256", "WebAppData").update(botToken).digest();
}

/** The data_check_string of parsed initData: all fields except `hash`, sorted by key. */
export function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([k]) => k !== "hash")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/** Verify `raw` for the bot whose `secret` (webAppSecret(token)) is given, as of `nowS` (seconds). */
export function verifyInitData(raw: string | undefined, secret: Buffer, opts: { nowS: number; maxAgeS: number }): InitDataResult {
  if (!raw) return { ok: false, reason: "missing" };
  if (raw.length > MAX_LENGTH) return { ok: false, reason: "malformed" };
  const params = new URLSearchParams(raw);
  const hash = params.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/i.test(hash) || params.getAll("hash").length !== 1) return { ok: false, reason: "malformed" };
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) return { ok: false, reason: "malformed" }; // duplicate fields: ambiguous
  const expected = createHmac("sha256", secret).update(dataCheckString(params)).digest();
  const given = Buffer.from(hash, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_hash" };
  const authDate = Number(params.get("auth_date"));
  // Signed, so this is the time Telegram issued it; a little skew into the future is tolerated.
  if (!Number.isInteger(authDate) || authDate <= 0 || opts.nowS - authDate > opts.maxAgeS || authDate - opts.nowS > 300) return { ok: false, reason: "expired" };
  const user = parseUser(params.get("user"));
  if (!user) return { ok: false, reason: "no_user" };
  return { ok: true, user, authDate };
}

function parseUser(json: string | null): WebAppUser | undefined {
  if (!json) return undefined;
  try {
    const u = JSON.parse(json) as { id?: unknown; first_name?: unknown };
    if (typeof u.id !== "number" || !Number.isSafeInteger(u.id) || u.id <= 0) return undefined;
    return { id: u.id, ...(typeof u.first_name === "string" ? { firstName: u.first_name } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * The initData of a request: `Authorization: tma <initData>` (the convention of Telegram's
 * Mini App tooling) or `X-Telegram-Init-Data`. Never a URL parameter: it would end up in logs.
 */
export function initDataOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === "string" && auth.startsWith("tma ")) return auth.slice(4).trim();
  const x = headers["x-telegram-init-data"];
  return typeof x === "string" ? x : undefined;
}
