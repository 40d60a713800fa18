import { describe, it, expect } from "vitest";
import {
  botCommandEntities,
  parseHtml,
  parseMarkdown,
  parseMarkdownV2,
  parseText,
  ParseEntitiesError,
} from "../../../sim/telegram/format.js";

const htmlError = (html: string): string => {
  try {
    parseHtml(html);
  } catch (e) {
    if (e instanceof ParseEntitiesError) return e.message;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(html)} to fail`);
};

describe("parseHtml (tdlib rules)", () => {
  it("turns tags into entities with UTF-16 offsets", () => {
    const r = parseHtml("<b>Nama</b>: Siti &amp; <i>Budi</i> 😀 <u>x</u>");
    expect(r.text).toBe("Nama: Siti & Budi 😀 x");
    expect(r.entities).toEqual([
      { type: "bold", offset: 0, length: 4 },
      { type: "italic", offset: 13, length: 4 },
      { type: "underline", offset: 21, length: 1 }, // the emoji counts 2
    ]);
  });

  it("accepts every supported tag and alias", () => {
    const r = parseHtml(
      '<strong>a</strong><em>b</em><ins>c</ins><s>d</s><strike>e</strike><del>f</del>' +
        '<span class="tg-spoiler">g</span><tg-spoiler>h</tg-spoiler><code>i</code>' +
        '<a href="https://example.com/x?a=1&amp;b=2">j</a><blockquote>k</blockquote>' +
        '<blockquote expandable>l</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    );
    expect(r.text).toBe("abcdefghijkl👍");
    expect(r.entities.map((e) => e.type)).toEqual([
      "bold", "italic", "underline", "strikethrough", "strikethrough", "strikethrough",
      "spoiler", "spoiler", "code", "text_link", "blockquote", "expandable_blockquote", "custom_emoji",
    ]);
    expect(r.entities[9]).toMatchObject({ url: "https://example.com/x?a=1&b=2" });
  });

  it("merges <pre><code class=language-x> into one pre entity", () => {
    const r = parseHtml('<pre><code class="language-python">print(1)</code></pre>');
    expect(r.entities).toEqual([{ type: "pre", offset: 0, length: 8, language: "python" }]);
    expect(parseHtml("<pre>x</pre>").entities).toEqual([{ type: "pre", offset: 0, length: 1 }]);
  });

  it("decodes entities, with or without ';', and numeric references", () => {
    expect(parseHtml("&lt;b&gt; &quot;x&quot; &#65;&#x42; &lt").text).toBe('<b> "x" AB <');
    expect(parseHtml("&#128512;").text).toBe("😀");
  });

  it("reports tdlib's errors with byte offsets", () => {
    expect(htmlError("a < b")).toBe('Unsupported start tag "" at byte offset 2');
    expect(htmlError("baris<br>baru")).toBe('Unsupported start tag "br" at byte offset 5');
    expect(htmlError("é<p>")).toBe('Unsupported start tag "p" at byte offset 2'); // é is 2 bytes
    expect(htmlError("<b>tebal")).toBe('Can\'t find end tag corresponding to start tag "b"');
    expect(htmlError("<b><i>x</b></i>")).toBe('Unmatched end tag at byte offset 7, expected "</i>", found "</b>"');
    expect(htmlError("x</b>")).toBe("Unexpected end tag at byte offset 1");
    expect(htmlError("a <b")).toBe("Unclosed start tag at byte offset 2");
    expect(htmlError('<span class="bold">x</span>')).toBe('Tag "span" must have class "tg-spoiler" at byte offset 0');
    expect(htmlError('<a href=x">y</a>')).toBe("Unexpected end of name token at byte offset 8");
  });

  it("rejects a bare & by default and, like Telegram, keeps it with strictAmpersand off", () => {
    expect(htmlError("Dinas P&K")).toMatch(/^Unsupported HTML entity at byte offset 7/);
    expect(parseHtml("Dinas P&K", { strictAmpersand: false }).text).toBe("Dinas P&K");
    expect(parseHtml("Dinas P&amp;K").text).toBe("Dinas P&K");
  });

  it("trims surrounding whitespace like Telegram and shifts entities", () => {
    const r = parseHtml("\n\n  <b>x</b>  \n");
    expect(r.text).toBe("x");
    expect(r.entities).toEqual([{ type: "bold", offset: 0, length: 1 }]);
  });

  it("text_link from tg://user becomes text_mention; invalid links are dropped silently", () => {
    expect(parseHtml('<a href="tg://user?id=42">Siti</a>').entities[0]).toMatchObject({
      type: "text_mention",
      user: { id: 42 },
    });
    expect(parseHtml('<a href="javascript:alert(1)">x</a>').entities).toEqual([]);
  });
});

describe("parseMarkdownV2", () => {
  it("parses entities and escapes", () => {
    const r = parseMarkdownV2("*tebal* _miring_ __garis__ ~coret~ ||spoiler|| `kode` [tautan](https://a.id) 1\\.5");
    expect(r.text).toBe("tebal miring garis coret spoiler kode tautan 1.5");
    expect(r.entities.map((e) => e.type)).toEqual([
      "bold", "italic", "underline", "strikethrough", "spoiler", "code", "text_link",
    ]);
  });

  it("reports reserved characters and unclosed entities", () => {
    expect(() => parseMarkdownV2("Selesai.")).toThrow("Character '.' is reserved and must be escaped with the preceding '\\'");
    expect(() => parseMarkdownV2("*tebal")).toThrow("Can't find end of Bold entity at byte offset 0");
  });
});

describe("parseMarkdown (legacy)", () => {
  it("parses and reports unclosed entities", () => {
    expect(parseMarkdown("*a* _b_ `c`").entities.map((e) => e.type)).toEqual(["bold", "italic", "code"]);
    expect(() => parseMarkdown("snake_case")).toThrow("Can't find end of the entity starting at byte offset 5");
  });
});

describe("parseText", () => {
  it("is case-insensitive about parse_mode and rejects unknown ones", () => {
    expect(parseText("<b>x</b>", "html").entities).toHaveLength(1);
    expect(parseText("<b>x</b>", undefined).text).toBe("<b>x</b>");
    expect(() => parseText("x", "BBCode")).toThrow();
  });
});

describe("botCommandEntities", () => {
  it("finds commands like Telegram", () => {
    expect(botCommandEntities("/cek 3514")).toEqual([{ type: "bot_command", offset: 0, length: 4 }]);
    expect(botCommandEntities("/cek@pantau_bot 3514")).toEqual([{ type: "bot_command", offset: 0, length: 15 }]);
    expect(botCommandEntities("coba /desa lagi")).toEqual([{ type: "bot_command", offset: 5, length: 5 }]);
    expect(botCommandEntities("a/cek")).toEqual([]);
    expect(botCommandEntities("/cek/x")).toEqual([]);
    expect(botCommandEntities("/cek@ab")).toEqual([]); // bot names are 3+ characters
    expect(botCommandEntities("3/4")).toEqual([]);
  });
});
