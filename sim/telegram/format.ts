/**
 * Text formatting as the Telegram Bot API does it: `parse_mode` HTML / MarkdownV2 / Markdown
 * turned into plain text + entities, plus the `bot_command` entities Telegram computes for
 * messages that users send.
 *
 * The parsers are ports of tdlib's `parse_html`, `parse_markdown_v2` and `parse_markdown`
 * (td/telegram/MessageEntity.cpp), which is what the Bot API server runs. They work on the
 * UTF-8 bytes of the input because Telegram's error messages report *byte* offsets, and
 * they count entity offsets in UTF-16 code units like Telegram does.
 *
 * One deliberate difference, on by default (`strictAmpersand`): real Telegram shows a bare
 * "&" that does not start one of its entities (`&lt; &gt; &amp; &quot; &#NN; &#xNN;`)
 * literally; the simulator rejects it so that text which was not HTML-escaped is caught
 * (an unescaped "&lt;" in upstream data would otherwise silently display as "<").
 */
import type { MessageEntity } from "grammy/types";

/** tdlib's error text, without the "Bad Request: can't parse entities: " prefix. */
export class ParseEntitiesError extends Error {
  override name = "ParseEntitiesError";
}

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

export interface ParseOptions {
  /** Reject a bare "&" that is not a valid entity (Telegram itself accepts it). Default true. */
  strictAmpersand?: boolean;
}

type EntityType =
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

interface RawEntity {
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

const AMP = 0x26;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10 || c === 0 || c === 11;
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
/** First byte of a UTF-8 sequence adds 1 UTF-16 unit, or 2 for 4-byte sequences (surrogate pair). */
const utf16Units = (c: number): number => ((c & 0xc0) === 0x80 ? 0 : c >= 0xf0 ? 2 : 1);
const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());

function appendUtf8(out: number[], code: number): void {
  if (code < 0x80) out.push(code);
  else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  else
    out.push(
      0xf0 | (code >> 18),
      0x80 | ((code >> 12) & 0x3f),
      0x80 | ((code >> 6) & 0x3f),
      0x80 | (code & 0x3f),
    );
}

