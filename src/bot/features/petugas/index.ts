import { BotComposer } from "../../composer.js";
import type { BotContext } from "../../context.js";
import type { BotDeps } from "../../deps.js";
import { escapeHtml, formatTanggal, formatWaktu } from "../../../domain/format.js";
import { maskNiksInText } from "../../../domain/nik.js";
import { DesaDirectory } from "../../../desa/directory.js";
import { scopeText } from "../../scope-text.js";
import { hasScopeItems, parseScopeArgs, resolveScope } from "./scope-args.js";

const ADD = new Set(["tambah", "add"]);
const REMOVE = new Set(["hapus", "remove"]);

/**
 * Administrator commands: /petugas tambah|ubah|hapus|daftar (officers and their scopes) and
 * /audit (recent lookups; `/audit ditolak`: refusals only).
 */
export function petugasFeature(deps: Pick<BotDeps, "officers" | "audit" | "adminIds" | "logger" | "sipp" | "budget">) {
  const c = new BotComposer<BotContext>();
  const directory = new DesaDirectory(deps.sipp, { concurrency: 3 });
  const checks = { directory, budget: deps.budget?.reader };

  c.command(["petugas", "audit"], async (ctx, next) => {
    if (ctx.role !== "admin") {
      await ctx.reply(ctx.t("akses-khusus-admin"));
      return;
    }
    await next();
  });

  c.command("petugas", async (ctx) => {
    const [sub, idText, ...rest] = ctx.match.trim().split(/\s+/);
    const action = sub?.toLowerCase() ?? "";
    const by = ctx.from!.id;
    const record = (what: string, subject: string, outcome = "ok") => deps.audit.record({ userId: by, chatId: ctx.chat.id, action: what, subject, outcome });
    if (action === "daftar" || action === "list") {
      const list = await deps.officers.list();
      if (list.length === 0) {
        await ctx.reply(ctx.t("petugas-daftar-kosong"));
        return;
      }
      const lines = list.map((o) =>
        ctx.t("petugas-baris", { id: String(o.telegramId), nama: escapeHtml(o.nama ?? "—"), tanggal: formatTanggal(new Date(o.addedAt)), lingkup: scopeText(ctx.t, o.scope) }),
      );
      await ctx.reply([ctx.t("petugas-daftar-judul", { jumlah: String(list.length) }), ...lines].join("\n"));
      return;
    }
    if (!ADD.has(action) && !REMOVE.has(action) && action !== "ubah") {
      await ctx.reply(ctx.t("petugas-cara"));
      return;
    }
    if (!idText || !/^\d{1,15}$/.test(idText) || Number(idText) <= 0) {
      await ctx.reply(ctx.t("petugas-id-salah"));
      return;
    }
    const id = Number(idText);
    if (REMOVE.has(action)) {
      if (deps.adminIds.includes(id)) {
        await ctx.reply(ctx.t("petugas-admin-tetap", { id: String(id) }));
        return;
      }
      const removed = await deps.officers.remove(id);
      // The /panel menu button stays in their chat until reset; a chat the bot cannot reach (never
      // started, blocked) keeps nothing worth failing the removal for.
      if (removed) {
        await ctx.api
          .setChatMenuButton({ chat_id: id, menu_button: { type: "default" } })
          .catch((e: unknown) => deps.logger.warn({ err: e, officer: id }, "petugas: menu button not reset"));
      }
      await ctx.reply(ctx.t(removed ? "petugas-dihapus" : "petugas-tidak-ada", { id: String(id) }));
      if (removed) await record("petugas_hapus", String(id));
      return;
    }

    const args = parseScopeArgs(rest);
    if (deps.adminIds.includes(id) && hasScopeItems(args)) {
      await ctx.reply(ctx.t("petugas-lingkup-admin", { id: String(id) }));
      return;
    }
    const existing = await deps.officers.get(id);
    if (action === "ubah" && !existing) {
      await ctx.reply(ctx.t("petugas-ubah-tidak-ada", { id: String(id) }));
      return;
    }
    // Every name and code is checked before anything is written: a wrong one changes nothing.
    const resolved = hasScopeItems(args) || args.unknown.length ? await resolveScope(ctx.t, args, existing?.scope, checks) : { scope: existing?.scope };
    if ("errors" in resolved) {
      await ctx.reply(ctx.t("petugas-lingkup-salah", { alasan: resolved.errors.join("\n") }));
      return;
    }
    // A name is stored: never a NIK typed into it (docs/privacy.md).
    const nama = maskNiksInText(args.nama.join(" ")).slice(0, 100) || null;
    const lingkup = scopeText(ctx.t, resolved.scope);
    if (action === "ubah") {
      if (nama !== null) await deps.officers.add(id, nama, by);
      await deps.officers.setScope(id, resolved.scope);
      await ctx.reply(ctx.t("petugas-diubah", { id: String(id), lingkup }));
      await record("petugas_ubah", String(id), `ok (${lingkup})`);
      return;
    }
    const isNew = await deps.officers.add(id, nama, by, Date.now(), resolved.scope);
    const namaText = nama ? ` (${escapeHtml(nama)})` : "";
    await ctx.reply(`${ctx.t(isNew ? "petugas-ditambah" : "petugas-diperbarui", { id: String(id), nama: namaText })}\n${lingkup}`);
    await record("petugas_tambah", String(id), `ok (${lingkup})`);
  });

  c.command("audit", async (ctx) => {
    // Masked NIKs are still about people: keep the audit trail out of groups.
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("cek-di-grup"));
      return;
    }
    const refusals = /^ditolak$/i.test(ctx.match.trim());
    const rows = await deps.audit.recent(20, refusals ? { refusals: true } : {});
    if (rows.length === 0) {
      await ctx.reply(ctx.t(refusals ? "audit-kosong-ditolak" : "audit-kosong"));
      return;
    }
    const lines = rows.map((r) =>
      ctx.t("audit-baris", {
        waktu: formatWaktu(new Date(r.at)),
        user: String(r.userId),
        aksi: escapeHtml(r.action),
        subjek: escapeHtml(r.subject ?? ""),
        hasil: escapeHtml(r.outcome),
      }),
    );
    await ctx.reply([ctx.t(refusals ? "audit-judul-ditolak" : "audit-judul"), ...lines].join("\n"));
  });

  return c;
}
