import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";

const KEY = "k".repeat(32);
const base = { TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", ADMIN_IDS: "111,222", AUDIT_HMAC_KEY: KEY };

describe("config", () => {
  it("applies the documented defaults (.env.example)", () => {
    const c = loadConfig(base);
    expect(c.ADMIN_IDS).toEqual([111, 222]);
    expect(c.DATABASE_URL).toBe("sqlite:data/pantau.db");
    expect(c.BOT_MODE).toBe("polling");
    expect(c.TELEGRAM_API_ROOT).toBe("https://api.telegram.org");
    expect(c.SIPP_BASE_URL).toBe("https://sipp.pasuruankab.go.id");
    expect(c.PORT).toBe(8080);
    expect(c.ANGGARAN_TARGET_TW["52"]).toEqual([15, 50, 70, 90]);
  });

  it.each([
    [{ ...base, ADMIN_IDS: undefined }, /ADMIN_IDS wajib diisi/],
    [{ ...base, ADMIN_IDS: "12,abc" }, /ADMIN_IDS/],
    [{ ...base, TELEGRAM_BOT_TOKEN: undefined }, /TELEGRAM_BOT_TOKEN wajib diisi/],
    [{ ...base, DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ ...base, BOT_MODE: "webhook" }, /WEBHOOK_URL/],
    [{ ...base, SIPP_TIMEOUT_MS: "soon" }, /SIPP_TIMEOUT_MS/],
    [{ ...base, TELEGRAM_API_ROOT: "not a url" }, /TELEGRAM_API_ROOT/],
    [{ ...base, AUDIT_HMAC_KEY: undefined }, /AUDIT_HMAC_KEY wajib diisi/],
    [{ ...base, AUDIT_HMAC_KEY: "k".repeat(31) }, /AUDIT_HMAC_KEY — minimal 32 byte/],
    [{ ...base, AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: "/nonexistent/key" }, /AUDIT_HMAC_KEY_FILE — berkas tidak bisa dibaca/],
    [{ ...base, METRICS_TOKEN: "short" }, /METRICS_TOKEN/],
  ])("a bad or missing variable stops the start with one line naming it (%#)", (env, re) => {
    expect(() => loadConfig(env)).toThrow(re);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("reads the audit key from AUDIT_HMAC_KEY_FILE (trailing newline dropped) and never echoes a short one", () => {
    const dir = mkdtempSync(join(tmpdir(), "pantau-key-"));
    const file = join(dir, "key");
    writeFileSync(file, `${"f".repeat(40)}\n`);
    expect(loadConfig({ ...base, AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: file }).AUDIT_HMAC_KEY).toBe("f".repeat(40));
    writeFileSync(file, "rahasia-pendek");
    expect(() => loadConfig({ ...base, AUDIT_HMAC_KEY: undefined, AUDIT_HMAC_KEY_FILE: file })).toThrow(/^(?!.*rahasia-pendek).*minimal 32 byte/);
    rmSync(dir, { recursive: true });
  });

  it("never echoes a bad token's value", () => {
    expect(() => loadConfig({ ...base, TELEGRAM_BOT_TOKEN: "secret value" })).toThrow(/^(?!.*secret value).*$/);
  });
});

describe("logger redaction", () => {
  function capture() {
    const lines: string[] = [];
    const dest = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    return { lines, dest };
  }

  it("masks NIKs and secrets anywhere in a log line", () => {
    const { lines, dest } = capture();
    const log = createLogger({ level: "info", secrets: ["sipp-secret-token"], destination: dest as never });
    log.info({ url: "/api/tracking?nik=3514145203880002", nested: { msg: "nik 3514145203880002" } }, "lookup 3514145203880002");
    log.error({ err: new Error("GET https://x/api/tracking?nik=3514145203880002 Bearer sipp-secret-token") }, "failed");
    log.warn({ token: "123:abc", url: "https://api.telegram.org/bot123456:ABCDEFGHIJKLMNOPQRSTUVWXYZab/sendMessage" }, "x");
    const all = lines.join("");
    expect(all).not.toContain("3514145203880002");
    expect(all).toContain("3514********0002");
    expect(all).not.toContain("sipp-secret-token");
    expect(all).not.toContain("ABCDEFGHIJKLMNOPQRSTUVWXYZab");
    expect(all).not.toContain("123:abc");
  });
});
