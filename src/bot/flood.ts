import type { Transformer } from "grammy";

/**
 * 429 handling for the bot's own Bot API calls (answers, edits): wait what Telegram says
 * (`retry_after`) plus a random spread, and try again until `budgetMs` of waiting is used up.
 *
 * auto-retry alone gives up after a few attempts, and every request refused in the same
 * second comes back in the same second and is refused again: under a burst bigger than
 * "global limit × attempts" (e.g. 300 users at once against 30 messages/s) answers were lost.
 * The spread lets the waiting requests come back spread out, at the rate Telegram allows.
 * auto-retry stays installed outside this one for 5xx and network errors.
 */
export function floodWait(opts: { budgetMs?: number; maxRetryAfterS?: number } = {}): Transformer {
  const budgetMs = opts.budgetMs ?? 90_000;
  const maxRetryAfterS = opts.maxRetryAfterS ?? 60;
  return async (prev, method, payload, signal) => {
    const deadline = Date.now() + budgetMs;
    for (;;) {
      const res = await prev(method, payload, signal);
      if (res.ok || res.error_code !== 429) return res;
      const after = res.parameters?.retry_after;
      if (after === undefined || after > maxRetryAfterS) return res;
      const waitMs = after * 1000 + Math.random() * Math.min(after * 1000, 2000);
      if (Date.now() + waitMs > deadline || signal?.aborted) return res;
      if (!(await sleep(waitMs, signal))) return res;
    }
  };
}

/** grammY types its signal with the abort-controller shim. */
type Signal = Parameters<Transformer>[3];

/** Resolves true after `ms`, false at once when `signal` aborts. */
function sleep(ms: number, signal: Signal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(v);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
