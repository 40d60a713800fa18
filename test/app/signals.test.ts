import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * A stop requested while the real entry point is still starting: the database or Redis accepts
 * the connection and never answers (a server that is starting, a network that drops packets).
 * The process must stop cleanly and promptly instead of waiting for a kill.
 */

/** Accepts TCP connections and never writes a byte. */
async function blackhole(): Promise<{ server: Server; port: number; connected: () => boolean }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const close = server.close.bind(server);
  server.close = (cb) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  return { server, port: (server.address() as { port: number }).port, connected: () => sockets.length > 0 };
}

/** Node as PID 1 of a new PID namespace, as in a container without an init (needs `unshare`). */
const PID1 = ["unshare", "--pid", "--fork", "--kill-child", "--map-root-user"];
const pid1Possible = spawnSync(PID1[0]!, [...PID1.slice(1), "true"], { stdio: "ignore" }).status === 0;

let child: ChildProcess | undefined;
let hole: Awaited<ReturnType<typeof blackhole>> | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await new Promise((r) => hole?.server.close(r) ?? r(undefined));
  child = hole = undefined;
});

function startEntry(env: Record<string, string>, asPid1 = false): { out: () => string; exited: Promise<{ code: number | null; signal: string | null }>; target: () => number } {
  const cmd = [...(asPid1 ? PID1 : []), process.execPath, "--import", "tsx", "src/main.ts"];
  const proc = spawn(cmd[0]!, cmd.slice(1), {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: "123456:TEST-token",
      ADMIN_IDS: "1",
      AUDIT_HMAC_KEY: "k".repeat(32),
      LOG_LEVEL: "info",
      HEALTH_PORT: "0",
      BOT_MODE: "polling",
      REDIS_URL: "",
      DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), "pantau-sig-")), "p.db")}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let out = "";
  proc.stdout!.on("data", (d) => (out += String(d)));
  proc.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) => proc.on("exit", (code, signal) => res({ code, signal })));
  // In a PID namespace, signal node itself (the child of unshare), not unshare.
  const target = () => (asPid1 ? Number(readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, "utf8").trim().split(/\s+/)[0]) : proc.pid!);
  return { out: () => out, exited, target };
}

async function stopDuringStart(env: (port: number) => Record<string, string>, asPid1 = false) {
  hole = await blackhole();
  const run = startEntry(env(hole.port), asPid1);
  await expect.poll(() => hole!.connected(), { timeout: 15_000 }).toBe(true);
  process.kill(run.target(), "SIGTERM");
  // The blackhole never answers: a process that ignored the signal would wait here for ever.
  const result = await Promise.race([run.exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 12_000))]);
  return { result, out: run.out() };
}

describe("SIGTERM during start-up", () => {
  const upstreams = (port: number) => ({
    TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    SIPP_BASE_URL: `http://127.0.0.1:${port}`,
    OMSPAN_BASE_URL: `http://127.0.0.1:${port}`,
  });

  it("while connecting to PostgreSQL for the migrations: exits 0 without waiting for the connection", async () => {
    const r = await stopDuringStart((port) => ({ ...upstreams(port), DATABASE_URL: `postgres://pantau@127.0.0.1:${port}/pantau` }));
    expect(r.result).toEqual({ code: 0, signal: null });
    expect(r.out).toContain("SIGTERM saat start");
  }, 30_000);

  it("while connecting to Redis: stops cleanly (exit 0) without waiting for the connection", async () => {
    const r = await stopDuringStart((port) => ({ ...upstreams(port), REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(r.result).toEqual({ code: 0, signal: null });
    expect(r.out).toMatch(/"msg":"stopping"/);
    expect(r.out).not.toContain("gagal start");
  }, 30_000);

  it.skipIf(!pid1Possible)("as PID 1 (a container without an init), a SIGTERM during start-up is not ignored", async () => {
    const r = await stopDuringStart((port) => ({ ...upstreams(port), DATABASE_URL: `postgres://pantau@127.0.0.1:${port}/pantau` }), true);
    expect(r.result).toEqual({ code: 0, signal: null });
  }, 30_000);
});
