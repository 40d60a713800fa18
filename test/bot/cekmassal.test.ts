/** /cekmassal through the bot: pasted lists, results per row against the simulator's data and /cek, bad input, /batal. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { expectedRow, RESULT_HEADERS, resultRows } from "../helpers/cekmassal.js";
import { maskNik } from "../../src/domain/nik.js";
import type { SimMessage } from "../../sim/telegram.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { BULK_CONCURRENCY: "3" } });
  await h.say(ADMIN, `/petugas tambah ${OFFICER} Siti Petugas`, { match: /ditambahkan/ });
});
afterAll(async () => {
  await h?.stop();
});

const isDoc = (m: SimMessage) => m.kind === "document";

/** Sends a pasted list after /cekmassal and waits for the result document and the summary after it. */
async function pasteList(from: number, text: string): Promise<{ doc: SimMessage; summary: SimMessage }> {
  const ask = await h.say(from, "/cekmassal", { match: /Kirim daftar NIK/ });
  expect(ask.parseMode).toBe("HTML");
  expect(ask.text).not.toContain("<b>");
  const since = h.tg.mark();
  h.tg.sendText(from, text);
  const doc = await h.tg.waitFor({ chatId: from, since, match: isDoc, timeoutMs: 20_000 });
  const summary = await h.tg.waitFor({ chatId: from, since: doc.seq, match: /Hasil \/cekmassal/, timeoutMs: 10_000 });
  return { doc, summary };
}

describe("/cekmassal with a pasted list", () => {
  it("checks every row as /cek does: result columns, duplicates, invalid rows without a SIPP call, masked NIKs, a summary", async () => {
    const s = h.sample;
    const badDate = "3514143202880002";
    const lines = [s.withBantuan, s.noBantuan, s.bantuanOnly, s.unknown, badDate, s.withBantuan, "12345"];
    const before = h.sipp.count("/api/tracking");
    const { doc, summary } = await pasteList(OFFICER, lines.join("\n"));
    // 4 distinct valid NIKs: 4 lookups, none for the invalid rows or the repeat.
    expect(h.sipp.count("/api/tracking") - before).toBe(4);

    const rows = resultRows(doc);
    expect(rows[0]).toEqual(["NIK", ...RESULT_HEADERS]);
    expect(rows).toHaveLength(1 + lines.length);
    const byLine = rows.slice(1);
    for (const [i, nik] of [s.withBantuan, s.noBantuan, s.bantuanOnly, s.unknown].entries()) {
      const [masked, status, p3ke, desa, kecamatan, desil, bantuan, opd, flags] = byLine[i]!;
      const want = expectedRow(h.data, nik);
      expect(masked).toBe(maskNik(nik));
      expect({ status, p3ke, desa, kecamatan, desil, bantuan, opds: opd!.split("; ").filter(Boolean).sort(), flags: flags!.split("; ").filter(Boolean) }).toEqual({
        status: "valid",
        p3ke: want.p3ke,
        desa: want.desa,
        kecamatan: want.kecamatan,
        desil: want.desil,
        bantuan: want.bantuan,
        opds: want.opds,
        flags: want.flags,
      });
    }
    expect(byLine[4]!.slice(0, 2)).toEqual([maskNik(badDate), "tidak valid: tanggal lahir tidak valid"]);
    expect(byLine[5]![1]).toBe("duplikat baris 1");
    expect(byLine[5]!.slice(2)).toEqual(byLine[0]!.slice(2)); // a repeat carries the first row's result
    expect(byLine[6]!.slice(0, 2)).toEqual(["12345", "tidak valid: bukan 16 angka"]);
    expect(doc.document!.data.toString("utf8")).not.toMatch(/\d{16}/);

    expect(summary.text).toContain("Baris: 7");
    expect(summary.text).toContain("Valid: 4");
    expect(summary.text).toContain("Tidak valid: 2");
    expect(summary.text).toContain("Duplikat: 1");
    expect(summary.text).toContain("Gagal, coba lagi: 0");
    expect(summary.text).toMatch(/Tidak di P3KE: 2/);
    expect(summary.text).not.toContain("luar wilayah"); // no area scope
  });

  it("agrees with /cek on the same NIKs", async () => {
    const s = h.sample;
    const { doc } = await pasteList(OFFICER, [s.female, s.noBantuan].join("\n"));
    const rows = resultRows(doc).slice(1);
    for (const [i, nik] of [s.female, s.noBantuan].entries()) {
      const cek = await h.say(OFFICER, `/cek ${nik}`, { match: /Hasil cek NIK/ });
      const [, , p3ke, , , desil, bantuan] = rows[i]!;
      expect(p3ke).toBe("ya");
      expect(cek.text).toContain(`Desil ${desil}`);
      if (bantuan === "0") expect(cek.text).toContain("Belum tercatat menerima bantuan");
      else expect(cek.text).toContain(`Bantuan (${bantuan})`);
    }
  });

  it("audits the job once with its counts and each NIK looked up by keyed hash, before the result", async () => {
    const entries = await h.app.audit.recent(200);
    const job = entries.filter((e) => e.action === "cekmassal");
    expect(job.length).toBeGreaterThanOrEqual(2);
    expect(job[job.length - 1]!.outcome).toMatch(/baris=7 valid=4 invalid=2 duplikat=1 gagal=0/);
    const perRow = entries.filter((e) => e.action === "cekmassal_baris");
    expect(perRow.length).toBeGreaterThanOrEqual(6);
    for (const e of perRow) {
      expect(e.subject).toMatch(/^\d{4}\*{8}\d{4}$/);
      expect(e.subjectHash).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(perRow.map((e) => e.subjectHash)).toContain(h.app.audit.hash(h.sample.unknown));
  });

  it("keeps no NIK in the job tables and drops the rows once the result is delivered", async () => {
    const db = h.app.store.db;
    const jobs = await db.selectFrom("bulk_jobs").selectAll().where("officer_id", "=", OFFICER).execute();
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs.every((j) => j.status === "done")).toBe(true);
    expect(JSON.stringify(jobs)).not.toMatch(/\d{16}/);
    expect(await db.selectFrom("bulk_rows").selectAll().execute()).toEqual([]);
  });
});

