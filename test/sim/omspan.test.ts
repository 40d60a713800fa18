import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BAD_PARAM_BODY, BAD_TOKEN_TEXT, NO_DATA_BODY, OmspanSim, WORKED_EXAMPLE } from "../../sim/omspan.js";
import { referenceScore } from "../../sim/omspan-data.js";

type Row = Record<string, string>;

let sim: OmspanSim;

async function get(path: string, token: string | null = sim.token): Promise<Response> {
  return fetch(sim.baseUrl + path, { headers: token === null ? {} : { authorization: `Bearer ${token}`, accept: "application/json" } });
}

async function rows(path: string): Promise<Row[]> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return (await res.json()) as Row[];
}

beforeAll(async () => {
  sim = await OmspanSim.start({ realisasiRows: 6_000, maxRangeRows: 2_500, asOf: { month: 11, day: 20 }, seed: 11 });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.clearFaults();
});

describe("auth and quirk bodies", () => {
  it("a wrong or missing bearer gets 401 with the plain-text message", async () => {
    for (const token of ["wrong", null]) {
      const res = await get("/DataFA", token);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
      expect(await res.text()).toBe(BAD_TOKEN_TEXT);
    }
  });

  it("the default token is a JWT whose payload names the budget year", () => {
    const [, payload] = sim.token.split(".");
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ kdt: "2026" });
  });

  it("ranges past the end answer the no-data body; malformed ranges the missing-parameter table", async () => {
    expect(await (await get("/RealisasiKL/6001/8000")).text()).toBe(NO_DATA_BODY);
    for (const p of ["/RealisasiKL/10/5", "/RealisasiKL/a/b", "/RealisasiKL/5", "/RealisasiKL/1/2/3", "/DipaBelanjaKL", "/DipaBelanjaKL/PENDAPATAN"]) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).toBe(BAD_PARAM_BODY);
    }
  });

  it("unknown paths are a 404 HTML page", async () => {
    const res = await get("/Nope");
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/<HTML>/i);
  });
});

