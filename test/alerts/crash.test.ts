import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramSim } from "../../sim/telegram.js";
import { openStore } from "../../src/store/db.js";
import { OutboxRepo } from "../../src/alerts/outbox.js";

/**
 * The real bot process (src/main.ts) killed with SIGKILL in the middle of an alert fan-out,
 * then started again on the same database (docs/architecture.md#the-path-of-an-alert: never lost across a restart).
 *
 * A proxy between the process and the Telegram simulator decides what the crash catches in
 * flight: at the moment of the crash, every sendMessage the process has started is either
 * - held by the proxy and never delivered (the request died with the process), or — for one
 *   of them —
 * - delivered to Telegram with its answer lost (the process died before recording "sent").
 * The first kind must arrive exactly once after the restart; the second is the window no
 * Telegram client can close (no idempotency key): with at-least-once delivery it arrives twice,
 * and it is the only duplicate. Every message that was answered before the crash was recorded
 * and is not sent again.
 */
const GROUPS = Array.from({ length: 40 }, (_, i) => -700_000 - i);
const ADMIN = 1001;
const TEST_AUDIT_KEY = "pantau-test-audit-key-0123456789abcdef";

let tg: TelegramSim;
let dir: string;
let proxy: Server;
let proxyRoot: string;
let mode: "pass" | "crash" = "pass";
let outstanding = 0;
const held: ServerResponse[] = [];
let lostAnswerChat: number | undefined;
const children: ChildProcess[] = [];

function forward(req: IncomingMessage, body: Buffer, done: (status: number, headers: Record<string, string>, data: Buffer) => void): void {
  const target = new URL(tg.apiRoot);
  const fwd = request(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
    (r) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => done(r.statusCode ?? 502, { "content-type": String(r.headers["content-type"] ?? "application/json") }, Buffer.concat(chunks)));
    },
  );
  fwd.on("error", () => done(502, {}, Buffer.from("")));
  fwd.end(body);
}

function chatOf(body: Buffer): number | undefined {
  try {
    return Number((JSON.parse(body.toString()) as { chat_id?: unknown }).chat_id);
  } catch {
    return undefined;
  }
}

function start(apiRoot: string, dbUrl: string): { child: ChildProcess; out: () => string } {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_IDS: String(ADMIN),
      AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
      DATABASE_URL: dbUrl,
      LOG_LEVEL: "info",
      HEALTH_PORT: "0",
      OMSPAN_API_TOKEN: "",
      OUTBOX_GLOBAL_PER_SEC: "10",
      OUTBOX_LEASE_MS: "4000", // a send times out after half of it (2 s)
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  children.push(child);
  return { child, out: () => out };
}

beforeAll(async () => {
  tg = await TelegramSim.start({ limits: { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 } });
  for (const g of GROUPS) tg.group(g, `Grup ${-g}`);
  dir = mkdtempSync(join(tmpdir(), "pantau-crash-"));
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const isSend = /\/sendMessage$/i.test(req.url ?? "");
      if (isSend && mode === "crash") {
        held.push(res); // never answered: the process dies waiting
        if (lostAnswerChat === undefined) {
          lostAnswerChat = chatOf(body);
          forward(req, body, () => undefined); // Telegram gets it; the answer is lost
        }
        return;
      }
      if (isSend) outstanding++;
      forward(req, body, (status, headers, data) => {
        if (isSend) outstanding--;
        if (res.destroyed) return;
        res.writeHead(status, headers);
        res.end(data);
      });
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
  proxyRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const r of held) r.destroy();
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SIGKILL in the middle of a fan-out, then a restart", () => {
  it("every group gets its message; only the one whose answer was lost in the crash arrives twice", async () => {
    const dbUrl = `sqlite:${join(dir, "p.db")}`;
    // The fan-out: one alert per group, already in the outbox (as the evaluator leaves it).
    const store = await openStore(dbUrl);
    await new OutboxRepo(store.db).enqueue(GROUPS.map((g) => ({ chatId: g, text: `🔔 Peringatan untuk grup ${-g}`, kind: "alert" as const, dedupeKey: `crash:${g}` })));
    await store.close();

    const first = start(proxyRoot, dbUrl);
    await expect.poll(() => tg.messages.length, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(12);
    // Crash while sends are in flight: from now on the proxy holds them; wait until what
    // was answered before has been recorded, and until some are held.
    mode = "crash";
    await expect.poll(() => outstanding === 0 && held.length >= 2, { timeout: 10_000, interval: 5 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    for (const r of held) r.destroy();
    const heldCount = held.length;
    expect(first.out()).toContain("pantau started");

    const check = await openStore(dbUrl);
    const status = await new OutboxRepo(check.db).byStatus();
    await check.close();
    const before = tg.messages.length;
    // Everything Telegram answered was recorded; the rows on the wire are "sending" (in doubt).
    expect(status.sending).toBeGreaterThanOrEqual(1);
    expect(status.sending).toBeLessThanOrEqual(heldCount);
    expect(status.sent).toBe(before - 1); // minus the delivered one whose answer was lost
    expect(lostAnswerChat).toBeDefined();

    mode = "pass";
    const second = start(tg.apiRoot, dbUrl);
    await expect.poll(() => GROUPS.every((g) => tg.messagesIn(g).length >= 1), { timeout: 30_000, interval: 50 }).toBe(true);
    await tg.waitForIdle(undefined, 500, 15_000);
    for (const g of GROUPS) expect(tg.messagesIn(g), `group ${g}`).toHaveLength(g === lostAnswerChat ? 2 : 1);
    expect(second.out()).toContain("in doubt");
    second.child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => second.child.once("exit", (c) => r(c)));
    expect(code).toBe(0);

    const after = await openStore(dbUrl);
    expect(await new OutboxRepo(after.db).byStatus()).toEqual({ sent: GROUPS.length });
    await after.close();
  }, 90_000);
});
