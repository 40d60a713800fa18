/**
 * Text formatting as the Telegram Bot API does it: `parse_mode` HTML / MarkdownV2 / Markdown
 * turned into plain text + entities, plus the `bot_command` entities Telegram computes for
 * messages that users send.
 *
 * The parsers are ports of tdlib's `parse_html`, `parse_markdown_v2` and `parse_markdown`
 * (td/telegram/MessageEntity.cpp in github.com/tdlib/td), which is what the Bot API server runs. They work on the
 * UTF-8 bytes of the input because Telegram's error messages report *byte* offsets, and
 * they count entity offsets in UTF-16 code units like Telegram does.
 *
 * One deliberate difference, on by default (`strictAmpersand`): real Telegram shows a bare
 * "&" that does not start one of its entities (`&lt; &gt; &amp; &quot; &#NN; &#xNN;`)
 * literally; the simulator rejects it so that text which was not HTML-escaped is caught
 * (an unescaped "&lt;" in upstream data would otherwise silently display as "<").
 *
 * The parsers live in format-html.ts and format-markdown.ts, what they share in format-core.ts.
 */
import type { MessageEntity } from "grammy/types";
import { finish, type FormattedText, type ParseOptions } from "./format-core.js";
import { parseHtml } from "./format-html.js";
import { parseMarkdown, parseMarkdownV2 } from "./format-markdown.js";

export { checkedLink, ParseEntitiesError, type FormattedText, type ParseOptions } from "./format-core.js";
export { parseHtml } from "./format-html.js";
export { parseMarkdown, parseMarkdownV2 } from "./format-markdown.js";

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