describe("data", () => {
  it("DIPA lines of BA 056: every value a string, satker names and codes as expected", async () => {
    const dipa = await rows("/DipaBelanjaKL/BELANJA");
    expect(dipa.length).toBeGreaterThan(400);
    for (const r of dipa) {
      for (const v of Object.values(r)) expect(typeof v).toBe("string");
      expect(r.BA).toBe("056");
      expect(r.BAES1).toMatch(/^056\d\d$/);
      expect(r.KDSATKER).toMatch(/^\d{6}$/);
      expect(r.KPPN).toMatch(/^\d{3}$/);
      expect(r.AKUN).toMatch(/^5[1237]\d{4}$/);
      expect(r.AMOUNT).toMatch(/^\d+$/);
    }
    const satker = new Set(dipa.map((r) => r.KDSATKER));
    expect(satker.size).toBe(40);
    expect(satker.has("527560")).toBe(true);
    expect(satker.has("527567")).toBe(true);
    expect(new Set(dipa.map((r) => r.AKUN!.slice(0, 2)))).toEqual(new Set(["51", "52", "53", "57"]));
    const names = sim.data.satker.map((s) => s.nama);
    expect(names).toContain("KANTOR PERTANAHAN KABUPATEN PASURUAN");
    expect(names).toContain("KANTOR WILAYAH BPN PROVINSI JAWA TIMUR");
    expect(names).toContain("SEKRETARIAT JENDERAL");
  });

  it("RealisasiKL rows: absolute ROWNUM, Oracle dates within the year, some negative corrections", async () => {
    const page = await rows("/RealisasiKL/1/2500");
    expect(page).toHaveLength(2500);
    expect(Object.keys(page[0]!)).toEqual(["ROWNUM", "KDSATKER", "KPPN", "BA", "BAES1", "AKUN", "PROGRAM", "KEGIATAN", "OUTPUT", "KEWENANGAN", "SUMBER_DANA", "CARA_TARIK", "KDREGISTER", "LOKASI", "BUDGET_TYPE", "TANGGAL", "MAXDATE", "AMOUNT"]);
    page.forEach((r, i) => {
      expect(r.ROWNUM).toBe(String(i + 1));
      expect(r.TANGGAL).toMatch(/^\d{2}-(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV)-26$/);
      expect(r.MAXDATE).toBe("20-NOV-26");
    });
    expect(page.some((r) => r.AMOUNT!.startsWith("-"))).toBe(true);
    expect(new Set(page.map((r) => r.TANGGAL!.slice(3, 6))).size).toBe(11);
    const later = await rows("/RealisasiKL/2501/2600");
    expect(later[0]!.ROWNUM).toBe("2501");
  });

  it("the server caps a range below the request", async () => {
    const page = await rows("/RealisasiKL/100/99999");
    expect(page).toHaveLength(2500);
    expect(page.at(-1)!.ROWNUM).toBe("2599");
    expect(sim.requests.at(-1)).toMatchObject({ path: "/RealisasiKL/100/99999", status: 200, rows: 2500 });
  });

  it("row i is the same whatever range it is fetched with (generated from seed and i)", async () => {
    const a = await rows("/RealisasiKL/1/2500");
    const b = await rows("/RealisasiKL/1234/1236");
    expect(b[0]).toEqual(a[1233]);
    const other = await OmspanSim.start({ realisasiRows: 6_000, maxRangeRows: 2_500, asOf: { month: 11, day: 20 }, seed: 11 });
    try {
      const c = (await (await fetch(`${other.baseUrl}/RealisasiKL/1/2500`, { headers: { authorization: `Bearer ${other.token}` } })).json()) as Row[];
      expect(c).toEqual(a);
    } finally {
      await other.close();
    }
  });

  it("DataFA: SATKER key, spaced keys in some rows, identity, pagu minus, ACTUAL = Σ RealisasiKL per line", async () => {
    const fa = await rows("/DataFA");
    expect(fa.some((r) => "ACTUAL AMT" in r && "BALANCING AMT" in r)).toBe(true);
    expect(fa.some((r) => "ACTUAL_AMT" in r)).toBe(true);
    const num = (r: Row, k: string) => Number(r[k] ?? r[k.replace("_", " ")]);
    for (const r of fa) {
      expect(r.SATKER).toMatch(/^\d{6}$/);
      expect(r.KDSATKER).toBeUndefined();
      expect(r.OUTPUT).toMatch(/^\d{7}$/);
      expect(num(r, "BALANCING_AMT")).toBe(num(r, "DIPA") - num(r, "ACTUAL_AMT") - num(r, "KONTRAK") - num(r, "BLOKIR"));
    }
    const minus = fa.filter((r) => num(r, "BALANCING_AMT") < 0);
    // only the lines over-spent by design
    expect(minus.length).toBeGreaterThan(0);
    expect(minus.length).toBeLessThanOrEqual(sim.data.lines.filter((l) => l.paguMinus).length);
    // Σ ACTUAL per satker+akun equals Σ of the served realisasi rows, computed here from raw JSON
    const served = new Map<string, number>();
    for (let from = 1; ; from += 2500) {
      const res = await get(`/RealisasiKL/${from}/${from + 2499}`);
      const text = await res.text();
      if (text === NO_DATA_BODY) break;
      for (const r of JSON.parse(text) as Row[]) served.set(`${r.KDSATKER}|${r.AKUN}`, (served.get(`${r.KDSATKER}|${r.AKUN}`) ?? 0) + Number(r.AMOUNT));
    }
    const actual = new Map<string, number>();
    for (const r of fa) actual.set(`${r.SATKER}|${r.AKUN}`, (actual.get(`${r.SATKER}|${r.AKUN}`) ?? 0) + num(r, "ACTUAL_AMT"));
    for (const [k, v] of served) expect(actual.get(k), k).toBe(v);
  });

  it("IK rows: periods, the worked example, weights varying by period, KL keys with spaces", async () => {
    const ik = await rows("/CapaianIKSatkerRe");
    const pasuruan = ik.filter((r) => r.KDSATKER === "527560");
    expect(pasuruan.map((r) => r.PERIODE)).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]);
    expect(pasuruan[0]).toMatchObject(WORKED_EXAMPLE);
    const sums = new Set(pasuruan.map((r) => Object.entries(r).filter(([k]) => k.startsWith("BBT_IND_")).reduce((a, [, v]) => a + Number(v), 0)));
    expect(sums.size).toBeGreaterThan(1);
    expect([...sums].some((s) => s !== 100)).toBe(true);
    const kl = await rows("/CapaianIKKLRe");
    expect(kl[0]).toHaveProperty("IK DATA KONTRAK");
    expect(kl[0]).toMatchObject({ BA: "056" });
    const es1 = await rows("/CapaianIKEselon1Re");
    expect(es1.every((r) => /^056\d\d$/.test(r.BA!))).toBe(true);
  });

  it("reference: the latest period is scored; the worked example (period 01) gives 56.52", () => {
    expect(sim.expectedSatker("527560")!.ikLatest?.periode).toBe(10);
    const worked = sim.data.ikSatkerRows().find((r) => r.kode === "527560" && r.periode === 1)!;
    expect(referenceScore(worked.fields)).toBe(56.52);
  });
});

