import { fork, type ChildProcess } from "node:child_process";
import { bundleForNode, productionNodeFlags } from "./bundle.js";
import { performance } from "node:perf_hooks";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What bot-host.ts runs: the real app or the bare reference bot, with this environment. */
export interface BotSpec {
  kind: "app" | "bare";
  env: Record<string, string>;
  /** Telegram ids to register as officers before the bot starts. */
  officers: number[];
}

export type HostRequest =
  | { id: number; cmd: "start"; spec: BotSpec }
  | { id: number; cmd: "snapshot" | "stop" | "profile-start" }
  | { id: number; cmd: "profile-stop"; file: string };

/** Cumulative counters of the child process. */
export interface ProcSnapshot {
  /** user + system CPU time, µs */
  cpuUs: number;
  /** of which system (kernel) time, µs */
  cpuSystemUs: number;
  /** event-loop utilisation counters, ms */
  eluActive: number;
  eluIdle: number;
  rssBytes: number;
}

export type HostReply = { id: number; ok: true; snapshot: ProcSnapshot } | { id: number; ok: false; error: string };

/** A snapshot with the parent's clock, so two of them give a rate. */
export interface Stamp {
  at: number;
  child: ProcSnapshot;
  /** the parent's (simulators') CPU time, µs */
  parentCpuUs: number;
}

export interface Usage {
  wallMs: number;
  /** CPU time of the bot process over the wall time (1 = one core busy) */
  botCpu: number;
  /** the kernel's share of botCpu (system time: sockets, file writes) */
  botSystemShare: number;
  /** share of the bot's event loop that was busy */
  botElu: number;
  /** CPU time of the simulator process (this one) over the wall time */
  simCpu: number;
}

export function usageBetween(a: Stamp, b: Stamp): Usage {
  const wallMs = b.at - a.at;
  const active = b.child.eluActive - a.child.eluActive;
  const idle = b.child.eluIdle - a.child.eluIdle;
  return {
    wallMs,
    botCpu: (b.child.cpuUs - a.child.cpuUs) / 1000 / wallMs,
    botSystemShare: b.child.cpuUs > a.child.cpuUs ? (b.child.cpuSystemUs - a.child.cpuSystemUs) / (b.child.cpuUs - a.child.cpuUs) : 0,
    botElu: active + idle > 0 ? active / (active + idle) : 0,
    simCpu: (b.parentCpuUs - a.parentCpuUs) / 1000 / wallMs,
  };
}

export interface BotProcess {
  readonly pid: number;
  stamp(): Promise<Stamp>;
  /** Starts a V8 CPU profile of the bot process's main thread. */
  profileStart(): Promise<void>;
  /** Stops it and writes it to `file` (.cpuprofile, readable by Chrome DevTools and profile.ts). */
  profileStop(file: string): Promise<void>;
  /** Stops the bot, waits for the child to exit; resolves with its last counters. */
  stop(): Promise<Stamp>;
}

/**
 * Forks bench/lib/bot-host.ts and starts a bot in it: TypeScript through tsx, or (`production`)
 * bundled to plain JavaScript on node with the flags of `npm start`, for figures about memory.
 */
export async function startBotProcess(spec: BotSpec, runtime: "tsx" | "production" = "tsx"): Promise<BotProcess> {
  const host = new URL("./bot-host.ts", import.meta.url);
  const run =
    runtime === "production"
      ? bundleForNode(host, [new URL("../../src/budget/realisasi-thread.ts", import.meta.url)], productionNodeFlags())
      : { entry: host, execArgv: ["--import", "tsx"] };
  const child: ChildProcess = fork(run.entry, [], {
    execArgv: run.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (s: ProcSnapshot) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = new Error(`bot process exited (${signal ?? `code ${code}`})`);
      for (const p of pending.values()) p.reject(exited);
      pending.clear();
      resolve();
    });
  });
  child.on("message", (raw) => {
    const reply = raw as HostReply;
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.snapshot);
    else p.reject(new Error(`bot process: ${reply.error}`));
  });
  const request = (msg: DistributiveOmit<HostRequest, "id">): Promise<ProcSnapshot> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(exited);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...msg, id });
    });
  const stamp = async (cmd: "snapshot" | "stop"): Promise<Stamp> => {
    const snap = await request({ cmd });
    const cpu = process.cpuUsage();
    return { at: performance.now(), child: snap, parentCpuUs: cpu.user + cpu.system };
  };
  try {
    await request({ cmd: "start", spec });
  } catch (e) {
    child.kill();
    await exit;
    throw e;
  }
  return {
    pid: child.pid ?? -1,
    stamp: () => stamp("snapshot"),
    async profileStart() {
      await request({ cmd: "profile-start" });
    },
    async profileStop(file) {
      await request({ cmd: "profile-stop", file });
    },
    async stop() {
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      try {
        const s = await stamp("stop");
        await exit;
        return s;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
