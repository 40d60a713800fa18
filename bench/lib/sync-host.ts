/**
 * Child-process entry of figure 4 (forked by bench/figures/fig4.ts): runs one OMSPAN job
 * against the simulator of the parent process, so that the peak resident set it reports
 * (process.resourceUsage().maxRSS) is the job's own and not the simulator's.
 *
 * Jobs (one per process, the process exits afterwards):
 * - "sync": the real sync (createBudget from src/budget/wiring.ts → BudgetSync.run) into a fresh
 *   SQLite database; timed from the start of run() to the end of BudgetStore.commit (the swap);
 * - "fetch": the same RealisasiKL pages through the same HTTP client (axios, body read as text,
 *   JSON.parse), nothing parsed or aggregated: what the transfer and the simulator cost alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../../src/config.js";
import { openStore } from "../../src/store/db.js";
import { createBudget } from "../../src/budget/wiring.js";
import { OmspanClient } from "../../src/upstream/omspan.js";
import { createLogger } from "../../src/logger.js";

export interface SyncJob {
  kind: "sync" | "fetch";
  env: Record<string, string>;
  /** Write a V8 CPU profile of the timed part here. */
  profileFile?: string;
}

export interface SyncJobResult {
  kind: SyncJob["kind"];
  /** Time of the timed part, ms. */
  ms: number;
  rows: number;
  pages: number;
  /** Peak resident set of the process over its whole life, bytes (see peakRss). */
  maxRssBytes: number;
  peakSource: "VmHWM" | "maxRSS";
  /** Resident set just before the timed part (runtime, tsx, modules, open database), bytes. */
  rssBeforeBytes: number;
  /** CPU time (user + system) of the timed part, ms. */
  cpuMs: number;
  /** Share of the timed part the event loop was busy. */
  elu: number;
  /** sync only: ms from the start to the end of each phase (dipa, fa, ik, realisasi = pulled and aggregated, commit = swapped). */
  phases?: Record<string, number>;
  /** sync only: satker × akun × month cells written, satker count. */
  cells?: number;
  satker?: number;
  heapUsedAfterBytes: number;
  /** process.memoryUsage() when the highest RSS was sampled (every 5 ms; sync only). */
  memoryAtPeak?: NodeJS.MemoryUsage;
  /** sync only: the peak RSS so far when the commit started (pages pulled) and when it ended. */
  maxRssBeforeCommitBytes?: number;
  maxRssAfterCommitBytes?: number;
}

/** The benchmark's logger (as bench/lib/env.ts; not imported from there, which pulls in the simulators). */
const silentLogger = () => createLogger({ level: "silent", secrets: [] });

async function withProfile<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * Peak resident set of THIS process image, bytes. process.resourceUsage().maxRSS is not it in a
 * forked child on Linux: the kernel carries the high-water mark of the pre-exec copy of the parent
 * into the new image (ru_maxrss survives execve), so the child would report the parent's RSS at
 * fork time — here the simulator with its recorded pages. VmHWM in /proc/self/status belongs to
 * the address space, which exec replaced: the child's own peak. Elsewhere: maxRSS.
 */
export function peakRss(): { bytes: number; source: "VmHWM" | "maxRSS" } {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return { bytes: Number(m[1]) * 1024, source: "VmHWM" };
  } catch {
    /* not Linux */
  }
  return { bytes: process.resourceUsage().maxRSS * 1024, source: "maxRSS" };
}

/** process.memoryUsage() at the highest RSS sampled (where the peak is: heap, Buffers, the rest). */
let atPeak: NodeJS.MemoryUsage | undefined;
function sampleMemory(): void {
  const m = process.memoryUsage();
  if (!atPeak || m.rss > atPeak.rss) atPeak = m;
}

