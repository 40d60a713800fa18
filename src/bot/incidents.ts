import type { Api } from "grammy";
import type { I18n } from "@grammyjs/i18n";
import type { Logger } from "../logger.js";
import { formatWaktu } from "../domain/format.js";
import type { BaseContext } from "./context.js";

const LABELS: Record<string, { sumber: string; variabel: string }> = {
  sipp: { sumber: "SIPP", variabel: "SIPP_API_TOKEN" },
  omspan: { sumber: "OMSPAN", variabel: "OMSPAN_API_TOKEN" },
};

export function sourceLabel(upstream: string): string {
  return LABELS[upstream]?.sumber ?? upstream.toUpperCase();
}

/**
 * A rejected API key is told to administrators once per incident (SPEC §4); the incident
 * ends with the next successful call to that upstream, and a short "recovered" note follows.
 */
export class UpstreamIncidents {
  private readonly open = new Set<string>();
  constructor(
    private readonly api: Api,
    private readonly i18n: I18n<BaseContext>,
    private readonly adminIds: number[],
    private readonly logger: Logger,
  ) {}

  /** `extra`: an HTML line appended to the notice (e.g. the OMSPAN key's budget year). */
  async unauthorized(upstream: string, now = new Date(), extra?: string): Promise<void> {
    if (this.open.has(upstream)) return;
    this.open.add(upstream);
    const l = LABELS[upstream] ?? { sumber: upstream, variabel: "token" };
    this.logger.error({ upstream }, "upstream rejected the API key");
    const text = this.i18n.t("id", "admin-upstream-401", { sumber: l.sumber, variabel: l.variabel, waktu: formatWaktu(now) });
    await this.tellAdmins(extra ? `${text}\n${extra}` : text);
  }

  async ok(upstream: string): Promise<void> {
    if (!this.open.delete(upstream)) return;
    await this.tellAdmins(this.i18n.t("id", "admin-upstream-pulih", { sumber: sourceLabel(upstream) }));
  }

  private async tellAdmins(html: string): Promise<void> {
    for (const id of this.adminIds) {
      // An admin who never opened the bot cannot be messaged; that must not break the caller.
      await this.api.sendMessage(id, html, { parse_mode: "HTML" }).catch((e: unknown) => this.logger.warn({ err: e, admin: id }, "cannot notify admin"));
    }
  }
}
