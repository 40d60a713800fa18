/** The HTML parse mode: a port of tdlib's parse_html. */
import {
  checkedLink,
  finish,
  isSpace,
  linkUserId,
  ParseEntitiesError,
  utf16Units,
  type FormattedText,
  type ParseOptions,
  type RawEntity,
} from "./format-core.js";

const AMP = 0x26;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
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
