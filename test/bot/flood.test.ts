import { afterEach, describe, expect, it, vi } from "vitest";
import { floodWait } from "../../src/bot/flood.js";

type Res = { ok: true; result: true } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };
const tooMany = (s: number): Res => ({ ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: s } });

/** Calls the transformer with a fake `prev` answering `answers` in turn; returns the result and the call count. */
async function call(answers: Res[], opts?: Parameters<typeof floodWait>[0]) {
  let calls = 0;
  const prev = vi.fn(async () => answers[Math.min(calls++, answers.length - 1)]!);
  const t = floodWait(opts) as unknown as (p: typeof prev, m: string, payload: object) => Promise<Res>;
  const p = t(prev, "sendMessage", { chat_id: 1, text: "x" });
  await vi.runAllTimersAsync();
  return { res: await p, calls: () => calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("floodWait (429 for the bot's own answers)", () => {
  it("keeps retrying 429s after retry_after, more often than a fixed retry count would", async () => {
    vi.useFakeTimers();
    const { res, calls } = await call([tooMany(1), tooMany(1), tooMany(1), tooMany(1), tooMany(1), tooMany(2), { ok: true, result: true }]);
    expect(res.ok).toBe(true);
    expect(calls()).toBe(7);
  });

  it("waits at least retry_after, spread over at most one more retry_after (herds come back spread out)", async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const { res } = await call([tooMany(3), { ok: true, result: true }]);
    expect(res.ok).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3000);
    expect(Date.now() - t0).toBeLessThanOrEqual(5000);
  });

  it("gives up when the budget is used up or Telegram asks for too long a wait; other errors pass through", async () => {
    vi.useFakeTimers();
    const budget = await call([tooMany(5)], { budgetMs: 12_000 });
    expect(budget.res).toMatchObject({ ok: false, error_code: 429 });
    expect(budget.calls()).toBeLessThanOrEqual(3);
    const long = await call([tooMany(3600)]);
    expect(long.res).toMatchObject({ ok: false, error_code: 429 });
    expect(long.calls()).toBe(1);
    const forbidden = await call([{ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }]);
    expect(forbidden.res).toMatchObject({ ok: false, error_code: 403 });
    expect(forbidden.calls()).toBe(1);
  });
});
