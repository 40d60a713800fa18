import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectedDesaSummary, generateSippData, samples, type SippDataset } from "../../sim/sipp-data.js";
import { SippSim } from "../../sim/sipp.js";

const TOKEN = "sipp-test-token";
const HEADERS = { authorization: `Bearer ${TOKEN}`, accept: "application/json" };

interface Page {
  current_page: number;
  data: Record<string, unknown>[];
  first_page_url: string;
  from: number | null;
  last_page: number;
  last_page_url: string;
  links: { url: string | null; label: string; active: boolean }[];
  next_page_url: string | null;
  path: string;
  per_page: number;
  prev_page_url: string | null;
  to: number | null;
  total: number;
}

let ds: SippDataset;
let sim: SippSim;

async function get(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(sim.baseUrl + path, { headers: HEADERS, redirect: "manual", ...init });
}

async function page(path: string): Promise<Page> {
  const res = await get(path);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Page };
  return body.data;
}

/** Walks every page the way a correct client does: original filters + page=N. */
async function walk(endpoint: string, filters: Record<string, string>): Promise<{ rows: Record<string, unknown>[]; first: Page }> {
  const qs = (p: number) => new URLSearchParams({ ...filters, page: String(p) }).toString();
  const first = await page(`${endpoint}?${qs(1)}`);
  const rows = [...first.data];
  for (let p = 2; p <= first.last_page; p++) rows.push(...(await page(`${endpoint}?${qs(p)}`)).data);
  return { rows, first };
}

beforeAll(async () => {
  ds = generateSippData({ seed: 7 });
  sim = await SippSim.start({ data: ds });
});

afterAll(async () => {
  await sim.close();
});

afterEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.setNotFound("null-profile");
  sim.setRateLimit(undefined);
});

