/**
 * Group budget alerts (docs/architecture.md#the-path-of-an-alert), put together:
 *
 *   sync ──onSync──▶ AlertEvaluator ──(state change + outbox row, one transaction)──▶ outbox
 *   DIGEST_CRON ──▶ runDigest ──────────────────────────────────────────────────────▶ outbox
 *   outbox ──▶ OutboxSender (leader only, paced, 429/403/migration aware) ──▶ Telegram
 *
 * `createAlerts` returns the sync listener, the schedules and what the /langganan feature needs.
 * The sender talks to Telegram through its OWN grammY Api without the auto-retry plugin: it must
 * see every 429 itself to pace the whole fan-out (auto-retry would sleep inside one request).
 */
import { Api } from "grammy";
import type { Cron } from "croner";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Store } from "../store/db.js";
import type { Leader } from "../store/leader.js";
import type { BudgetReader, SyncListener } from "../budget/reader.js";
import { createI18n, translator, type Translate } from "../i18n.js";
import { OutboxRepo } from "./outbox.js";
import { OutboxSender, type GoneReason, type SendFn } from "./outbox-sender.js";
import { SubscriptionRepo } from "./subscriptions.js";
import { AlertEvaluator, type EvaluationResult, type LoadedSatker } from "./evaluator.js";
import { nextDigest, runDigest, scheduleDigest } from "./digest.js";
import { renderGroupGone } from "./render.js";
import { escapeHtml } from "../domain/format.js";

export type AlertsConfig = Pick<
  Config,
  | "TELEGRAM_BOT_TOKEN"
  | "TELEGRAM_API_ROOT"
  | "ADMIN_IDS"
  | "DIGEST_CRON"
  | "ALERT_BEHIND_MARGIN_PCT"
  | "OUTBOX_GLOBAL_PER_SEC"
  | "OUTBOX_GROUP_PER_MIN"
  | "OUTBOX_CHAT_PER_SEC"
  | "OUTBOX_MAX_ATTEMPTS"
  | "OUTBOX_RETRY_BASE_MS"
  | "OUTBOX_LEASE_MS"
>;

export interface CreateAlertsDeps {
  config: AlertsConfig;
  store: Store;
  logger: Logger;
  metrics?: Metrics;
  /** The synced OMSPAN data. */
  reader: BudgetReader;
  /** Only the leader sends and runs the digest. */
  leader: Pick<Leader, "isLeader" | "onChange">;
  /** Retry backoff base (tests: short); default OUTBOX_RETRY_BASE_MS. */
  backoffMs?: number;
  /** How messages are sent (tests); default: a grammY Api without auto-retry. */
  send?: SendFn;
  /** How often the sender looks at the table when not woken (default 1000 ms). */
  pollMs?: number;
  now?: () => Date;
  /** The messages of locales/ (default: loaded here). */
  t?: Translate;
}

/** What the /langganan feature (src/bot/features/langganan.ts) needs. */
export interface AlertsBotDeps {
  subscriptions: SubscriptionRepo;
  reader: BudgetReader;
  marginPct: number;
  /** Record the current conditions of newly subscribed satker as known and return them. */
  baseline(chatId: number, kds: readonly string[]): Promise<Map<string, LoadedSatker | undefined>>;
  /** The bot was removed from / blocked by a group: deactivate it and tell the administrators. */
  chatGone(chatId: number, reason: GoneReason, description: string): Promise<void>;
  /**
   * The bot was added back to a group whose subscriptions were paused, by someone who is not
   * an officer: they stay paused and the administrators are told. Returns the paused satker.
   */
  readdedByStranger(chatId: number, title: string | null, by: number): Promise<string[]>;
  /** The group became a supergroup. */
  chatMigrated(oldId: number, newId: number): Promise<void>;
  /** Drop the alerts and digests still waiting for a group that ended all its subscriptions. */
  cancelPending(chatId: number): Promise<void>;
  nextDigest(): Date | undefined;
  /** What the evaluation after the sync of data set `datasetId` queued (this instance; for the /sinkron report). */
  evaluation(datasetId: number): EvaluationResult | undefined;
}

