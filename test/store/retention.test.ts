import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, startHarness, type Backend, type Harness } from "../helpers/harness.js";

const DAY = 86_400_000;

function retentionSuite(backend: Backend) {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend, healthPort: 0, env: { AUDIT_RETENTION_DAYS: "365" } });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  it("purges audit entries past AUDIT_RETENTION_DAYS, delivered outbox rows after 30 days and expired conversation rows; keeps the rest", async () => {
    const now = Date.now();
    const db = h.app.store.db;
    const audit = (at: number, subject: string) => ({ at, user_id: 1, chat_id: 1, action: "cek", subject, subject_hash: null, outcome: "ok", key_id: null });
    await db.insertInto("audit_log").values([audit(now - 366 * DAY, "lama"), audit(now - 364 * DAY, "masih")]).execute();
    const outbox = (key: string, status: string, created: number) => ({
      chat_id: -1,
      text: "x",
      kind: "alert",
      dedupe_key: key,
      status,
      attempts: 1,
      failures: 0,
      next_attempt_at: created,
      lease_until: null,
      created_at: created,
      sent_at: status === "sent" ? created : null,
      message_id: null,
      last_error: null,
    });
    await db
      .insertInto("outbox")
      .values([outbox("old-sent", "sent", now - 31 * DAY), outbox("old-dead", "dead", now - 40 * DAY), outbox("new-sent", "sent", now - 29 * DAY), outbox("old-pending", "pending", now - 40 * DAY)])
      .execute();
    await db
      .insertInto("kv")
      .values([
        { key: "conv:expired", value: "{}", updated_at: now - 20 * 60_000, expires_at: now - 5 * 60_000 },
        { key: "conv:live", value: "{}", updated_at: now, expires_at: now + 10 * 60_000 },
        { key: "keep:forever", value: "{}", updated_at: now - 400 * DAY, expires_at: null },
      ])
      .execute();

    const job = (officer: number, status: string, updated: number) => ({
      officer_id: officer,
      chat_id: officer,
      status,
      file_id: null,
      file_name: null,
      format: "text",
      total_rows: 1,
      lookups_total: 1,
      lookups_done: 1,
      counts_json: null,
      progress_message_id: null,
      lease_owner: null,
      lease_until: null,
      created_at: updated,
      updated_at: updated,
    });
    const jobs = await db
      .insertInto("bulk_jobs")
      .values([job(7, "done", now - 31 * DAY), job(8, "running", now - 40 * DAY), job(9, "cancelled", now - 29 * DAY)])
      .returning("id")
      .execute();
    const bulkRow = (jobId: number) => ({ job_id: jobId, row_index: 0, nik_hash: "h", state: "done", in_p3ke: 1, out_of_scope: 0, kode_desa: null, desa: null, kecamatan: null, desil: 1, bantuan: 0, opds_json: null, error: null });
    await db.insertInto("bulk_rows").values(jobs.map((j) => bulkRow(Number(j.id)))).execute();

    const counts = await h.app.purge();
    expect(counts).toEqual({ audit_log: 1, outbox: 2, kv: 1, bulk_jobs: 1 });
    // Finished /cekmassal jobs after 30 days, with their rows; a running job stays whatever its age.
    expect((await db.selectFrom("bulk_jobs").select("officer_id").orderBy("officer_id").execute()).map((r) => Number(r.officer_id))).toEqual([8, 9]);
    expect((await db.selectFrom("bulk_rows").select("job_id").execute()).length).toBe(2);
    expect((await db.selectFrom("audit_log").select("subject").where("subject", "in", ["lama", "masih"]).execute()).map((r) => r.subject)).toEqual(["masih"]);
    expect((await db.selectFrom("outbox").select("dedupe_key").orderBy("dedupe_key").execute()).map((r) => r.dedupe_key)).toEqual(["new-sent", "old-pending"]);
    expect((await db.selectFrom("kv").select("key").where("key", "in", ["conv:expired", "conv:live", "keep:forever"]).orderBy("key").execute()).map((r) => r.key)).toEqual([
      "conv:live",
      "keep:forever",
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.healthPort()}/metrics`)).text();
    expect(metrics).toMatch(/^pantau_retention_purged_total\{table="audit_log"\} 1$/m);
    expect(metrics).toMatch(/^pantau_retention_purged_total\{table="outbox"\} 2$/m);
    expect(metrics).toMatch(/^pantau_retention_last_run_timestamp_seconds \d+/m);
    expect(h.logs.join("")).toContain("retention: expired rows purged");
  });
}

for (const b of BACKENDS) describe.skipIf(b.skip)(`retention on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => retentionSuite(b.backend));
