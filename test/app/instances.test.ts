import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/db.js";
import { OutboxRepo } from "../../src/alerts/outbox.js";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import { TelegramSim } from "../../sim/telegram.js";
import { SippSim } from "../../sim/sipp.js";
import { OmspanSim } from "../../sim/omspan.js";
import { samples } from "../../sim/sipp-data.js";
import { masked } from "../helpers/expected.js";
import { ADMIN, GROUP, OFFICER, TEST_AUDIT_KEY, freePort, testData } from "../helpers/harness.js";
import { TEST_PG_URL, TEST_REDIS_URL, freshPgSchema, redisNamespace } from "../helpers/backends.js";

/**
 * Two real bot processes in webhook mode behind a round-robin "load balancer", sharing
 * PostgreSQL and Redis (docs/architecture.md#storage-and-instances): the steps of one conversation land on different instances.
 */
const enabled = Boolean(TEST_PG_URL && TEST_REDIS_URL);

describe.skipIf(!enabled)(`two instances on PostgreSQL + Redis${enabled ? "" : " (skipped: PANTAU_TEST_PG_URL / PANTAU_TEST_REDIS_URL not set)"}`, () => {
  let tg: TelegramSim;
  let sipp: SippSim;
  let omspan: OmspanSim;
  let lb: Server;
  const children: ChildProcess[] = [];
  const output: string[] = ["", ""];
  const hits = [0, 0];
  let dropSchema: (() => Promise<void>) | undefined;
  let dbUrl = "";
  let cleanRedis: (() => Promise<void>) | undefined;
  let redisKeys: () => Promise<string[]>;
  let ports: number[] = [];
  let healthPorts: number[] = [];

  beforeAll(async () => {
    const data = testData();
    tg = await TelegramSim.start();
    sipp = await SippSim.start({ data });
    omspan = await OmspanSim.start({ realisasiRows: 3_000, satkerCount: 10, seed: 11, asOf: { month: 11, day: 20 } });
    const pgSchema = await freshPgSchema(TEST_PG_URL!);
    dbUrl = pgSchema.url;
    dropSchema = pgSchema.drop;
    const ns = redisNamespace(TEST_REDIS_URL!);
    cleanRedis = ns.cleanup;
    redisKeys = ns.keys;
    ports = [await freePort(), await freePort()];
    healthPorts = [await freePort(), await freePort()];
    const lbPort = await freePort();
    // Round-robin proxy: every webhook call goes to the other instance than the last one.
    let next = 0;
    lb = createServer((req, res) => {
      const i = next;
      next = 1 - next;
      hits[i]!++;
      const fwd = request({ host: "127.0.0.1", port: ports[i], path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      fwd.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(fwd);
    });
    await new Promise<void>((r) => lb.listen(lbPort, "127.0.0.1", () => r()));
    for (const [i, port] of ports.entries()) {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: {
          ...process.env,
          TELEGRAM_BOT_TOKEN: tg.token,
          TELEGRAM_API_ROOT: tg.apiRoot,
          SIPP_BASE_URL: sipp.baseUrl,
          SIPP_API_TOKEN: "sipp-test-token",
          ADMIN_IDS: String(ADMIN),
          DATABASE_URL: pgSchema.url,
          REDIS_URL: TEST_REDIS_URL!,
          REDIS_KEY_PREFIX: ns.prefix,
          BOT_MODE: "webhook",
          WEBHOOK_URL: `http://127.0.0.1:${lbPort}/hook`,
          WEBHOOK_SECRET: "dua_instance",
          PORT: String(port),
          HEALTH_PORT: String(healthPorts[i]),
          LOG_LEVEL: "info",
          AUDIT_HMAC_KEY: TEST_AUDIT_KEY, // one key for both instances: shared cache keys
          OMSPAN_BASE_URL: omspan.baseUrl,
          OMSPAN_API_TOKEN: omspan.token,
          OMSPAN_PAGE_PAUSE_MS: "0",
          RATE_LIMIT_PER_MIN: "1000",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d) => (output[i] += String(d)));
      child.stderr!.on("data", (d) => (output[i] += String(d)));
      children.push(child);
      // Start one after the other: the first migrates the schema.
      await until(() => output[i]!.includes("pantau started"), 30_000, () => `instance ${i} did not start:\n${output[i]}`);
    }
  }, 60_000);

  afterAll(async () => {
    for (const c of children) {
      c.kill("SIGTERM");
      await new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)));
    }
    await new Promise<void>((r) => lb?.close(() => r()));
    await tg?.close();
    await sipp?.close();
    await omspan?.close();
    await dropSchema?.();
    await cleanRedis?.();
  }, 30_000);

  async function until(cond: () => boolean, timeoutMs: number, why: () => string) {
    const end = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > end) throw new Error(why());
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function say(from: number, text: string, match?: RegExp) {
    const since = tg.mark();
    tg.sendText(from, text);
    return tg.waitFor({ chatId: from, since, match, timeoutMs: 10_000 });
  }

  it("a /cek conversation started on one instance completes on the other", async () => {
    const s = samples(testData());
    await say(ADMIN, `/petugas tambah ${OFFICER}`, /ditambahkan/);
    const before = [...hits];
    const ask = await say(OFFICER, "/cek", /Kirim NIK/);
    expect(ask.text).toMatch(/Kirim NIK/);
    const answer = await say(OFFICER, s.withBantuan, /Hasil cek NIK/);
    expect(answer.text).toContain(masked(s.withBantuan));
    // Both instances took part in this exchange.
    expect(hits[0]! - before[0]!).toBeGreaterThan(0);
    expect(hits[1]! - before[1]!).toBeGreaterThan(0);
    // The officer added through one instance is known to the other (same database).
    const id = await say(OFFICER, "/id");
    expect(id.text).toContain(String(OFFICER));
    // The answer is in the shared cache, under a key that does not reveal the NIK.
    const keys = await redisKeys();
    expect(keys.some((k) => k.includes("cache:sipp:tracking:"))).toBe(true);
    expect(keys.filter((k) => k.includes(s.withBantuan))).toEqual([]);
  });

  it("a scope change made through one instance holds at the next update on the other", async () => {
    const data = testData();
    const [mine, other] = data.desa.filter((d) => d.kecamatanKode === "14").map((d) => d.kode_kemdagri);
    await say(ADMIN, `/petugas ubah ${OFFICER} desa:${mine}`, /diubah/);
    try {
      // Two updates in a row alternate between the instances: whichever did not take the
      // change refuses the other desa at once (no per-process cache).
      for (let i = 0; i < 2; i++) {
        const before = [...hits];
        const r = await say(OFFICER, `/desa ${other}`, /di luar wilayah|keluarga/);
        expect(r.text).toMatch(/di luar wilayah Anda/);
        expect(hits.some((n, k) => n > before[k]!)).toBe(true);
      }
    } finally {
      await say(ADMIN, `/petugas ubah ${OFFICER} wilayah:semua`, /diubah/);
    }
    const back = await say(OFFICER, `/desa ${other}`, /di luar wilayah|keluarga ·/);
    expect(back.text).not.toMatch(/di luar wilayah/);
  });

  it("exactly one instance leads (runs the jobs), the other does not", () => {
    // The log line of LeaderLock (src/store/redis.ts) when an instance gains the lock.
    const leaders = output.filter((o) => o.includes("leader: instance ini menjadi leader"));
    expect(leaders).toHaveLength(1);
  });

  it("a sync with a new pagu minus: the subscribed group gets the alert exactly once", async () => {
    // The group, subscribed by an officer through whichever instance takes the call.
    const s0 = tg.mark();
    tg.addBotToGroup(GROUP, OFFICER);
    await tg.waitFor({ chatId: GROUP, since: s0, match: /Halo/, timeoutMs: 10_000 });
    const kd = omspan.data.lines[0]!.kdsatker;
    const exp = omspan.expectedSatker(kd)!;
    const sub = tg.mark();
    tg.sendText(OFFICER, `/langganan ${kd}`, { chatId: GROUP });
    await tg.waitFor({ chatId: GROUP, since: sub, match: /sekarang berlangganan/, timeoutMs: 10_000 });

    const akun = omspan.data.lines.find((l) => l.kdsatker === kd && l.akun.startsWith("52") && exp.paguMinusPerAkun[l.akun] === undefined)!.akun;
    omspan.setPaguMinus(kd, akun, 3_300_000);
    const before = tg.mark();
    // Two admins' /sinkron land on the two instances (round robin): both sync and evaluate.
    const first = await say(ADMIN, "/sinkron", /Sinkronisasi OMSPAN selesai/);
    const second = await say(ADMIN, "/sinkron", /Sinkronisasi OMSPAN selesai/);
    // The first evaluation queued the alert; the second found the group already told.
    expect(first.text).toContain("Peringatan baru dikirim ke 1 dari 1 grup yang berlangganan");
    expect(second.text).toContain("Tidak ada peringatan baru untuk 1 grup yang berlangganan");
    const alert = await tg.waitFor({ chatId: GROUP, since: before, match: /Peringatan anggaran/, timeoutMs: 15_000 });
    expect(alert.text).toContain(`akun ${akun}`);
    expect(alert.text).toContain("-Rp 3.300.000");
    // A second sender could only repeat what the shared outbox holds: one alert row, sent.
    const db = await openStore(dbUrl);
    try {
      const outbox = new OutboxRepo(db.db);
      await expect.poll(() => outbox.depth(), { timeout: 15_000, interval: 50 }).toBe(0);
      const rows = (await outbox.list({ chatId: GROUP })).filter((r) => r.kind === "alert");
      expect(rows.map((r) => r.status)).toEqual(["sent"]);
    } finally {
      await db.close();
    }
    const alerts = tg.messagesIn(GROUP).filter((m) => m.seq > before && /Peringatan anggaran/.test(m.text));
    expect(alerts).toHaveLength(1);
  }, 60_000);

  it("each instance serves /readyz (database, Redis, one leader) and /metrics with what it did", async () => {
    // /readyz answers from checks run in the background (every 5 s): wait for a round that saw the leader.
    const readyz = () =>
      Promise.all(
        healthPorts.map(async (p) => {
          const r = await fetch(`http://127.0.0.1:${p}/readyz`);
          return { status: r.status, body: (await r.json()) as Record<string, unknown> };
        }),
      );
    await expect.poll(async () => (await readyz()).filter((r) => r.body.leader === true).length, { timeout: 15_000, interval: 500 }).toBe(1);
    const ready = await readyz();
    for (const r of ready) expect(r.status).toBe(200);
    for (const r of ready) expect(r.body).toMatchObject({ status: "ready", database: "ok", redis: "ok", sipp: { reachable: true }, omspan: { reachable: true } });
    for (const p of ports) expect((await fetch(`http://127.0.0.1:${p}/metrics`)).status).toBe(404); // not on the public port
    const metrics = await Promise.all(healthPorts.map(async (p) => (await fetch(`http://127.0.0.1:${p}/metrics`)).text()));
    const value = (m: string, name: string) => Number(m.split("\n").find((l) => l.startsWith(`${name} `))?.slice(name.length + 1) ?? 0);
    const total = (name: string) => metrics.reduce((n, m) => n + value(m, name), 0);
    expect(total('pantau_updates_total{command="cek"}')).toBeGreaterThanOrEqual(1);
    expect(total('pantau_updates_total{command="sinkron"}')).toBe(2);
    expect(total('pantau_sync_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(2);
    expect(total('pantau_upstream_request_duration_seconds_count{upstream="sipp",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    for (const m of metrics) {
      expect(value(m, 'pantau_sync_rows{endpoint="RealisasiKL"}')).toBe(3_000);
      expect(m).toMatch(/^pantau_outbox_depth 0$/m); // both read the shared table
      expect(m).toMatch(/^pantau_telegram_429_total \d+$/m);
      expect(m).toMatch(/^pantau_cache_hit_ratio [\d.]+$/m);
    }
  });
});
