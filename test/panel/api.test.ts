import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { builtWebapp } from "../helpers/webapp.js";
import { signInitData } from "../../sim/telegram.js";
import type { PanelDesa, PanelSatkerTable, PanelChart, PanelSaya } from "../../src/panel/types.js";
import type { Scope } from "../../src/domain/scope.js";

/**
 * The Mini App's JSON API (docs/panel.md#api) against the simulators: initData verification,
 * the chat's whitelist, scopes, rate limit and audit, and no full NIK in any answer.
 */
const OFFICER2 = 2003; // the rate-limit test's own officer
const SCOPED = 2004;
const OMSPAN = { realisasiRows: 5_000, satkerCount: 12, seed: 5, asOf: { month: 8, day: 20 } };

let h: Harness;
let base: string;
/** Every body received, to look for full NIKs at the end. */
const bodies: string[] = [];

async function get(path: string, initData?: string, header: "tma" | "x" = "tma") {
  const headers: Record<string, string> = {};
  if (initData !== undefined) {
    if (header === "tma") headers.authorization = `tma ${initData}`;
    else headers["x-telegram-init-data"] = initData;
  }
  const res = await fetch(base + path, { headers });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}
const as = (id: number, opts: Parameters<typeof signInitData>[2] = {}) => signInitData(h.tg.token, { id, first_name: `U${id}` }, opts);