async function runSync(job: SyncJob): Promise<SyncJobResult> {
  const config = loadConfig(job.env);
  const store = await openStore(config.DATABASE_URL);
  const logger = silentLogger();
  const budget = createBudget(config, { store, logger });
  // Time the swap itself: the sync's own durationMs stops before BudgetStore.commit.
  const reader = budget.reader;
  const commit = reader.commit.bind(reader);
  let swappedAt = 0;
  let cells = 0;
  reader.commit = async (...args: Parameters<typeof commit>) => {
    cells = args[1].realisasi.length;
    maxRssBeforeCommit = peakRss().bytes;
    const r = await commit(...args);
    swappedAt = performance.now();
    maxRssAfterCommit = peakRss().bytes;
    return r;
  };
  let maxRssBeforeCommit = 0;
  let maxRssAfterCommit = 0;
  // Phase boundaries from the sync's own progress, sampled (not on the hot path).
  const phases: Record<string, number> = {};
  let lastPhase: string | undefined;
  let t0 = 0;
  let lastMax = 0;
  const sampler = setInterval(() => {
    sampleMemory();
    const p = budget.sync.progress();
    if (process.env.RSS_TRACE) {
      const mx = peakRss().bytes >> 20;
      if (mx > lastMax + 10) console.error(`maxRSS ${mx} MB rss ${process.memoryUsage.rss() >> 20} at ${p?.phase} page ${p?.pages} t=${Math.round(performance.now() - t0)}`);
      lastMax = Math.max(lastMax, mx);
    }
    if (p && p.phase !== lastPhase) {
      if (lastPhase) phases[lastPhase] = performance.now() - t0;
      lastPhase = p.phase;
    }
  }, 5);
  const rssBeforeBytes = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  t0 = performance.now();
  const result = await withProfile(job.profileFile, () => budget.sync.run("admin"));
  const end = swappedAt || performance.now();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  clearInterval(sampler);
  phases.realisasi = result.durationMs; // the sync's own clock: start → last page aggregated
  phases.commit = end - t0;
  const heapUsedAfterBytes = process.memoryUsage().heapUsed;
  await store.close();
  return {
    kind: "sync",
    ms: end - t0,
    rows: result.rows,
    pages: Math.ceil(result.rows / config.OMSPAN_PAGE_SIZE),
    maxRssBytes: peakRss().bytes,
    peakSource: peakRss().source,
    rssBeforeBytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    elu: elu.utilization,
    phases,
    cells,
    satker: result.satker,
    heapUsedAfterBytes,
    ...(atPeak ? { memoryAtPeak: atPeak } : {}),
    maxRssBeforeCommitBytes: maxRssBeforeCommit,
    maxRssAfterCommitBytes: maxRssAfterCommit,
  };
}

async function runFetch(job: SyncJob): Promise<SyncJobResult> {
  const config = loadConfig(job.env);
  const client = new OmspanClient({
    baseURL: config.OMSPAN_BASE_URL,
    token: config.OMSPAN_API_TOKEN,
    timeoutMs: config.OMSPAN_TIMEOUT_MS,
    retries: 0,
    breakerFailures: config.BREAKER_FAILURES,
    breakerCooldownMs: config.BREAKER_COOLDOWN_MS,
    logger: silentLogger(),
  });
  const size = config.OMSPAN_PAGE_SIZE;
  const rssBeforeBytes = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  let rows = 0;
  let pages = 0;
  await withProfile(job.profileFile, async () => {
    for (let from = 1; ; from += size) {
      const res = await client.http.get(`/RealisasiKL/${from}/${from + size - 1}`);
      pages++;
      if (!Array.isArray(res.json)) break; // the no-data body
      rows += res.json.length;
    }
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    kind: "fetch",
    ms,
    rows,
    pages,
    maxRssBytes: peakRss().bytes,
    peakSource: peakRss().source,
    rssBeforeBytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    elu: performance.eventLoopUtilization(elu0).utilization,
    heapUsedAfterBytes: process.memoryUsage().heapUsed,
  };
}

process.once("message", (raw) => {
  const job = raw as SyncJob;
  void (async () => {
    try {
      const result = job.kind === "sync" ? await runSync(job) : await runFetch(job);
      process.send?.({ ok: true, result }, () => process.exit(0));
    } catch (e) {
      process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
    }
  })();
});

process.send?.({ ready: true });
