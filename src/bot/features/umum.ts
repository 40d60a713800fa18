import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../../domain/format.js";

/** /start, /bantuan, /id: answered for everyone (SPEC §2). `/start cek` deep links are in cek.ts. */
export function umumFeature() {
  const c = new Composer<BotContext>();

  c.command("start", async (ctx) => {
    // Deep link payloads are handled by the features registered before this one; a payload
    // that reached us (unknown, or a deep link opened in a group) gets the plain welcome.
    if (ctx.role === "stranger") {
      await ctx.reply(ctx.t("start-bukan-petugas", { id: String(ctx.from?.id ?? "?") }), { parse_mode: "HTML" });
      return;
    }
    await ctx.reply(ctx.t("start-sambutan", { nama: escapeHtml(ctx.from?.first_name ?? "") }) + "\n\n" + helpText(ctx), {
      parse_mode: "HTML",
    });
  });

  c.command(["bantuan", "help"], async (ctx) => {
    await ctx.reply(helpText(ctx), { parse_mode: "HTML" });
  });

  c.command("id", async (ctx) => {
    const id = String(ctx.from?.id ?? "?");
    const text = ctx.chat.type === "private" ? ctx.t("id-anda", { id }) : ctx.t("id-anda-grup", { id, chat: String(ctx.chat.id) });
    await ctx.reply(text, { parse_mode: "HTML" });
  });

  return c;
}

function helpText(ctx: BotContext): string {
  const parts = [ctx.t("bantuan-judul"), ctx.t("bantuan-umum")];
  if (ctx.role !== "stranger") parts.push(`${ctx.t("bantuan-petugas")}\n${ctx.t("anggaran-bantuan-petugas")}\n${ctx.t("langganan-bantuan-petugas")}`);
  if (ctx.role === "admin") parts.push(`${ctx.t("bantuan-admin")}\n${ctx.t("anggaran-bantuan-admin")}`);
  parts.push(ctx.t("bantuan-privasi"));
  return parts.join("\n\n");
}