describe("/cekmassal for an officer limited to one desa", () => {
  it("marks a person living elsewhere 'di luar wilayah' with no data of theirs, as /cek refuses them", async () => {
    const SCOPED = 5001;
    const desa = h.data.desa.filter((d) => d.kecamatanKode === "14").map((d) => d.kode_kemdagri).sort()[0]!;
    await h.say(ADMIN, `/petugas tambah ${SCOPED} Fasilitator desa:${desa}`, { match: /ditambahkan|⚠️/ });
    const inside = h.data.p3ke.find((p) => p.kode_kemdagri === desa)!.nik;
    const outside = h.data.p3ke.find((p) => p.kode_kemdagri !== desa)!.nik;
    const { doc, summary } = await pasteList(SCOPED, [inside, outside].join("\n"));
    const [inRow, outRow] = resultRows(doc).slice(1);
    expect(inRow!.slice(1, 4)).toEqual(["valid", "ya", expectedRow(h.data, inside).desa]);
    expect(outRow).toEqual([maskNik(outside), "valid", "", "", "", "", "", "", "di luar wilayah"]);
    expect(summary.text).toContain("Di luar wilayah Anda: 1");
    const refusedEntry = (await h.app.audit.recent(10)).find((e) => e.action === "cekmassal_baris" && e.subjectHash === h.app.audit.hash(outside));
    expect(refusedEntry?.outcome).toBe("out_of_scope");
  });
});

