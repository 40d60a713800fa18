import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ADMIN, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";
import { builtWebapp } from "../helpers/webapp.js";
import { signInitData, webAppLaunchUrl } from "../../sim/telegram.js";

/**
 * The Mini App in a real browser (headless Chromium, Debian's package, driven by
 * playwright-core) against the simulators: opened as Telegram opens it (signed initData in the
 * URL fragment), at a phone's size. Screenshots of each view go to test-results/panel/.
 */
const CHROMIUM = "/usr/bin/chromium";
const SHOTS = "test-results/panel";
const OMSPAN = { realisasiRows: 5_000, satkerCount: 12, seed: 7, asOf: { month: 8, day: 20 } };
// Without Chromium the tests are skipped, saying why; in CI (which installs it) they run and fail.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === "true";
if (!haveChromium) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

let h: Harness;
let browser: Browser;
let pageUrl: string;

async function open(initData: string, theme: "light" | "dark" = "light"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "id-ID", timezoneId: "Asia/Jakarta" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(webAppLaunchUrl(pageUrl, initData, { theme }));
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

describe.skipIf(!haveChromium)("the panel in Chromium", () => {
  beforeAll(async () => {
    const webappDir = await builtWebapp();
    h = await startHarness({ omspan: OMSPAN, publicPort: 0, webappDir, env: { WEBAPP_URL: "https://panel.example.go.id/panel/", RATE_LIMIT_PER_MIN: "1000" } });
    await h.app.budget.sync.inProgress?.catch(() => undefined);
    await h.app.officers.add(OFFICER, "Siti", ADMIN);
    pageUrl = `http://127.0.0.1:${h.app.publicPort()}/panel/`;
    mkdirSync(SHOTS, { recursive: true });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No background traffic (the machine has no internet to reach); launch() gives every run
      // a fresh temporary profile (user-data-dir) of its own and removes it on close.
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it("an officer filters a desa's families and reads the rows; NIKs masked", async () => {
    const page = await open(signInitData(h.tg.token, { id: OFFICER, first_name: "Siti" }));
    const kode = h.sample.desa;
    expect(new URL(page.url()).hash).toBe(""); // initData does not stay in the address bar
    await page.getByTestId("kecamatan-list").waitFor();
    await shot(page, "1-kecamatan");
    await page.getByTestId("kecamatan-list").getByRole("button", { name: new RegExp(kode.slice(4, 6)) }).first().click();
    await page.getByTestId("desa-list").getByRole("button", { name: new RegExp(kode) }).click();
    await page.getByTestId("family-count").waitFor();
    await shot(page, "2-keluarga");

    const people = h.data.p3ke.filter((p) => p.kode_kemdagri === kode);
    const families = new Map<string, (typeof people)[number][]>();
    for (const p of people) families.set(p.id_keluarga_p3ke, [...(families.get(p.id_keluarga_p3ke) ?? []), p]);
    await expect.poll(() => page.getByTestId("family-count").textContent()).toContain(`dari ${families.size} keluarga`);

    // Desil 1 without bantuan: the families the summary in chat lists first.
    const recipients = new Set(h.data.bantuan.filter((b) => b.kode_kemdagri === kode).map((b) => b.nik));
    const expected = [...families.values()].filter((m) => m[0]!.desil_kesejahteraan === 1 && !m.some((p) => recipients.has(p.nik)));
    await page.getByTestId("filter-desil").selectOption("1");
    await page.getByTestId("filter-bantuan").selectOption("tidak");
    await expect.poll(() => page.getByTestId("family-count").textContent()).toContain(`Menampilkan ${expected.length} dari`);
    const rows = await page.getByTestId("family").allTextContents();
    expect(rows).toHaveLength(Math.min(expected.length, 50));
    for (const r of rows) {
      expect(r).toContain("Desil 1");
      expect(r).toContain("Tanpa bantuan");
      expect(r).toMatch(/\d{4}\*{8}\d{4}/);
      expect(r).not.toMatch(/\d{16}/);
    }
    const heads = expected.map((m) => (m.find((p) => p.hubungan_dengan_kepala_keluarga === "Kepala Keluarga") ?? m[0]!).nama);
    for (const r of rows) expect(heads.some((n) => r.includes(n))).toBe(true);
    await shot(page, "3-keluarga-disaring");

    // Search by name narrows to that family.
    const one = heads[0]!;
    await page.getByTestId("search").fill(one.split(" ")[0]!);
    await expect.poll(async () => (await page.getByTestId("family").allTextContents()).every((r) => r.toUpperCase().includes(one.split(" ")[0]!))).toBe(true);
    expect(await page.content()).not.toMatch(/\d{16}/);
    await page.context().close();
  });

  it("the satker table sorts by a column; a satker's chart is drawn", async () => {
    const page = await open(signInitData(h.tg.token, { id: OFFICER, first_name: "Siti" }), "dark");
    await page.getByTestId("tab-anggaran").click();
    await page.getByTestId("satker-table").waitFor();
    const persen = async () => (await page.getByTestId("persen").allTextContents()).map((s) => Number(s.replace("%", "").replace(",", ".")));
    const byDefault = await persen(); // realisasi %, highest first
    expect(byDefault).toHaveLength(OMSPAN.satkerCount);
    expect(byDefault).toEqual([...byDefault].sort((a, b) => b - a));
    await page.getByTestId("sort-persen").click(); // lowest first
    const asc = await persen();
    expect(asc).toEqual([...byDefault].sort((a, b) => a - b));
    await shot(page, "4-satker");
    await page.getByTestId("sort-nama").click();
    const names = await page.locator("[data-testid=satker-row] th button").allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "id", { sensitivity: "base", numeric: true })));

    await page.locator("[data-testid=satker-row][data-kd='527560']").click();
    await page.getByTestId("satker-detail").waitFor();
    const canvas = page.getByTestId("chart");
    await canvas.waitFor();
    // Drawn: the canvas holds non-transparent pixels.
    await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0))).toBe(true);
    await shot(page, "5-grafik");
    await page.context().close();
  });

  it("a stranger's or forged initData shows an error and no data", async () => {
    const stranger = await open(signInitData(h.tg.token, { id: STRANGER, first_name: "X" }));
    await stranger.getByRole("alert").waitFor();
    expect(await stranger.getByRole("alert").textContent()).toContain(`ID Telegram Anda: ${STRANGER}`);
    expect(await stranger.getByTestId("kecamatan-list").count()).toBe(0);
    await shot(stranger, "6-orang-asing");
    await stranger.context().close();

    const forged = await open(signInitData("999999:ANOTHER-BOT", { id: OFFICER, first_name: "Siti" }));
    await forged.getByRole("alert").waitFor();
    expect(await forged.getByRole("alert").textContent()).toContain("Sesi Telegram tidak sah");
    expect(await forged.locator("[data-testid=kecamatan-list], [data-testid=satker-table]").count()).toBe(0);
    await shot(forged, "7-initdata-palsu");
    await forged.context().close();

    const expired = await open(signInitData(h.tg.token, { id: OFFICER, first_name: "Siti" }, { authDate: Math.floor(Date.now() / 1000) - 7200 }));
    await expired.getByRole("alert").waitFor();
    expect(await expired.getByRole("alert").textContent()).toContain("kedaluwarsa");
    await expired.context().close();

    // Opened outside Telegram: no initData at all.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const bare = await context.newPage();
    await bare.goto(pageUrl);
    await bare.getByRole("alert").waitFor();
    expect(await bare.getByRole("alert").textContent()).toContain("/panel");
    await context.close();
  });
});
