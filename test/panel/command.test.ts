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

describe("/petugas hapus and the menu button", () => {
  it("a removed officer's private chat gets the default menu button back; a chat the bot cannot reach does not stop the removal", async () => {
    const h = await startHarness({ env: { WEBAPP_URL: URL }, publicPort: 0 });
    started.push(h);
    await h.say(ADMIN, `/petugas tambah ${OFFICER}`, { match: /ditambahkan/ });
    await h.say(OFFICER, "/panel", { match: /Panel pantau/ });
    expect(h.tg.menuButton(OFFICER)).toMatchObject({ type: "web_app" });

    expect((await h.say(ADMIN, `/petugas hapus ${OFFICER}`)).text).toMatch(/dihapus/);
    expect(h.tg.menuButton(OFFICER)).toEqual({ type: "commands" });
    expect(h.tg.calls.filter((c) => c.method === "setChatMenuButton").at(-1)).toMatchObject({ ok: true });

    // An officer added by id who never opened a chat with the bot: Telegram refuses the reset.
    const neverStarted = 4_404_404;
    await h.say(ADMIN, `/petugas tambah ${neverStarted}`, { match: /ditambahkan/ });
    const calls = h.tg.calls.length;
    const answer = await h.sendSettled(ADMIN, `/petugas hapus ${neverStarted}`); // settled: the audit entry follows the answer
    expect(answer.map((m) => m.text)).toEqual([expect.stringMatching(/dihapus/)]);
    expect(h.tg.calls.slice(calls).filter((c) => c.method === "setChatMenuButton").map((c) => c.ok)).toEqual([false]);
    expect(await h.app.officers.get(neverStarted)).toBeUndefined();
    expect((await h.app.audit.recent(1))[0]).toMatchObject({ action: "petugas_hapus", subject: String(neverStarted), outcome: "ok" });
    expect(h.logs.join("")).toContain("petugas: menu button not reset");
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
