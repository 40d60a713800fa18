import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PantauProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the log says "pantau started"; rejects with the output if it exits or times out. */
  started(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** The real entry point (src/main.ts) as a child process, with its own SQLite file. */
export function spawnPantau(env: Record<string, string>): PantauProcess {
  const dir = mkdtempSync(join(tmpdir(), "pantau-proc-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, "p.db")}`, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const exited = new Promise<number | null>((res) => child.once("exit", (c) => res(c)));
  return {
    child,
    output: () => out,
    async started(timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!out.includes("pantau started")) {
        if (child.exitCode !== null || Date.now() > end) throw new Error(`pantau did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