/** tdlib decode_html_entity: returns the code point and the position after the entity, or null. */
function decodeHtmlEntity(s: Uint8Array, pos: number): { code: number; end: number } | null {
  const at = (i: number): number => (i < s.length ? s[i]! : 0);
  let end = pos + 1;
  let code = 0;
  if (at(pos + 1) === 0x23 /* # */) {
    end++;
    if (at(pos + 2) === 0x78 /* x */) {
      end++;
      while (isHex(at(end))) {
        code = code * 16 + parseInt(String.fromCharCode(at(end)), 16);
        end++;
      }
    } else {
      while (isDigit(at(end))) {
        code = code * 10 + (at(end) - 48);
        end++;
      }
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    while (isAlpha(at(end))) end++;
    const name = Buffer.from(s.subarray(pos + 1, end)).toString("latin1");
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    const c = named[name];
    if (c === undefined) return null;
    code = c;
  }
  if (at(end) === 0x3b /* ; */) end++;
  return { code, end };
}

function linkUserId(url: string): number | null {
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

// ---------------------------------------------------------------- HTML

const HTML_TAGS = new Set([
  "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
  "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
]);

/** Port of tdlib parse_html (2024). Throws ParseEntitiesError with tdlib's message. */
export function parseHtml(html: string, opts: ParseOptions = {}): FormattedText {
  const strict = opts.strictAmpersand ?? true;
  const s = Buffer.from(html, "utf8");
  const n = s.length;
  const at = (i: number): number => (i < n ? s[i]! : 0);
  const fail = (msg: string): never => {
    throw new ParseEntitiesError(msg);
  };
  const out: number[] = [];
  let utf16 = 0;
  let surrogate = false;
  const stack: { tag: string; arg: string; offset: number; outPos: number }[] = [];
  const entities: RawEntity[] = [];

  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    if (c === AMP) {
      const d = decodeHtmlEntity(s, i);
      if (d) {
        i = d.end - 1; // the for loop increments
        utf16 += d.code > 0xffff ? 2 : 1;
        if (d.code >= 0xd800 && d.code <= 0xdfff) surrogate = true;
        appendUtf8(out, d.code);
        continue;
      }
      if (strict) {
        fail(`Unsupported HTML entity at byte offset ${i} (a bare "&" must be written as "&amp;")`);
      }
    }
    if (c !== LT) {
      utf16 += utf16Units(c);
      out.push(c);
      continue;
    }

    const begin = i++;
    if (at(i) !== SLASH) {
      // start tag
      while (!isSpace(at(i)) && at(i) !== GT) i++;
      if (at(i) === 0) fail(`Unclosed start tag at byte offset ${begin}`);
      const tag = lowerAscii(s.toString("utf8", begin + 1, i));
      if (!HTML_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${begin}`);

      let arg = "";
      while (at(i) !== GT) {
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === GT) break;
        const nameBegin = i;
        while (!isSpace(at(i)) && at(i) !== EQ && at(i) !== GT && at(i) !== SLASH && at(i) !== DQ && at(i) !== SQ) i++;
        const attr = s.toString("utf8", nameBegin, i);
        if (attr.length === 0) fail(`Empty attribute name in the tag "${tag}" at byte offset ${begin}`);
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) !== EQ) {
          if (at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${begin}`);
          if (tag === "blockquote" && attr === "expandable") arg = "1";
          continue;
        }
        i++;
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === 0) fail(`Unclosed start tag "${tag}" at byte offset ${begin}`);

        let value: string;
        if (at(i) !== SQ && at(i) !== DQ) {
          // unquoted name token: letters, digits, '.', '-'; case-insensitive
          const tokenBegin = i;
          while (isAlnum(at(i)) || at(i) === 0x2e || at(i) === 0x2d) i++;
          value = lowerAscii(s.toString("utf8", tokenBegin, i));
          if (!isSpace(at(i)) && at(i) !== GT) fail(`Unexpected end of name token at byte offset ${tokenBegin}`);
        } else {
          const quote = s[i++]!;
          const bytes: number[] = [];
          while (at(i) !== quote && at(i) !== 0) {
            if (at(i) === AMP) {
              const d = decodeHtmlEntity(s, i);
              if (d) {
                appendUtf8(bytes, d.code);
                i = d.end;
                continue;
              }
              if (strict) {
                fail(`Unsupported HTML entity at byte offset ${i} (a bare "&" must be written as "&amp;")`);
              }
            }
            bytes.push(s[i++]!);
          }
          if (at(i) === quote) i++;
          value = Buffer.from(bytes).toString("utf8");
        }
        if (at(i) === 0) fail(`Unclosed start tag at byte offset ${begin}`);

        if (tag === "a" && attr === "href") arg = value;
        else if (tag === "code" && attr === "class" && value.startsWith("language-")) arg = value.slice(9);
        else if (tag === "span" && attr === "class" && value.startsWith("tg-")) arg = value.slice(3);
        else if (tag === "tg-emoji" && attr === "emoji-id") arg = value;
        else if (tag === "blockquote" && attr === "expandable") arg = "1";
      }
      if (tag === "span" && arg !== "spoiler") fail(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`);
      stack.push({ tag, arg, offset: utf16, outPos: out.length });
    } else {
      // end tag
      if (stack.length === 0) fail(`Unexpected end tag at byte offset ${begin}`);
      while (!isSpace(at(i)) && at(i) !== GT) i++;
      const endTag = lowerAscii(s.toString("utf8", begin + 2, i));
      while (isSpace(at(i)) && at(i) !== 0) i++;
      if (at(i) !== GT) fail(`Unclosed end tag at byte offset ${begin}`);
      const top = stack[stack.length - 1]!;
      if (endTag !== "" && endTag !== top.tag) {
        fail(`Unmatched end tag at byte offset ${begin}, expected "</${top.tag}>", found "</${endTag}>"`);
      }
      if (utf16 > top.offset) {
        const offset = top.offset;
        const length = utf16 - offset;
        const last = entities[entities.length - 1];
        const t = top.tag;
        if (t === "i" || t === "em") entities.push({ type: "italic", offset, length, arg: "" });
        else if (t === "b" || t === "strong") entities.push({ type: "bold", offset, length, arg: "" });
        else if (t === "s" || t === "strike" || t === "del") entities.push({ type: "strikethrough", offset, length, arg: "" });
        else if (t === "u" || t === "ins") entities.push({ type: "underline", offset, length, arg: "" });
        else if (t === "tg-spoiler" || t === "span") entities.push({ type: "spoiler", offset, length, arg: "" });
        else if (t === "tg-emoji") {
          if (!/^-?\d{1,19}$/.test(top.arg) || BigInt(top.arg) === 0n) fail("Invalid custom emoji identifier specified");
          entities.push({ type: "custom_emoji", offset, length, arg: top.arg });
        } else if (t === "a") {
          const url = top.arg || Buffer.from(out.slice(top.outPos)).toString("utf8");
          const userId = linkUserId(url);
          if (userId !== null) entities.push({ type: "text_mention", offset, length, arg: String(userId) });
          else {
            const link = checkedLink(url);
            if (link !== null) entities.push({ type: "text_link", offset, length, arg: link });
          }
        } else if (t === "pre") {
          // <pre><code class="language-x">…</code></pre> becomes one pre entity with a language
          if (last && last.type === "code" && last.offset === offset && last.length === length && last.arg) {
            last.type = "pre";
          } else {
            entities.push({ type: "pre", offset, length, arg: "" });
          }
        } else if (t === "code") {
          if (last && last.type === "pre" && last.offset === offset && last.length === length && top.arg) {
            last.arg = top.arg;
          } else {
            entities.push({ type: "code", offset, length, arg: top.arg });
          }
        } else if (t === "blockquote") {
          entities.push({ type: top.arg ? "expandable_blockquote" : "blockquote", offset, length, arg: "" });
        }
      }
      stack.pop();
    }
  }
  if (stack.length > 0) fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]!.tag}"`);
  if (surrogate) {
    throw new ParseEntitiesError(
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    );
  }
  for (const e of entities) if (e.type === "code") e.arg = "";
  return finish(Buffer.from(out).toString("utf8"), entities);
}

