/**
 * Children that run as production does: plain JavaScript on node (the image runs the tsc output,
 * `node dist/main.js`), not TypeScript through tsx, whose loader and in-memory source maps add
 * some 50 MB to the resident set. An entry and the src/ modules it imports are bundled into one
 * ES module with esbuild (the transpiler tsx itself runs on; packages stay external, so
 * node_modules is the same). Without esbuild: tsx.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ROOT } from "./prereq.js";

/** Where bundles go: one level below the root, like src/ and dist/, so that the app's paths
 * relative to its modules (`../locales`, `../webapp/dist`) resolve as they do in production. */
export const BUNDLE_DIR = join(ROOT, ".bench-tmp");

/**
 * The heap flags of `npm start` (package.json; the Dockerfile's CMD carries the same, checked by
 * test/bench/lib.test.ts), so that measured processes run as deployed.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  return (pkg.scripts.start ?? "").split(/\s+/).filter((a) => a.startsWith("--max-"));
}

export interface Runnable {
  entry: URL;
  execArgv: string[];
  how: string;
}

/**
 * Bundles `entry` (a .ts file) to BUNDLE_DIR/<name>.mjs, and each of `beside` to <name>.js next
 * to it (workers that the bundled code looks up beside its own module).
 */
export function bundleForNode(entry: URL, beside: URL[] = [], nodeFlags: string[] = []): Runnable {
  const esbuild = join(ROOT, "node_modules", ".bin", "esbuild");
  if (!existsSync(esbuild)) return { entry, execArgv: ["--import", "tsx", ...nodeFlags], how: "TypeScript through tsx (esbuild not found)" };
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const bundle = (from: string, outfile: string) =>
    execFileSync(esbuild, [from, "--bundle", "--platform=node", "--format=esm", "--packages=external", `--outfile=${outfile}`, "--log-level=warning"]);
  const name = basename(entry.pathname).replace(/\.ts$/, "");
  const out = join(BUNDLE_DIR, `${name}.mjs`);
  // Split at dynamic imports, or a package the app loads lazily (Skia for charts, ~26 MB) would
  // become a static import of the one bundle and load at start, as it does not in production.
  execFileSync(esbuild, [entry.pathname, "--bundle", "--splitting", "--platform=node", "--format=esm", "--packages=external", `--outdir=${BUNDLE_DIR}`, "--out-extension:.js=.mjs", "--log-level=warning"]);
  for (const b of beside) bundle(b.pathname, join(BUNDLE_DIR, basename(b.pathname).replace(/\.ts$/, ".js")));
  const names = [entry, ...beside].map((u) => basename(u.pathname)).join(", ");
  return { entry: new URL(`file://${out}`), execArgv: nodeFlags, how: `plain node${nodeFlags.length ? ` ${nodeFlags.join(" ")}` : ""} on esbuild bundles of ${names} (with the src/ modules they import)` };
}
