/**
 * A /cekmassal job left by a crashed instance runs once when several instances share the
 * database: two apps (production wiring, createApp) on one database race to resume it; the
 * lease lets one win, every NIK is looked up once and one result is delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { TelegramSim } from "../../sim/telegram.js";
import type { SippSim } from "../../sim/sipp.js";
import { ADMIN, OFFICER, testData } from "../helpers/harness.js";
import { TEST_PG_URL } from "../helpers/backends.js";
import { startSharedInstanceEnv, type SharedInstanceEnv } from "../helpers/instances.js";

const backends = [
  { name: "SQLite", pg: false, skip: false as const },
  { name: "PostgreSQL", pg: true, skip: TEST_PG_URL ? (false as const) : "PANTAU_TEST_PG_URL is not set" },
];

for (const b of backends) {
  describe.skipIf(b.skip)(`two instances on one ${b.name} database${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => {
    let shared: SharedInstanceEnv | undefined;
    let tg: TelegramSim;
    let sipp: SippSim;
    let apps: App[] = [];

    beforeAll(async () => {
      shared = await startSharedInstanceEnv({ pg: b.pg, sipp: { latencyMs: 20 }, env: { HEALTH_PORT: "0", BULK_LEASE_MS: "2000" } });
      ({ tg, sipp } = shared);
      const logger = createLogger({ level: "silent", secrets: [] });
      // One after the other: the first runs the migrations.
      for (let i = 0; i < 2; i++) apps.push(await createApp(loadConfig(shared.env), { logger, backoffMs: 5 }));
      await apps[0]!.officers.add(OFFICER, "Siti", ADMIN);
    }, 30_000);
    afterAll(async () => {
      for (const a of apps) await a.bulk.stop();
      for (const a of apps) await a.store.close();
      apps = [];
      await shared?.close();
    });

    it("resumes an abandoned job on exactly one instance, looks each NIK up once and delivers one result", async () => {
      const niks = testData().p3ke.slice(0, 30).map((p) => p.nik);
      // The list the officer uploaded (kept by Telegram under its file_id).
      const upd = tg.sendDocument(OFFICER, Buffer.from(["NIK", ...niks].join("\n")), "daftar.csv");
      const fileId = upd.message!.document!.file_id;
      const repo = apps[0]!.bulk.repo;
      const job = await repo.create({
        officerId: OFFICER,
        chatId: OFFICER,
        fileId,
        fileName: "daftar.csv",
        format: "csv",
        totalRows: 30,
        lookupsTotal: 30,
        leaseOwner: "instance-that-crashed",
        leaseUntil: Date.now() - 1,
      });
      expect(job).toBeDefined();
      const before = sipp.count("/api/tracking");
      const resumed = await Promise.all(apps.map((a) => a.bulk.resumeAbandoned()));
      expect(resumed.reduce((x, y) => x + y, 0)).toBe(1);
      const doc = await tg.waitFor({ chatId: OFFICER, match: (m) => m.kind === "document", timeoutMs: 20_000 });
      expect(doc.document!.filename).toMatch(/daftar.*\.csv$/);
      await tg.waitFor({ chatId: OFFICER, since: doc.seq, match: /Hasil \/cekmassal/ });
      // The losing instance tries again later: nothing is left to take.
      expect(await Promise.all(apps.map((a) => a.bulk.resumeAbandoned()))).toEqual([0, 0]);
      expect(tg.messagesIn(OFFICER).filter((m) => m.kind === "document")).toHaveLength(1);
      expect(sipp.count("/api/tracking") - before).toBe(30);
      expect((await repo.get(job!.id))?.status).toBe("done");
    });

    it("allows one running job per officer, whichever instance is asked", async () => {
      const table = { format: "text" as const, header: [], rows: [[testData().p3ke[40]!.nik]], rowNumbers: [1], nikColumn: 0 };
      sipp.setLatency(300);
      try {
        const who = { officerId: OFFICER, chatId: OFFICER, scope: undefined };
        const started = await Promise.all(apps.map((a) => a.bulk.start(who, table, { fileId: null, fileName: null })));
        expect(started.filter((s) => s.ok)).toHaveLength(1);
        expect(started.filter((s) => !s.ok)).toEqual([{ ok: false, reason: "sibuk" }]);
      } finally {
        sipp.setLatency(20);
      }
    });
  });
}
