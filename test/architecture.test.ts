/**
 * The shape of src/ (docs/architecture.md), read from the import statements of every file:
 * layers that only point down, no import loops (type-only imports count: a loop of types is
 * still two modules that cannot be understood apart), nothing outside src/ (simulators, tests)
 * imported by production code, and no file over 400 lines.
 *
 * Layers, highest first: the composition root (main.ts, app.ts) → bot (and the HTTP server) →
 * alerts / budget / desa / bulk → upstream / store → domain; bulk (the list files of /cekmassal)
 * uses domain/ alone: it reads and writes files, the job that looks rows up lives above it. A
 * module may import its own layer and any lower one; modules of one layer may import each other
 * as long as their folders form no loop (alerts → budget is fine, budget → alerts as well would not be). config.ts, logger.ts,
 * metrics.ts and i18n.ts are shared infrastructure: any layer may import them, and they import
 * only each other and domain/.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const MAX_LINES = 400;

/** Rank of each top-level folder or file of src/ (higher may import lower). */
const RANK: Readonly<Record<string, number>> = {
  "main.ts": 5,
  "app.ts": 5,
  bot: 4,
  server: 4,
  panel: 4,
  alerts: 3,
  budget: 3,
  desa: 3,
  bulk: 3,
  upstream: 2,
  store: 2,
  domain: 1,
};
const SHARED = new Set(["config.ts", "logger.ts", "metrics.ts", "i18n.ts"]);

/** Every .ts file below src/, as a path relative to it with "/" separators. */
function sourceFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(full));
    else if (e.name.endsWith(".ts")) out.push(relative(SRC, full).split(sep).join("/"));
  }
  return out.sort();
}

/** The src files (or "outside:<path>") a file imports; packages from node_modules are left out. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  // preProcessFile finds static, type-only, re-export and dynamic imports, and skips comments and strings.
  const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  const out: string[] = [];
  for (const spec of specs) {
    if (!spec.startsWith(".")) continue;
    const base = resolve(SRC, dirname(file), spec).replace(/\.js$/, "");
    const target = [`${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p)) ?? `${base}.ts`;
    const rel = relative(SRC, target).split(sep).join("/");
    out.push(rel.startsWith("..") ? `outside:${rel}` : rel);
  }
  return out;
}

const top = (file: string) => file.split("/")[0]!;

/** Strongly connected components with more than one member (Tarjan), each sorted. */
function loops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** The edges of `graph` inside one loop: what would have to go to break it. */
function edgesWithin(graph: ReadonlyMap<string, readonly string[]>, members: readonly string[]): string[] {
  const inside = new Set(members);
  return members.flatMap((a) => (graph.get(a) ?? []).filter((b) => inside.has(b)).map((b) => `${a} -> ${b}`));
}

const files = sourceFiles();
const edges = files.flatMap((a) => importsOf(a).map((b) => ({ from: a, to: b, key: `${a} -> ${b}` })));

describe("architecture of src/", () => {
  it("places every file in a layer", () => {
    const unplaced = files.filter((f) => RANK[top(f)] === undefined && !SHARED.has(f));
    expect(unplaced, "add these to RANK or SHARED in test/architecture.test.ts").toEqual([]);
  });

  it("imports nothing from outside src/ (simulators, tests), and only files that exist", () => {
    expect(edges.filter((e) => e.to.startsWith("outside:") || !files.includes(e.to)).map((e) => e.key)).toEqual([]);
  });

  it("points every import down (or within its layer)", () => {
    const upward = edges
      .filter(({ from, to }) => {
        if (to.startsWith("outside:") || SHARED.has(to)) return false;
        if (SHARED.has(from)) return top(to) !== "domain";
        return (RANK[top(from)] ?? Infinity) < (RANK[top(to)] ?? -Infinity);
      })
      .map((e) => e.key);
    expect(upward, "imports from a lower layer to a higher one").toEqual([]);
  });

  it("keeps bulk/ (list files) on domain/ alone", () => {
    const wrong = edges.filter((e) => top(e.from) === "bulk" && !["bulk", "domain"].includes(top(e.to))).map((e) => e.key);
    expect(wrong).toEqual([]);
  });

  it("has no loop between folders", () => {
    const graph = new Map<string, string[]>();
    for (const { from, to } of edges) {
      const [a, b] = [top(from), top(to)];
      if (a === b || to.startsWith("outside:")) continue;
      const list = graph.get(a) ?? [];
      if (!list.includes(b)) list.push(b);
      graph.set(a, list);
    }
    const found = loops(graph).map((members) => {
      const imports = edges.filter((e) => members.includes(top(e.from)) && members.includes(top(e.to)) && top(e.from) !== top(e.to)).map((e) => e.key);
      return { folders: members, imports };
    });
    expect(found).toEqual([]);
  });

  it("has no import loop between files (type-only imports included)", () => {
    const graph = new Map<string, string[]>(files.map((f) => [f, []]));
    for (const { from, to } of edges) graph.get(from)!.push(to);
    const found = loops(graph).map((members) => edgesWithin(graph, members));
    expect(found).toEqual([]);
  });

  it(`keeps every file at ${MAX_LINES} lines or fewer`, () => {
    const long = files
      .map((f) => ({ file: f, lines: readFileSync(join(SRC, f), "utf8").split("\n").length - 1 }))
      .filter((x) => x.lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
