/**
 * Figure 1: /cek answer latency, update in → message out, with SIPP answering in 100 ms,
 * cold (cache miss, one SIPP call) and cached (the same NIK again, no SIPP call).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { generateSippData, type SippDataset } from "../../sim/sipp-data.js";
import { maskNik } from "../../src/domain/nik.js";
import { botEnv, startSims } from "../lib/env.js";
import { startBotProcess, usageBetween, type BotProcess, type BotSpec, type Usage } from "../lib/bot-process.js";
import { ServerTimer, type ServerTiming } from "../lib/server-timer.js";
import { median, round, roundSummary, summarize } from "../lib/stats.js";
import type { FigureOutcome, RunOptions } from "../lib/types.js";

export const id = "1";
export const title = "/cek latency update → reply at 100 ms upstream";
export const goal = "overhead p50 ≤ 4 ms, p95 ≤ 10 ms; cached repeat p50 ≤ 5 ms";

const LATENCY_MS = 100;
const OFFICER = 700_001;

/** Simulator-side moments of one /cek, performance.now() in this process. */
interface Sample {
  /** the update is queued (sendText) */
  sent: number;
  /** the getUpdates answer carrying it is handed to the socket */
  delivered: number;
  /** sendChatAction("typing") arrives */
  typing?: number;
  /** the SIPP request arrives / is answered (cold only) */
  sipp?: ServerTiming;
  /** sendMessage with the answer arrives */
  reply: number;
}

const first = (ts: ServerTiming[], suffix: string, after: number, by: "start" | "end") =>
  ts.filter((t) => t.path.endsWith(suffix) && t[by] >= after).sort((a, b) => a[by] - b[by])[0];

/** Medians of the phases between the simulator-side moments, ms. */
interface Phases {
  deliveryMs: number;
  /** cold: delivered → SIPP request arrives */
  toSippMs?: number;
  sippMs?: number;
  sippToReplyMs?: number;
  /** cached: delivered → sendMessage arrives */
  toReplyMs?: number;
  /** how many of the answers were preceded by sendChatAction("typing") */
  typingShare: number;
}

interface Series {
  cold: Sample[];
  cached: Sample[];
  usage: Usage;
}

/**
 * One bot ("app" or "bare") in its own process against fresh simulators: `niks` one at a
 * time, each cold (one SIPP call, checked) and then again cached (no SIPP call, checked).
 */
async function measure(kind: BotSpec["kind"], niks: string[], warmup: number, data: SippDataset, opts: RunOptions): Promise<Series> {
  const sims = await startSims({ sipp: { data, latencyMs: LATENCY_MS } });
  const { tg } = sims;
  const tgTimer = ServerTimer.forUrl(tg.apiRoot);
  const sippTimer = ServerTimer.forUrl(sims.sipp.baseUrl);
  let bot: BotProcess | undefined;
  try {
    const dir = join(opts.scratchDir, kind);
    mkdirSync(dir);
    bot = await startBotProcess({ kind, env: botEnv(sims, dir, { RATE_LIMIT_PER_MIN: "100000" }), officers: [OFFICER] });
    const cek = async (nik: string, cold: boolean): Promise<Sample> => {
      const since = tg.mark();
      const sent = performance.now();
      tg.sendText(OFFICER, `/cek ${nik}`);
      const msg = await tg.waitFor({ chatId: OFFICER, since, timeoutMs: 10_000 });
      if (!msg.text.includes(maskNik(nik))) throw new Error(`unexpected /cek answer: ${msg.text.slice(0, 200)}`);
      const tgTimes = tgTimer.after(sent);
      // The app's readiness check asks SIPP's "/" every 5 s (reachability): not part of the answer.
      const sippTimes = sippTimer.after(sent).filter((t) => t.path !== "/");
      if (sippTimes.length !== (cold ? 1 : 0)) {
        throw new Error(`expected ${cold ? 1 : 0} SIPP request(s), saw ${sippTimes.length} (${sippTimes.map((t) => t.path).join(", ")})`);
      }
      const delivered = first(tgTimes, "/getUpdates", sent, "end");
      const reply = first(tgTimes, "/sendMessage", sent, "start");
      if (!delivered || !reply) throw new Error("update delivery or sendMessage not seen by the simulator");
      return {
        sent,
        delivered: delivered.end,
        typing: first(tgTimes, "/sendChatAction", sent, "start")?.start,
        sipp: sippTimes[0],
        reply: reply.start,
      };
    };

    for (const nik of niks.slice(0, warmup)) {
      await cek(nik, true);
      await cek(nik, false);
    }
    const cold: Sample[] = [];
    const cached: Sample[] = [];
    if (opts.profileDir) await bot.profileStart();
    const before = await bot.stamp();
    for (const nik of niks.slice(warmup)) {
      cold.push(await cek(nik, true));
      cached.push(await cek(nik, false));
    }
    const usage = usageBetween(before, await bot.stamp());
    if (opts.profileDir) await bot.profileStop(join(opts.profileDir, `fig1-${kind}.cpuprofile`));
    return { cold, cached, usage };
  } finally {
    await bot?.stop().catch(() => undefined);
    tgTimer.close();
    sippTimer.close();
    await sims.close();
  }
}

