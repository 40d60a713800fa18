/**
 * /langganan and /berhenti (docs/architecture.md#the-path-of-an-alert): a group follows the budget alerts of one or more
 * satker. Officers and administrators only (the access gate keeps strangers out); in a private
 * chat the commands explain that they are for groups. Alerts carry budget data only.
 *
 * `membership` runs BEFORE the access gate: the bot being added to or removed from a group
 * (my_chat_member) and a group becoming a supergroup are facts about the bot, whoever caused
 * them (often a group owner who is not an officer), and nothing is shown to anyone but a
 * neutral greeting.
 */
import { BotComposer } from "../composer.js";
import type { ChatMember } from "grammy/types";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import type { AlertsBotDeps } from "../../alerts/index.js";
import type { LoadedSatker } from "../../alerts/evaluator.js";
import { MAX_SATKER_PER_GROUP } from "../../alerts/subscriptions.js";
import { formatJadwal, statusLines } from "../../alerts/render.js";
import type { Translate } from "../../i18n.js";
import { satkerAllows } from "../../domain/scope.js";
import { satkerText } from "../scope-text.js";
import { echoUserText, escapeHtml, formatPersenNilai, splitMessage } from "../../domain/format.js";

const KODE = /^\d{6}$/;

function present(m: ChatMember): boolean {
  return m.status === "member" || m.status === "administrator" || m.status === "creator" || (m.status === "restricted" && m.is_member);
}

/** "527560 527567", "527560,527567" → codes; the tokens that are not 6-digit codes. */
export function parseKode(arg: string): { kds: string[]; invalid: string[] } {
  const tokens = arg.split(/[\s,;]+/).filter(Boolean);
  const invalid = tokens.filter((x) => !KODE.test(x));
  return { kds: [...new Set(tokens.filter((x) => KODE.test(x)))], invalid };
}