describe("control", () => {
  it("faults: kinds, path prefix, times, afterRequests", async () => {
    sim.fault({ path: "/RealisasiKL", kind: "nodata", afterRequests: 1 });
    expect((await get("/RealisasiKL/1/10")).status).toBe(200);
    expect(await (await get("/RealisasiKL/11/20")).text()).toBe(NO_DATA_BODY);
    expect((await (await get("/RealisasiKL/11/20")).json()) as Row[]).toHaveLength(10);

    sim.fault({ kind: "badparam" });
    expect(await (await get("/DataFA")).text()).toBe(BAD_PARAM_BODY);
    sim.fault({ kind: "status", status: 503, times: 2 });
    expect((await get("/DataFA")).status).toBe(503);
    expect((await get("/DataFA")).status).toBe(503);
    expect((await get("/DataFA")).status).toBe(200);
    sim.fault({ kind: "status", status: 401 });
    expect(await (await get("/DataFA")).text()).toBe(BAD_TOKEN_TEXT);
    sim.fault({ kind: "html200" });
    const html = await get("/DataFA");
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/<html/i);
    sim.fault({ kind: "garbage", body: '{"x":1}' });
    expect(await (await get("/DataFA")).text()).toBe('{"x":1}');
    sim.fault({ kind: "reset" });
    await expect(get("/DataFA")).rejects.toThrow();
    const before = sim.count("/DataFA");
    expect(sim.count("/DataFA/")).toBe(before);
    expect(sim.count()).toBeGreaterThanOrEqual(before);
  });

  it("setPaguMinus, setIk, setRealisasiRows", async () => {
    const akun = sim.data.lines.find((l) => l.kdsatker === "527567" && l.jenis === "52")!.akun;
    expect(sim.expectedSatker("527567")!.paguMinusPerAkun[akun]).toBeUndefined();
    sim.setPaguMinus("527567", akun, 2_500_000);
    const fa = await rows("/DataFA");
    const line = fa.find((r) => r.SATKER === "527567" && r.AKUN === akun)!;
    expect(Number(line.BALANCING_AMT ?? line["BALANCING AMT"])).toBe(-2_500_000);
    expect(sim.expectedSatker("527567")!.paguMinusPerAkun[akun]).toBe(-2_500_000);
    sim.setPaguMinus("527567", akun, 0);
    expect(sim.expectedSatker("527567")!.paguMinusPerAkun[akun]).toBeUndefined();

    sim.setIk("527567", 10, { IK_REALISASI: 20, BBT_IND_REALISASI: "50", IK_UP: null });
    const ik = (await rows("/CapaianIKSatkerRe")).find((r) => r.KDSATKER === "527567" && r.PERIODE === "10")!;
    expect(ik.IK_REALISASI).toBe("20.00");
    expect(ik.BBT_IND_REALISASI).toBe("50");
    expect(ik.IK_UP).toBeUndefined();
    sim.setIk("527567", "11", { IK_REALISASI: "99.00", BBT_IND_REALISASI: "20" });
    expect(sim.expectedSatker("527567")!.ikLatest).toMatchObject({ periode: 11, score: 99, kategori: "Sangat Baik" });

    sim.setRealisasiRows(2_000_000);
    const tail = await rows("/RealisasiKL/1999990/2000100");
    expect(tail.map((r) => r.ROWNUM)).toEqual(Array.from({ length: 11 }, (_, i) => String(1_999_990 + i)));
    sim.setRealisasiRows(6_000);
    expect(await (await get("/RealisasiKL/6001/6001")).text()).toBe(NO_DATA_BODY);
  });
});
