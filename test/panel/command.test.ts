import { afterAll, describe, expect, it } from "vitest";
import { ADMIN, GROUP, OFFICER, STRANGER, startHarness, type Harness } from "../helpers/harness.js";

/** /panel in the chat (docs/panel.md): offered only when WEBAPP_URL is set, in private chats, to officers. */
const URL = "https://panel.example.go.id/panel/";
const started: Harness[] = [];
afterAll(async () => {
  for (const h of started) await h.stop();
});

describe("/panel with WEBAPP_URL", () => {
  it("a web_app button and the chat's menu button for officers; a hint in groups; advertised", async () => {
    const h = await startHarness({ env: { WEBAPP_URL: URL }, publicPort: 0 });
    started.push(h);
    await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
    const r = await h.say(OFFICER, "/panel");
    expect(r.text).toContain("Panel pantau");
    expect(h.tg.buttons(r)).toEqual([{ text: "📋 Buka panel", webApp: URL }]);
    expect(h.tg.menuButton(OFFICER)).toEqual({ type: "web_app", text: "Panel", web_app: { url: URL } });
    // /start of an administrator sets it too, and still welcomes.
    expect((await h.say(ADMIN, "/start")).text).toContain("Selamat datang");
    expect(h.tg.menuButton(ADMIN)).toMatchObject({ type: "web_app" });
    expect((await h.say(ADMIN, "/bantuan")).text).toContain("/panel");

    h.tg.group(GROUP, "Grup Kecamatan");
    const g = await h.say(OFFICER, "/panel", { chatId: GROUP });
    expect(g.text).toContain("hanya dibuka di chat pribadi");
    expect(h.tg.buttons(g)[0]!.url).toBe(`https://t.me/${h.tg.botUser.username}?start=panel`);
    expect((await h.say(OFFICER, "/start panel")).text).toContain("Panel pantau");

    // Strangers get the usual refusal, and no menu button.
    expect((await h.say(STRANGER, "/panel")).text).toMatch(/hanya untuk petugas/);
    expect((await h.say(STRANGER, "/start")).text).toMatch(/belum terdaftar/);
    expect(h.tg.menuButton(STRANGER)).toEqual({ type: "commands" });
    expect(h.tg.commands.all_private_chats!.map((c) => c.command)).toContain("panel");
    expect(h.tg.commands.all_group_chats!.map((c) => c.command)).not.toContain("panel");
  });
});

describe("/panel without WEBAPP_URL", () => {
  it("is neither handled nor advertised, sets no menu button, and opens no public port", async () => {
    const h = await startHarness();
    started.push(h);
    expect((await h.say(ADMIN, "/panel")).text).toMatch(/tidak dikenal/i);
    await h.say(ADMIN, "/start");
    expect(h.tg.menuButton(ADMIN)).toEqual({ type: "commands" });
    expect(h.tg.commands.all_private_chats!.map((c) => c.command)).not.toContain("panel");
    expect((await h.say(ADMIN, "/bantuan")).text).not.toContain("/panel");
    expect(h.app.publicPort()).toBeUndefined();
    expect(h.tg.calls.some((c) => c.method === "setChatMenuButton")).toBe(false);
  });
});
