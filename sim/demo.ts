/**
 * `npm run demo`: the whole bot with no token and no network. Starts the built-in simulators
 * (Telegram Bot API, SIPP), the real bot against them, and a chat console where you type as
 * an administrator. Scriptable: `echo "/cek 3514…" | npm run demo` prints the transcript and exits.
 *
 * Console commands besides ordinary messages:
 *   :tekan N      press button N of the last message that has buttons
 *   :sebagai ID   type as another Telegram user (e.g. a stranger)
 *   :grup         switch to a group chat;  :pribadi  back to the private chat
 *   :panel        print a fresh URL that opens the Mini App (/panel) in a browser as the administrator
 *   :kirim contoh.xlsx | contoh.csv   send the sample list (sim/sipp-sample-list.ts) as a document: /cekmassal
 *   :keluar       quit
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createServer } from "node:net";
import { loadConfig } from "../src/config.js";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";
import { TelegramSim, type SimMessage } from "./telegram.js";
import { SippSim } from "./sipp.js";
import { generateSippData, samples } from "./sipp-data.js";
import { sampleListCsv, sampleListRows, sampleListXlsx } from "./sipp-sample-list.js";
import { OmspanSim } from "./omspan.js";

const ADMIN_ID = 100001;
const GROUP_ID = -100200300;

async function main(): Promise<void> {
  const interactive = process.stdin.isTTY === true;
  const data = generateSippData({ seed: 2026 });
  const tg = await TelegramSim.start({ botUsername: "pantau_demo_bot" });
  const sipp = await SippSim.start({ data, latencyMs: 40 });
  const omspan = await OmspanSim.start({ realisasiRows: 30_000, satkerCount: 60 });
  const dir = mkdtempSync(join(tmpdir(), "pantau-demo-"));
  // The Mini App, built fresh from webapp/ and served by the bot on a free local port.
  const webappDir = join(dir, "webapp");
  const { build } = await import("vite");
  const { panelViteConfig } = await import("../webapp/vite.config.js");
  await build({ ...panelViteConfig(webappDir), logLevel: "silent" });
  const port = await freePort();
  const panelUrl = `http://127.0.0.1:${port}/panel/`;
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    SIPP_BASE_URL: sipp.baseUrl,
    SIPP_API_TOKEN: "sipp-test-token",
    OMSPAN_BASE_URL: omspan.baseUrl,
    OMSPAN_API_TOKEN: omspan.token,
    OMSPAN_PAGE_PAUSE_MS: "0",
    ADMIN_IDS: String(ADMIN_ID),
    AUDIT_HMAC_KEY: randomBytes(32).toString("hex"), // the demo makes its own key
    DATABASE_URL: `sqlite:${join(dir, "demo.db")}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    WEBAPP_URL: panelUrl,
    PORT: String(port),
    HEALTH_PORT: "0", // no ops port: a bot or another demo on this machine may hold 8081
  });
  // Logs go to stderr only when asked for (LOG_LEVEL=info npm run demo), so the chat stays readable.
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.SIPP_API_TOKEN, config.OMSPAN_API_TOKEN], destination: process.stderr as never });
  const app = await createApp(config, { logger, webappDir });
  await app.start();
  tg.group(GROUP_ID, "Grup Demo Kecamatan Bangil");

  const s = samples(data);
  const say = (line: string) => process.stdout.write(line + "\n");
  say("pantau — demo (simulator Telegram + SIPP, tanpa token, tanpa jaringan)");
  say(`Anda: administrator, id ${ADMIN_ID}. Data sintetis: ${data.desa.length} desa, ${data.p3ke.length.toLocaleString("id-ID")} orang.`);
  say("Contoh NIK (sintetis):");
  say(`  /cek ${s.withBantuan}   ← di P3KE, menerima bantuan`);
  say(`  /cek ${s.noBantuan}   ← di P3KE, tanpa bantuan`);
  say(`  /cek ${s.bantuanOnly}   ← tidak di P3KE, tapi menerima bantuan`);
  say(`  /cek ${s.unknown}   ← tidak ditemukan`);
  say("Desa: /desa (tombol kecamatan → desa; :tekan N), /desa kraton");
  say("Anggaran (OMSPAN sintetis): /anggaran 527560, /anggaran malang, /sinkron");
  say("Daftar NIK sekaligus: /cekmassal lalu :kirim contoh.xlsx (atau :kirim contoh.csv) — daftar contoh calon penerima BLT");
  say("Grup: :grup lalu /langganan 527560 (peringatan anggaran), :pribadi untuk kembali");
  say("Panel (Mini App, /panel): buka alamat ini di peramban — masuk sebagai administrator demo, berlaku 1 jam (:panel untuk alamat baru):");
  say(`  ${tg.webAppUrl(panelUrl, ADMIN_ID)}`);
  say("Perintah konsol: :tekan N, :sebagai ID, :grup, :pribadi, :panel, :kirim contoh.xlsx, :keluar. Ketik /bantuan untuk mulai.");
  say("");

  let from = ADMIN_ID;
  let chatId = ADMIN_ID;
  let lastWithButtons: SimMessage | undefined;

  const show = (m: SimMessage) => {
    const where = m.chatId === GROUP_ID ? "🤖 (grup)" : "🤖";
    if (m.document) say(`${where} 📎 ${m.document.filename} (${m.document.data.length.toLocaleString("id-ID")} byte)${m.text ? ` — ${m.text}` : ""}`);
    else if (m.photo) say(`${where} 🖼️ gambar ${m.photo.width}×${m.photo.height}${m.text ? ` — ${m.text}` : ""}`);
    else say(`${where} ${m.text.split("\n").join("\n   ")}`);
    const buttons = tg.buttons(m);
    if (buttons.length) {
      lastWithButtons = m;
      say("   " + buttons.map((b, i) => `[${i + 1}] ${b.text}${b.url || b.webApp ? " ↗" : ""}`).join("  "));
    }
  };

  /** Run one console line; print everything the bot sent (final state of edited messages). */
  const handle = async (line: string): Promise<boolean> => {
    const text = line.trim();
    if (!text) return true;
    if (!interactive) say(`👤 ${text}`);
    const since = tg.mark();
    const seen = new Set<number>();
    const cb: { id?: string } = {};
    if (text === ":keluar" || text === ":quit") return false;
    if (text.startsWith(":sebagai")) {
      from = Number(text.split(/\s+/)[1]) || ADMIN_ID;
      chatId = chatId === GROUP_ID ? GROUP_ID : from;
      say(`(sekarang mengetik sebagai ${from})`);
      return true;
    }
    if (text === ":panel") {
      say(`(panel sebagai ${from}: ${tg.webAppUrl(panelUrl, from)})`);
      return true;
    }
    if (text === ":grup") {
      chatId = GROUP_ID;
      say("(sekarang di grup)");
      return true;
    }
    if (text === ":pribadi") {
      chatId = from;
      say("(sekarang di chat pribadi)");
      return true;
    }
    if (text.startsWith(":tekan")) {
      const n = Number(text.split(/\s+/)[1]);
      const b = tg.buttons(lastWithButtons)[n - 1];
      if (!lastWithButtons || !b) {
        say("(tidak ada tombol itu)");
        return true;
      }
      if (b.url) {
        say(`(tautan: ${b.url})`);
        return true;
      }
      if (b.webApp) {
        say(`(Mini App — buka di peramban: ${tg.webAppUrl(b.webApp, from)})`);
        return true;
      }
      cb.id = tg.pressButton(from, { chatId: lastWithButtons.chatId, messageId: lastWithButtons.messageId }, b.data ?? "").callback_query?.id;
    } else if (text.startsWith(":kirim")) {
      const name = text.split(/\s+/)[1] ?? "";
      if (!/^contoh\.(xlsx|csv)$/.test(name)) {
        say("(kirim apa? :kirim contoh.xlsx atau :kirim contoh.csv)");
        return true;
      }
      const rows = sampleListRows(data);
      const bytes = name.endsWith(".xlsx") ? await sampleListXlsx(rows) : sampleListCsv(rows, { delimiter: ";" });
      say(`(mengirim ${name}: ${rows.length} baris)`);
      tg.sendDocument(from, bytes, name, { chatId: chatId === from ? undefined : chatId });
    } else {
      tg.sendText(from, text, { chatId: chatId === from ? undefined : chatId });
    }
    try {
      await tg.waitFor({ since, timeoutMs: 15_000, match: (m) => m.chatId === chatId || m.chatId === from });
    } catch {
      if (!cb.id) say("(tidak ada jawaban)");
    }
    await tg.waitForIdle(undefined, 500);
    // A progress message ("⏳ …", "🔄 …" for a sync, "🔎 …" for a list) is edited into the answer later: wait for that, up to 60 s.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && tg.messages.some((m) => m.seq > since && !m.deleted && /^(⏳|🔄|🔎)/u.test(m.text))) {
      await new Promise((r) => setTimeout(r, 200));
      await tg.waitForIdle(undefined, 300);
    }
    if (cb.id) {
      const ans = tg.callbackAnswers.find((a) => a.id === cb.id);
      if (ans?.text) say(`🤖 (notifikasi) ${ans.text}`);
    }
    for (const m of tg.messages) if (m.seq > since && !m.deleted && !seen.has(m.messageId * 1e6 + m.chatId)) {
      seen.add(m.messageId * 1e6 + m.chatId);
      show(m);
    }
    return true;
  };

  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) {
    rl.setPrompt("👤 ");
    rl.prompt();
  }
  // Lines are handled strictly one after another, also when piped in at once.
  let queue = Promise.resolve(true);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await queue;
    await app.stop();
    await tg.close();
    await sipp.close();
    await omspan.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  rl.on("line", (line) => {
    queue = queue.then(async (go) => {
      if (!go) return false;
      const more = await handle(line);
      if (!more) void shutdown();
      else if (interactive) rl.prompt();
      return more;
    });
  });
  rl.on("close", () => void shutdown());
}

main().catch((e: unknown) => {
  console.error("demo gagal:", e instanceof Error ? e.message : e);
  process.exit(1);
});

/** A free TCP port on 127.0.0.1: WEBAPP_URL names the port before the server opens it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}
