/**
 * Upstream incidents: a rejected API key (401/403) is told to administrators once per
 * incident, and a short "recovered" note follows the next successful call.
 *
 * The incident state lives in the shared database (`kv` table), not in process memory, so
 * that N instances or a restart still tell the administrators once; the notices go through
 * the persisted outbox (sent by the leader, paced, retried), so an officer's request never
 * waits on a Telegram send.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger.js";
import type { Translate } from "../i18n.js";
import type { KvStorage } from "../store/repos.js";
import { formatWaktu } from "../domain/format.js";
import type { OmspanKeyInfo } from "../upstream/omspan.js";
import type { OutboxRepo } from "./outbox.js";

const LABELS: Record<string, { sumber: string; variabel: string }> = {
  sipp: { sumber: "SIPP", variabel: "SIPP_API_TOKEN" },
  omspan: { sumber: "OMSPAN", variabel: "OMSPAN_API_TOKEN" },
};

/** "SIPP", "OMSPAN": how an upstream is named to users. */
export function sourceLabel(upstream: string): string {
  return LABELS[upstream]?.sumber ?? upstream.toUpperCase();
}

/** What the bot and the budget sync report to. */
export interface Incidents {
  /** `extra`: an HTML line appended to the notice (e.g. the OMSPAN key's budget year). */
  unauthorized(upstream: string, now?: Date, extra?: string): Promise<void>;
  /** A call to `upstream` succeeded: ends its incident, if one is open. */
  ok(upstream: string): Promise<void>;
}

interface OpenIncident {
  id: string;
  since: number;
}

export interface IncidentsDeps {
  state: KvStorage<OpenIncident>;
  outbox: Pick<OutboxRepo, "enqueue">;
  adminIds: readonly number[];
  t: Translate;
  logger: Logger;
}

export class UpstreamIncidents implements Incidents {
  constructor(private readonly deps: IncidentsDeps) {}

  async unauthorized(upstream: string, now = new Date(), extra?: string): Promise<void> {
    const mine: OpenIncident = { id: randomUUID(), since: now.getTime() };
    // Atomic on every store: of several instances seeing the 401 at once, one opens the incident.
    const stored = await this.deps.state.setIfAbsent(upstream, mine);
    if (stored.id !== mine.id) return;
    const l = LABELS[upstream] ?? { sumber: upstream, variabel: "token" };
    this.deps.logger.error({ upstream }, "upstream rejected the API key");
    const text = this.deps.t("admin-upstream-401", { sumber: l.sumber, variabel: l.variabel, waktu: formatWaktu(now) });
    await this.tellAdmins(extra ? `${text}\n${extra}` : text, `401:${upstream}:${mine.id}`);
  }

  async ok(upstream: string): Promise<void> {
    // A read first: this runs after every fresh upstream answer, and incidents are rare.
    const open = await this.deps.state.read(upstream);
    if (!open || !(await this.deps.state.deleteIfPresent(upstream))) return;
    this.deps.logger.info({ upstream }, "upstream accepts the API key again");
    await this.tellAdmins(this.deps.t("admin-upstream-pulih", { sumber: sourceLabel(upstream) }), `pulih:${upstream}:${open.id}`);
  }

  private async tellAdmins(html: string, key: string): Promise<void> {
    const now = Date.now();
    await this.deps.outbox.enqueue(
      this.deps.adminIds.map((admin) => ({ chatId: admin, text: html, kind: "admin" as const, dedupeKey: `admin:${key}:${admin}` })),
      now,
    );
  }
}

/** The admin note on a rejected OMSPAN key: the key's budget year, and a warning when it is not this year. */
export function omspanKeyNote(t: Translate, info: OmspanKeyInfo, currentYear: number): string {
  if (info.year === undefined) return t("admin-omspan-kunci-tanpa-tahun");
  const lines = [t("admin-omspan-kunci-tahun", { tahun: String(info.year) })];
  if (info.year !== currentYear) lines.push(t("admin-omspan-kunci-beda-tahun", { tahun: String(info.year), sekarang: String(currentYear) }));
  return lines.join("\n");
}
