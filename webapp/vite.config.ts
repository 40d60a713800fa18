/**
 * Build of the Mini App (docs/panel.md#build): Preact + TypeScript, bundled by Vite into
 * webapp/dist (served by the bot from there). Relative asset URLs (`base: "./"`), so the page
 * works under whatever path WEBAPP_URL names. Chart.js is split into its own chunk, loaded only
 * when a chart is opened, so the first view stays small.
 */
import { fileURLToPath } from "node:url";
import { defineConfig, type InlineConfig } from "vite";
import { localePlugin } from "./locale.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function panelViteConfig(outDir = here("./dist")): InlineConfig {
  return {
    configFile: false,
    root: here("."),
    base: "./",
    logLevel: "warn",
    plugins: [localePlugin(here("../locales/id.ftl"))],
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2020",
      sourcemap: false,
      // Everything from this origin: no inline scripts or data: URLs for the CSP to allow.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  };
}

export default defineConfig(panelViteConfig());