beforeAll(async () => {
  const webappDir = await builtWebapp();
  h = await startHarness({ omspan: OMSPAN, publicPort: 0, webappDir, env: { WEBAPP_URL: "https://panel.example.go.id/panel/", RATE_LIMIT_PER_MIN: "40" } });
  await h.app.budget.sync.inProgress?.catch(() => undefined);
  for (const id of [OFFICER, OFFICER2, SCOPED]) await h.app.officers.add(id, null, ADMIN);
  base = `http://127.0.0.1:${h.app.publicPort()}/panel/`;
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

describe("initData", () => {
  it("signed for this bot and fresh: accepted, in either header", async () => {
    const r = await get("api/saya", as(OFFICER));
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ id: OFFICER, peran: "officer", anggaran: true } satisfies Partial<PanelSaya>);
    expect((await get("api/saya", as(ADMIN), "x")).json()).toMatchObject({ peran: "admin" });
  });

  it.each([
    ["missing", () => undefined],
    ["empty", () => ""],
    ["tampered (another user id, same hash)", () => as(OFFICER).replace(encodeURIComponent(`"id":${OFFICER}`), encodeURIComponent(`"id":${ADMIN}`))],
    ["a field added after signing", () => as(OFFICER, { unsigned: { start_param: "x" } })],
    ["signed with another bot's token", () => signInitData("999999:OTHER-BOT-TOKEN", { id: OFFICER, first_name: "U" })],
    ["expired (auth_date over an hour ago)", () => as(OFFICER, { authDate: Math.floor(Date.now() / 1000) - 3601 })],
    ["not a hash", () => as(OFFICER).replace(/hash=[0-9a-f]+/, "hash=zz")],
  ])("%s: 401 and no data", async (_name, init) => {
    for (const path of ["api/saya", "api/kecamatan", `api/desa/${h.sample.desa}`, "api/satker"]) {
      const r = await get(path, init());
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ error: "unauthorized", reason: expect.any(String) });
      expect(r.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("a stranger with valid initData: 403 with their own id only, on every endpoint", async () => {
    for (const path of ["api/saya", "api/kecamatan", "api/kecamatan/14", `api/desa/${h.sample.desa}`, "api/satker", "api/satker/527560"]) {
      const r = await get(path, as(STRANGER));
      expect(r.status).toBe(403);
      expect(r.json()).toEqual({ error: "forbidden", id: STRANGER });
    }
  });

  it("an officer removed in the chat loses the panel at once", async () => {
    const id = 2999;
    await h.app.officers.add(id, null, ADMIN);
    expect((await get("api/saya", as(id))).status).toBe(200);
    await h.app.officers.remove(id);
    expect((await get("api/saya", as(id))).status).toBe(403);
  });
});

describe("desa", () => {
  it("kecamatan → desa → every family, NIKs masked, audited", async () => {
    const kec = (await get("api/kecamatan", as(OFFICER))).json() as { kecamatan: { kode: string }[] };
    expect(kec.kecamatan).toHaveLength(24);
    const kode = h.sample.desa;
    const desa = (await get(`api/kecamatan/${kode.slice(4, 6)}`, as(OFFICER))).json() as { desa: { kode: string }[] };
    expect(desa.desa.map((d) => d.kode)).toContain(kode);
    const r = await get(`api/desa/${kode}`, as(OFFICER));
    expect(r.status).toBe(200);
    const d = r.json() as PanelDesa;
    const people = h.data.p3ke.filter((p) => p.kode_kemdagri === kode);
    expect(d.keluarga).toBe(new Set(people.map((p) => p.id_keluarga_p3ke)).size);
    expect(d.keluargaList).toHaveLength(d.keluarga);
    for (const f of d.keluargaList) {
      expect(f.nik).toMatch(/^\d{4}\*{8}\d{4}$/);
      expect(f.dusun).toBeTruthy(); // the simulator writes "DUSUN X RT 001 RW 002"
      expect(f.rt).toMatch(/^\d+$/);
      expect(f.p > 0).toBe(f.opd.length > 0);
    }
    const audit = await h.app.audit.recent(5);
    expect(audit.find((e) => e.action === "panel_desa" && e.subject === kode && e.userId === OFFICER)?.outcome).toMatch(/^ok \(\d+ keluarga/);
  });

  it("the audit entry is committed before the data is sent", async () => {
    const audit = h.app.audit;
    const original = audit.record.bind(audit);
    let release!: () => void;
    let called!: () => void;
    const calledP = new Promise<void>((r) => (called = r));
    audit.record = async (e) => {
      called();
      await new Promise<void>((r) => (release = r));
      return original(e);
    };
    try {
      let answered = false;
      const pending = get(`api/desa/${h.sample.desa}`, as(OFFICER)).then((r) => ((answered = true), r));
      await calledP;
      await new Promise((r) => setTimeout(r, 200));
      expect(answered).toBe(false); // the data waits for the audit
      release();
      expect((await pending).status).toBe(200);
    } finally {
      audit.record = original;
    }
  });

  it("no audit, no data: 503", async () => {
    const audit = h.app.audit;
    const original = audit.record.bind(audit);
    audit.record = async () => {
      throw new Error("disk full");
    };
    try {
      const r = await get(`api/desa/${h.sample.desa}`, as(OFFICER));
      expect(r.status).toBe(503);
      expect(r.json()).toEqual({ error: "audit" });
    } finally {
      audit.record = original;
    }
  });

  it("rejects codes that are no desa of Kab. Pasuruan before any upstream call", async () => {
    const before = h.sipp.requests.length;
    for (const bad of ["api/desa/3514", "api/desa/3573011001", "api/desa/351414100x", "api/kecamatan/25", "api/kecamatan/..%2f"]) {
      expect((await get(bad, as(OFFICER))).status).toBe(404);
    }
    expect(h.sipp.requests.length).toBe(before);
  });
});

describe("scope", () => {
  const scoped = async (s: Scope) => {
    await h.app.officers.add(SCOPED, null, ADMIN, Date.now(), s); // as /petugas ubah stores it
    return () => h.app.officers.add(SCOPED, null, ADMIN, Date.now(), { kecamatan: [], desa: [], satker: [] });
  };

  it("an officer limited to one desa and one satker sees only those, on every endpoint", async () => {
    const kode = h.sample.desa;
    const other = h.data.desa.find((d) => d.kode_kemdagri !== kode)!.kode_kemdagri;
    const restore = await scoped({ kecamatan: [], desa: [kode], satker: ["527560"] });
    try {
      expect(((await get("api/saya", as(SCOPED))).json() as PanelSaya).wilayahTerbatas).toBe(true);
      expect(((await get("api/kecamatan", as(SCOPED))).json() as { kecamatan: { kode: string }[] }).kecamatan.map((k) => k.kode)).toEqual([kode.slice(4, 6)]);
      const desa = (await get(`api/kecamatan/${kode.slice(4, 6)}`, as(SCOPED))).json() as { desa: { kode: string }[] };
      expect(desa.desa.map((d) => d.kode)).toEqual([kode]);
      expect((await get(`api/desa/${kode}`, as(SCOPED))).status).toBe(200);
      const refused = await get(`api/desa/${other}`, as(SCOPED));
      expect(refused.status).toBe(403);
      expect(refused.json()).toEqual({ error: "out_of_scope" });
      expect((await h.app.audit.recent(3)).find((e) => e.subject === other && e.userId === SCOPED)?.outcome).toBe("ditolak:di_luar_wilayah");
      const otherKec = ["01", "14"].find((k) => k !== kode.slice(4, 6))!;
      expect((await get(`api/kecamatan/${otherKec}`, as(SCOPED))).status).toBe(403);
      const table = (await get("api/satker", as(SCOPED))).json() as PanelSatkerTable;
      expect(table.satker.map((s) => s.kd)).toEqual(["527560"]);
      expect((await get("api/satker/527560", as(SCOPED))).status).toBe(200);
      expect((await get("api/satker/527501", as(SCOPED))).status).toBe(403);
    } finally {
      await restore();
    }
  });
});

describe("budget", () => {
  it("every satker with pagu, realisasi %, target gap, pagu minus and IKPA, as /anggaran computes them", async () => {
    const table = (await get("api/satker", as(OFFICER))).json() as PanelSatkerTable;
    expect(table.satker).toHaveLength(OMSPAN.satkerCount);
    const summary = (await (await h.app.budget.reader.current())!.summary("527560", new Date()))!;
    expect(`TW ${table.triwulan}`).toBe(summary.triwulanLabel); // the quarter /anggaran reports
    const exp = h.omspan!.expectedSatker("527560")!;
    const row = table.satker.find((s) => s.kd === "527560")!;
    expect(row.pagu).toBe(exp.pagu);
    expect(row.realisasi).toBe(exp.realisasi);
    expect(row.persen).toBeCloseTo((exp.realisasi / exp.pagu) * 100, 1);
    expect(row.minusAkun).toBe(Object.keys(exp.paguMinusPerAkun).length);
    expect(row.ikpa?.nilai).toBeCloseTo(exp.ikLatest!.score!, 2);
    expect(row.gap).toBeCloseTo(row.target! - row.persen!, 1);
  });

  it("a satker's monthly cumulative series and target line", async () => {
    const c = (await get("api/satker/527560", as(OFFICER))).json() as PanelChart;
    expect(c.realisasi).toHaveLength(12);
    expect(c.realisasi.slice(0, 8).every((v) => typeof v === "number")).toBe(true);
    expect(c.realisasi.slice(8)).toEqual([null, null, null, null]); // after the data's month (August)
    expect(c.target).toHaveLength(12);
    expect((await get("api/satker/999999", as(OFFICER))).status).toBe(404);
  });
});

describe("rate limit", () => {
  it("per user, like the chat's: over RATE_LIMIT_PER_MIN a minute → 429; others unaffected", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) statuses.push((await get("api/saya", as(OFFICER2))).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40)).toEqual([429, 429]);
    expect((await get("api/saya", as(ADMIN))).status).toBe(200);
  });
});

