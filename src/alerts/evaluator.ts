/**
 * Applies the rules (rules.ts) to the subscribed groups after a sync: for each active group,
 * in ONE transaction, the alert state changes and the alert message enters the outbox — so a
 * crash can neither lose an alert (state changed, message missing) nor send one twice (message
 * queued, state unchanged → queued again next time).
 *
 * One message per group and sync (all its satker together): a group receives 20 messages a
 * minute at most, so many small alerts would queue for minutes.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../store/schema.js";
import type { Logger } from "../logger.js";
import type { AnggaranSummary } from "../budget/summary.js";
import type { BudgetSnapshot } from "../budget/reader.js";
import type { OutboxRepo } from "./outbox.js";
import type { SubscriptionRepo } from "./subscriptions.js";
import { conditionsOf, diffConditions, type SatkerConditions, type StateEntry } from "./rules.js";
import type { Translate } from "../i18n.js";
import { renderAlert, type AlertSection } from "./render.js";

export interface LoadedSatker {
  summary: AnggaranSummary;
  conds: SatkerConditions;
}

/** A satker's summary and current conditions in a snapshot; undefined when the satker is not in the data. */
export async function loadSatker(snapshot: BudgetSnapshot, kd: string, now: Date, marginPct: number): Promise<LoadedSatker | undefined> {
  const summary = await snapshot.summary(kd, now);
  if (!summary || !summary.known) return undefined;
  const history = await snapshot.ikpaHistory(kd);
  return { summary, conds: conditionsOf(summary, history, { marginPct, now }) };
}

export interface EvaluatorDeps {
  db: Kysely<Database>;
  subscriptions: SubscriptionRepo;
  outbox: OutboxRepo;
  t: Translate;
  logger: Logger;
  marginPct: number;
  now?: () => Date;
}

export interface EvaluationResult {
  groups: number;
  /** Groups that got an alert message. */
  alerted: number;
  messages: number;
  raised: number;
  cleared: number;
  errors: number;
}

export class AlertEvaluator {
  /** Evaluations run one at a time (sync listener, catch-up at start, subscriptions). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: EvaluatorDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Resolves when no evaluation is running or queued. */
  async idle(): Promise<void> {
    await this.chain;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Evaluate every active group against `snapshot` and queue the alerts. */
  evaluateAll(snapshot: BudgetSnapshot): Promise<EvaluationResult> {
    return this.serial(async () => {
      const now = this.now();
      const groups = await this.deps.subscriptions.activeGroups();
      const cache = new Map<string, Promise<LoadedSatker | undefined>>();
      const res: EvaluationResult = { groups: groups.length, alerted: 0, messages: 0, raised: 0, cleared: 0, errors: 0 };
      for (const g of groups) {
        try {
          const loaded = new Map<string, LoadedSatker | undefined>();
          for (const kd of g.kds) {
            let p = cache.get(kd);
            if (!p) cache.set(kd, (p = loadSatker(snapshot, kd, now, this.deps.marginPct)));
            loaded.set(kd, await p);
          }
          const r = await this.applyGroup(g.chatId, loaded, { datasetId: snapshot.datasetId, syncedAt: snapshot.syncedAt }, true);
          res.raised += r.raised;
          res.cleared += r.cleared;
          res.messages += r.messages;
          if (r.messages > 0) res.alerted++;
        } catch (err) {
          res.errors++;
          this.deps.logger.error({ err, chat: g.chatId }, "alerts: evaluating a group failed");
        }
      }
      this.deps.logger.info({ dataset: snapshot.datasetId, ...res }, "alerts evaluated");
      return res;
    });
  }

  /**
   * A group just subscribed to `kds`: record the conditions that hold now as known (no alert
   * message: the confirmation shows them) and return them. Later syncs alert only on changes.
   */
  baseline(chatId: number, kds: readonly string[], snapshot: BudgetSnapshot | undefined): Promise<Map<string, LoadedSatker | undefined>> {
    return this.serial(async () => {
      const loaded = new Map<string, LoadedSatker | undefined>();
      if (!snapshot) return loaded;
      const now = this.now();
      for (const kd of kds) loaded.set(kd, await loadSatker(snapshot, kd, now, this.deps.marginPct));
      await this.applyGroup(chatId, loaded, { datasetId: snapshot.datasetId, syncedAt: snapshot.syncedAt }, false);
      return loaded;
    });
  }

  private async applyGroup(
    chatId: number,
    loaded: Map<string, LoadedSatker | undefined>,
    meta: { datasetId: number; syncedAt: Date },
    alert: boolean,
  ): Promise<{ raised: number; cleared: number; messages: number }> {
    const { subscriptions: subs, outbox } = this.deps;
    const nowMs = this.now().getTime();
    return this.deps.db.transaction().execute(async (trx) => {
      // Re-read inside the transaction: the group may have left or unsubscribed meanwhile.
      const group = await subs.group(chatId, trx);
      if (!group?.active) return { raised: 0, cleared: 0, messages: 0 };
      const subscribed = new Set(await subs.list(chatId, trx));
      const state = await subs.state(chatId, trx);
      const sections: AlertSection[] = [];
      const add: StateEntry[] = [];
      const remove: string[] = [];
      let dataDate: LoadedSatker["summary"]["dataDate"];
      for (const [kd, l] of loaded) {
        if (!l || !subscribed.has(kd)) continue; // not in the data this time: leave its state alone
        dataDate ??= l.summary.dataDate;
        const diff = diffConditions(l.conds, state);
        for (const c of diff.raised) add.push({ key: c.key, kdsatker: c.kdsatker, kind: c.kind, data: c.data });
        for (const c of diff.cleared) remove.push(c.entry.key);
        sections.push({ kdsatker: kd, ...(l.conds.nama !== undefined ? { nama: l.conds.nama } : {}), diff });
      }
      await subs.addState(chatId, add, nowMs, trx);
      await subs.removeState(chatId, remove, trx);
      let messages = 0;
      if (alert) {
        const parts = renderAlert(this.deps.t, sections, { syncedAt: meta.syncedAt, ...(dataDate ? { dataDate } : {}) });
        if (parts.length) {
          // Same data set and same changes → same key: a second evaluator (another instance) adds nothing.
          const digest = createHash("sha256").update([...add.map((a) => `+${a.key}`), ...remove.map((k) => `-${k}`)].sort().join("\n")).digest("hex").slice(0, 16);
          messages = await outbox.enqueue(
            parts.map((text, i) => ({ chatId, text, kind: "alert" as const, dedupeKey: `alert:${chatId}:${meta.datasetId}:${digest}:${i}` })),
            nowMs,
            trx,
          );
        }
      }
      return { raised: add.length, cleared: remove.length, messages };
    });
  }
}