// ---------------------------------------------------------------- MarkdownV2

type MdType = "bold" | "italic" | "underline" | "strikethrough" | "spoiler" | "code" | "pre" | "text_link";
const MD_TYPE_NAMES: Record<MdType, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
};

/**
 * Port of tdlib parse_markdown_v2 (with "||" spoilers). Simplifications: a ">" at the start
 * of a line is accepted as a block quote marker and dropped (no blockquote entity), and
 * custom emoji "![x](tg://emoji?id=…)" is not supported.
 */
export function parseMarkdownV2(src: string): FormattedText {
  const s = Buffer.from(src, "utf8");
  const n = s.length;
  const at = (i: number): number => (i < n ? s[i]! : 0);
  const ch = (c: number): string => String.fromCharCode(c);
  const fail = (msg: string): never => {
    throw new ParseEntitiesError(msg);
  };
  const out: number[] = [];
  let utf16 = 0;
  const stack: { type: MdType; arg: string; offset: number; byteOffset: number; outPos: number }[] = [];
  const entities: RawEntity[] = [];

  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    if (c === 0x5c /* \ */ && at(i + 1) > 0 && at(i + 1) <= 126) {
      i++;
      utf16 += 1;
      out.push(s[i]!);
      continue;
    }
    const top = stack[stack.length - 1];
    const reserved = top && (top.type === "code" || top.type === "pre") ? "`" : "_*[]()~`>#+-=|{}.!";
    if (c >= 128 || !reserved.includes(ch(c))) {
      utf16 += utf16Units(c);
      out.push(c);
      continue;
    }

    let isEnd = false;
    if (top) {
      switch (top.type) {
        case "bold":
          isEnd = c === 0x2a;
          break;
        case "italic":
          isEnd = c === 0x5f && at(i + 1) !== 0x5f;
          break;
        case "code":
          isEnd = c === 0x60;
          break;
        case "pre":
          isEnd = c === 0x60 && at(i + 1) === 0x60 && at(i + 2) === 0x60;
          break;
        case "text_link":
          isEnd = c === 0x5d;
          break;
        case "underline":
          isEnd = c === 0x5f && at(i + 1) === 0x5f;
          break;
        case "strikethrough":
          isEnd = c === 0x7e;
          break;
        case "spoiler":
          isEnd = c === 0x7c && at(i + 1) === 0x7c;
          break;
      }
    }

    if (!isEnd) {
      let type: MdType;
      let arg = "";
      const byteOffset = i;
      switch (ch(c)) {
        case "_":
          if (at(i + 1) === 0x5f) {
            type = "underline";
            i++;
          } else type = "italic";
          break;
        case "*":
          type = "bold";
          break;
        case "~":
          type = "strikethrough";
          break;
        case "|":
          if (at(i + 1) !== 0x7c) fail(`Character '|' is reserved and must be escaped with the preceding '\\'`);
          type = "spoiler";
          i++;
          break;
        case "[":
          type = "text_link";
          break;
        case "`":
          if (at(i + 1) === 0x60 && at(i + 2) === 0x60) {
            i += 3;
            type = "pre";
            let langEnd = i;
            while (!isSpace(at(langEnd)) && at(langEnd) !== 0x60) langEnd++;
            if (i !== langEnd && langEnd < n && at(langEnd) !== 0x60) {
              arg = s.toString("utf8", i, langEnd);
              i = langEnd;
            }
            // skip one new line at the beginning of the block
            if (at(i) === 10 || at(i) === 13) {
              if ((at(i + 1) === 10 || at(i + 1) === 13) && at(i) !== at(i + 1)) i += 2;
              else i++;
            }
            i--;
          } else type = "code";
          break;
        case ">":
          if (i === 0 || s[i - 1] === 10) continue; // block quote marker: accepted, not rendered
          return fail(`Character '>' is reserved and must be escaped with the preceding '\\'`);
        default:
          return fail(`Character '${ch(c)}' is reserved and must be escaped with the preceding '\\'`);
      }
      stack.push({ type, arg, offset: utf16, byteOffset, outPos: out.length });
    } else {
      const open = stack[stack.length - 1]!;
      let arg = open.arg;
      let skip = utf16 === open.offset;
      let type: EntityType = open.type;
      if (open.type === "underline" || open.type === "spoiler") i++;
      else if (open.type === "pre") i += 2;
      else if (open.type === "text_link") {
        let url = "";
        if (at(i + 1) !== 0x28 /* ( */) {
          url = Buffer.from(out.slice(open.outPos)).toString("utf8");
        } else {
          i += 2;
          const urlBegin = i;
          const bytes: number[] = [];
          while (i < n && s[i] !== 0x29) {
            if (s[i] === 0x5c && at(i + 1) > 0 && at(i + 1) <= 126) {
              bytes.push(s[i + 1]!);
              i += 2;
              continue;
            }
            bytes.push(s[i++]!);
          }
          if (at(i) !== 0x29) fail(`Can't find end of a URL at byte offset ${urlBegin}`);
          url = Buffer.from(bytes).toString("utf8");
        }
        const userId = linkUserId(url);
        if (userId !== null) {
          type = "text_mention";
          arg = String(userId);
        } else {
          const link = checkedLink(url);
          if (link === null) skip = true;
          else arg = link;
        }
      }
      if (!skip) entities.push({ type, offset: open.offset, length: utf16 - open.offset, arg });
      stack.pop();
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    const name = open.type === "pre" && open.arg ? "PreCode" : MD_TYPE_NAMES[open.type];
    fail(`Can't find end of ${name} entity at byte offset ${open.byteOffset}`);
  }
  return finish(Buffer.from(out).toString("utf8"), entities);
}