export function createAlerts(deps: CreateAlertsDeps) {
  const { config, store, logger } = deps;
  const t: Translate = deps.t ?? translator(createI18n());
  const marginPct = config.ALERT_BEHIND_MARGIN_PCT;
  const subscriptions = new SubscriptionRepo(store.db);
  const outbox = new OutboxRepo(store.db);
  const evaluator = new AlertEvaluator({ db: store.db, subscriptions, outbox, t, logger, marginPct, ...(deps.now ? { now: deps.now } : {}) });

  const leaseMs = config.OUTBOX_LEASE_MS;
  // One send must end (answer or timeout) well before its lease does.
  const api = new Api(config.TELEGRAM_BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: Math.max(1, Math.floor(leaseMs / 2000)) });
  const send: SendFn =
    deps.send ??
    ((chatId, html, signal) =>
      // grammY types its signal with the abort-controller shim; Node's AbortSignal is what it uses at run time.
      api.sendMessage(chatId, html, { parse_mode: "HTML", link_preview_options: { is_disabled: true } }, signal as unknown as Parameters<Api["sendMessage"]>[3]));

  async function chatGone(chatId: number, reason: GoneReason, description: string): Promise<void> {
    if (chatId > 0) return; // a private chat (an administrator who blocked the bot): nothing to deactivate
    const now = Date.now();
    const notices = await store.db.transaction().execute(async (trx) => {
      const group = await subscriptions.group(chatId, trx);
      const changed = await subscriptions.deactivateGroup(chatId, reason, now, trx);
      await outbox.cancelChat(chatId, `grup nonaktif (${reason}): ${description}`, trx);
      if (!changed) return 0;
      const kds = await subscriptions.list(chatId, trx);
      if (kds.length === 0) return 0;
      const text = renderGroupGone(t, { chatId, title: group?.title ?? null, kds, reason });
      return outbox.enqueue(
        config.ADMIN_IDS.map((admin) => ({ chatId: admin, text, kind: "admin" as const, dedupeKey: `admin:nonaktif:${chatId}:${now}:${admin}` })),
        now,
        trx,
      );
    });
    logger.warn({ chat: chatId, reason, description, notices }, "alerts: group deactivated");
    sender.kick();
  }

  async function readdedByStranger(chatId: number, title: string | null, by: number): Promise<string[]> {
    const now = Date.now();
    const kds = await subscriptions.list(chatId);
    if (kds.length === 0) return kds;
    const text = t("admin-grup-masuk-jeda", { judul: escapeHtml(title ?? String(chatId)), chat: String(chatId), oleh: String(by), kode: kds.join(", ") });
    await outbox.enqueue(
      config.ADMIN_IDS.map((admin) => ({ chatId: admin, text, kind: "admin" as const, dedupeKey: `admin:masuk-jeda:${chatId}:${now}:${admin}` })),
      now,
    );
    logger.warn({ chat: chatId, by }, "alerts: bot re-added by a non-officer; subscriptions stay paused");
    sender.kick();
    return kds;
  }

  async function chatMigrated(oldId: number, newId: number): Promise<void> {
    if (oldId === newId) return;
    await store.db.transaction().execute(async (trx) => {
      await subscriptions.moveChat(oldId, newId, Date.now(), trx);
      await outbox.moveChat(oldId, newId, trx);
    });
    logger.info({ from: oldId, to: newId }, "alerts: group migrated to a supergroup; subscriptions moved");
    sender.kick();
  }

  const sender = new OutboxSender({
    repo: outbox,
    send,
    hooks: { chatGone, chatMigrated },
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    pacing: { globalPerSec: config.OUTBOX_GLOBAL_PER_SEC, groupPerMin: config.OUTBOX_GROUP_PER_MIN, chatPerSec: config.OUTBOX_CHAT_PER_SEC },
    maxFailures: config.OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: deps.backoffMs ?? config.OUTBOX_RETRY_BASE_MS,
    leaseMs,
    ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    maxInflight: Math.max(1, Math.min(8, config.OUTBOX_GLOBAL_PER_SEC)),
  });

  const digestDeps = { subscriptions, outbox, reader: deps.reader, t, logger, marginPct };
  let digestCron: Cron | undefined;
  let unsubscribeLeader: (() => void) | undefined;
  let stopped = false;

  /** Evaluate the current data once (after a crash mid-evaluation, nothing waits for the next sync). */
  async function catchUp(): Promise<EvaluationResult | undefined> {
    const snapshot = await deps.reader.current();
    if (!snapshot || stopped) return undefined;
    const r = await evaluator.evaluateAll(snapshot);
    sender.kick();
    return r;
  }

  /** Enqueue the digest now (as if scheduled at `slot`). */
  const digestNow = async (slot = new Date()) => {
    const r = await runDigest(digestDeps, slot, deps.now?.() ?? new Date());
    sender.kick();
    return r;
  };

  /** The last few evaluations after a sync, by data set (the /sinkron report says how many groups were alerted). */
  const evaluations = new Map<number, EvaluationResult>();
  const onSync: SyncListener = async ({ snapshot }) => {
    const r = await evaluator.evaluateAll(snapshot);
    evaluations.set(snapshot.datasetId, r);
    for (const id of evaluations.keys()) if (evaluations.size > 8) evaluations.delete(id);
    sender.kick();
  };

  const bot: AlertsBotDeps = {
    subscriptions,
    reader: deps.reader,
    marginPct,
    baseline: async (chatId, kds) => evaluator.baseline(chatId, kds, await deps.reader.current()),
    chatGone,
    readdedByStranger,
    chatMigrated,
    cancelPending: async (chatId) => {
      await outbox.cancelChat(chatId, "langganan dihentikan", store.db, ["alert", "digest"]);
    },
    nextDigest: () => nextDigest(config.DIGEST_CRON),
    evaluation: (datasetId) => evaluations.get(datasetId),
  };

  return {
    /** Register with the sync: `budget.sync.onSynced(alerts.onSync)`. */
    onSync,
    bot,
    subscriptions,
    outbox,
    evaluator,
    sender,
    runDigest: digestNow,
    catchUp,
    /** The DIGEST_CRON schedule (WIB); fires only on the leader. */
    startDigest(): void {
      digestCron ??= scheduleDigest(config.DIGEST_CRON, () => deps.leader.isLeader() && !stopped, digestNow, logger);
    },
    /** The outbox sender, while this instance is the leader (follows leadership changes). */
    startSender(): void {
      stopped = false;
      const lead = () => {
        sender.start();
        catchUp().catch((err: unknown) => logger.error({ err }, "alerts: catch-up evaluation failed"));
      };
      if (deps.leader.isLeader()) lead();
      unsubscribeLeader ??= deps.leader.onChange((isLeader) => {
        if (stopped) return;
        if (isLeader) lead();
        else void sender.stop();
      });
    },
    /** Stop the schedule and the sender; sends in flight finish and are recorded first. */
    async stop(): Promise<void> {
      stopped = true;
      digestCron?.stop();
      digestCron = undefined;
      unsubscribeLeader?.();
      unsubscribeLeader = undefined;
      await evaluator.idle();
      await sender.stop();
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
export type { GoneReason } from "./outbox-sender.js";
