import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const PROBE = fileURLToPath(new URL("./chart-font-probe.ts", import.meta.url));
/** Run a command in a private mount namespace with an empty /usr/share/fonts (where Skia looks for its fallback fonts). */
const HIDE_FONTS = ["unshare", "--mount", "--map-root-user", "sh", "-c", 'mount -t tmpfs tmpfs /usr/share/fonts && exec "$@"', "sh"];

export interface ProbeResult {
  families: string[];
  fontFiles: string[];
  /** Ink of a line of text drawn before the chart module registered its font. */
  before: number;
  /** Ink in the title rows and the legend rows of a rendered chart. */
  title: number;
  legend: number;
}

/** Whether this machine lets us hide the system fonts from a child process (needs mount namespaces). */
export function canHideSystemFonts(): boolean {
  return spawnSync(HIDE_FONTS[0]!, [...HIDE_FONTS.slice(1), "true"], { stdio: "ignore" }).status === 0;
}

/** Render a chart through `<dir>/budget/chart.js` in a child process with no system font (and no ~/.fonts). */
export function probeChartFonts(dir: string, cwd: string): Promise<ProbeResult> {
  const cmd = [...HIDE_FONTS, process.execPath, "--import", "tsx", PROBE, dir];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd, env: { ...process.env, HOME: "/nonexistent" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`font probe exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as ProbeResult);
    });
  });
}
