import { BotComposer } from "../composer.js";
import type { BotContext } from "../context.js";
import type { CommandTable } from "../commands.js";
import { satkerText, wilayahText } from "../scope-text.js";
import { escapeHtml } from "../../domain/format.js";

/** /start, /bantuan, /id: answered for everyone (docs/privacy.md#access-and-least-privilege). `/start cek` deep links are in cek.ts. */
export function umumFeature(commands: CommandTable) {
  const c = new BotComposer<BotContext>();

  c.command("start", async (ctx) => {
    // Deep link payloads are handled by the features registered before this one; a payload
    // that reached us (unknown, or a deep link opened in a group) gets the plain welcome.
    if (ctx.role === "stranger") {
      await ctx.reply(ctx.t("start-bukan-petugas", { id: String(ctx.from?.id ?? "?") }));
      return;
    }
    await ctx.reply(ctx.t("start-sambutan", { nama: escapeHtml(ctx.from?.first_name ?? "") }) + "\n\n" + helpText(ctx, commands));
  });

  c.command(["bantuan", "help"], async (ctx) => {
    await ctx.reply(helpText(ctx, commands));
  });

  c.command("id", async (ctx) => {
    const id = String(ctx.from?.id ?? "?");
    const text = ctx.chat.type === "private" ? ctx.t("id-anda", { id }) : ctx.t("id-anda-grup", { id, chat: String(ctx.chat.id) });
    await ctx.reply(text);
  });

  return c;
}

/** The commands this officer can use here, by role; optional features only when configured. */
function helpText(ctx: BotContext, commands: CommandTable): string {
  const parts = [ctx.t("bantuan-judul"), ctx.t("bantuan-umum")];
  const has = (command: string) => commands.get(command) !== undefined;
  if (ctx.role !== "stranger") {
    const petugas = [ctx.t("bantuan-petugas")];
    if (has("anggaran")) petugas.push(ctx.t("anggaran-bantuan-petugas"));
    if (has("langganan")) petugas.push(ctx.t("langganan-bantuan-petugas"));
    if (has("panel")) petugas.push(ctx.t("panel-chat-bantuan"));
    parts.push(petugas.join("\n"));
  }
  if (ctx.role === "officer" && ctx.scope) parts.push(ctx.t("lingkup-anda", { wilayah: wilayahText(ctx.t, ctx.scope), satker: satkerText(ctx.t, ctx.scope) }));
  if (ctx.role === "admin") parts.push([ctx.t("bantuan-admin"), ...(has("sinkron") ? [ctx.t("anggaran-bantuan-admin")] : [])].join("\n"));
  parts.push(ctx.t("bantuan-privasi"));
  return parts.join("\n\n");
}
