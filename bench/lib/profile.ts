import { readFileSync } from "node:fs";

/** The parts of a V8 CPU profile (.cpuprofile) used here. */
interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Category {
  name: string;
  match(frame: CallFrame): boolean;
}

/** The profiler's own work (starting to sample) is not the bot's. */
const PROFILER = "(profiler)";
const isProfiler = (f: CallFrame) => f.url === "node:inspector" || f.url.startsWith("node:inspector/");

export interface Breakdown {
  /** sampled time the thread was not idle, ms */
  busyMs: number;
  /** per category (and "other"), largest first; share of busyMs */
  parts: { name: string; ms: number; share: number }[];
}

/**
 * Where a thread's time went: each sample is given to the category of the innermost frame
 * of its stack that some category claims (so i18n called from rendering counts as i18n),
 * else to "other". Idle samples and the profiler's own are left out.
 */
export function breakdown(file: string, categories: Category[]): Breakdown {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const own = isProfiler(node.callFrame) ? PROFILER : categories.find((c) => c.match(node.callFrame))?.name;
    const up = parent.get(id);
    const result = own ?? (up === undefined ? "other" : ownerOf(up));
    owner.set(id, result);
    return result;
  };
  const ms = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const fn = byId.get(id)?.callFrame.functionName;
    if (fn === "(idle)") return;
    const name = ownerOf(id);
    if (name === PROFILER) return;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    busy += dt;
    ms.set(name, (ms.get(name) ?? 0) + dt);
  });
  const parts = [...ms.entries()].map(([name, t]) => ({ name, ms: t, share: busy > 0 ? t / busy : 0 })).sort((a, b) => b.ms - a.ms);
  return { busyMs: busy, parts };
}

const inUrl = (...parts: string[]) => (f: CallFrame) => parts.some((x) => f.url.includes(x));

/** Categories for a bot answering updates (figures 1 and 2). */
export const BOT_CATEGORIES: Category[] = [
  { name: "garbage collection", match: (f) => f.functionName === "(garbage collector)" },
  { name: "i18n (ctx.t, Fluent)", match: inUrl("@grammyjs/i18n", "@fluent/") },
  { name: "SQLite through Kysely", match: inUrl("/kysely/", "better-sqlite3") },
  { name: "rendering (renderCek, format)", match: (f) => f.url.includes("src/domain/format.ts") || f.functionName === "renderCek" },
  { name: "Bot API client (grammY client, node-fetch)", match: inUrl("grammy/out/core/client.js", "node-fetch", "auto-retry", "abort-controller", "event-target-shim") },
  { name: "HTTP and sockets (node:http, net, streams)", match: inUrl("node:_http", "node:http", "node:net", "node:internal/stream", "node:internal/streams") },
  {
    name: "middleware, routing, runner",
    match: inUrl("grammy/out/composer.js", "grammy/out/context.js", "grammy/out/filter.js", "@grammyjs/runner", "@grammyjs/conversations", "@grammyjs/ratelimiter", "src/bot/"),
  },
];

/** "middleware 30 %, SQLite 20 %, …" for the categories above `minShare`. */
export function describeBreakdown(b: Breakdown, minShare = 0.03): string {
  const shown = b.parts.filter((p) => p.share >= minShare);
  const rest = b.parts.filter((p) => p.share < minShare).reduce((s, p) => s + p.share, 0);
  const items = shown.map((p) => `${p.name} ${Math.round(p.share * 100)} %`);
  if (rest > 0) items.push(`smaller parts ${Math.round(rest * 100)} %`);
  return items.join(", ");
}
