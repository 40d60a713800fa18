/**
 * The officer's side of a /cekmassal job (bulk/jobs.ts BulkJobIo): the progress message, the
 * audit entries BEFORE anything is sent (docs/privacy.md#audit-before-send), the result
 * document and the summary, and the notices of a job that cannot go on.
 */
import { InputFile, type Api } from "grammy";
import type { Logger } from "../../../logger.js";
import type { Translate } from "../../../i18n.js";
import { maskNik } from "../../../domain/nik.js";
import { hasAreaScope, type Scope } from "../../../domain/scope.js";
import type { BulkJobIo } from "../../../bulk/jobs.js";
import type { RowPlan } from "../../../bulk/engine.js";
import type { BulkCounts, RowOutcome } from "../../../bulk/outcome.js";
import { flatCounts } from "../../../bulk/outcome.js";
import type { BulkJob, BulkJobRepo } from "../../../store/bulk-jobs.js";
import type { AuditRepo } from "../../../store/repos.js";
import { editOrReply, ProgressMessage } from "../../progress.js";
import { maskedOf, progressText, resultCells, resultHeaders, summaryText } from "./render.js";
import { writeResultFile, type ListTable } from "../../../bulk/list-file.js";

export interface DeliveryDeps {
  api: Api;
  t: Translate;
  audit: Pick<AuditRepo, "recordMany">;
  repo: BulkJobRepo;
  logger: Logger;
  /** The list of a job again, from its Telegram file_id (undefined: cannot be read). */
  reload: (job: BulkJob) => Promise<ListTable | undefined>;
  access: (officerId: number) => Promise<{ officer: boolean; scope: Scope | undefined }>;
  /** Progress edits at most this often (default 2.5 s: Telegram's edit limits, and a calm screen). */
  progressIntervalMs?: number;
}

interface Shown {
  startedAt: number;
  doneAtStart: number;
  messageId?: number;
  sending?: Promise<void>;
  pm?: ProgressMessage;
  latest?: string;
}

export function cekmassalDelivery(d: DeliveryDeps): BulkJobIo<ListTable> & { closeProgress(job: BulkJob): Promise<number | undefined> } {
  const shown = new Map<number, Shown>();
  const interval = d.progressIntervalMs ?? 2500;

  const progress = (job: BulkJob, done: number, total: number) => {
    let s = shown.get(job.id);
    if (!s) {
      s = { startedAt: Date.now(), doneAtStart: done, ...(job.progressMessageId !== null ? { messageId: job.progressMessageId } : {}) };
      shown.set(job.id, s);
    }
    const text = progressText(d.t, done, total, Date.now() - s.startedAt, s.doneAtStart);
    s.latest = text;
    if (s.pm) return s.pm.update(text);
    if (s.sending) return;
    const state = s;
    // The first report shows the message (a new one, or the one shown before a restart); later ones edit it, throttled.
    state.sending = (async () => {
      if (state.messageId === undefined) {
        const m = await d.api.sendMessage(job.chatId, text);
        state.messageId = m.message_id;
        await d.repo.setProgress(job.id, done, m.message_id);
      }
      state.pm = new ProgressMessage(d.api, job.chatId, state.messageId, job.progressMessageId === null ? text : "", { minIntervalMs: interval, logger: d.logger });
      if (state.latest) state.pm.update(state.latest);
    })().catch((err: unknown) => d.logger.warn({ err, job: job.id }, "cekmassal: progress not shown"));
  };

  const closeProgress = async (job: BulkJob): Promise<number | undefined> => {
    const s = shown.get(job.id);
    shown.delete(job.id);
    await s?.sending;
    await s?.pm?.finish();
    return s?.messageId ?? job.progressMessageId ?? undefined;
  };

  const deliver = async (job: BulkJob, table: ListTable, plans: readonly RowPlan[], rows: readonly RowOutcome[], counts: BulkCounts, finished: () => Promise<void>) => {
    const { t } = d;
    const messageId = await closeProgress(job);
    const scope = (await d.access(job.officerId)).scope;
    const who = { userId: job.officerId, chatId: job.chatId };
    // One entry for the job with its counts, one keyed hash per NIK looked up; all written before anything is sent.
    // Made as they are written (a generator), not all 10,000 first.
    function* entries() {
      yield { ...who, action: "cekmassal", subject: `job:${job.id}`, outcome: Object.entries(flatCounts(counts)).map(([k, v]) => `${k}=${v}`).join(" ") };
      for (let i = 0; i < plans.length; i++) {
        const p = plans[i]!;
        if (p.kind === "lookup") yield { ...who, action: "cekmassal_baris", subject: maskNik(p.nik), hashOf: p.nik, outcome: rowAudit(rows[i]!) };
      }
    }
    try {
      await d.audit.recordMany(entries());
    } catch (err) {
      d.logger.error({ err, job: job.id }, "audit entries not written; the result is withheld");
      await d.api.sendMessage(job.chatId, t("galat-audit"));
      return;
    }
    const file = await writeResultFile(
      table,
      { headers: resultHeaders(t) },
      rows.map((o, i) => ({ nikMasked: maskedOf(plans[i]!, table.rows[i]![table.nikColumn] ?? "", maskNik), ...resultCells(t, o, table.rowNumbers) })),
    );
    if (messageId !== undefined) {
      await d.api.editMessageText(job.chatId, messageId, t("cekmassal-progres-selesai", { total: String(job.lookupsTotal) })).catch(() => undefined);
    }
    await d.api.sendDocument(job.chatId, new InputFile(file.bytes, file.fileName), { caption: t("cekmassal-caption", { baris: String(counts.rows) }) });
    await finished();
    await d.api.sendMessage(job.chatId, summaryText(t, counts, job.fileName, hasAreaScope(scope)));
  };

  return {
    closeProgress,
    paused: async (job) => void (await closeProgress(job)),
    reload: (job) => d.reload(job),
    progress,
    deliver,
    async interrupted(job, why) {
      await closeProgress(job);
      if (why === "petugas") return; // no longer an officer: told nothing more
      // The progress message of the run before the restart becomes the notice.
      await editOrReply(d.api, job.chatId, job.progressMessageId ?? undefined, d.t(why === "teks" ? "cekmassal-terputus-teks" : "cekmassal-terputus-berkas"));
    },
  };
}

/** A row's audit outcome, as /cek's. */
function rowAudit(o: RowOutcome): string {
  if (o.status === "gagal") return `galat:${o.error}`;
  if (o.status !== "valid") return o.status;
  const l = o.lookup;
  if (l.outOfScope) return "out_of_scope";
  const b = (l.bantuan ?? 0) > 0;
  return l.inP3ke ? (b ? "p3ke+bantuan" : "p3ke") : b ? "bantuan_saja" : "tidak_ditemukan";
}
