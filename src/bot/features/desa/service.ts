import type { BotDeps } from "../../deps.js";
import { DesaDirectory, type DesaEntry } from "../../../desa/directory.js";
import { summarizeDesa, type DesaSummary } from "../../../desa/summary.js";
import { isUpstreamError, type UpstreamErrorKind } from "../../../upstream/errors.js";
import type { DesaProgress } from "../../../upstream/sipp.js";

export type DesaOutcome =
  | { ok: true; summary: DesaSummary; fetchedAt: number; stale: boolean }
  | { ok: false; kind: UpstreamErrorKind | "umum" };

export type Failure = { ok: false; kind: UpstreamErrorKind | "umum" };

/** Pages fetched so far of one desa, per endpoint (for the progress text). */
export type LoadState = Record<"p3ke" | "bantuan", { done: number; total?: number } | undefined>;

export interface DesaServiceOptions {
  /** Kecamatan lists loaded at once for a name search. */
  directoryConcurrency?: number;
}

/** The data side of /desa: desa pages through the cached SIPP client, the desa directory, names seen. */
export class DesaService {
  readonly directory: DesaDirectory;
  /** Desa names seen in listings, for progress texts (≤ a few hundred entries). */
  private readonly knownNames = new Map<string, string>();

  constructor(
    private readonly deps: Pick<BotDeps, "sipp" | "logger" | "incidents">,
    opts: DesaServiceOptions = {},
  ) {
    this.directory = new DesaDirectory(deps.sipp, { concurrency: opts.directoryConcurrency ?? 3 });
  }

  get logger(): BotDeps["logger"] {
    return this.deps.logger;
  }

  nameOf(kode: string): string | undefined {
    return this.knownNames.get(kode);
  }

  remember(entries: readonly { kode: string; nama: string }[]): void {
    for (const e of entries) this.knownNames.set(e.kode, e.nama);
  }

  /** An upstream failure as a kind the texts know; a rejected key is reported to administrators. */
  async failure(e: unknown, what: string, fields: Record<string, unknown>): Promise<Failure> {
    if (isUpstreamError(e)) {
      if (e.kind === "unauthorized") await this.deps.incidents.unauthorized("sipp");
      this.deps.logger.warn({ err: e, ...fields }, `${what} failed`);
      return { ok: false, kind: e.kind };
    }
    this.deps.logger.error({ err: e, ...fields }, `${what} failed unexpectedly`);
    return { ok: false, kind: "umum" };
  }

  /** All pages of one desa through the cached client (one upstream walk per TTL), summarised. */
  async load(kode: string, onProgress?: DesaProgress): Promise<DesaOutcome> {
    try {
      const r = await this.deps.sipp.desa(kode, onProgress);
      if (!r.stale && !r.hit) await this.deps.incidents.ok("sipp");
      const outcome: DesaOutcome = { ok: true, summary: summarizeDesa(kode, r.value.p3ke, r.value.bantuan), fetchedAt: r.fetchedAt, stale: r.stale };
      if (outcome.summary.nama) this.knownNames.set(kode, outcome.summary.nama);
      return outcome;
    } catch (e) {
      return this.failure(e, "desa", { kode });
    }
  }

  /** `load`, with the pages done per endpoint passed to `progress` as they arrive. */
  loadTracked(kode: string, progress: (state: LoadState) => void): Promise<DesaOutcome> {
    const state: LoadState = { p3ke: undefined, bantuan: undefined };
    return this.load(kode, (e) => {
      state[e.kind] = { done: e.done, total: e.total };
      progress(state);
    });
  }
}

export const isEmpty = (s: DesaSummary) => s.individuals === 0 && s.bantuanRows === 0;

export function auditOutcome(o: DesaOutcome): string {
  if (!o.ok) return `galat:${o.kind}`;
  if (isEmpty(o.summary)) return "tidak_ditemukan";
  return o.stale ? "ok (cache lama)" : "ok";
}

export type { DesaEntry };
