import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** What the page is built from; a change to any of these means a new build. */
const INPUTS = ["webapp", "locales/id.ftl", "src/domain/format.ts", "src/domain/nik.ts", "src/panel/types.ts", "package-lock.json"];

function files(p: string): string[] {
  const abs = join(ROOT, p);
  if (!statSync(abs).isDirectory()) return [p];
  return readdirSync(abs)
    .filter((n) => n !== "dist" && n !== "node_modules")
    .flatMap((n) => files(join(p, n)));
}

/**
 * The Mini App built with Vite's own build() into node_modules/.cache (gitignored), once per
 * content of its sources: `npm test` stays one command, and a second run costs nothing. Two
 * test files building at once each build into their own folder; the first rename wins.
 */
export async function builtWebapp(): Promise<string> {
  const hash = createHash("sha256");
  for (const f of INPUTS.flatMap(files).sort()) hash.update(f).update(readFileSync(join(ROOT, f)));
  const dir = join(ROOT, "node_modules", ".cache", "pantau-webapp", hash.digest("hex").slice(0, 16));
  if (existsSync(join(dir, "index.html"))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  const { build } = await import("vite");
  const { panelViteConfig } = await import("../../webapp/vite.config.js");
  await build(panelViteConfig(tmp));
  mkdirSync(join(dir, ".."), { recursive: true });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another file's build got there first
  }
  return dir;
}