describe("/cekmassal: bad input changes nothing", () => {
  it("refuses too many pasted lines, an empty list and a photo, and asks again", async () => {
    await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
    const many = Array.from({ length: 201 }, () => h.sample.unknown).join("\n");
    expect((await h.say(OFFICER, many)).text).toMatch(/Teks berisi 201 baris; tempel paling banyak 200 NIK/);
    const photo = h.tg.mark();
    h.tg.sendPhoto(OFFICER, Buffer.from("not really a jpeg"));
    expect((await h.tg.waitFor({ chatId: OFFICER, since: photo })).text).toMatch(/bukan berkas CSV atau XLSX/);
    const jobsBefore = await h.app.store.db.selectFrom("bulk_jobs").select("id").execute();
    expect((await h.sendSettled(OFFICER, "/batal")).map((m) => m.text)).toEqual(["Dibatalkan."]);
    expect(await h.app.store.db.selectFrom("bulk_jobs").select("id").execute()).toEqual(jobsBefore);
  });

  it("answers /cekmassal in a group with a hint to the private chat, and refuses a stranger", async () => {
    h.tg.group(GROUP, "Grup Desa");
    const hint = await h.say(OFFICER, "/cekmassal", { chatId: GROUP });
    expect(hint.text).toMatch(/hanya bisa dipakai di chat pribadi/);
    const refused = await h.say(STRANGER, "/cekmassal");
    expect(refused.text).toMatch(/hanya untuk petugas terdaftar/);
  });
});

describe("/cekmassal when the result cannot be delivered", () => {
  it("ends the job as failed (no retry loop) when Telegram refuses the document", async () => {
    h.tg.failNext("sendDocument", { error_code: 403, description: "Forbidden: bot was blocked by the user", chatId: OFFICER });
    await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
    await h.say(OFFICER, [h.sample.noBantuan, h.sample.unknown].join("\n"), { match: /Daftar diterima/ });
    let status = "running";
    for (let i = 0; i < 200 && status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await h.app.store.db.selectFrom("bulk_jobs").select("status").where("officer_id", "=", OFFICER).orderBy("id", "desc").executeTakeFirstOrThrow()).status;
    }
    expect(status).toBe("failed");
    expect(await h.app.bulk.resumeAbandoned()).toBe(0);
    expect(await h.app.store.db.selectFrom("bulk_rows").selectAll().execute()).toEqual([]);
  });
});

describe("/cekmassal while a job runs", () => {
  it("refuses a second job, and /batal stops the first and reports what was done", async () => {
    const niks = h.data.p3ke.slice(0, 60).map((p) => p.nik);
    h.sipp.setLatency(150);
    h.sipp.resetStats();
    try {
      await h.say(OFFICER, "/cekmassal", { match: /Kirim daftar NIK/ });
      const accepted = await h.say(OFFICER, niks.join("\n"), { match: /Daftar diterima/ });
      expect(accepted.text).toMatch(/60 baris, 60 NIK/);
      const busy = await h.say(OFFICER, "/cekmassal", { match: /masih berjalan/ });
      expect(busy.text).toMatch(/dari 60 NIK/);
      const since = h.tg.mark();
      const upd = h.tg.sendText(OFFICER, "/batal");
      await h.settled(upd.update_id, 15_000);
      const report = await h.tg.waitFor({ chatId: OFFICER, since, match: /dihentikan/ });
      const done = Number(/(\d+) dari 60 NIK sudah diperiksa/.exec(report.text)?.[1]);
      expect(done).toBeLessThan(60);
      const job = await h.app.store.db.selectFrom("bulk_jobs").selectAll().where("officer_id", "=", OFFICER).orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(job.status).toBe("cancelled");
      // BULK_CONCURRENCY=3 lookups at a time (the simulator counts a request until its socket
      // closes, so the next one may overlap it by a moment: one more).
      expect(h.sipp.maxConcurrent).toBeLessThanOrEqual(4);
      // No result is sent after /batal.
      await h.tg.waitForIdle(OFFICER, 300);
      expect(h.tg.messagesIn(OFFICER).filter((m) => m.seq > since && m.kind === "document")).toEqual([]);
    } finally {
      h.sipp.setLatency(0);
    }
  });
});