describe("the page and its headers", () => {
  it("HTML with a strict CSP; hashed assets compressed and cached; API never cached", async () => {
    const page = await fetch(base);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors https://web.telegram.org");
    expect(csp).not.toMatch(/unsafe|\*/);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//); // nothing from another origin
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(base + script, { headers: { "accept-encoding": "br" } });
    expect(asset.headers.get("content-encoding")).toBe("br");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const api = await get("api/saya", as(OFFICER));
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    // The bare prefix redirects to the folder (the fragment with initData survives a redirect).
    const bare = await fetch(base.slice(0, -1), { redirect: "manual" });
    expect([bare.status, bare.headers.get("location")]).toEqual([308, "/panel/"]);
  });

  it("no path leaves the built folder", async () => {
    const port = h.app.publicPort();
    for (const p of ["/panel/../package.json", "/panel/%2e%2e/package.json", "/panel/assets/..%2f..%2fpackage.json", "/panel/..%5c..%5cpackage.json", "/panel//etc/passwd", "/panel/%2fetc%2fpasswd", "/panel/src/main.tsx", "/panel/.env"]) {
      const r = await rawGet(port, p);
      expect(r.body).not.toMatch(/"name": "pantau"|root:x:0/);
      expect([400, 404]).toContain(r.status);
    }
  });

  it("no answer holds a full NIK", () => {
    expect(bodies.length).toBeGreaterThan(50);
    const niks = new Set(h.data.p3ke.map((p) => p.nik));
    for (const b of bodies) {
      for (const m of b.match(/\d{16}/g) ?? []) expect(niks.has(m)).toBe(false);
      expect(b).not.toMatch(/\d{16}/);
    }
  });
});

/** A GET with the path exactly as written (fetch would normalise the dots away). */
async function rawGet(port: number | undefined, path: string): Promise<{ status: number; body: string }> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += String(c)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
