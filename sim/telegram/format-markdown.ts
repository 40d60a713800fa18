/** The MarkdownV2 and legacy Markdown parse modes: ports of tdlib's parse_markdown_v2 and parse_markdown. */
import {
  checkedLink,
  finish,
  isSpace,
  linkUserId,
  ParseEntitiesError,
  utf16Units,
  type EntityType,
  type FormattedText,
  type RawEntity,
} from "./format-core.js";

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
