import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { escapeHtml, formatTanggal, formatWaktu } from "../../domain/format.js";
import { maskNiksInText } from "../../domain/nik.js";

/** Administrator commands: /petugas tambah|hapus|daftar and /audit (SPEC §2). */
export function petugasFeature(deps: Pick<BotDeps, "officers" | "audit" | "adminIds" | "logger">) {
  const c = new Composer<BotContext>();

  c.command(["petugas", "audit"], async (ctx, next) => {
    if (ctx.role !== "admin") {
      await ctx.reply(ctx.t("akses-khusus-admin"));
      return;
    }
    await next();
  });

  c.command("petugas", async (ctx) => {
    const [sub, idText, ...namaParts] = ctx.match.trim().split(/\s+/);
    const action = sub?.toLowerCase();
    if (action === "daftar" || action === "list") {
      const list = await deps.officers.list();
      if (list.length === 0) {
        await ctx.reply(ctx.t("petugas-daftar-kosong"));
        return;
      }
      const lines = list.map((o) =>
        ctx.t("petugas-baris", { id: String(o.telegramId), nama: escapeHtml(o.nama ?? "—"), tanggal: formatTanggal(new Date(o.addedAt)) }),
      );
      await ctx.reply([ctx.t("petugas-daftar-judul", { jumlah: String(list.length) }), ...lines].join("\n"));
      return;
    }
    if (action !== "tambah" && action !== "hapus" && action !== "add" && action !== "remove") {
      await ctx.reply(ctx.t("petugas-cara"));
      return;
    }
    if (!idText || !/^\d{1,15}$/.test(idText) || Number(idText) <= 0) {
      await ctx.reply(ctx.t("petugas-id-salah"));
      return;
    }
    const id = Number(idText);
    if (action === "tambah" || action === "add") {
      // A name is stored: never a NIK typed into it (docs/privacy.md).
      const nama = maskNiksInText(namaParts.join(" ")).slice(0, 100) || null;
      const isNew = await deps.officers.add(id, nama, ctx.from!.id);
      const namaText = nama ? ` (${escapeHtml(nama)})` : "";
      await ctx.reply(ctx.t(isNew ? "petugas-ditambah" : "petugas-diperbarui", { id: String(id), nama: namaText }));
      await deps.audit.record({ userId: ctx.from!.id, chatId: ctx.chat.id, action: "petugas_tambah", subject: String(id), outcome: "ok" });
      return;
    }
    if (deps.adminIds.includes(id)) {
      await ctx.reply(ctx.t("petugas-admin-tetap", { id: String(id) }));
      return;
    }
    const removed = await deps.officers.remove(id);
    await ctx.reply(ctx.t(removed ? "petugas-dihapus" : "petugas-tidak-ada", { id: String(id) }));
    if (removed) await deps.audit.record({ userId: ctx.from!.id, chatId: ctx.chat.id, action: "petugas_hapus", subject: String(id), outcome: "ok" });
  });

  c.command("audit", async (ctx) => {
    // Masked NIKs are still about people: keep the audit trail out of groups.
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("cek-di-grup"));
      return;
    }
    const rows = await deps.audit.recent(20);
    if (rows.length === 0) {
      await ctx.reply(ctx.t("audit-kosong"));
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
    await ctx.reply([ctx.t("audit-judul"), ...lines].join("\n"));
  });

  return c;
}
