/**
 * What the three parse modes share: the parse error, entity types and their tdlib order,
 * UTF-8 byte helpers, link checks, and the last step that trims the text and builds the Bot
 * API entities.
 */
import type { MessageEntity } from "grammy/types";

/** tdlib's error text, without the "Bad Request: can't parse entities: " prefix. */
export class ParseEntitiesError extends Error {
  override name = "ParseEntitiesError";
}

/** Plain text and its entities, offsets in UTF-16 code units. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Options of the HTML parser. */
export interface ParseOptions {
  /** Reject a bare "&" that is not a valid entity (Telegram itself accepts it). Default true. */
  strictAmpersand?: boolean;
}

/** The entity kinds parse modes produce. */
export type EntityType =
  | "bold"
  | "italic"
  | "underline"
  | "strikethrough"
  | "spoiler"
  | "code"
  | "pre"
  | "text_link"
  | "text_mention"
  | "custom_emoji"
  | "blockquote"
  | "expandable_blockquote";

/** An entity as the parsers collect it, before finish(). */
export interface RawEntity {
  type: EntityType;
  offset: number;
  length: number;
  /** url, language, custom emoji id; for text_mention the user id as a string */
  arg: string;
}

// tdlib's MessageEntity::get_type_priority, used as the last sort key.
function priority(e: RawEntity): number {
  switch (e.type) {
    case "bold":
      return 90;
    case "italic":
      return 91;
    case "code":
      return 20;
    case "pre":
      return e.arg ? 10 : 11;
    case "text_link":
    case "text_mention":
      return 49;
    case "underline":
      return 92;
    case "strikethrough":
      return 93;
    case "spoiler":
      return 94;
    case "custom_emoji":
      return 99;
    default:
      return 0; // blockquotes
  }
}

// ---- byte helpers (tdlib semantics: a NUL / end of input reads as 0, is_space includes 0) ----

/** tdlib's is_space: also true for NUL, which is what reading past the end gives. */
export const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10 || c === 0 || c === 11;
/** First byte of a UTF-8 sequence adds 1 UTF-16 unit, or 2 for 4-byte sequences (surrogate pair). */
export const utf16Units = (c: number): number => ((c & 0xc0) === 0x80 ? 0 : c >= 0xf0 ? 2 : 1);

/** The user id of a tg://user?id=… link, for text_mention; null for other links. */
export function linkUserId(url: string): number | null {
  // tdlib LinkManager::get_link_user_id: tg://user?id=123
  const m = /^tg:(?:\/\/)?user\/?\?([^#]*)/i.exec(url);
  if (!m) return null;
  for (const part of m[1]!.split("&")) {
    const [k, v] = part.split("=");
    if (k === "id") return v !== undefined && /^\d{1,10}$/.test(v) && Number(v) > 0 ? Number(v) : null;
  }
  return null;
}

/**
 * Roughly tdlib's get_checked_link: adds "http://" when there is no scheme, accepts
 * http(s)/tg/ton links with a host; returns null (entity silently dropped) otherwise.
 */
export function checkedLink(raw: string): string | null {
  let url = raw.trim();
  if (!url) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `http://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const scheme = parsed.protocol.toLowerCase();
  if (scheme === "http:" || scheme === "https:") return parsed.hostname ? parsed.href : null;
  if (scheme === "tg:" || scheme === "ton:" || scheme === "tonsite:") return url;
  return null;
}

// ---------------------------------------------------------------- common

/** Sort like tdlib, trim surrounding whitespace (Telegram does) and convert to Bot API entities. */
export function finish(text: string, raw: RawEntity[]): FormattedText {
  raw.sort((a, b) => a.offset - b.offset || b.length - a.length || priority(a) - priority(b));
  const lead = text.length - text.replace(/^[ \t\r\n\v\f]+/, "").length;
  const trimmed = text.slice(lead).replace(/[ \t\r\n\v\f]+$/, "");
  const end = lead + trimmed.length;
  const entities: MessageEntity[] = [];
  for (const e of raw) {
    const from = Math.max(e.offset, lead);
    const to = Math.min(e.offset + e.length, end);
    if (to <= from) continue;
    const base = { offset: from - lead, length: to - from };
    switch (e.type) {
      case "text_link":
        entities.push({ type: "text_link", ...base, url: e.arg });
        break;
      case "text_mention":
        entities.push({ type: "text_mention", ...base, user: { id: Number(e.arg), is_bot: false, first_name: "" } });
        break;
      case "pre":
        entities.push(e.arg ? { type: "pre", ...base, language: e.arg } : { type: "pre", ...base });
        break;
      case "custom_emoji":
        entities.push({ type: "custom_emoji", ...base, custom_emoji_id: e.arg });
        break;
      default:
        entities.push({ type: e.type, ...base });
    }
  }
  return { text: trimmed, entities };
}
