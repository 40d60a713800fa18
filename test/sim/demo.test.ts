import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { generateSippData, samples } from "../../sim/sipp-data.js";
import { masked } from "../helpers/expected.js";

/**
 * `npm run demo` scripted from standard input (README): the whole bot against the
 * built-in simulators, the transcript on stdout, exit when the input ends.
 */
function runDemo(input: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "sim/demo.ts"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "silent" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 110_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(input);
  });
}

describe("npm run demo, scripted", () => {
  it("answers /cek, /desa buttons, /anggaran, /sinkron and /langganan in a group, then exits 0", async () => {
    const s = samples(generateSippData({ seed: 2026 })); // the demo's own data set
    const script = [`/cek ${s.withBantuan}`, "/desa", ":tekan 1", "/anggaran 527560", "/sinkron", ":grup", "/langganan 527560", ":keluar", ""].join("\n");
    const { code, out, err } = await runDemo(script);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain(`/cek ${s.withBantuan}`); // the banner's sample, typed back by the script
    expect(out).toContain("Hasil cek NIK");
    expect(out).toContain(masked(s.withBantuan));
    expect(out.split(s.withBantuan).length - 1).toBe(2); // banner + echo of the input only, never in an answer
    // `:tekan 1` pressed the first kecamatan (Purwodadi) of the /desa menu: its desa list (not in the banner).
    expect(out).toMatch(/Kec\. Purwodadi — \d+ desa\/kelurahan di data P3KE\. Pilih salah satu:/);
    expect(out).toContain("Pagu");
    expect(out).toContain("Sinkronisasi OMSPAN selesai");
    expect(out).toContain("berlangganan");
    expect(out).toMatch(/http:\/\/127\.0\.0\.1:\d+\/panel\/#tgWebAppData=auth_date/); // the Mini App, opened as the administrator
  }, 120_000);
});
