/**
 * The scheduled digest (docs/architecture.md#the-path-of-an-alert, DIGEST_CRON in WIB): one compact message per active group
 * about the satker it follows, through the outbox. Only the leader runs it; the dedupe key
 * carries the scheduled minute, so two instances (or a re-run) never post the same digest twice.
 */
import { Cron } from "croner";
import type { Logger } from "../logger.js";
import type { BudgetReader } from "../budget/reader.js";
import type { OutboxRepo } from "./outbox.js";
import type { SubscriptionRepo } from "./subscriptions.js";
import type { Translate } from "../i18n.js";
import { renderDigest, type DigestItem } from "./render.js";
import { loadSatker, type LoadedSatker } from "./evaluator.js";

export const DIGEST_TIMEZONE = "Asia/Jakarta";

export interface DigestDeps {
  subscriptions: SubscriptionRepo;
  outbox: OutboxRepo;
  reader: BudgetReader;
  t: Translate;
  logger: Logger;
  marginPct: number;
}

/** `2026-11-23T01:00Z`: the scheduled minute, part of the dedupe key. */
export function digestSlot(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().slice(0, 16) + "Z";
}

/** Enqueue the digest of every active group for the run scheduled at `slot`. */
export async function runDigest(deps: DigestDeps, slot: Date, now = new Date()): Promise<{ groups: number; messages: number }> {
  const snapshot = await deps.reader.current();
  if (!snapshot) {
    deps.logger.info("digest: no OMSPAN data yet; skipped");
    return { groups: 0, messages: 0 };
  }
  const groups = await deps.subscriptions.activeGroups();
  const cache = new Map<string, Promise<LoadedSatker | undefined>>();
  const load = (kd: string) => {
    let p = cache.get(kd);
    if (!p) cache.set(kd, (p = loadSatker(snapshot, kd, now, deps.marginPct)));
    return p;
  };
  const key = digestSlot(slot);
  let messages = 0;
  for (const g of groups) {
    try {
      const items: DigestItem[] = [];
      for (const kd of g.kds) {
        const l = await load(kd);
        items.push(l ? { kdsatker: kd, summary: l.summary, conds: l.conds } : { kdsatker: kd });
      }
      const dataDate = items.find((i) => i.summary?.dataDate)?.summary?.dataDate;
      const meta = { syncedAt: snapshot.syncedAt, now, ...(dataDate ? { dataDate } : {}) };
      const parts = renderDigest(deps.t, items, meta);
      messages += await deps.outbox.enqueue(parts.map((text, i) => ({ chatId: g.chatId, text, kind: "digest" as const, dedupeKey: `digest:${g.chatId}:${key}:${i}` })));
    } catch (err) {
      deps.logger.error({ err, chat: g.chatId }, "digest: group failed");
    }
  }
  deps.logger.info({ groups: groups.length, messages, slot: key }, "digest enqueued");
  return { groups: groups.length, messages };
}

/** The schedule: fires `run(slot)` at every DIGEST_CRON time in WIB while `isLeader()`. */
export function scheduleDigest(cron: string, isLeader: () => boolean, run: (slot: Date) => Promise<unknown>, logger: Logger): Cron {
  return new Cron(cron, { timezone: DIGEST_TIMEZONE, protect: true }, (self: Cron) => {
    if (!isLeader()) return;
    const slot = self.currentRun() ?? new Date();
    run(slot).catch((err: unknown) => logger.error({ err }, "digest failed"));
  });
}

/** When the next digest is due (for the /langganan answers). */
export function nextDigest(cron: string, from = new Date()): Date | undefined {
  try {
    const c = new Cron(cron, { timezone: DIGEST_TIMEZONE, paused: true });
    const next = c.nextRun(from);
    c.stop();
    return next ?? undefined;
  } catch {
    return undefined;
  }
}
