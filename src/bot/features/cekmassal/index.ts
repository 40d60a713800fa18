import { BotComposer } from "../../composer.js";
/**
 * /cekmassal: a list of NIKs checked against P3KE at once (docs/cekmassal.md). Handlers only:
 * taking the list in service.ts, the conversation in conversation.ts, what the officer sees of
 * the job in delivery.ts and render.ts; the job itself in bulk/jobs.ts.
 */
import { InlineKeyboard, type Api } from "grammy";
import { createConversation } from "@grammyjs/conversations";
import type { BotContext, ConvContext } from "../../context.js";
import { DEFAULT_CONVERSATION_TTL_MS, type BotDeps } from "../../deps.js";
import type { Translate } from "../../../i18n.js";
import { formatAngka } from "../../../domain/format.js";
import type { BulkJobs } from "../../../bulk/jobs.js";
import { readListFile, type ListTable } from "../../../bulk/list-file.js";
import { editOrReply } from "../../progress.js";
import { CekmassalService } from "./service.js";
import { cekmassalConversation } from "./conversation.js";
import { cekmassalDelivery } from "./delivery.js";

export interface CekmassalFeatureOptions {
  api: Api;
  token: string;
  apiRoot: string;
  /** Texts outside an update (the job's progress and result). */
  t: Translate;
}

export function cekmassalFeature(
  deps: Pick<BotDeps, "audit" | "logger" | "officers" | "adminIds" | "conversationTtlMs"> & { bulk: BulkJobs<ListTable> },
  o: CekmassalFeatureOptions,
) {
  const jobs = deps.bulk;
  const svc = new CekmassalService({ jobs, api: o.api, token: o.token, apiRoot: o.apiRoot, logger: deps.logger });
  const access = async (id: number) => (deps.adminIds.includes(id) ? { officer: true, scope: undefined } : deps.officers.access(id));
  const delivery = cekmassalDelivery({
    api: o.api,
    t: o.t,
    audit: deps.audit,
    repo: jobs.repo,
    logger: deps.logger,
    access,
    // The uploaded file again, by its Telegram file_id (pasted text cannot be: not kept).
    reload: async (job) => (job.fileId ? readListFile(await svc.download(job.fileId), job.fileName ?? "") : undefined),
  });
  jobs.attach(delivery);

  const c = new BotComposer<BotContext>();
  c.use(createConversation<BotContext, ConvContext>(cekmassalConversation(svc), { id: "cekmassal", maxMillisecondsToWait: deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS }));

  /** In groups: nothing personal, only a button to the private chat. */
  const groupHint = async (ctx: BotContext) => {
    const kb = new InlineKeyboard().url(ctx.t("cekmassal-tombol-pribadi"), `https://t.me/${ctx.me.username}`);
    await ctx.reply(ctx.t("cekmassal-di-grup"), { reply_markup: kb });
  };

  c.command("cekmassal", async (ctx) => {
    if (ctx.chat.type !== "private") return groupHint(ctx);
    const running = await svc.running(ctx.from!.id);
    if (running) {
      await ctx.reply(ctx.t("cekmassal-sibuk", { selesai: formatAngka(running.lookupsDone), total: formatAngka(running.lookupsTotal) }));
      return;
    }
    await ctx.conversation.enter("cekmassal");
  });

  // A CSV/XLSX sent in a private chat without the command (or with it as the caption) is taken as a list too.
  c.chatType("private").on("message:document", async (ctx) => {
    await svc.accept(ctx);
  });
  // A list sent to a group with the command as its caption (grammY's command() reads texts only): the hint, nothing read.
  c.on("message:document", async (ctx, next) => {
    if (!/^\/cekmassal(@\w+)?(\s|$)/i.test(ctx.message.caption ?? "")) return next();
    await groupHint(ctx);
  });

  /** /batal: stops the officer's running job (here or on another instance) and reports what was done; false when none ran. */
  const cancel = async (ctx: BotContext): Promise<boolean> => {
    const job = await jobs.cancel(ctx.from!.id);
    if (!job) return false;
    await delivery.closeProgress(job);
    const text = ctx.t("cekmassal-dibatalkan", { selesai: formatAngka(job.lookupsDone), total: formatAngka(job.lookupsTotal) });
    await editOrReply(ctx.api, job.chatId, job.progressMessageId ?? undefined, text);
    return true;
  };

  return { composer: c, cancel, start: () => jobs.startResuming(), stop: () => jobs.stop() };
}
