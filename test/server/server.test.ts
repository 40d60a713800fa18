import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN, OFFICER, freePort, startHarness, type Harness } from "../helpers/harness.js";
import { masked } from "../helpers/expected.js";

describe("webhook mode", () => {
  let h: Harness;
  let port: number;
  const secret = "rahasia_webhook-123";
  beforeAll(async () => {
    port = await freePort();
    h = await startHarness({
      healthPort: 0,
      env: { BOT_MODE: "webhook", WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, WEBHOOK_SECRET: secret, PORT: String(port) },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("registers the webhook with the secret and handles updates through it", async () => {
    const set = h.tg.calls.find((c) => c.method === "setWebhook");
    expect(set?.params.secret_token).toBe(secret);
    expect(set?.params.url).toBe(`http://127.0.0.1:${port}/telegram/hook`);
    await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
    const r = await h.say(OFFICER, `/cek ${h.sample.withBantuan}`, { match: /Hasil cek NIK/ });
    expect(r.text).toContain(masked(h.sample.withBantuan));
    expect(h.tg.stats().webhookDeliveries).toBeGreaterThan(0);
  });

  it("refuses a call without the right secret and handles nothing", async () => {
    const before = h.tg.messagesIn(ADMIN).length;
    const update = { update_id: 999_999, message: { message_id: 1, date: 0, chat: { id: ADMIN, type: "private" }, from: { id: ADMIN, is_bot: false, first_name: "X" }, text: "/id" } };
    const wrong = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "salah" },
      body: JSON.stringify(update),
    });
    expect(wrong.status).toBe(401);
    const none = await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST", body: JSON.stringify(update) });
    expect(none.status).toBe(401);
    const garbage = await fetch(`http://127.0.0.1:${port}/telegram/hook`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": secret },
      body: "{not json",
    });
    // Rejected before the bot: the 400 is the acknowledgement that nothing was handed on.
    expect(garbage.status).toBe(400);
    expect(h.tg.messagesIn(ADMIN).length).toBe(before);
  });

  it("serves /healthz, /readyz and /metrics on the internal port only, not on the webhook's", async () => {
    for (const path of ["/healthz", "/readyz", "/metrics"]) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
    const ops = h.app.healthPort()!;
    expect(ops).not.toBe(port);
    expect((await fetch(`http://127.0.0.1:${ops}/healthz`)).status).toBe(200);
    await h.app.ready(); // the checks run in the background; this waits for a fresh result
    const ready = await fetch(`http://127.0.0.1:${ops}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as Record<string, unknown>;
    expect(body.database).toBe("ok");
    expect(body.sipp).toMatchObject({ reachable: true });
    const metrics = await (await fetch(`http://127.0.0.1:${ops}/metrics`)).text();
    expect(metrics).toMatch(/pantau_updates_total\{command="cek"\} [1-9]/);
    expect(metrics).toMatch(/pantau_upstream_request_duration_seconds_count\{upstream="sipp",outcome="ok"\} [1-9]/);
    expect(metrics).toContain("pantau_cache_hit_ratio");
    expect(metrics).toContain("pantau_telegram_429_total");
    expect(metrics).not.toContain(h.sample.withBantuan);
  });

  it("a handler that fails in webhook mode still answers the officer with the generic error", async () => {
    // The first answer is refused by the Bot API (400): the handler throws. The error boundary
    // (the same path as in polling mode) tells the officer; before, webhook mode said nothing.
    h.tg.failNext("sendMessage", { error_code: 400, description: "Bad Request: message is too long", chatId: OFFICER });
    const r = await h.say(OFFICER, "/id", { timeoutMs: 8000 });
    expect(r.text).toMatch(/Terjadi kesalahan/);
    expect(h.logs.join("")).toContain("bot api error");
  });

  it("counts Bot API 429s and still delivers the answer (auto-retry)", async () => {
    h.tg.failNext("sendMessage", { error_code: 429, retry_after: 1, chatId: OFFICER });
    const r = await h.say(OFFICER, "/id", { timeoutMs: 8000 });
    expect(r.text).toContain(String(OFFICER));
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.healthPort()}/metrics`)).text();
    expect(metrics).toMatch(/pantau_telegram_429_total [1-9]/);
  });
});

describe("polling mode lifecycle", () => {
  it("stop() finishes an update in flight before closing", async () => {
    const h = await startHarness({ healthPort: 0 });
    try {
      await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
      h.sipp.setLatency(800);
      const since = h.tg.mark();
      h.tg.sendText(OFFICER, `/cek ${h.sample.noBantuan}`);
      // Wait until the bot is inside the handler (it has sent "typing"), then stop.
      await expect.poll(() => h.tg.chatActions.some((a) => a.chatId === OFFICER), { timeout: 5000 }).toBe(true);
      await h.app.stop();
      const answered = h.tg.messagesIn(OFFICER).filter((m) => m.seq > since);
      expect(answered.some((m) => /Hasil cek NIK/.test(m.text))).toBe(true);
    } finally {
      await h.tg.close();
      await h.sipp.close();
    }
  });

  it("SIGTERM: the real process exits 0, the token nowhere in its output", async () => {
    const h = await startHarness();
    await h.app.stop(); // keep the simulators, run the real entry point against them instead
    const dir = mkdtempSync(join(tmpdir(), "pantau-sig-"));
    const healthPort = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, ...h.env, DATABASE_URL: `sqlite:${join(dir, "p.db")}`, LOG_LEVEL: "info", HEALTH_PORT: String(healthPort) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (out += String(d)));
    try {
      await expect.poll(() => out.includes("pantau started"), { timeout: 15_000 }).toBe(true);
      const r = await h.say(ADMIN, "/id");
      expect(r.text).toContain(String(ADMIN));
      // Polling mode: /healthz, /readyz and /metrics on HEALTH_PORT.
      expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text()).toMatch(/^pantau_updates_total\{command="id"\} 1$/m);
      child.kill("SIGTERM");
      const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
      expect(code).toBe(0);
      expect(out).not.toContain(h.tg.token);
    } finally {
      child.kill("SIGKILL");
      await h.tg.close();
      await h.sipp.close();
    }
  }, 40_000);

  // No clock here: a process that waited out the 429 (60 s) would not exit before the test's timeout (30 s).
  it("SIGTERM in webhook mode with an acknowledged update still waiting out a 429: exits 0 without waiting it out", async () => {
    const h = await startHarness();
    await h.app.stop();
    const dir = mkdtempSync(join(tmpdir(), "pantau-sig-"));
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        ...h.env,
        DATABASE_URL: `sqlite:${join(dir, "p.db")}`,
        LOG_LEVEL: "info",
        BOT_MODE: "webhook",
        WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        WEBHOOK_SECRET: "rahasia",
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (out += String(d)));
    try {
      await expect.poll(() => out.includes("pantau started"), { timeout: 15_000 }).toBe(true);
      // The answer to /id is refused with a long retry_after: the handler waits in it.
      h.tg.failNext("sendMessage", { error_code: 429, retry_after: 60, chatId: ADMIN, times: 5 });
      h.tg.sendText(ADMIN, "/id");
      await expect.poll(() => h.tg.stats().rateLimited, { timeout: 5000 }).toBeGreaterThan(0);
      child.kill("SIGTERM");
      const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
      expect(code).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await h.tg.close();
      await h.sipp.close();
    }
  }, 40_000);
});