describe("auth", () => {
  it("answers 401 JSON without or with a wrong token when JSON is accepted", async () => {
    const variants: Record<string, string>[] = [
      { accept: "application/json" },
      { accept: "application/json", authorization: "Bearer nope" },
    ];
    for (const headers of variants) {
      const res = await get("/api/p3ke", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(await res.json()).toEqual({ message: "Unauthenticated." });
    }
  });

  it("redirects to /login without Accept: application/json (Laravel web behaviour)", async () => {
    const res = await get("/api/tracking?nik=1", { headers: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${sim.baseUrl}/login`);
    const login = await fetch(`${sim.baseUrl}/api/p3ke`); // a client that follows redirects gets 200 HTML
    expect(login.status).toBe(200);
    expect(login.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("accepts the token (bearer in any case)", async () => {
    const res = await get("/api/p3ke", { headers: { authorization: `bearer ${TOKEN}`, accept: "application/json" } });
    expect(res.status).toBe(200);
  });

  it("answers unknown routes and methods like Laravel", async () => {
    const nf = await get("/api/desa");
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ message: "The route api/desa could not be found." });
    const post = await get("/api/p3ke", { method: "POST" });
    expect(post.status).toBe(405);
  });
});

describe("pagination and filters", () => {
  it("serves a Laravel length-aware paginator whose page URLs drop the filters", async () => {
    const kode = "3514141005";
    const p1 = await page(`/api/p3ke?kode_kemdagri=${kode}`);
    const expected = ds.p3ke.filter((r) => r.kode_kemdagri === kode);
    expect(p1.total).toBe(expected.length);
    expect(p1.per_page).toBe(15);
    expect(p1.current_page).toBe(1);
    expect(p1.last_page).toBe(Math.ceil(expected.length / 15));
    expect(p1.from).toBe(1);
    expect(p1.to).toBe(15);
    expect(p1.path).toBe(`${sim.baseUrl}/api/p3ke`);
    expect(p1.first_page_url).toBe(`${sim.baseUrl}/api/p3ke?page=1`);
    expect(p1.next_page_url).toBe(`${sim.baseUrl}/api/p3ke?page=2`); // kode_kemdagri dropped!
    expect(p1.last_page_url).toBe(`${sim.baseUrl}/api/p3ke?page=${p1.last_page}`);
    expect(p1.prev_page_url).toBeNull();
    expect(p1.links[0]).toEqual({ url: null, label: "&laquo; Previous", active: false });
    expect(p1.links.at(-1)?.label).toBe("Next &raquo;");
    expect(p1.links.find((l) => l.active)?.label).toBe("1");

    const last = await page(`/api/p3ke?kode_kemdagri=${kode}&page=${p1.last_page}`);
    expect(last.next_page_url).toBeNull();
    expect(last.to).toBe(expected.length);

    const beyond = await page(`/api/p3ke?kode_kemdagri=${kode}&page=${p1.last_page + 5}`);
    expect(beyond.data).toEqual([]);
    expect(beyond.next_page_url).toBeNull();
    expect(beyond.from).toBeNull();
    expect(beyond.to).toBeNull();
    expect(beyond.total).toBe(expected.length);

    // following next_page_url blindly gives the unfiltered kabupaten
    const blind = (await (await fetch(p1.next_page_url!, { headers: HEADERS })).json()) as { data: Page };
    expect(blind.data.total).toBe(ds.p3ke.length);
  });

  it("walks every page to exactly the filtered rows, in a stable order", async () => {
    const kode = samples(ds).desa;
    const { rows, first } = await walk("/api/p3ke", { kode_kemdagri: kode });
    const expected = ds.p3ke.filter((r) => r.kode_kemdagri === kode);
    expect(rows).toHaveLength(first.total);
    expect(rows.map((r) => r.nik)).toEqual(expected.map((r) => r.nik));
    expect(new Set(rows.map((r) => r.kode_kemdagri))).toEqual(new Set([kode]));
    const again = await walk("/api/p3ke", { kode_kemdagri: kode });
    expect(again.rows).toEqual(rows);

    const b = await walk("/api/bantuan", { kode_kemdagri: kode });
    expect(b.rows).toHaveLength(expectedDesaSummary(ds, kode).bantuanRows);
    expect(b.rows.map((r) => r.nik)).toEqual(ds.bantuan.filter((x) => x.kode_kemdagri === kode).map((x) => x.nik));
  });

  it("filters by kode (digits only), names (case/space-insensitive), nik; AND-combined", async () => {
    const n = ds.p3ke.filter((r) => r.kode_kemdagri === "3514141005").length;
    expect((await page("/api/p3ke?kode_kemdagri=35.14.14.1005")).total).toBe(n);
    expect((await page("/api/p3ke?kecamatan=%20bangil%20&desa_kelurahan=Bendomungal")).total).toBe(n);
    expect((await page("/api/p3ke?kode_kemdagri=3514141005&kecamatan=PURWODADI")).total).toBe(0);
    expect((await page("/api/p3ke?kode_kemdagri=")).total).toBe(ds.p3ke.length); // empty = no filter

    const gw = ds.p3ke.filter((r) => r.kode_kemdagri.startsWith("351418")).length;
    expect((await page("/api/p3ke?kecamatan=GONDANGWETAN")).total).toBe(gw);
    expect((await page("/api/p3ke?kecamatan=Gondang%20Wetan")).total).toBe(gw);

    // the same desa name in several kecamatan: a name-only search is ambiguous
    const sumberrejo = ds.p3ke.filter((r) => r.desa_kelurahan === "SUMBERREJO");
    const p = await page("/api/p3ke?desa_kelurahan=sumberrejo");
    expect(p.total).toBe(sumberrejo.length);
    expect(new Set(sumberrejo.map((r) => r.kode_kemdagri)).size).toBeGreaterThan(1);

    const oro = ds.desa.find((d) => d.nama === "ORO-ORO OMBO")!;
    expect((await page("/api/p3ke?desa_kelurahan=ORO-ORO%20OMBO")).total).toBe(
      ds.p3ke.filter((r) => r.kode_kemdagri === oro.kode_kemdagri).length,
    );

    const { withBantuan } = samples(ds);
    const rows = ds.bantuan.filter((b) => b.nik === withBantuan);
    const byNik = await page(`/api/bantuan?nik=${withBantuan}`);
    expect(byNik.total).toBe(rows.length);
    expect((await page(`/api/bantuan?nik=${withBantuan}&kode_kemdagri=${rows[0]!.kode_kemdagri}`)).total).toBe(rows.length);
    expect((await page(`/api/bantuan?nik=${withBantuan}&kode_kemdagri=3514999999`)).total).toBe(0);
  });

  it("escapes slashes like PHP and serves wire quirks", async () => {
    const res = await get("/api/p3ke?kecamatan=BANGIL");
    const text = await res.text();
    expect(text).toContain("\\/Sederajat");
    expect(text).toContain("http:\\/\\/127.0.0.1");
    expect(text).toMatch(/"id":\d+/);
  });

  it("serves canonical rows with quirks: false, and honours perPage", async () => {
    const plain = await SippSim.start({ data: ds, quirks: false, perPage: 20 });
    try {
      const res = await fetch(`${plain.baseUrl}/api/p3ke?kode_kemdagri=3514141005`, { headers: HEADERS });
      const body = (await res.json()) as { data: Page };
      expect(body.data.per_page).toBe(20);
      const expected = ds.p3ke.filter((r) => r.kode_kemdagri === "3514141005").slice(0, 20);
      expect(body.data.data).toEqual(expected);
    } finally {
      await plain.close();
    }
  });
});

describe("tracking", () => {
  it("returns profile and bantuan for the samples", async () => {
    const s = samples(ds);
    const get2 = async (nik: string) =>
      ((await (await get(`/api/tracking?nik=${nik}`)).json()) as { data: { profile?: unknown; bantuan?: unknown[] } }).data;

    const a = await get2(s.withBantuan);
    expect((a.profile as { nik: string }).nik).toBe(s.withBantuan);
    expect(a.bantuan).toHaveLength(ds.bantuan.filter((b) => b.nik === s.withBantuan).length);
    expect(Object.keys(a.bantuan![0] as object)).toEqual(
      expect.arrayContaining(["nama_opd", "strategi", "program", "kegiatan", "sub_kegiatan", "tahun"]),
    );

    const b = await get2(s.noBantuan);
    expect((b.profile as { nik: string }).nik).toBe(s.noBantuan);
    expect(b.bantuan).toEqual([]);

    const c = await get2(s.bantuanOnly);
    expect(c.profile).toBeNull();
    expect(c.bantuan!.length).toBeGreaterThan(0);

    const d = await get2(s.unknown);
    expect(d).toEqual({ profile: null, bantuan: [] });

    const f = await get2(s.female);
    expect((f.profile as { jenis_kelamin: string }).jenis_kelamin).toBe("Perempuan");
  });

  it("answers 422 without nik", async () => {
    for (const q of ["", "?nik=", "?nik=%20"]) {
      const res = await get(`/api/tracking${q}`);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        message: "The nik field is required.",
        errors: { nik: ["The nik field is required."] },
      });
    }
  });

  it("reports an unknown NIK in each configured way", async () => {
    const { unknown, bantuanOnly } = samples(ds);
    const body = async (nik: string) => (await get(`/api/tracking?nik=${nik}`)).json();
    sim.setNotFound("empty-object");
    expect(await body(unknown)).toEqual({ data: { profile: {}, bantuan: [] } });
    sim.setNotFound("empty-array");
    expect(await body(unknown)).toEqual({ data: { profile: [], bantuan: [] } });
    sim.setNotFound("absent");
    expect(await body(unknown)).toEqual({ data: {} });
    const absent = (await body(bantuanOnly)) as { data: Record<string, unknown> };
    expect("profile" in absent.data).toBe(false);
    expect(Array.isArray(absent.data.bantuan)).toBe(true);
    sim.setNotFound("404");
    const res = await get(`/api/tracking?nik=${unknown}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/No query results/);
  });
});

describe("faults", () => {
  const p3ke = "/api/p3ke?kode_kemdagri=3514141005";

  it("status: JSON body for 4xx, HTML page for 5xx (503 maintenance), then recovers", async () => {
    sim.fault({ kind: "status", status: 500 });
    const r500 = await get(p3ke);
    expect(r500.status).toBe(500);
    expect(r500.headers.get("content-type")).toMatch(/text\/html/);
    expect(await r500.text()).toContain("Server Error");

    sim.fault({ kind: "status", status: 503, retryAfter: 30 });
    const r503 = await get(p3ke);
    expect(r503.status).toBe(503);
    expect(r503.headers.get("retry-after")).toBe("30");
    expect(await r503.text()).toContain("Service Unavailable");

    sim.fault({ kind: "status", status: 502 });
    expect(await (await get(p3ke)).text()).toContain("502 Bad Gateway");

    sim.fault({ kind: "status", status: 403 });
    const r403 = await get(p3ke);
    expect(r403.status).toBe(403);
    expect(await r403.json()).toEqual({ message: "This action is unauthorized." });

    expect((await get(p3ke)).status).toBe(200); // times defaults to 1
  });

  it("html200, garbage and badjson are 200s that a client must reject", async () => {
    sim.fault({ kind: "html200" });
    const html = await get(p3ke);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/<html/i);

    sim.fault({ kind: "garbage", times: 2 });
    const g1 = (await (await get(p3ke)).json()) as Record<string, unknown>;
    const g2 = (await (await get(p3ke)).json()) as Record<string, unknown>;
    expect(g1).toEqual({ status: "error", message: expect.any(String) });
    expect(g2).toEqual({ data: "oops" });

    sim.fault({ kind: "garbage", body: '{"data":{"current_page":"x"}}' });
    expect(await (await get(p3ke)).json()).toEqual({ data: { current_page: "x" } });

    sim.fault({ kind: "badjson" });
    const bad = await get(p3ke);
    expect(bad.status).toBe(200);
    expect(bad.headers.get("content-type")).toMatch(/application\/json/);
    const text = await bad.text();
    expect(text.startsWith('{"data":{')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it("rate: 429 with Retry-After", async () => {
    sim.fault({ kind: "rate", retryAfter: 7 });
    const res = await get(p3ke);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toEqual({ message: "Too Many Attempts." });
  });

  it("reset destroys the socket; hang never answers; slow answers late", async () => {
    sim.fault({ kind: "reset" });
    await expect(get(p3ke)).rejects.toThrow();

    sim.fault({ kind: "hang" });
    await expect(get(p3ke, { signal: AbortSignal.timeout(300) })).rejects.toThrow();

    // Late: not there when a client gives up after 50 ms; there in the end.
    sim.fault({ kind: "slow", delayMs: 400, times: 2 });
    await expect(get(p3ke, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    expect((await get(p3ke)).status).toBe(200);
  });

  it("close() ends hanging requests promptly", async () => {
    const own = await SippSim.start({ data: ds });
    own.fault({ kind: "hang", times: Infinity });
    const pending = fetch(`${own.baseUrl}/api/p3ke`, { headers: HEADERS });
    const settled = pending.then(
      () => "resolved",
      () => "rejected",
    );
    await expect.poll(() => own.inFlight).toBe(1); // a loaded machine may take more than 50 ms to get it there
    await own.close(); // resolves although the request would hang forever
    expect(await settled).toBe("rejected");
    expect(own.requests[0]?.status).toBe(0);
  });

  it("path, times, afterRequests and clearFaults", async () => {
    sim.fault({ kind: "status", status: 500, path: "/api/tracking", times: Infinity, afterRequests: 2 });
    const { noBantuan } = samples(ds);
    expect((await get(p3ke)).status).toBe(200); // other path untouched
    expect((await get(`/api/tracking?nik=${noBantuan}`)).status).toBe(200);
    expect((await get(`/api/tracking?nik=${noBantuan}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get(`/api/tracking?nik=${noBantuan}`)).status).toBe(500);
    sim.clearFaults();
    expect((await get(`/api/tracking?nik=${noBantuan}`)).status).toBe(200);

    sim.fault({ kind: "rate", times: 2 });
    expect((await get(p3ke)).status).toBe(429);
    expect((await get(p3ke)).status).toBe(429);
    expect((await get(p3ke)).status).toBe(200);
  });

  it("mid-walk failure with afterRequests", async () => {
    sim.fault({ kind: "status", status: 502, path: "/api/p3ke", afterRequests: 3 });
    const statuses: number[] = [];
    for (let p = 1; p <= 5; p++) statuses.push((await get(`/api/p3ke?kode_kemdagri=3514141005&page=${p}`)).status);
    expect(statuses).toEqual([200, 200, 200, 502, 200]);
  });
});

describe("latency, request log and concurrency", () => {
  it("applies latency and records requests", async () => {
    sim.resetRequests();
    sim.setLatency(400);
    // Not there when a client gives up after 50 ms (the latency applies); recorded all the same.
    await expect(get("/api/p3ke?kode_kemdagri=3514141005&page=2", { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    sim.resetRequests();
    sim.setLatency(120);
    await get("/api/p3ke?kode_kemdagri=3514141005&page=2");
    expect(sim.count()).toBe(1);
    expect(sim.count("/api/p3ke")).toBe(1);
    expect(sim.count("/api/tracking")).toBe(0);
    expect(sim.requests[0]).toMatchObject({
      path: "/api/p3ke",
      query: { kode_kemdagri: "3514141005", page: "2" },
      status: 200,
    });
    expect(typeof sim.requests[0]?.at).toBe("number");
  });

  it("measures the highest number of requests in flight", async () => {
    sim.setLatency(150);
    sim.resetStats();
    await Promise.all(Array.from({ length: 6 }, (_, i) => get(`/api/p3ke?page=${i + 1}`)));
    expect(sim.maxConcurrent).toBe(6);
    sim.resetStats();
    expect(sim.maxConcurrent).toBe(0);
    await get("/api/p3ke");
    expect(sim.maxConcurrent).toBe(1);
  });

  it("optionally enforces a per-minute throttle", async () => {
    sim.setRateLimit(2);
    const minuteLeft = 60_000 - (Date.now() % 60_000);
    if (minuteLeft < 2_000) await new Promise((r) => setTimeout(r, minuteLeft + 50));
    const a = await get("/api/p3ke");
    expect(a.headers.get("x-ratelimit-limit")).toBe("2");
    await get("/api/p3ke");
    const c = await get("/api/p3ke");
    expect(c.status).toBe(429);
    expect(Number(c.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("data changes", () => {
  it("serves mutations after mutate() and a new dataset after setData()", async () => {
    const { noBantuan } = samples(ds);
    const person = ds.p3ke.find((r) => r.nik === noBantuan)!;
    const before = expectedDesaSummary(ds, person.kode_kemdagri);
    sim.mutate((d) =>
      d.bantuan.push({
        kecamatan: person.kecamatan,
        desa_kelurahan: person.desa_kelurahan,
        kode_kemdagri: person.kode_kemdagri,
        nik: noBantuan,
        nama_opd: "DINAS SOSIAL",
        strategi: "Pengurangan Beban Pengeluaran Masyarakat",
        program: "1.06.06. PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL",
        kegiatan: "1.06.06.2.02. Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota",
        sub_kegiatan: "1.06.06.2.02.0001 Tes",
        tahun: "2026",
        nilai: 100_000,
      }),
    );
    try {
      const t = (await (await get(`/api/tracking?nik=${noBantuan}`)).json()) as { data: { bantuan: unknown[] } };
      expect(t.data.bantuan).toHaveLength(1);
      expect((await page(`/api/bantuan?kode_kemdagri=${person.kode_kemdagri}`)).total).toBe(before.bantuanRows + 1);
    } finally {
      sim.mutate((d) => d.bantuan.pop());
    }

    const small = generateSippData({ seed: 99, kecamatan: ["01"], desaPerKecamatan: 2, peoplePerDesa: 10 });
    sim.setData(small);
    try {
      expect((await page("/api/p3ke")).total).toBe(20);
    } finally {
      sim.setData(ds);
    }
    expect((await page("/api/p3ke")).total).toBe(ds.p3ke.length);
  });
});