// ---------------------------------------------------------------- legacy Markdown

/** Port of tdlib parse_markdown (the legacy "Markdown" parse mode). */
export function parseMarkdown(src: string): FormattedText {
  const s = Buffer.from(src, "utf8");
  const n = s.length;
  const at = (i: number): number => (i < n ? s[i]! : 0);
  const out: number[] = [];
  let utf16 = 0;
  const entities: RawEntity[] = [];
  const special = (c: number): boolean => c === 0x5f || c === 0x2a || c === 0x60 || c === 0x5b;

  for (let i = 0; i < n; i++) {
    const c = s[i]!;
    if (c === 0x5c && special(at(i + 1))) {
      i++;
      out.push(s[i]!);
      utf16++;
      continue;
    }
    if (!special(c)) {
      utf16 += utf16Units(c);
      out.push(c);
      continue;
    }
    const begin = i;
    const endChar = c === 0x5b ? 0x5d : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === 0x60 && at(i) === 0x60 && at(i + 1) === 0x60) {
      i += 2;
      isPre = true;
      let langEnd = i;
      while (!isSpace(at(langEnd)) && at(langEnd) !== 0x60) langEnd++;
      if (i !== langEnd && langEnd < n && at(langEnd) !== 0x60) {
        language = s.toString("utf8", i, langEnd);
        i = langEnd;
      }
      if (at(i) === 10 || at(i) === 13) {
        if ((at(i + 1) === 10 || at(i + 1) === 13) && at(i) !== at(i + 1)) i += 2;
        else i++;
      }
    }
    const offset = utf16;
    while (i < n && (s[i] !== endChar || (isPre && !(at(i + 1) === 0x60 && at(i + 2) === 0x60)))) {
      utf16 += utf16Units(s[i]!);
      out.push(s[i++]!);
    }
    if (i === n) throw new ParseEntitiesError(`Can't find end of the entity starting at byte offset ${begin}`);
    if (offset !== utf16) {
      const length = utf16 - offset;
      if (c === 0x5f) entities.push({ type: "italic", offset, length, arg: "" });
      else if (c === 0x2a) entities.push({ type: "bold", offset, length, arg: "" });
      else if (c === 0x60) entities.push({ type: isPre ? "pre" : "code", offset, length, arg: language });
      else {
        let url: string;
        if (at(i + 1) !== 0x28) url = s.toString("utf8", begin + 1, i);
        else {
          i += 2;
          const b = i;
          while (i < n && s[i] !== 0x29) i++;
          url = s.toString("utf8", b, i);
        }
        const userId = linkUserId(url);
        const link = userId === null ? checkedLink(url) : null;
        if (userId !== null) entities.push({ type: "text_mention", offset, length, arg: String(userId) });
        else if (link !== null) entities.push({ type: "text_link", offset, length, arg: link });
      }
    }
    if (isPre) i += 2;
  }
  return finish(Buffer.from(out).toString("utf8"), entities);
}

