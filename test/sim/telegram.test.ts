import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { TelegramSim, buttons } from "../../sim/telegram.js";

const USER = 5001;

let sim: TelegramSim;
let bots: Bot[] = [];

beforeEach(async () => {
  sim = await TelegramSim.start();
  bots = [];
});

afterEach(async () => {
  for (const bot of bots) if (bot.isRunning()) await bot.stop();
  await sim.close();
});

/** A grammY bot pointed at the simulator (not started). */
function makeBot(): Bot {
  const bot = new Bot(sim.token, { client: { apiRoot: sim.apiRoot } });
  bots.push(bot);
  return bot;
}

/** Starts long polling and resolves once the bot is polling. */
async function startBot(bot: Bot): Promise<void> {
  bot.catch((err) => {
    throw err.error;
  });
  await new Promise<void>((resolve) => {
    void bot.start({ onStart: () => resolve() });
  });
}

/** Raw Bot API call with fetch: returns HTTP status and JSON. */
async function raw(method: string, body?: unknown, init: RequestInit = {}, token = sim.token) {
  const res = await fetch(`${sim.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    ...init,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { result?: unknown } };
}

async function apiError(p: Promise<unknown>): Promise<GrammyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrammyError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("HTTP surface", () => {
  it("answers getMe; 401 for a wrong token; 404 for an unknown method", async () => {
    const me = await raw("getMe");
    expect(me.json).toMatchObject({ ok: true, result: { id: 1000, is_bot: true, username: "pantau_bot" } });
    expect(await raw("getMe", undefined, {}, "1:wrong")).toEqual({
      status: 401,
      json: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await raw("sendTelepathy", {})).toEqual({
      status: 404,
      json: { ok: false, error_code: 404, description: "Not Found: method not found" },
    });
  });

  it("accepts GET with a query string and urlencoded bodies; method names are case-insensitive", async () => {
    sim.user(USER, { started: true });
    const get = await fetch(`${sim.apiRoot}/bot${sim.token}/sendmessage?chat_id=${USER}&text=halo`);
    expect(((await get.json()) as { ok: boolean }).ok).toBe(true);
    const form = await fetch(`${sim.apiRoot}/bot${sim.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        chat_id: String(USER),
        text: "<b>x</b>",
        parse_mode: "HTML",
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "A", callback_data: "a" }]] }),
      }),
    });
    expect(form.status).toBe(200);
    expect(sim.messages.map((m) => m.text)).toEqual(["halo", "x"]);
    expect(buttons(sim.messages[1])).toEqual([{ text: "A", data: "a" }]);
  });

  it("records every call and accepts known but unsimulated methods", async () => {
    const r = await raw("setChatMenuButton", {});
    expect(r.json).toEqual({ ok: true, result: true });
    expect(sim.calls.map((c) => [c.method, c.ok])).toEqual([["setChatMenuButton", true]]);
  });
});

