import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { Redis } from "ioredis";
import { Workbook } from "@cj-tech-master/excelts";
import { ADMIN, BACKENDS, GROUP, OFFICER, STRANGER, startHarness, type Backend, type Harness } from "../helpers/harness.js";
import { TEST_PG_URL, TEST_REDIS_URL } from "../helpers/backends.js";

/**
 * The privacy sweep (docs/privacy.md#checking-the-rules): run a session the way officers and
 * strangers would — lookups, an abandoned conversation with a NIK typed among other words,
 * NIKs typed where they do not belong (in a group, into /desa, /langganan, /anggaran), exports
 * — stop the bot gracefully, then read EVERYTHING that was written: every row of every table,
 * the SQLite files byte for byte, every Redis key and value, the log, the bot's messages and
 * documents. No full NIK of the simulator data may appear anywhere.
 */
const OMSPAN = { realisasiRows: 3_000, satkerCount: 8, seed: 21, asOf: { month: 11, day: 20 } };

function sweepSuite(backend: Backend) {
  let h: Harness;
  let niks: string[];
  let schema: string | undefined;

  /** Every full NIK of the simulator data found in `text`. */
  const found = (text: string) => niks.filter((n) => text.includes(n));

  beforeAll(async () => {
    h = await startHarness({ backend, omspan: OMSPAN, env: { OMSPAN_PAGE_SIZE: "3000", RATE_LIMIT_PER_MIN: "1000" } });
    await h.app.budget.sync.inProgress?.catch(() => undefined);
    niks = [...new Set([...h.data.p3ke.map((r) => r.nik), ...h.data.bantuan.map((b) => b.nik)])];
    schema = backend === "pg+redis" ? new URL(h.env.DATABASE_URL!).searchParams.get("options")!.replace("-c search_path=", "") : undefined;

    const s = h.sample;
    await h.say(ADMIN, `/petugas tambah ${OFFICER} Petugas ${s.female}`, { match: /ditambahkan/ }); // a NIK typed into a name
    await h.say(OFFICER, `/cek ${s.withBantuan}`, { match: /Hasil cek NIK/ });
    await h.say(OFFICER, `/cek ${s.bantuanOnly.replace(/(\d{4})(?=\d)/g, "$1 ")}`, { match: /Hasil cek NIK/ }); // with spaces
    await h.say(OFFICER, s.noBantuan, { match: /Hasil cek NIK/ }); // a bare NIK
    // NIKs where they do not belong, in a group.
    const g0 = h.tg.mark();
    h.tg.addBotToGroup(GROUP, OFFICER);
    await h.tg.waitFor({ chatId: GROUP, since: g0, match: /Halo/ });
    await h.say(OFFICER, `/desa ${s.withBantuan} budi`, { chatId: GROUP });
    await h.say(OFFICER, `/langganan ${s.withBantuan}`, { chatId: GROUP });
    await h.say(OFFICER, `/anggaran ${s.withBantuan}`, { chatId: GROUP });
    await h.say(OFFICER, `/cek ${s.withBantuan}`, { chatId: GROUP });
    // A desa summary and both exports.
    const kode = h.data.desa[0]!.kode_kemdagri;
    const summary = await h.say(OFFICER, `/desa ${kode}`, { match: /keluarga ·/ });
    for (const format of ["csv", "xlsx"]) {
      await h.press(OFFICER, summary, `ds1:x:${kode}:${format}`, (m) => m.document?.filename.endsWith(`.${format}`) === true);
    }
    // A stranger.
    await h.say(STRANGER, `/cek ${s.withBantuan}`);
    await h.say(STRANGER + 1, "/start");
    // A conversation left open (nothing ends it before the stop) after a NIK typed among other words.
    await h.say(ADMIN, `/petugas tambah ${OFFICER + 1}`, { match: /ditambahkan/ });
    await h.say(OFFICER + 1, "/cek", { match: /Kirim NIK/ });
    await h.say(OFFICER + 1, `NIK ${s.female} tolong dicek`, { match: /hanya boleh berisi angka/ });
    // /cekmassal: a CSV list (its name holding a NIK) checked to the end, a bad file, and a pasted list still running at the stop.
    await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
    const c0 = h.tg.mark();
    h.tg.sendDocument(OFFICER, Buffer.from("%PDF-1.4"), `ktp ${s.female}.pdf`);
    await h.tg.waitFor({ chatId: OFFICER, since: c0, match: /bukan CSV atau XLSX/ });
    h.tg.sendDocument(OFFICER, Buffer.from(["Nama;NIK;Catatan", `Budi;${s.withBantuan};KK ${s.female}`, `Siti;${s.unknown};`, `Ani;${s.withBantuan};`].join("\n")), `daftar ${s.female}.csv`);
    await h.tg.waitFor({ chatId: OFFICER, since: c0, match: /Hasil \/cekmassal/, timeoutMs: 15_000 });
    h.sipp.setLatency(200);
    await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
    await h.say(OFFICER, h.data.p3ke.slice(0, 40).map((p) => p.nik).join("\n"), { match: /Daftar diterima/ });
    await h.app.stop(); // graceful: everything is flushed before the scan (the running job's rows too)
  }, 90_000);

  afterAll(async () => {
    await h?.stop().catch(() => undefined);
  });

  it("the session used the simulator's NIKs (the sweep has something to find)", () => {
    expect(niks.length).toBeGreaterThan(50);
    expect(h.sipp.requests.some((r) => niks.includes(String(r.query.nik)))).toBe(true);
  });

  it("no message or document the bot sent holds a full NIK", async () => {
    const leaks: string[] = [];
    for (const m of h.tg.messages) {
      leaks.push(...found(`${m.text}\n${m.html ?? ""}`));
      const doc = m.document;
      if (!doc) continue;
      if (doc.filename.endsWith(".xlsx")) {
        const wb = new Workbook();
        await wb.xlsx.load(doc.data);
        wb.eachSheet((ws) => ws.eachRow((row) => leaks.push(...found(JSON.stringify(row.values)))));
      } else leaks.push(...found(doc.data.toString("utf8")));
    }
    expect(leaks).toEqual([]);
  });

  it("no log line holds a full NIK", () => {
    expect(found(h.logs.join(""))).toEqual([]);
  });

  if (backend === "sqlite") {
    it("the SQLite files hold no full NIK (every byte, free pages and WAL included)", () => {
      const db = join(h.dir, "db", "pantau.db");
      const files = [db, `${db}-wal`, `${db}-shm`].filter(existsSync);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect({ file: f, leaks: found(readFileSync(f).toString("latin1")) }).toEqual({ file: f, leaks: [] });
    });
  } else {
    it("no row of any PostgreSQL table holds a full NIK", async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        const tables = await c.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = $1", [schema]);
        expect(tables.rows.length).toBeGreaterThan(5);
        for (const { table_name } of tables.rows) {
          const rows = await c.query(`select row_to_json(t)::text as j from "${schema}"."${table_name}" t`);
          const text = rows.rows.map((r: { j: string }) => r.j).join("\n");
          expect({ table: table_name, leaks: found(text) }).toEqual({ table: table_name, leaks: [] });
        }
      } finally {
        await c.end();
      }
    });

    it("no Redis key or value holds a full NIK (values are sealed)", async () => {
      const keys = await h.redisKeys();
      expect(keys.length).toBeGreaterThan(0);
      const r = new Redis(TEST_REDIS_URL!);
      try {
        for (const k of keys) {
          const type = await r.type(k);
          const value = type === "string" ? ((await r.get(k)) ?? "") : JSON.stringify(type === "hash" ? await r.hgetall(k) : "");
          expect({ key: k, leaks: found(`${k}\n${value}`) }).toEqual({ key: k, leaks: [] });
          if (k.includes(":cache:sipp:")) expect(value).toMatch(/^s1\./); // sealed, not JSON
        }
      } finally {
        r.disconnect();
      }
    });
  }
}

for (const b of BACKENDS) describe.skipIf(b.skip)(`privacy sweep on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => sweepSuite(b.backend));
