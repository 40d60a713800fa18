import type { Bot } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { BaseContext, BotContext } from "./context.js";
import type { BotDeps } from "./deps.js";

/** setMyCommands: separate lists for private chats, groups and (per chat) administrators. */
export async function registerCommands(bot: Bot<BotContext>, i18n: I18n<BaseContext>, deps: Pick<BotDeps, "adminIds" | "logger">): Promise<void> {
  const t = (k: string) => i18n.t("id", k);
  const cmd = (command: string) => ({ command, description: t(`cmd-${command}`) });
  const pribadi = ["cek", "desa", "anggaran", "batal", "bantuan", "id", "start"].map(cmd);
  const grup = ["desa", "anggaran", "langganan", "berhenti", "bantuan", "id"].map(cmd);
  const admin = [...pribadi, cmd("petugas"), cmd("audit"), cmd("sinkron")];
  await bot.api.setMyCommands(pribadi, { scope: { type: "all_private_chats" } });
  await bot.api.setMyCommands(grup, { scope: { type: "all_group_chats" } });
  for (const id of deps.adminIds) {
    // Fails with "chat not found" until the admin has opened the bot; harmless.
    await bot.api.setMyCommands(admin, { scope: { type: "chat", chat_id: id } }).catch((e: unknown) => deps.logger.debug({ err: e, admin: id }, "admin command list not set"));
  }
}
