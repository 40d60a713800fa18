import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { ADMIN, OFFICER, startHarness, type Harness } from "../helpers/harness.js";

/** Audit before send (docs/privacy.md#audit-before-send): when the entry cannot be written, no data goes out. */
describe("audit before send", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_MIN: "1000" } });
    await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The audit table out of reach (a database fault) while `fn` runs. */
  async function withBrokenAudit(fn: () => Promise<void>) {
    await sql`alter table audit_log rename to audit_log_hilang`.execute(h.app.store.db);
    try {
      await fn();
    } finally {
      await sql`alter table audit_log_hilang rename to audit_log`.execute(h.app.store.db);
    }
  }

  it("/cek, /desa and an export send nothing of the data and tell the officer; all work again afterwards", async () => {
    const person = h.data.p3ke.find((r) => r.nik === h.sample.withBantuan)!;
    const kode = person.kode_kemdagri;
    const summary = await h.say(OFFICER, `/desa ${kode}`, { match: /keluarga ·/ });
    await withBrokenAudit(async () => {
      const cek = await h.say(OFFICER, `/cek ${person.nik}`);
      expect(cek.text).toMatch(/tidak bisa dicatat di log audit/);
      expect(cek.text).not.toContain(person.nama);
      const desa = await h.say(OFFICER, `/desa ${kode}`, { match: /log audit|keluarga ·/ });
      expect(desa.text).toMatch(/tidak bisa dicatat di log audit/);
      const since = h.tg.mark();
      h.tg.pressButton(OFFICER, summary, `ds1:x:${kode}:csv`);
      const exp = await h.tg.waitFor({ chatId: OFFICER, since, match: (m) => /log audit/.test(m.text) || m.document !== undefined });
      expect(exp.document).toBeUndefined();
      expect(exp.text).toMatch(/tidak bisa dicatat di log audit/);
    });
    const ok = await h.say(OFFICER, `/cek ${person.nik}`, { match: /Hasil cek NIK|log audit/ });
    expect(ok.text).toContain(person.nama);
    const [last] = await h.app.audit.recent(1);
    expect(last).toMatchObject({ action: "cek", userId: OFFICER });
  });
});
