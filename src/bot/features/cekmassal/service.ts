/**
 * Taking a list from the officer (docs/cekmassal.md): a document (checked by size before it is
 * downloaded, then read) or pasted text, each bad input answered with its reason and nothing
 * changed; a good list becomes a job (bulk/jobs.ts), which runs outside the chat update.
 */
import type { Api } from "grammy";
import type { Document } from "grammy/types";
import type { Logger } from "../../../logger.js";
import { escapeHtml, formatAngka } from "../../../domain/format.js";
import { maskNiksInText } from "../../../domain/nik.js";
import type { BulkJobs } from "../../../bulk/jobs.js";
import { lookupCount, planRows } from "../../../bulk/engine.js";
import { nikFromCell, readPastedList, type ListTable } from "../../../bulk/list-input.js";
import type { BulkJob } from "../../../store/bulk-jobs.js";
import type { BotContext } from "../../context.js";

/** The limits of a list (SPEC: 10,000 rows, 5 MB; pasted text up to 200 lines). */
export const LIMITS = { rows: 10_000, bytes: 5 * 1024 * 1024, textLines: 200 };

export interface CekmassalServiceDeps {
  jobs: BulkJobs<ListTable>;
  api: Api;
  /** Bot token and API root: the file download URL is `<root>/file/bot<token>/<path>`. */
  token: string;
  apiRoot: string;
  logger: Logger;
  hash: (nik: string) => string;
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
    const running = await this.running(ctx.from!.id);
    if (running) {
      await ctx.reply(t("cekmassal-sibuk", { selesai: formatAngka(running.lookupsDone), total: formatAngka(running.lookupsTotal) }));
      return "end";
    }
    let table: ListTable;
    let file: { fileId: string | null; fileName: string | null } = { fileId: null, fileName: null };
    if (msg?.document) {
      const read = await this.readDocument(ctx, msg.document);
      if (!read) return "again";
      table = read;
      file = { fileId: msg.document.file_id, fileName: safeFileName(msg.document.file_name) };
    } else if (msg?.text !== undefined && !msg.text.trim().startsWith("/")) {
      const lines = msg.text.split(/\r?\n/).filter((l) => l.trim() !== "").length;
      if (lines > LIMITS.textLines) {
        await ctx.reply(t("cekmassal-teks-terlalu-banyak", { jumlah: formatAngka(lines), batas: formatAngka(LIMITS.textLines) }));
        return "again";
      }
      table = readPastedList(msg.text);
      if (table.rows.length === 0) {
        await ctx.reply(t("cekmassal-teks-kosong"));
        return "again";
      }
    } else {
      await ctx.reply(`${t("cekmassal-bukan-berkas")}\n${t("cekmassal-tanya-lagi")}`);
      return "again";
    }
    const started = await this.d.jobs.start({ officerId: ctx.from!.id, chatId: ctx.chat!.id, scope: ctx.scope }, table, file);
    if (!started.ok) {
      const job = await this.running(ctx.from!.id);
      await ctx.reply(t("cekmassal-sibuk", { selesai: formatAngka(job?.lookupsDone ?? 0), total: formatAngka(job?.lookupsTotal ?? 0) }));
      return "end";
    }
    const nik = lookupCount(planRows(table.rows.map((r) => r[table.nikColumn] ?? ""), nikFromCell, this.d.hash));
    await ctx.reply(t("cekmassal-diterima", { baris: formatAngka(table.rows.length), nik: formatAngka(nik) }));
    return "started";
  }

  /** A document as a list, or undefined after telling the officer why not. */
  private async readDocument(ctx: BotContext, doc: Document): Promise<ListTable | undefined> {
    const t = ctx.t;
    const again = async (key: string, vars?: Record<string, string>) => {
      await ctx.reply(`${t(key, vars)}\n${t("cekmassal-tanya-lagi")}`);
      return undefined;
    };
    if (doc.file_size !== undefined && doc.file_size > LIMITS.bytes) {
      return again("cekmassal-terlalu-besar", { ukuran: `${(doc.file_size / 1024 / 1024).toLocaleString("id-ID", { maximumFractionDigits: 1 })} MB`, mb: "5" });
    }
    return again("cekmassal-jenis-berkas", { nama: escapeHtml(safeFileName(doc.file_name) ?? "?") });
  }
}