// ---------------------------------------------------------------- common

/** Sort like tdlib, trim surrounding whitespace (Telegram does) and convert to Bot API entities. */
function finish(text: string, raw: RawEntity[]): FormattedText {
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

/**
 * Parses `text` according to `parseMode` (case-insensitive like the Bot API; undefined or ""
 * = plain text). Throws ParseEntitiesError for markup errors and Error("unsupported parse_mode")
 * for an unknown mode.
 */
export function parseText(text: string, parseMode: string | undefined, opts: ParseOptions = {}): FormattedText {
  const mode = (parseMode ?? "").toLowerCase();
  if (mode === "") return finish(text, []);
  if (mode === "html") return parseHtml(text, opts);
  if (mode === "markdownv2") return parseMarkdownV2(text);
  if (mode === "markdown") return parseMarkdown(text);
  throw new UnsupportedParseModeError(parseMode ?? "");
}

export class UnsupportedParseModeError extends Error {
  override name = "UnsupportedParseModeError";
}

/** Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2). */
export function utf16Length(s: string): number {
  return s.length;
}

/** True when the string holds an unpaired surrogate (e.g. a long text split inside an emoji). */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/**
 * bot_command entities the way Telegram computes them for incoming messages (tdlib
 * match_bot_commands): "/cmd" or "/cmd@bot_name" not glued to a word, "/", "<" or ">".
 */
export function botCommandEntities(text: string): MessageEntity[] {
  const result: MessageEntity[] = [];
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  const cmdChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
  const charBefore = (i: number): string | undefined => {
    if (i <= 0) return undefined;
    const lo = text.charCodeAt(i - 1);
    if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) return text.slice(i - 2, i);
    return text[i - 1];
  };
  const charAt = (i: number): string | undefined => {
    const cp = text.codePointAt(i);
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  };
  let i = text.indexOf("/");
  while (i !== -1) {
    const prev = charBefore(i);
    let next = i + 1;
    if (!(prev !== undefined && (isWord(prev) || prev === "/" || prev === "<" || prev === ">"))) {
      let p = i + 1;
      while (cmdChar(text[p])) p++;
      const size = p - i - 1;
      let ok = size >= 1 && size <= 64;
      let end = p;
      if (ok && text[p] === "@") {
        let q = p + 1;
        while (cmdChar(text[q])) q++;
        const mention = q - p - 1;
        if (mention < 3 || mention > 32) ok = false;
        end = q;
        p = q;
      }
      if (ok) {
        const after = charAt(p);
        if (!(isWord(after) || after === "/" || after === "<" || after === ">")) {
          result.push({ type: "bot_command", offset: i, length: end - i });
        }
      }
      next = Math.max(p, i + 1);
    }
    i = text.indexOf("/", next);
  }
  return result;
}