export async function run(opts: RunOptions): Promise<FigureOutcome> {
  const samples = opts.quick ? 20 : 200;
  const warmup = opts.quick ? 5 : 10;
  const data = generateSippData({ seed: 101, kecamatan: ["14"], desaPerKecamatan: 3, peoplePerDesa: 100 });
  const niks = data.p3ke.map((r) => r.nik).slice(0, warmup + samples);
  if (niks.length < warmup + samples) throw new Error("dataset too small for figure 1");

  opts.log(`  pantau: ${samples} cold /cek, each followed by the same NIK again (cached), after ${warmup} warm-up pairs`);
  const app = await measure("app", niks, warmup, data, opts);
  opts.log("  reference: the bare grammY bot, same protocol");
  const bare = await measure("bare", niks, warmup, data, opts);

  const total = (x: Sample) => x.reply - x.sent;
  const overheadOf = (xs: Sample[]) => summarize(xs.map((x) => total(x) - x.sipp!.ms));
  const sOver = overheadOf(app.cold);
  const sUp = summarize(app.cold.map((x) => x.sipp!.ms));
  const sCold = summarize(app.cold.map(total));
  const sCached = summarize(app.cached.map(total));
  const bareOver = overheadOf(bare.cold);
  const bareCached = summarize(bare.cached.map(total));

  // Where the time goes: medians of the phases between the simulator-side moments.
  const med = (xs: number[]) => round(median(xs));
  const phases = (xs: Sample[]): Phases => {
    const p: Phases = {
      deliveryMs: med(xs.map((x) => x.delivered - x.sent)),
      typingShare: xs.filter((x) => x.typing !== undefined && x.typing < x.reply).length / xs.length,
    };
    if (xs.every((x) => x.sipp)) {
      p.toSippMs = med(xs.map((x) => x.sipp!.start - x.delivered));
      p.sippMs = med(xs.map((x) => x.sipp!.ms));
      p.sippToReplyMs = med(xs.map((x) => x.reply - x.sipp!.end));
    } else {
      p.toReplyMs = med(xs.map((x) => x.reply - x.delivered));
    }
    return p;
  };
  const busyPerPair = (x: Series) => (x.usage.botElu * x.usage.wallMs) / x.cold.length;
  const pCold = phases(app.cold);
  const pCached = phases(app.cached);

  return {
    status: "measured",
    rows: [
      {
        id: "1a",
        label: "/cek overhead p50 (update→reply − SIPP time)",
        value: sOver.p50,
        unit: "ms",
        reference: { what: "SIPP time p50", value: sUp.p50, unit: "ms" },
        goal: { on: "value", op: "<=", limit: 4, unit: "ms" },
      },
      {
        id: "1b",
        label: "/cek overhead p95",
        value: sOver.p95,
        unit: "ms",
        reference: { what: "SIPP time p95", value: sUp.p95, unit: "ms" },
        goal: { on: "value", op: "<=", limit: 10, unit: "ms" },
      },
      {
        id: "1c",
        label: "/cek cached repeat p50 (update→reply)",
        value: sCached.p50,
        unit: "ms",
        reference: { what: "bare grammY bot, same cached answer, p50", value: bareCached.p50, unit: "ms" },
        goal: { on: "value", op: "<=", limit: 5, unit: "ms" },
      },
    ],
    method: [
      `The real app (createApp: every middleware, long polling through @grammyjs/runner) runs in a child process against the Telegram Bot API simulator (no added latency) and the SIPP simulator answering after ${LATENCY_MS} ms. One officer sends \`/cek <NIK>\` with a new NIK (cold: exactly one SIPP call, checked), then the same NIK again (cached: no SIPP call, checked), one update at a time: ${samples} pairs after ${warmup} warm-up pairs.`,
      "Update→reply is taken on the simulator's side, with performance.now() in the simulator process: from the moment the simulator queues the update (sendText) to the arrival of the bot's sendMessage request (request headers parsed; via node:diagnostics_channel). The answer is checked to be the /cek result for that NIK.",
      "SIPP time is what the SIPP simulator spent on each request (arrival to response handed to the socket): the configured 100 ms plus serving. Overhead = update→reply − SIPP time, so the bot's own HTTP client work (axios, JSON parsing) counts as overhead.",
      "Included in every value: long-poll delivery (the simulator answers the waiting getUpdates on the next tick after the update is queued, the bot reads and parses it), the middleware (sequentialize, i18n, role lookup in SQLite, rate limiter, access gate, conversations storage read), the lookup, rendering and sending. The bot sends sendChatAction(\"typing\") without waiting for it, and only when the answer is not at hand on the next timer tick (cold: while SIPP is asked; cached: not at all); the audit insert follows the reply.",
      "Reference for the cached repeat: the bare grammY bot of figure 2 (same runner, same SIPP client and cache, same renderer, no middleware, no typing action, no audit), run with the same protocol against fresh simulators.",
    ],
    bounds: [
      `Cold, median phases (ms): update delivered ${pCold.deliveryMs} · delivered → SIPP request ${pCold.toSippMs} · SIPP ${pCold.sippMs} · SIPP answer → sendMessage ${pCold.sippToReplyMs}; "typing" sent for ${round(pCold.typingShare * 100)} % of the answers.`,
      `Cached, median phases (ms): update delivered ${pCached.deliveryMs} · delivered → sendMessage ${pCached.toReplyMs}; "typing" sent for ${round(pCached.typingShare * 100)} % of the answers.`,
      `The floor on this machine: a grammY bot that only reads the update, renders the same answer and sends it (the reference) needs ${round(bareCached.p50)} ms p50 for the cached answer and ${round(bareOver.p50)} ms p50 over SIPP when cold — reading the update from the long poll and sending the answer are hops between two processes. pantau's cached answer costs ${round(sCached.p50 - bareCached.p50)} ms more: its middleware (role lookup and conversation-state read in SQLite, rate limiter, access gate, conversations) and the /cek feature's own steps, all before the reply.`,
      `The bot's main thread was busy (event-loop utilisation) ${round(busyPerPair(app))} ms per cold + cached pair, the reference's ${round(busyPerPair(bare))} ms, so most of the overhead is the bot computing rather than waiting, and pantau's middleware, SQLite statements, the typing request (cold only) and the audit insert (after the reply) account for the difference. Per update this is several times what the same work costs under load (figure 2): a process that sits idle between updates runs its code cold.`,
      `The SIPP latency (${LATENCY_MS} ms) dominates the cold answer; the bot's share is added serially around it (the middleware before the SIPP call, parsing, rendering and sending after it).`,
    ],
    notes: [
      `Cold update→reply: p50 ${round(sCold.p50)} ms, p95 ${round(sCold.p95)} ms (SIPP time p50 ${round(sUp.p50)} ms).`,
      `Cached update→reply: p50 ${round(sCached.p50)} ms, p95 ${round(sCached.p95)} ms, max ${round(sCached.max)} ms; bare bot p50 ${round(bareCached.p50)} ms, p95 ${round(bareCached.p95)} ms.`,
    ],
    details: {
      samples,
      latencyMs: LATENCY_MS,
      overheadMs: roundSummary(sOver),
      sippMs: roundSummary(sUp),
      coldTotalMs: roundSummary(sCold),
      cachedTotalMs: roundSummary(sCached),
      phasesColdMedianMs: pCold,
      phasesCachedMedianMs: pCached,
      bare: { overheadMs: roundSummary(bareOver), cachedTotalMs: roundSummary(bareCached), phasesCachedMedianMs: phases(bare.cached) },
      busyMsPerPair: round(busyPerPair(app)),
      bareBusyMsPerPair: round(busyPerPair(bare)),
    },
  };
}
