/**
 * The page's texts come from the bot's own locales/id.ftl: at build time the `panel-*` messages
 * (not `panel-chat-*`, which the bot sends) become the virtual module `virtual:panel-texts`.
 * The page formats them with a few lines instead of a Fluent runtime, so they may hold plain
 * text and `{ $name }` placeables only; anything else (selectors, terms, HTML) fails the build.
 */
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";

const VIRTUAL = "virtual:panel-texts";
const RESOLVED = `\0${VIRTUAL}`;

/** `panel-*` messages of a Fluent file (multi-line values joined with "\n"). */
export function panelTexts(ftl: string): Record<string, string> {
  const out: Record<string, string> = {};
  let key: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (key) out[key] = lines.join("\n").trim();
    key = undefined;
    lines = [];
  };
  for (const line of ftl.split(/\r?\n/)) {
    const m = /^([a-zA-Z][\w-]*)\s*=\s?(.*)$/.exec(line);
    if (m) {
      flush();
      if (m[1]!.startsWith("panel-") && !m[1]!.startsWith("panel-chat-")) [key, lines] = [m[1], m[2] ? [m[2]] : []];
    } else if (key && /^\s+\S/.test(line)) lines.push(line.trim());
    else if (key && line.trim() === "") lines.push("");
    else flush();
  }
  flush();
  for (const [k, v] of Object.entries(out)) {
    const rest = v.replace(/\{ \$[a-z][a-zA-Z0-9]* \}/g, "");
    if (/[{}<>]/.test(rest) || v === "") throw new Error(`locales/id.ftl: ${k} must be plain text with { $name } placeables only`);
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function localePlugin(ftlPath: string): Plugin {
  const texts = () => panelTexts(readFileSync(ftlPath, "utf8"));
  return {
    name: "pantau-panel-texts",
    // `{{panel-key}}` in index.html: the words shown before the script runs.
    transformIndexHtml: (html) =>
      html.replace(/\{\{(panel-[\w-]+)\}\}/g, (_m, key: string) => {
        const v = texts()[key];
        if (v === undefined) throw new Error(`locales/id.ftl: ${key} missing`);
        return escapeHtml(v);
      }),
    resolveId: (id) => (id === VIRTUAL ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(ftlPath);
      return `export default ${JSON.stringify(texts())};`;
    },
  };
}
