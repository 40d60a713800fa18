/** /cekmassal jobs across a restart and through SIPP faults, on both storage backends. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BACKENDS, OFFICER, startHarness, type Backend, type Harness } from "../helpers/harness.js";
import { resultRows } from "../helpers/cekmassal.js";
import type { SimMessage } from "../../sim/telegram.js";

const isDoc = (m: SimMessage) => m.kind === "document";

function suite(backend: Backend) {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend, env: { BREAKER_COOLDOWN_MS: "300", SIPP_TIMEOUT_MS: "600", SIPP_DEADLINE_MS: "3000" } });
    await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** Distinct NIKs of the simulator not used by another test of this file. */
  let cursor = 0;
  const niks = (n: number) => {
    const out = h.data.p3ke.slice(cursor, cursor + n).map((p) => p.nik);
    cursor += n;
    return out;
  };
  const trackingCalls = (set: Set<string>) => h.sipp.requests.filter((r) => r.path === "/api/tracking" && set.has(r.query.nik ?? ""));
  const job = () => h.app.store.db.selectFrom("bulk_jobs").selectAll().where("officer_id", "=", OFFICER).orderBy("id", "desc").executeTakeFirstOrThrow();

  /** Waits until the running job has saved at least `n` lookups (polled; the job runs in the background). */
  async function savedAtLeast(n: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const j = await job();
      if (Number(j.lookups_done) >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`job did not reach ${n} lookups`);
  }

  it("resumes a document job after a restart without looking a row up twice, and delivers one result", async () => {
    const list = niks(40);
    const set = new Set(list);
    h.sipp.setLatency(80);
    try {
      await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
      const since = h.tg.mark();
      h.tg.sendDocument(OFFICER, Buffer.from(["NIK", ...list].join("\n")), "posyandu.csv");
      await h.tg.waitFor({ chatId: OFFICER, since, match: /Daftar diterima/ });
      await savedAtLeast(8);
      await h.restart();
      const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: isDoc, timeoutMs: 20_000 });
      await h.tg.waitFor({ chatId: OFFICER, since: doc.seq, match: /Hasil \/cekmassal/ });
      await h.tg.waitForIdle(OFFICER, 300);
      expect(h.tg.messagesIn(OFFICER).filter((m) => m.seq > since && isDoc(m))).toHaveLength(1);
      // Every NIK asked of SIPP exactly once, across both runs.
      const calls = trackingCalls(set);
      expect(new Set(calls.map((c) => c.query.nik)).size).toBe(40);
      expect(calls).toHaveLength(40);
      const rows = resultRows(doc).slice(1);
      expect(rows.map((r) => r[1])).toEqual(Array(40).fill("valid"));
      expect((await job()).status).toBe("done");
    } finally {
      h.sipp.setLatency(0);
    }
  });

  it("a pasted list cannot be read again: after a restart the officer is asked to paste it again", async () => {
    const list = niks(120);
    h.sipp.setLatency(100);
    try {
      await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
      const since = h.tg.mark();
      h.tg.sendText(OFFICER, list.join("\n"));
      await h.tg.waitFor({ chatId: OFFICER, since, match: /Daftar diterima/ });
      await savedAtLeast(4);
      await h.restart();
      const told = await h.tg.waitFor({ chatId: OFFICER, since, match: /teksnya tidak disimpan/ });
      expect(told.text).toMatch(/tempel daftar Anda lagi/);
      expect((await job()).status).toBe("interrupted");
      expect(await h.app.store.db.selectFrom("bulk_rows").selectAll().execute()).toEqual([]);
    } finally {
      h.sipp.setLatency(0);
    }
  });

  it("rides out SIPP faults mid-job (5xx, 429 with Retry-After, a timeout): every row ends valid", async () => {
    const list = niks(24);
    h.sipp.fault({ path: "/api/tracking", kind: "status", status: 503, afterRequests: 3, times: 6 });
    h.sipp.fault({ path: "/api/tracking", kind: "rate", retryAfter: 1, afterRequests: 8, times: 3 });
    h.sipp.fault({ path: "/api/tracking", kind: "hang", afterRequests: 12, times: 2 });
    try {
      await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
      const since = h.tg.mark();
      h.tg.sendText(OFFICER, list.join("\n"));
      const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: isDoc, timeoutMs: 25_000 });
      const rows = resultRows(doc).slice(1);
      expect(rows.map((r) => r[1])).toEqual(Array(24).fill("valid"));
    } finally {
      h.sipp.clearFaults();
    }
  });

  it("marks the rows SIPP keeps failing as 'gagal, coba lagi' and still delivers the rest", async () => {
    const list = niks(10);
    h.sipp.fault({ path: "/api/tracking", kind: "status", status: 500, afterRequests: 6, times: Infinity });
    try {
      await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
      const since = h.tg.mark();
      h.tg.sendText(OFFICER, list.join("\n"));
      const doc = await h.tg.waitFor({ chatId: OFFICER, since, match: isDoc, timeoutMs: 25_000 });
      const summary = await h.tg.waitFor({ chatId: OFFICER, since: doc.seq, match: /Hasil \/cekmassal/ });
      const statuses = resultRows(doc).slice(1).map((r) => r[1]);
      const failed = statuses.filter((s) => s === "gagal, coba lagi").length;
      expect(failed).toBeGreaterThan(0);
      expect(statuses.filter((s) => s === "valid").length + failed).toBe(10);
      expect(summary.text).toContain(`Gagal, coba lagi: ${failed}`);
    } finally {
      h.sipp.clearFaults();
    }
  });
}

for (const b of BACKENDS) {
  describe.skipIf(b.skip)(`/cekmassal jobs on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => suite(b.backend));
}