describe("sendMessage validation", () => {
  beforeEach(() => {
    sim.user(USER, { started: true });
  });

  it("stores plain text and raw HTML; returns entities", async () => {
    const bot = makeBot();
    const sent = await bot.api.sendMessage(USER, "<b>NIK</b> 3514…\n&lt;rahasia&gt;", { parse_mode: "HTML" });
    expect(sent.text).toBe("NIK 3514…\n<rahasia>");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 3 }]);
    const m = sim.messages[0]!;
    expect(m).toMatchObject({ chatId: USER, messageId: sent.message_id, text: sent.text, parseMode: "HTML" });
    expect(m.html).toBe("<b>NIK</b> 3514…\n&lt;rahasia&gt;");
  });

  it("rejects bad markup with Telegram's description", async () => {
    const bot = makeBot();
    const cases: [string, string][] = [
      ["Dana < 50%", 'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 5'],
      ["a<br>b", 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1'],
      ["<b>x", 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
      ["<b><i>x</b></i>", 'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ];
    for (const [text, description] of cases) {
      const err = await apiError(bot.api.sendMessage(USER, text, { parse_mode: "HTML" }));
      expect(err.error_code).toBe(400);
      expect(err.description).toBe(description);
    }
    const amp = await apiError(bot.api.sendMessage(USER, "Dinas P&K", { parse_mode: "HTML" }));
    expect(amp.description).toMatch(/^Bad Request: can't parse entities: Unsupported HTML entity/);
    // without parse_mode, "<" and "&" are just text
    expect((await bot.api.sendMessage(USER, "Dana < 50% & P&K")).text).toBe("Dana < 50% & P&K");
    expect(sim.messages).toHaveLength(1);
  });

  it("checks emptiness and length after entity parsing, in UTF-16 units", async () => {
    const bot = makeBot();
    const empty = await apiError(bot.api.sendMessage(USER, "<b> </b>\n", { parse_mode: "HTML" }));
    expect(empty.description).toBe("Bad Request: message text is empty");
    // tags do not count, entities count as one character
    await bot.api.sendMessage(USER, `<b>${"a".repeat(4096)}</b>`, { parse_mode: "HTML" });
    await bot.api.sendMessage(USER, "&lt;".repeat(4096), { parse_mode: "HTML" });
    const long = await apiError(bot.api.sendMessage(USER, `<b>${"a".repeat(4097)}</b>`, { parse_mode: "HTML" }));
    expect(long.description).toBe("Bad Request: message is too long");
    // an emoji outside the BMP counts 2
    await bot.api.sendMessage(USER, "😀".repeat(2048));
    expect((await apiError(bot.api.sendMessage(USER, "😀".repeat(2049)))).description).toBe(
      "Bad Request: message is too long",
    );
    // a text cut in the middle of an emoji is invalid UTF-8
    const cut = "😀".repeat(3).slice(0, 5);
    expect((await apiError(bot.api.sendMessage(USER, cut))).description).toBe("Bad Request: strings must be encoded in UTF-8");
    expect(sim.messages.map((m) => m.text.length)).toEqual([4096, 4096, 4096]);
  });

  it("limits callback_data to 64 bytes of UTF-8 and validates buttons", async () => {
    const bot = makeBot();
    const ok = new InlineKeyboard().text("ok", "é".repeat(32)); // 64 bytes
    await bot.api.sendMessage(USER, "a", { reply_markup: ok });
    const tooLong = new InlineKeyboard().text("x", "é".repeat(33)); // 33 characters, 66 bytes
    expect((await apiError(bot.api.sendMessage(USER, "b", { reply_markup: tooLong }))).description).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect(
      (await apiError(bot.api.sendMessage(USER, "c", { reply_markup: { inline_keyboard: [[{ text: "t" } as never]] } })))
        .description,
    ).toBe("Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    const many = { inline_keyboard: Array.from({ length: 101 }, (_, i) => [{ text: `${i}`, callback_data: `${i}` }]) };
    expect((await apiError(bot.api.sendMessage(USER, "d", { reply_markup: many }))).description).toBe(
      "Bad Request: reply markup is too long",
    );
    // reply keyboards, remove_keyboard and force_reply are accepted
    await bot.api.sendMessage(USER, "e", { reply_markup: { keyboard: [[{ text: "Ya" }, { text: "Tidak" }]], resize_keyboard: true } });
    await bot.api.sendMessage(USER, "f", { reply_markup: { remove_keyboard: true } });
    await bot.api.sendMessage(USER, "g", { reply_markup: { force_reply: true } });
    expect(sim.messages.map((m) => m.text)).toEqual(["a", "e", "f", "g"]);
    expect(buttons(sim.messages[1])).toEqual([{ text: "Ya" }, { text: "Tidak" }]);
  });

  it("validates replies and knows which chats exist", async () => {
    const bot = makeBot();
    expect((await apiError(bot.api.sendMessage(USER, "x", { reply_parameters: { message_id: 999 } }))).description).toBe(
      "Bad Request: message to be replied not found",
    );
    await bot.api.sendMessage(USER, "x", { reply_parameters: { message_id: 999, allow_sending_without_reply: true } });
    const unknown = await apiError(bot.api.sendMessage(424242, "x"));
    expect([unknown.error_code, unknown.description]).toEqual([400, "Bad Request: chat not found"]);
    sim.user(6001); // known user who never started the bot
    const notStarted = await apiError(bot.api.sendMessage(6001, "x"));
    expect([notStarted.error_code, notStarted.description]).toEqual([403, "Forbidden: bot can't initiate conversation with a user"]);
  });
});

describe("files", () => {
  beforeEach(() => {
    sim.user(USER, { started: true });
  });

  it("receives sendDocument as multipart from grammY's InputFile", async () => {
    const bot = makeBot();
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 255, 13, 10, 45, 45]); // includes CRLF and "--"
    const sent = await bot.api.sendDocument(USER, new InputFile(bytes, "Rekap Désa 2026.xlsx"), {
      caption: "<b>Rekap</b> desa",
      parse_mode: "HTML",
      reply_markup: new InlineKeyboard().text("Lagi", "again"),
    });
    expect(sent.document).toMatchObject({ file_name: "Rekap Désa 2026.xlsx", file_size: bytes.length });
    const m = sim.messages[0]!;
    expect(m.kind).toBe("document");
    expect(m.document?.filename).toBe("Rekap Désa 2026.xlsx");
    expect(m.document?.mimeType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(m.document?.data.equals(bytes)).toBe(true);
    expect(m.caption).toBe("Rekap desa");
    expect(m.text).toBe("Rekap desa");
    expect(buttons(m)).toEqual([{ text: "Lagi", data: "again" }]);

    // the file can be fetched back, and re-sent by file_id
    const file = await bot.api.getFile(sent.document.file_id);
    const download = await fetch(`${sim.apiRoot}/file/bot${sim.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    await bot.api.sendDocument(USER, sent.document.file_id);
    expect(sim.messages[1]!.document?.data.equals(bytes)).toBe(true);

    const longCaption = await apiError(bot.api.sendDocument(USER, new InputFile(bytes, "a.csv"), { caption: "x".repeat(1025) }));
    expect(longCaption.description).toBe("Bad Request: message caption is too long");
    const empty = await apiError(bot.api.sendDocument(USER, new InputFile(Buffer.alloc(0), "a.csv")));
    expect(empty.description).toBe("Bad Request: file must be non-empty");
  });

  it("sendPhoto needs an image", async () => {
    const bot = makeBot();
    const png = Buffer.alloc(33);
    png.writeUInt32BE(0x89504e47, 0);
    png.writeUInt32BE(640, 16);
    png.writeUInt32BE(480, 20);
    const sent = await bot.api.sendPhoto(USER, new InputFile(png, "chart.png"), { caption: "Grafik" });
    expect(sent.photo?.[0]).toMatchObject({ width: 640, height: 480 });
    expect(sim.messages[0]!.photo?.data.equals(png)).toBe(true);
    const bad = await apiError(bot.api.sendPhoto(USER, new InputFile(Buffer.from("not an image"), "x.png")));
    expect(bad.description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
  });
});

describe("long polling with a grammY bot", () => {
  it("delivers updates in order and confirms them with offset", async () => {
    const bot = makeBot();
    const seen: number[] = [];
    bot.command("cek", async (ctx) => {
      seen.push(ctx.update.update_id);
      await ctx.reply(`<b>hasil</b> ${ctx.match}`, { parse_mode: "HTML" });
    });
    await startBot(bot);
    const u1 = sim.sendText(USER, "/cek 1");
    const u2 = sim.sendText(USER, "/cek@pantau_bot 2");
    const u3 = sim.sendText(USER, "/cek 3");
    expect(u1.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 4 }]);
    expect(u2.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 15 }]);
    const last = await sim.waitFor({ chatId: USER, match: /hasil 3/ });
    expect(seen).toEqual([u1.update_id, u2.update_id, u3.update_id]);
    expect(sim.messagesIn(USER).map((m) => m.text)).toEqual(["hasil 1", "hasil 2", "hasil 3"]);
    expect(last.replyToMessageId).toBeUndefined();
    await bot.stop(); // confirms the processed updates
    expect(sim.stats().updatesPending).toBe(0);
  });

  it("holds a long poll until an update arrives, ends a second poll with 409, and respects offset", async () => {
    const first = raw("getUpdates", { timeout: 10 });
    await new Promise((r) => setTimeout(r, 50));
    const second = raw("getUpdates", { timeout: 10 });
    expect(await first).toEqual({
      status: 409,
      json: {
        ok: false,
        error_code: 409,
        description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      },
    });
    setTimeout(() => {
      sim.sendText(USER, "satu");
      sim.sendText(USER, "dua");
    }, 100);
    // Held until the updates came (an early answer would carry none of them).
    const got = (await second).json.result as Update[];
    expect(got.map((u) => u.message?.text)).toEqual(["satu", "dua"]);
    // not confirmed yet: delivered again; offset confirms
    expect(((await raw("getUpdates", {})).json.result as Update[]).length).toBe(2);
    const afterOffset = (await raw("getUpdates", { offset: got[1]!.update_id + 1 })).json.result as Update[];
    expect(afterOffset).toEqual([]);
    expect(sim.stats().updatesPending).toBe(0);
  });

  it("close() ends a pending long poll at once", async () => {
    const poll = raw("getUpdates", { timeout: 30 });
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    // Answered by close(), not by its own 30 s timeout (the test would time out first).
    expect((await poll).json).toEqual({ ok: true, result: [] });
  });

  it("drives buttons, edits and callback answers end to end", async () => {
    const bot = makeBot();
    bot.command("desa", (ctx) => ctx.reply("Pilih desa", { reply_markup: new InlineKeyboard().text("Bangil", "d:1") }));
    bot.on("callback_query:data", async (ctx) => {
      await ctx.answerCallbackQuery({ text: `ok ${ctx.callbackQuery.data}` });
      await ctx.editMessageText(`Desa ${ctx.callbackQuery.data}`); // no reply_markup: keyboard removed
    });
    await startBot(bot);
    sim.sendText(USER, "/desa");
    const menu = await sim.waitFor({ chatId: USER, match: /Pilih/ });
    const mark = sim.mark();
    const press = sim.pressButton(USER, menu, "d:1");
    const answer = await sim.waitForCallbackAnswer(press.callback_query!.id);
    expect(answer.text).toBe("ok d:1");
    const edited = await sim.waitFor({ chatId: USER, since: mark, match: /Desa d:1/ });
    expect(edited).toBe(menu); // same message, edited in place
    expect(edited.edits).toBe(1);
    expect(buttons(edited)).toEqual([]);
    // a forged press on the old message reaches the bot too
    const forged = sim.pressButton(USER, menu, "anything:at:all");
    await sim.waitForCallbackAnswer(forged.callback_query!.id);
    // answering twice fails
    const again = await apiError(bot.api.answerCallbackQuery(press.callback_query!.id));
    expect(again.description).toBe("Bad Request: query is too old and response timeout expired or query ID is invalid");
  });

  it("waitForIdle waits until the bot has handled everything; bot.stop() leaves no 409 behind", async () => {
    const bot = makeBot();
    bot.on("message:text", async (ctx) => {
      await ctx.reply("sebentar…");
      await new Promise((r) => setTimeout(r, 100)); // e.g. an upstream call
      await ctx.reply("selesai");
    });
    await startBot(bot);
    sim.sendText(USER, "halo");
    await sim.waitForIdle(USER, 50);
    expect(sim.messagesIn(USER).map((m) => m.text)).toEqual(["sebentar…", "selesai"]);
    await bot.stop();
    expect(sim.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("filters update types like allowed_updates does", async () => {
    sim.pushUpdate({
      chat_member: {
        chat: { id: -1, type: "group", title: "g" },
        from: sim.user(USER),
        date: 0,
        old_chat_member: { status: "left", user: sim.user(USER) },
        new_chat_member: { status: "member", user: sim.user(USER) },
      },
    });
    const inline = sim.pushUpdate({ inline_query: { id: "q1", from: sim.user(USER), query: "3514", offset: "" } });
    const got = (await raw("getUpdates", {})).json.result as Update[];
    expect(got.map((u) => u.update_id)).toEqual([inline.update_id]); // chat_member is opt-in
  });

  it("waitFor rejects with what the chat received", async () => {
    sim.user(USER, { started: true });
    await makeBot().api.sendMessage(USER, "Data tidak ditemukan");
    await expect(sim.waitFor({ chatId: USER, match: /Nama/, timeoutMs: 100 })).rejects.toThrow(
      /no bot message in chat 5001 with seq > 0 matching \/Nama\/[\s\S]*"Data tidak ditemukan"/,
    );
  });
});

describe("edits and deletes", () => {
  beforeEach(() => {
    sim.user(USER, { started: true });
  });

  it("reports 'message is not modified' and missing messages", async () => {
    const bot = makeBot();
    const kb = new InlineKeyboard().text("A", "a");
    const m = await bot.api.sendMessage(USER, "<b>x</b>", { parse_mode: "HTML", reply_markup: kb });
    const same = await apiError(bot.api.editMessageText(USER, m.message_id, "<b>x</b>", { parse_mode: "HTML", reply_markup: kb }));
    expect(same.description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const seqBefore = sim.messages[0]!.seq;
    await bot.api.editMessageText(USER, m.message_id, "<b>x</b>", { parse_mode: "HTML" }); // keyboard removed = a change
    expect(sim.messages[0]!.seq).toBeGreaterThan(seqBefore);
    expect((await apiError(bot.api.editMessageReplyMarkup(USER, m.message_id))).description).toMatch(/not modified/);
    expect((await apiError(bot.api.editMessageText(USER, 999, "y"))).description).toBe("Bad Request: message to edit not found");
    await bot.api.deleteMessage(USER, m.message_id);
    expect(sim.messages[0]!.deleted).toBe(true);
    expect((await apiError(bot.api.deleteMessage(USER, m.message_id))).description).toBe(
      "Bad Request: message to delete not found",
    );
  });
});

describe("errors Telegram gives for chats", () => {
  it("403 after the user blocks the bot, with a my_chat_member update", async () => {
    const bot = makeBot();
    sim.user(USER, { started: true });
    await bot.api.sendMessage(USER, "halo");
    const update = sim.blockBy(USER);
    expect(update.my_chat_member).toMatchObject({
      chat: { id: USER, type: "private" },
      old_chat_member: { status: "member" },
      new_chat_member: { status: "kicked" },
    });
    const err = await apiError(bot.api.sendMessage(USER, "halo lagi"));
    expect([err.error_code, err.description]).toEqual([403, "Forbidden: bot was blocked by the user"]);
    sim.unblock(USER);
    await bot.api.sendMessage(USER, "kembali");
  });

  it("403 after the bot is removed from a group, 400 + migrate_to_chat_id after migration", async () => {
    const bot = makeBot();
    sim.addBotToGroup(-100, USER);
    await bot.api.sendMessage(-100, "halo grup");
    sim.migrateGroup(-100, -1001234567890);
    const moved = await apiError(bot.api.sendMessage(-100, "x"));
    expect([moved.error_code, moved.description, moved.parameters.migrate_to_chat_id]).toEqual([
      400,
      "Bad Request: group chat was upgraded to a supergroup chat",
      -1001234567890,
    ]);
    await bot.api.sendMessage(-1001234567890, "di supergrup");
    sim.removeBotFromGroup(-1001234567890, USER);
    const kicked = await apiError(bot.api.sendMessage(-1001234567890, "x"));
    expect([kicked.error_code, kicked.description]).toEqual([403, "Forbidden: bot was kicked from the supergroup chat"]);
    const types = ((await raw("getUpdates", {})).json.result as Update[]).map((u) =>
      u.my_chat_member ? `member:${u.my_chat_member.new_chat_member.status}` : u.message?.migrate_to_chat_id ? "migrate_to" : u.message?.migrate_from_chat_id ? "migrate_from" : u.message?.new_chat_members ? "joined" : "?",
    );
    expect(types).toEqual(["member:member", "joined", "migrate_to", "migrate_from", "member:kicked"]);
  });

  it("applies group privacy mode", async () => {
    sim.group(-200, "Grup Kecamatan");
    expect(sim.sendText(USER, "halo semua", { chatId: -200 }).update_id).toBe(0);
    expect(sim.sendText(USER, "/langganan@other_bot", { chatId: -200 }).update_id).toBe(0);
    expect(sim.sendText(USER, "/langganan", { chatId: -200 }).update_id).toBeGreaterThan(0);
    expect(sim.sendText(USER, "/langganan@Pantau_Bot", { chatId: -200 }).update_id).toBeGreaterThan(0);
    expect(sim.stats().undelivered).toBe(2);
  });

  it("getChatMember reflects what the test set up", async () => {
    const bot = makeBot();
    sim.group(-300, "Grup");
    sim.sendText(USER, "/start", { chatId: -300 });
    sim.setMemberStatus(-300, 6001, "administrator");
    expect((await bot.api.getChatMember(-300, USER)).status).toBe("member");
    expect((await bot.api.getChatMember(-300, 6001)).status).toBe("administrator");
    expect((await bot.api.getChatAdministrators(-300)).map((m) => m.user.id)).toEqual([6001]);
  });
});

describe("flood limits and injected failures", () => {
  it("failNext injects a 429 with retry_after, once", async () => {
    const bot = makeBot();
    sim.user(USER, { started: true });
    sim.failNext("sendMessage", { error_code: 429, retry_after: 3 });
    const err = await apiError(bot.api.sendMessage(USER, "x"));
    expect([err.error_code, err.description, err.parameters.retry_after]).toEqual([429, "Too Many Requests: retry after 3", 3]);
    await bot.api.sendMessage(USER, "x");
    expect(sim.stats()).toMatchObject({ rateLimited: 1, injectedFailures: 1 });
  });

  it("failNext can target one chat and several calls", async () => {
    const bot = makeBot();
    sim.user(USER, { started: true });
    sim.user(USER + 1, { started: true });
    sim.failNext("sendMessage", { error_code: 502, times: 2, chatId: USER });
    await bot.api.sendMessage(USER + 1, "other chat is fine");
    expect((await apiError(bot.api.sendMessage(USER, "x"))).error_code).toBe(502);
    expect((await apiError(bot.api.sendMessage(USER, "x"))).error_code).toBe(502);
    await bot.api.sendMessage(USER, "x");
  });

  it("enforces per-chat, per-group and global limits with retry_after from the window", async () => {
    await sim.close();
    sim = await TelegramSim.start({ limits: { perChatPerSec: 1 } });
    const bot = makeBot();
    sim.user(USER, { started: true });
    sim.user(USER + 1, { started: true });
    sim.user(USER + 2, { started: true });
    await bot.api.sendMessage(USER, "1");
    const err = await apiError(bot.api.sendMessage(USER, "2"));
    expect([err.error_code, err.description, err.parameters.retry_after]).toEqual([429, "Too Many Requests: retry after 1", 1]);
    await bot.api.sendMessage(USER + 1, "another chat is fine");
    // edits are not counted
    await bot.api.editMessageText(USER, sim.messages[0]!.messageId, "1 (diedit)");
    await new Promise((r) => setTimeout(r, 1010));
    await bot.api.sendMessage(USER, "2");

    sim.setLimits({ perGroupPerMin: 3 });
    sim.group(-400, "Grup");
    for (const text of ["g1", "g2", "g3"]) await bot.api.sendMessage(-400, text);
    const group = await apiError(bot.api.sendMessage(-400, "g4"));
    expect(group.error_code).toBe(429);
    expect(group.parameters.retry_after).toBeGreaterThanOrEqual(59);
    expect(group.parameters.retry_after).toBeLessThanOrEqual(60);

    sim.setLimits({ globalPerSec: 2 });
    await bot.api.sendMessage(USER, "a");
    await bot.api.sendMessage(USER + 1, "b");
    expect((await apiError(bot.api.sendMessage(USER + 2, "c"))).error_code).toBe(429);
    expect(sim.stats().rateLimited).toBe(3);
  });
});

describe("webhook", () => {
  it("POSTs updates in order with the secret header, retries failures, and blocks getUpdates", async () => {
    const received: { secret: string | undefined; update: Update }[] = [];
    let failFirst = true;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (failFirst) {
          failFirst = false;
          res.writeHead(500).end();
          return;
        }
        received.push({
          secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
          update: JSON.parse(Buffer.concat(chunks).toString()) as Update,
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const set = await raw("setWebhook", { url, secret_token: "rahasia_123" });
      expect(set.json).toEqual({ ok: true, result: true, description: "Webhook was set" });
      const blocked = await raw("getUpdates", {});
      expect(blocked.status).toBe(409);
      expect(blocked.json.description).toBe(
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
      expect((await raw("setWebhook", { url, secret_token: "no spaces!" })).json.description).toBe(
        "Bad Request: secret token contains unallowed characters",
      );
      sim.sendText(USER, "satu");
      sim.sendText(USER, "dua");
      sim.sendText(USER, "tiga");
      await sim.waitForIdle(undefined, 50);
      expect(received.map((r) => r.update.message?.text)).toEqual(["satu", "dua", "tiga"]);
      expect(received.every((r) => r.secret === "rahasia_123")).toBe(true);
      const info = (await raw("getWebhookInfo")).json.result as Record<string, unknown>;
      expect(info).toMatchObject({ url, pending_update_count: 0, last_error_message: "Wrong response from the webhook: 500 Internal Server Error" });
      expect(sim.stats()).toMatchObject({ webhookDeliveries: 3, webhookFailures: 1, webhookDropped: 0 });
      expect((await raw("deleteWebhook", {})).json.description).toBe("Webhook was deleted");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("sends an update again when the bot answers the webhook too late", async () => {
    await sim.close();
    sim = await TelegramSim.start({ webhook: { timeoutMs: 300, retryDelayMs: 10 } });
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      req.resume();
      // the first answer comes after the simulator gave up waiting
      setTimeout(() => res.writeHead(200).end(), calls === 1 ? 1000 : 0);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      await raw("setWebhook", { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
      sim.sendText(USER, "halo");
      await sim.waitForIdle(undefined, 50);
      expect(calls).toBe(2);
      expect(sim.stats()).toMatchObject({ webhookDeliveries: 1, webhookFailures: 1 });
      expect(((await raw("getWebhookInfo")).json.result as Record<string, unknown>).last_error_message).toBe(
        "Read timeout expired",
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("drives a grammY webhookCallback bot", async () => {
    const bot = makeBot();
    bot.command("cek", (ctx) => ctx.reply(`diterima ${ctx.match}`));
    await bot.init();
    const server = http.createServer(webhookCallback(bot, "http", { secretToken: "s3cret" }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { secret_token: "s3cret" });
      sim.sendText(USER, "/cek 3514");
      expect((await sim.waitFor({ chatId: USER })).text).toBe("diterima 3514");
    } finally {
      await bot.api.deleteWebhook();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("setMyCommands", () => {
  it("stores lists per scope and language and validates commands", async () => {
    const bot = makeBot();
    sim.group(-500, "Grup");
    await bot.api.setMyCommands([{ command: "cek", description: "Cek NIK" }], { scope: { type: "all_private_chats" } });
    await bot.api.setMyCommands([{ command: "/langganan", description: " Langganan peringatan " }], {
      scope: { type: "all_group_chats" },
    });
    await bot.api.setMyCommands([{ command: "cek", description: "Check" }], { language_code: "en" });
    await bot.api.setMyCommands([{ command: "berhenti", description: "Berhenti" }], { scope: { type: "chat", chat_id: -500 } });
    expect(sim.commands).toEqual({
      all_private_chats: [{ command: "cek", description: "Cek NIK" }],
      all_group_chats: [{ command: "langganan", description: "Langganan peringatan" }],
      "default#en": [{ command: "cek", description: "Check" }],
      "chat:-500": [{ command: "berhenti", description: "Berhenti" }],
    });
    expect(await bot.api.getMyCommands({ scope: { type: "all_private_chats" } })).toEqual([{ command: "cek", description: "Cek NIK" }]);
    expect(await bot.api.getMyCommands()).toEqual([]);

    const bad: [Parameters<typeof bot.api.setMyCommands>[0], string][] = [
      [[{ command: "Cek", description: "x" }], "Bad Request: BOT_COMMAND_INVALID"],
      [[{ command: "cek-nik", description: "x" }], "Bad Request: BOT_COMMAND_INVALID"],
      [[{ command: "a".repeat(33), description: "x" }], "Bad Request: command length must not exceed 32"],
      [[{ command: "cek", description: "" }], "Bad Request: command description must be non-empty"],
      [[{ command: "cek", description: "x".repeat(257) }], "Bad Request: command description length must not exceed 256"],
      [Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: "x" })), "Bad Request: BOT_COMMANDS_TOO_MUCH"],
    ];
    for (const [commands, description] of bad) {
      expect((await apiError(bot.api.setMyCommands(commands))).description).toBe(description);
    }
    await bot.api.deleteMyCommands({ scope: { type: "all_private_chats" } });
    expect(sim.commands.all_private_chats).toBeUndefined();
  });
});
