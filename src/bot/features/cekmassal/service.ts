/**
 * Taking a list from the officer (docs/cekmassal.md): a document (checked by size before it is
 * downloaded, then read) or pasted text, each bad input answered with its reason and nothing
 * changed; a good list becomes a job (bulk/jobs.ts), which runs outside the chat update.
 */
import type { Api } from "grammy";
import type { Document } from "grammy/types";
import type { Logger } from "../../../logger.js";
import type { Translate } from "../../../i18n.js";
import { escapeHtml, formatAngka } from "../../../domain/format.js";
import { maskNiksInText } from "../../../domain/nik.js";
import type { BulkJobs } from "../../../bulk/jobs.js";
import { DEFAULT_LIST_LIMITS, ListFileError, readListFile, readPastedList, type ListFileProblem, type ListTable } from "../../../bulk/list-file.js";
import type { BulkJob } from "../../../store/bulk-jobs.js";
import type { BotContext } from "../../context.js";

/** The limits of a list (SPEC: 10,000 rows, 5 MB; pasted text up to 200 lines). */
export const LIMITS = { rows: DEFAULT_LIST_LIMITS.maxRows, bytes: DEFAULT_LIST_LIMITS.maxBytes, textLines: DEFAULT_LIST_LIMITS.maxTextLines };

/** The message for each bad list (locales: cekmassal-*). */
export function problemText(t: Translate, p: ListFileProblem, name: string, pasted: boolean): string {
  const mb = (bytes: number) => formatAngka(bytes / 1024 / 1024);
  switch (p.kind) {
    case "unsupported":
      return t("cekmassal-jenis-berkas", { nama: escapeHtml(name) });
    case "too-large":
      return t("cekmassal-terlalu-besar", { ukuran: t("cekmassal-lebih-dari", { mb: mb(p.maxBytes) }), mb: mb(p.maxBytes) });
    case "encrypted":
      return t("cekmassal-terenkripsi");
    case "corrupt":
      return t("cekmassal-rusak");
    case "empty":
      return t(pasted ? "cekmassal-teks-kosong" : "cekmassal-kosong");
    case "no-nik-column":
      return t("cekmassal-tanpa-kolom");
    case "too-many-rows":
      return pasted
        ? t("cekmassal-teks-terlalu-banyak", { jumlah: formatAngka(p.rows), batas: formatAngka(p.maxRows) })
        : t("cekmassal-terlalu-banyak", { batas: formatAngka(p.maxRows) });
  }
}

/** Extensions taken as lists (a name without one is tried too); anything else is refused before it is downloaded. */
const LIST_EXTENSIONS = /\.(csv|xlsx|xlsm|txt)$/i;

export interface CekmassalServiceDeps {
  jobs: BulkJobs<ListTable>;
  api: Api;
  /** Bot token and API root: the file download URL is `<root>/file/bot<token>/<path>`. */
  token: string;
  apiRoot: string;
  logger: Logger;
}

/** What became of an answer: a job started, a bad input explained (ask again), or nothing more to ask (a job is running). */
export type Accepted = "started" | "again" | "end";

/** A file name as kept in the job: no NIK-like runs, no control characters, short. */
export function safeFileName(name: string | undefined): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return maskNiksInText(name.replace(/[\u0000-\u001f\u007f]/g, "")).slice(0, 120) || null;
}

export class CekmassalService {
  constructor(private readonly d: CekmassalServiceDeps) {}

  /** The officer's running job, if any. */
  running(officerId: number): Promise<BulkJob | undefined> {
    return this.d.jobs.runningOf(officerId);
  }

  /** Download a file the officer sent (after the size check). */
  async download(fileId: string): Promise<Buffer> {
    const f = await this.d.api.getFile(fileId);
    if (!f.file_path) throw new Error("no file_path");
    const res = await fetch(`${this.d.apiRoot.replace(/\/+$/, "")}/file/bot${this.d.token}/${f.file_path}`);
    if (!res.ok) throw new Error(`download: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > LIMITS.bytes) throw new Error("download: too large");
    return bytes;
  }

  /** The message of the current update as a list, and a job for it. Replies itself. */
  async accept(ctx: BotContext): Promise<Accepted> {
    const t = ctx.t;
    const msg = ctx.message;
    const busy = async (job: BulkJob | undefined): Promise<Accepted> => {
      await ctx.reply(t("cekmassal-sibuk", { selesai: formatAngka(job?.lookupsDone ?? 0), total: formatAngka(job?.lookupsTotal ?? 0) }));
      return "end";
    };
    const running = await this.running(ctx.from!.id);
    if (running) return busy(running);
    let table: ListTable;
    let file: { fileId: string | null; fileName: string | null } = { fileId: null, fileName: null };
    if (msg?.document) {
      const read = await this.readDocument(ctx, msg.document);
      if (!read) return "again";
      table = read;
      file = { fileId: msg.document.file_id, fileName: safeFileName(msg.document.file_name) };
    } else if (msg?.text !== undefined && !msg.text.trim().startsWith("/")) {
      try {
        table = readPastedList(msg.text);
      } catch (e) {
        if (!(e instanceof ListFileError)) throw e;
        await ctx.reply(`${problemText(t, e.problem, "", true)}\n${t("cekmassal-tanya-lagi")}`);
        return "again";
      }
    } else {
      await ctx.reply(`${t("cekmassal-bukan-berkas")}\n${t("cekmassal-tanya-lagi")}`);
      return "again";
    }
    const started = await this.d.jobs.start({ officerId: ctx.from!.id, chatId: ctx.chat!.id, scope: ctx.scope }, table, file);
    if (!started.ok) return busy(await this.running(ctx.from!.id));
    await ctx.reply(t("cekmassal-diterima", { baris: formatAngka(table.rows.length), nik: formatAngka(started.job.lookupsTotal) }));
    return "started";
  }

  /** A document as a list, or undefined after telling the officer why not. */
  private async readDocument(ctx: BotContext, doc: Document): Promise<ListTable | undefined> {
    const t = ctx.t;
    const again = async (text: string) => {
      await ctx.reply(`${text}\n${t("cekmassal-tanya-lagi")}`);
      return undefined;
    };
    const name = safeFileName(doc.file_name) ?? "?";
    // Checked before downloading: Telegram says how big the file is.
    if (doc.file_size !== undefined && doc.file_size > LIMITS.bytes) return again(problemText(t, { kind: "too-large", maxBytes: LIMITS.bytes }, name, false));
    const fileName = doc.file_name ?? "";
    if (/\.[^.]+$/.test(fileName) && !LIST_EXTENSIONS.test(fileName)) return again(problemText(t, { kind: "unsupported" }, name, false));
    let bytes: Buffer;
    try {
      bytes = await this.download(doc.file_id);
    } catch (err) {
      this.d.logger.warn({ err }, "cekmassal: list not downloaded");
      return again(t("cekmassal-gagal-unduh"));
    }
    try {
      return await readListFile(bytes, fileName);
    } catch (e) {
      if (!(e instanceof ListFileError)) throw e;
      return again(problemText(t, e.problem, name, false));
    }
  }
}
