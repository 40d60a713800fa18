/**
 * The one command table: every command the bot knows, who may use it, where it is
 * advertised (`setMyCommands`), and which feature it needs. The access gate takes its public
 * set from here, the metrics their labels, and `registerCommands` the menus; a command whose
 * feature is not configured is neither handled nor advertised.
 */
import type { Api } from "grammy";
import type { Logger } from "../logger.js";
import type { Translate } from "../i18n.js";

/** Who may run a command. Strangers reach only the public ones (see middlewares/access.ts). */
export type CommandAccess = "public" | "officer" | "admin";
/** Which menus list it: private chats, groups, and the administrators' own chats. */
export type CommandMenu = "private" | "group";
/** A part of the app a command needs; absent → the command does not exist. */
export type CommandNeed = "budget" | "alerts" | "webapp" | "bulk";

export interface CommandDef {
  command: string;
  /** Other names handled the same way (not advertised). */
  aliases?: readonly string[];
  access: CommandAccess;
  menus: readonly CommandMenu[];
  needs?: CommandNeed;
}

/** In menu order. Descriptions are `cmd-<command>` in locales/id.ftl. */
export const COMMANDS: readonly CommandDef[] = [
  { command: "cek", access: "officer", menus: ["private"] },
  { command: "desa", access: "officer", menus: ["private", "group"] },
  { command: "cekmassal", access: "officer", menus: ["private"], needs: "bulk" },
  { command: "anggaran", access: "officer", menus: ["private", "group"], needs: "budget" },
  { command: "langganan", access: "officer", menus: ["group"], needs: "alerts" },
  { command: "berhenti", access: "officer", menus: ["group"], needs: "alerts" },
  { command: "panel", access: "officer", menus: ["private"], needs: "webapp" },
  { command: "batal", access: "officer", menus: ["private"] },
  { command: "bantuan", aliases: ["help"], access: "public", menus: ["private", "group"] },
  { command: "id", access: "public", menus: ["private", "group"] },
  { command: "start", access: "public", menus: ["private"] },
  { command: "petugas", access: "admin", menus: ["private"] },
  { command: "audit", access: "admin", menus: ["private"] },
  { command: "sinkron", access: "admin", menus: ["private"], needs: "budget" },
];

/** The commands of this bot, given which optional parts are configured. */
export class CommandTable {
  readonly commands: readonly CommandDef[];
  private readonly byName = new Map<string, CommandDef>();

  /** `available`: which optional parts are configured (a part left out counts as absent). */
  constructor(available: Readonly<Partial<Record<CommandNeed, boolean>>>) {
    this.commands = COMMANDS.filter((c) => c.needs === undefined || available[c.needs] === true);
    for (const c of this.commands) for (const name of [c.command, ...(c.aliases ?? [])]) this.byName.set(name, c);
  }

  /** The definition of `name` (a command or an alias), if this bot has it. */
  get(name: string): CommandDef | undefined {
    return this.byName.get(name);
  }

  /** Whether strangers may run `name`. */
  isPublic(name: string): boolean {
    return this.byName.get(name)?.access === "public";
  }

  /** setMyCommands: separate lists for private chats, groups and (per chat) administrators. */
  async register(api: Api, t: Translate, adminIds: readonly number[], logger: Logger): Promise<void> {
    const entry = (c: CommandDef) => ({ command: c.command, description: t(`cmd-${c.command}`) });
    const listed = (menu: CommandMenu, who: CommandAccess[]) => this.commands.filter((c) => c.menus.includes(menu) && who.includes(c.access)).map(entry);
    await api.setMyCommands(listed("private", ["public", "officer"]), { scope: { type: "all_private_chats" } });
    await api.setMyCommands(listed("group", ["public", "officer"]), { scope: { type: "all_group_chats" } });
    const admin = listed("private", ["public", "officer", "admin"]);
    for (const id of adminIds) {
      // Fails with "chat not found" until the admin has opened the bot; harmless.
      await api.setMyCommands(admin, { scope: { type: "chat", chat_id: id } }).catch((e: unknown) => logger.debug({ err: e, admin: id }, "admin command list not set"));
    }
  }
}