export function langgananFeature(deps: Pick<BotDeps, "logger"> & { alerts: AlertsBotDeps }) {
  const { alerts, logger } = deps;
  const subs = alerts.subscriptions;

  // ---- membership (before the gate) ---------------------------------------------------------
  const membership = new BotComposer<BotContext>();
  membership.on("my_chat_member", async (ctx, next) => {
    const chat = ctx.chat;
    if (chat.type !== "group" && chat.type !== "supergroup") return next();
    const upd = ctx.myChatMember;
    const was = present(upd.old_chat_member);
    const is = present(upd.new_chat_member);
    if (!was && is) {
      // Paused subscriptions resume only when an officer brings the bot back; anyone else
      // re-adding it leaves them paused (the administrators are told), docs/privacy.md.
      const before = await subs.group(chat.id);
      if (before && !before.active && ctx.role === "stranger") {
        const paused = await alerts.readdedByStranger(chat.id, chat.title, ctx.from.id);
        if (paused.length) {
          await ctx.reply(ctx.t("grup-bot-masuk-jeda", { kode: paused.join(", ") })).catch((e: unknown) => logger.warn({ err: e, chat: chat.id }, "greeting in group failed"));
          return;
        }
      }
      const { wasInactive } = await subs.activateGroup(chat.id, chat.title);
      const kds = await subs.list(chat.id);
      const text = wasInactive && kds.length ? ctx.t("grup-bot-masuk-lagi", { kode: kds.join(", ") }) : ctx.t("grup-bot-masuk");
      await ctx.reply(text).catch((e: unknown) => logger.warn({ err: e, chat: chat.id }, "greeting in group failed"));
    } else if (was && !is) {
      await alerts.chatGone(chat.id, "dikeluarkan", `my_chat_member: ${upd.new_chat_member.status}`);
    }
  });
  membership.on("message:migrate_to_chat_id", async (ctx, next) => {
    await alerts.chatMigrated(ctx.chat.id, ctx.message.migrate_to_chat_id);
    await next();
  });

  // ---- commands --------------------------------------------------------------------------------
  const c = new BotComposer<BotContext>();

  c.command(["langganan", "berhenti"], async (ctx, next) => {
    if (ctx.chat.type === "private" || ctx.chat.type === "channel") {
      await ctx.reply(ctx.t("langganan-di-pribadi"));
      return;
    }
    if (ctx.role === "stranger") return; // the gate answered already
    await next();
  });

  const names = async (): Promise<{ known: Map<string, string | undefined> | undefined }> => {
    const snap = await alerts.reader.current();
    if (!snap) return { known: undefined };
    return { known: new Map((await snap.satker()).map((s) => [s.kdsatker, s.nama])) };
  };
  const line = (t: Translate, key: string, kd: string, known: Map<string, string | undefined> | undefined) => {
    const nama = known?.get(kd);
    return nama ? t(key, { nama: escapeHtml(nama), kd }) : t(`${key}-tanpa-nama`, { kd });
  };
  const jadwal = (t: Translate) => {
    const next = alerts.nextDigest();
    return next ? formatJadwal(next) : t("langganan-jadwal-tidak-ada");
  };
  const send = async (ctx: BotContext, lines: string[]) => {
    for (const part of splitMessage(lines.join("\n"))) await ctx.reply(part);
  };

  c.command("langganan", async (ctx) => {
    const t: Translate = (k, v) => ctx.t(k, v);
    const chatId = ctx.chat.id;
    const title = ("title" in ctx.chat ? ctx.chat.title : undefined) ?? null;
    const arg = ctx.match.trim();
    if (!arg) {
      const kds = await subs.list(chatId);
      if (kds.length === 0) {
        await ctx.reply(t("langganan-daftar-kosong"));
        return;
      }
      await subs.activateGroup(chatId, title);
      const { known } = await names();
      await send(ctx, [t("langganan-daftar-judul", { jumlah: String(kds.length) }), ...kds.map((kd) => line(t, "langganan-baris", kd, known)), "", t("langganan-daftar-kaki", { waktu: jadwal(t) })]);
      return;
    }
    const { kds, invalid } = parseKode(arg);
    if (invalid.length) {
      await ctx.reply(t("langganan-kode-salah", { kode: invalid.slice(0, 5).map((x) => echoUserText(x, 20)).join(", ") }));
      return;
    }
    // An officer subscribes a group only to satker in their scope.
    const outside = kds.filter((kd) => !satkerAllows(ctx.scope, kd));
    if (outside.length) {
      await ctx.reply(t("di-luar-satker", { kd: outside.join(", "), satker: satkerText(t, ctx.scope) }));
      return;
    }
    const { known } = await names();
    const unknown = known ? kds.filter((kd) => !known.has(kd)) : [];
    const ok = kds.filter((kd) => !unknown.includes(kd));
    if (ok.length === 0) {
      await ctx.reply(t("langganan-tidak-dikenal", { kode: unknown.join(", ") }));
      return;
    }
    const have = await subs.list(chatId);
    if (new Set([...have, ...ok]).size > MAX_SATKER_PER_GROUP) {
      await ctx.reply(t("langganan-terlalu-banyak", { maks: String(MAX_SATKER_PER_GROUP), jumlah: String(have.length) }));
      return;
    }
    await subs.activateGroup(chatId, title);
    const { added, existing } = await subs.subscribe(chatId, ok, ctx.from?.id ?? 0);
    const current: Map<string, LoadedSatker | undefined> = added.length && known ? await alerts.baseline(chatId, added) : new Map();
    logger.info({ chat: chatId, added, existing, by: ctx.from?.id }, "group subscribed");
    const L = [t(added.length ? "langganan-ditambah-judul" : "langganan-sudah-judul")];
    for (const kd of added) L.push(line(t, "langganan-baris", kd, known), ...(known ? statusLines(t, current.get(kd)?.conds) : []));
    for (const kd of existing) L.push(line(t, "langganan-baris-sudah", kd, known));
    if (unknown.length) L.push("", t("langganan-tidak-dikenal", { kode: unknown.join(", ") }));
    if (!known) L.push("", t("langganan-belum-bisa-diperiksa"));
    L.push("", t("langganan-penjelasan", { margin: formatPersenNilai(alerts.marginPct).replace("%", ""), waktu: jadwal(t) }));
    await send(ctx, L);
  });

  c.command("berhenti", async (ctx) => {
    const t: Translate = (k, v) => ctx.t(k, v);
    const chatId = ctx.chat.id;
    const arg = ctx.match.trim();
    if (!arg) {
      const removed = await subs.unsubscribe(chatId, undefined);
      if (removed.length === 0) {
        await ctx.reply(t("berhenti-kosong"));
        return;
      }
      await alerts.cancelPending(chatId);
      logger.info({ chat: chatId, removed, by: ctx.from?.id }, "group unsubscribed (all)");
      await ctx.reply(t("berhenti-semua", { kode: removed.join(", ") }));
      return;
    }
    const { kds, invalid } = parseKode(arg);
    if (invalid.length) {
      await ctx.reply(t("berhenti-kode-salah", { kode: invalid.slice(0, 5).map((x) => echoUserText(x, 20)).join(", ") }));
      return;
    }
    const removed = await subs.unsubscribe(chatId, kds);
    const notThere = kds.filter((kd) => !removed.includes(kd));
    const left = await subs.list(chatId);
    if (removed.length && left.length === 0) await alerts.cancelPending(chatId);
    logger.info({ chat: chatId, removed, by: ctx.from?.id }, "group unsubscribed");
    const L: string[] = [];
    if (removed.length) L.push(t("berhenti-sebagian", { kode: removed.join(", ") }));
    if (notThere.length) L.push(t("berhenti-tidak-ada", { kode: notThere.join(", ") }));
    L.push(left.length ? t("berhenti-sisa", { kode: left.join(", ") }) : t("berhenti-tidak-ada-lagi"));
    await send(ctx, L);
  });

  return { membership, feature: c };
}
