import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { ADMIN, freePort, startHarness, type Harness } from "../helpers/harness.js";
import { spawnPantau, type PantauProcess } from "../helpers/process.js";

/** Send raw bytes, collect what comes back until the server closes or `waitMs` passes. */
function raw(port: number, bytes: string | Buffer, waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    let got = "";
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, waitMs);
    s.on("data", (d) => (got += d.toString("latin1")));
    s.on("error", done);
    s.on("close", done);
    s.on("connect", () => s.write(bytes));
  });
}

const SECRET = "fuzz_secret";
const HOOK = "/telegram/hook";

describe("HTTP ports under malformed input (the real process)", () => {
  let h: Harness;
  let p: PantauProcess;
  let publicPort: number;
  let opsPort: number;

  beforeAll(async () => {
    h = await startHarness();
    await h.app.stop(); // keep the simulators; the real entry point runs against them
    [publicPort, opsPort] = [await freePort(), await freePort()];
    p = spawnPantau({
      ...h.env,
      BOT_MODE: "webhook",
      WEBHOOK_URL: `http://127.0.0.1:${publicPort}${HOOK}`,
      WEBHOOK_SECRET: SECRET,
      PORT: String(publicPort),
      HEALTH_PORT: String(opsPort),
    });
    await p.started();
  }, 40_000);

  afterAll(async () => {
    await p?.stop();
    await h?.tg.close();
    await h?.sipp.close();
  });

  const hookHeaders = `Host: x\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Type: application/json\r\n`;
  const attacks: [string, string | Buffer][] = [
    ["an unparseable request target", "GET //[ HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["invalid percent-encoding", "GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a target that is not a path", "GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a 100 KB URL", `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ["invalid header bytes", Buffer.concat([Buffer.from("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: "), Buffer.from([0x00, 0x01, 0x7f, 0xff]), Buffer.from("\r\n\r\n")])],
    ["a garbage request line", Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])],
    ["a huge header", `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ${"b".repeat(64 * 1024)}\r\n\r\n`],
    ["a body over the limit", `POST ${HOOK} HTTP/1.1\r\n${hookHeaders}Content-Length: 3000000\r\n\r\n${"{".repeat(200_000)}`],
    ["a declared length never sent", `POST ${HOOK} HTTP/1.1\r\n${hookHeaders}Content-Length: 50\r\n\r\n{"update_id"`],
    ["invalid JSON", `POST ${HOOK} HTTP/1.1\r\n${hookHeaders}Content-Length: 9\r\n\r\n{not json`],
    ["JSON without an update", `POST ${HOOK} HTTP/1.1\r\n${hookHeaders}Content-Length: 4\r\n\r\nnull`],
    ["chunked garbage", `POST ${HOOK} HTTP/1.1\r\n${hookHeaders}Transfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n`],
    ["an unknown method", "BREW /metrics HTTP/1.1\r\nHost: x\r\n\r\n"],
  ];

  it.each(attacks)("%s leaves both ports serving", async (_name, bytes) => {
    for (const port of [publicPort, opsPort]) {
      const answer = await raw(port, bytes);
      // Whatever came back is an HTTP status line or nothing (connection closed), never a crash.
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
      expect(p.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${opsPort}/healthz`)).status).toBe(200);
    }
  });

  it("answers an oversized body with 413 and invalid JSON with 400, and handles nothing", async () => {
    const big = await fetch(`http://127.0.0.1:${publicPort}${HOOK}`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": SECRET, "content-type": "application/json" },
      body: "x".repeat(2 * 1024 * 1024),
    }).catch(() => undefined);
    if (big) expect(big.status).toBe(413);
    const bad = await fetch(`http://127.0.0.1:${publicPort}${HOOK}`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: "{" });
    expect(bad.status).toBe(400);
  });

  it("slow clients (headers that never finish) do not block others", async () => {
    const sockets = Array.from({ length: 20 }, () => connect(publicPort, "127.0.0.1", function (this: ReturnType<typeof connect>) {
      this.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"); // never finished
    }));
    try {
      expect((await fetch(`http://127.0.0.1:${opsPort}/healthz`)).status).toBe(200);
      // The webhook still takes a real update and the bot still answers.
      const r = await h.say(ADMIN, "/id");
      expect(r.text).toContain(String(ADMIN));
    } finally {
      for (const s of sockets) s.destroy();
    }
    expect(p.child.exitCode).toBeNull();
  });

  it("a percent-encoded webhook path or a wrong secret gets no update handled", async () => {
    const before = h.tg.messagesIn(ADMIN).length;
    const update = { update_id: 77_001, message: { message_id: 1, date: 0, chat: { id: ADMIN, type: "private" }, from: { id: ADMIN, is_bot: false, first_name: "X" }, text: "/id" } };
    const wrong = await fetch(`http://127.0.0.1:${publicPort}${HOOK}`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": "salah" }, body: JSON.stringify(update) });
    expect(wrong.status).toBe(401);
    // Then a real update: once it is answered, the forged one above would have been too.
    const r = await h.say(ADMIN, "/id");
    expect(r.text).toContain(String(ADMIN));
    expect(h.tg.messagesIn(ADMIN).length).toBe(before + 1);
  });
});
