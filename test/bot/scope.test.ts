import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, BACKENDS, GROUP, startHarness, type Backend, type Harness } from "../helpers/harness.js";
import type { SimMessage } from "../../sim/telegram.js";

/** Officer scopes through the bot: what a scoped officer sees, and what is refused. */
const OMSPAN = { realisasiRows: 6_000, satkerCount: 12, seed: 9, asOf: { month: 11, day: 20 } };
const DESA_OFFICER = 5001; // one desa
const KEC_OFFICER = 5002; // one kecamatan
const SATKER_OFFICER = 5003; // two satker

function scopeSuite(backend: Backend) {
  let h: Harness;
  let satker: string[];
  let bangil: string[]; // desa of kecamatan 14, sorted
  let purwodadi: string[]; // desa of kecamatan 01

  const personIn = (kodeDesa: string) => h.data.p3ke.find((r) => r.kode_kemdagri === kodeDesa)!;

  beforeAll(async () => {
    h = await startHarness({ backend, omspan: OMSPAN, env: { OMSPAN_PAGE_SIZE: "3000", RATE_LIMIT_PER_MIN: "1000" } });
    await h.app.budget.sync.inProgress?.catch(() => undefined);
    await h.app.budget.sync.run("admin");
    satker = (await (await h.app.budget.reader.current())!.satker()).map((s) => s.kdsatker).sort();
    bangil = h.data.desa.filter((d) => d.kecamatanKode === "14").map((d) => d.kode_kemdagri).sort();
    purwodadi = h.data.desa.filter((d) => d.kecamatanKode === "01").map((d) => d.kode_kemdagri).sort();
    await h.say(ADMIN, `/petugas tambah ${DESA_OFFICER} Fasilitator desa:${bangil[0]}`, { match: /ditambahkan|⚠️/ });
    await h.say(ADMIN, `/petugas tambah ${KEC_OFFICER} Pendamping kec:Bangil`, { match: /ditambahkan|⚠️/ });
    await h.say(ADMIN, `/petugas tambah ${SATKER_OFFICER} Keuangan satker:${satker[0]} satker:${satker[1]}`, { match: /ditambahkan|⚠️/ });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  describe("/petugas with scopes", () => {
    it("stores each scope and /petugas daftar shows it", async () => {
      const list = await h.say(ADMIN, "/petugas daftar");
      expect(list.text).toContain(`Lingkup: desa ${bangil[0]} · semua satker`);
      expect(list.text).toContain("Lingkup: Kec. Bangil · semua satker");
      expect(list.text).toContain(`Lingkup: seluruh Kab. Pasuruan · satker ${satker[0]}, ${satker[1]}`);
    });

    it.each([
      ["an unknown kecamatan", "kec:Atlantis", /Kecamatan “Atlantis” tidak ada/],
      ["a desa code of another kabupaten", "desa:3515011001", /bukan kode desa Kab\. Pasuruan/],
      ["a desa code SIPP does not know", "desa:3514149999", /tidak ada di data desa SIPP/],
      ["a satker not in OMSPAN", "satker:999999", /tidak ada di data OMSPAN/],
      ["a malformed satker", "satker:52", /harus 6 angka/],
      ["an unknown kind of item", "kota:Malang", /bukan lingkup yang dikenal/],
    ])("refuses %s and changes nothing", async (_what, item, reason) => {
      const newcomer = 5999;
      const r = await h.say(ADMIN, `/petugas tambah ${newcomer} Baru ${item}`);
      expect(r.text).toMatch(reason);
      expect(r.text).toContain("Tidak ada yang diubah");
      expect(await h.app.officers.get(newcomer)).toBeUndefined();
      const before = await h.app.officers.get(KEC_OFFICER);
      const u = await h.say(ADMIN, `/petugas ubah ${KEC_OFFICER} ${item}`);
      expect(u.text).toMatch(reason);
      expect(await h.app.officers.get(KEC_OFFICER)).toEqual(before);
    });

    it("never scopes an administrator", async () => {
      const r = await h.say(ADMIN, `/petugas tambah ${ADMIN} kec:Bangil`);
      expect(r.text).toMatch(/administrator tidak dibatasi/);
    });

    it("/bantuan shows a scoped officer their scope", async () => {
      const r = await h.say(KEC_OFFICER, "/bantuan");
      expect(r.text).toContain("Lingkup Anda: Kec. Bangil · semua satker");
    });
  });

  describe("area scope", () => {
    it("an officer of one desa gets its summary at once from /desa", async () => {
      const r = await h.say(DESA_OFFICER, "/desa", { match: /keluarga ·|Ringkasan/ });
      expect(r.text).toContain(bangil[0]);
    });

    it("an officer of one kecamatan sees exactly that kecamatan and its desa", async () => {
      const menu = await h.say(KEC_OFFICER, "/desa", { match: /Pilih kecamatan/ });
      expect(h.tg.buttons(menu).map((b) => b.data)).toEqual(["ds1:c:14:0"]);
      const list = await h.press(KEC_OFFICER, menu, "ds1:c:14:0", /Kec\. Bangil — /);
      const listed = h.tg.buttons(list).filter((b) => b.data?.startsWith("ds1:s:")).map((b) => b.data!.slice(6));
      expect(listed.sort()).toEqual(bangil); // Bangil's desa of the test data fit on one page
    });

    it("/desa of a desa outside: 'di luar wilayah', no data, audited as a refusal", async () => {
      const outside = purwodadi[0]!;
      const r = await h.say(KEC_OFFICER, `/desa ${outside}`);
      expect(r.text).toMatch(/di luar wilayah Anda/);
      expect(r.text).not.toMatch(/keluarga/);
      const refusals = await h.app.audit.recent(5, { refusals: true });
      expect(refusals[0]).toMatchObject({ userId: KEC_OFFICER, action: "desa", subject: outside, outcome: "ditolak:di_luar_wilayah" });
      const shown = await h.say(ADMIN, "/audit ditolak");
      expect(shown.text).toContain(outside);
    });

    it("/cek of a person living elsewhere: looked up once, audited out_of_scope, nothing of them shown", async () => {
      const p = personIn(purwodadi[0]!);
      const before = h.sipp.count("/api/tracking");
      const r = await h.say(KEC_OFFICER, `/cek ${p.nik}`);
      expect(r.text).toMatch(/di luar wilayah Anda/);
      for (const leak of [p.nama, p.desa_kelurahan, "Desil", "bantuan", "3514********"]) expect(r.text).not.toContain(leak);
      expect(h.sipp.count("/api/tracking") - before).toBe(1);
      const [last] = await h.app.audit.recent(1);
      expect(last).toMatchObject({ userId: KEC_OFFICER, action: "cek", outcome: "out_of_scope" });
      // Inside the scope, the same officer gets the answer.
      const inside = personIn(bangil[0]!);
      const ok = await h.say(KEC_OFFICER, `/cek ${inside.nik}`, { match: /Hasil cek NIK|di luar/ });
      expect(ok.text).toMatch(/Hasil cek NIK/);
    });

    it("a button of an old message, after the scope changed, is refused", async () => {
      const menu = await h.say(KEC_OFFICER, "/desa", { match: /Pilih kecamatan/ });
      const list = await h.press(KEC_OFFICER, menu, "ds1:c:14:0", /Kec\. Bangil — /);
      const target = h.tg.buttons(list).find((b) => b.data === `ds1:s:${bangil[1]}`)!;
      await h.say(ADMIN, `/petugas ubah ${KEC_OFFICER} desa:${bangil[0]}`, { match: /diubah|⚠️/ });
      try {
        const refused = await h.press(KEC_OFFICER, list, target.data!, /di luar wilayah|keluarga ·/);
        expect(refused.text).toMatch(/di luar wilayah Anda/);
        const exp = await h.press(KEC_OFFICER, list, `ds1:x:${bangil[1]}:csv`, (m: SimMessage) => /di luar wilayah|Data keluarga/.test(m.text) || m.document !== undefined);
        expect(exp.document).toBeUndefined();
        expect(exp.text).toMatch(/di luar wilayah Anda/);
      } finally {
        await h.say(ADMIN, `/petugas ubah ${KEC_OFFICER} kec:Bangil`, { match: /diubah/ });
      }
    });
  });

  describe("satker scope", () => {
    it("/anggaran of a satker outside is refused; inside is answered", async () => {
      const out = await h.say(SATKER_OFFICER, `/anggaran ${satker[2]}`);
      expect(out.text).toMatch(/di luar lingkup Anda/);
      const ok = await h.say(SATKER_OFFICER, `/anggaran ${satker[0]}`, { match: /Pagu:|di luar/ });
      expect(ok.text).toMatch(/Pagu:/);
    });

    it("rankings list only the satker in scope, ranked among themselves", async () => {
      const summary = await h.say(SATKER_OFFICER, `/anggaran ${satker[0]}`, { match: /Pagu:/ });
      const data = h.tg.buttons(summary).find((b) => b.data?.startsWith("ag1:r:real:"))!.data!;
      const ranking = await h.press(SATKER_OFFICER, summary, data, /Peringkat/);
      const listed = [...ranking.text.matchAll(/\((\d{6})\)/g)].map((m) => m[1]);
      expect(new Set(listed)).toEqual(new Set([satker[0], satker[1]]));
      expect(ranking.text).toContain("(2 satker)");
    });

    it("a chart button of a satker outside the scope is refused", async () => {
      const summary = await h.say(SATKER_OFFICER, `/anggaran ${satker[0]}`, { match: /Pagu:/ });
      const answer = await h.pressForAnswer(SATKER_OFFICER, summary, `ag1:g:${satker[3]}`);
      expect(answer.text).toMatch(/di luar lingkup Anda/);
    });

    it("/langganan in a group accepts only satker in scope", async () => {
      const s0 = h.tg.mark();
      h.tg.addBotToGroup(GROUP, SATKER_OFFICER);
      await h.tg.waitFor({ chatId: GROUP, since: s0, match: /Halo/ });
      const refused = await h.say(SATKER_OFFICER, `/langganan ${satker[0]} ${satker[5]}`, { chatId: GROUP });
      expect(refused.text).toMatch(/di luar lingkup Anda/);
      expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([]);
      const ok = await h.say(SATKER_OFFICER, `/langganan ${satker[0]}`, { chatId: GROUP, match: /berlangganan/ });
      expect(ok.text).toContain(satker[0]);
      expect(await h.app.alerts.subscriptions.list(GROUP)).toEqual([satker[0]]);
    });
  });
}

for (const b of BACKENDS) describe.skipIf(b.skip)(`scopes on ${b.name}${b.skip ? ` (skipped: ${b.skip})` : ""}`, () => scopeSuite(b.backend));
