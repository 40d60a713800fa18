import { BotComposer } from "../../composer.js";
import type { BotContext } from "../../context.js";
import type { BotDeps } from "../../deps.js";
import { Screen } from "../../screen.js";
import type { Translate } from "../../../i18n.js";
import { formatAngka, formatDurasi, formatUmur } from "../../../domain/format.js";
import type { AnggaranReader } from "../../../budget/anggaran-reader.js";
import { SyncFailure, type SyncResult } from "../../../budget/sync.js";
import { rp, tahapText, tanggal } from "./render.js";
import type { AnggaranEnv } from "./view.js";

/** `alerts`: what the alert evaluation after this sync queued (absent: alerts not wired, or evaluated elsewhere). */
export function renderSyncReport(t: Translate, r: SyncResult, alerts?: { groups: number; alerted: number; errors: number }): string {
  const L = [t("sinkron-selesai", { baris: formatAngka(r.rows), satker: formatAngka(r.satker), durasi: formatDurasi(r.durationMs) })];
  if (r.dataDate) L.push(t("sinkron-data-per", { tanggal: tanggal(r.dataDate) }));
  if (!r.changes) L.push(t("sinkron-pertama"));
  else {
    const ch = r.changes;
    L.push("", t("sinkron-perubahan-judul"));
    const delta = ch.realisasiDeltaSen;
    L.push(t("sinkron-perubahan-realisasi", { delta: `${delta > 0 ? "+" : ""}${rp(delta)}` }));
    if (ch.paguMinusBaru.length) {
      L.push(t("sinkron-perubahan-minus-baru", { jumlah: String(ch.paguMinusBaru.length) }));
      for (const m of ch.paguMinusBaru.slice(0, 20)) L.push(t("sinkron-perubahan-minus-baris", { kd: m.satker, akun: m.akun, jumlah: rp(m.amountSen) }));
    } else L.push(t("sinkron-perubahan-tidak-ada"));
    if (ch.paguMinusSelesai.length) L.push(t("sinkron-perubahan-minus-selesai", { jumlah: String(ch.paguMinusSelesai.length) }));
  }
  if (alerts) {
    const grup = formatAngka(alerts.groups);
    L.push(
      "",
      alerts.groups === 0
        ? t("sinkron-peringatan-grup-kosong")
        : alerts.alerted > 0
          ? t("sinkron-peringatan-grup", { dikirim: formatAngka(alerts.alerted), grup })
          : t("sinkron-peringatan-grup-nihil", { grup }),
    );
  }
  const failed = r.listenerErrors + (alerts?.errors ?? 0);
  if (failed) L.push(t("sinkron-peringatan-gagal", { jumlah: String(failed) }));
  return L.join("\n");
}

export async function renderSyncFailure(t: Translate, e: unknown, reader: AnggaranReader, now: Date): Promise<string> {
  const kind = e instanceof SyncFailure ? e.kind : "umum";
  const last = await reader.lastRun();
  const L = [t("sinkron-gagal", { durasi: formatDurasi(last?.durationMs ?? 0), alasan: t(`sinkron-alasan-${kind}`) })];
  const snap = await reader.current();
  L.push(snap ? t("sinkron-gagal-umur", { tanggal: tanggal(snap.dataDate), umur: formatUmur(now.getTime() - snap.syncedAt.getTime()) }) : t("sinkron-gagal-tanpa-data"));
  return L.join("\n");
}

/** /sinkron (administrators): run the OMSPAN sync now (or join the run in progress) and report what changed. */
export function sinkronCommand(env: AnggaranEnv, alerts: BotDeps["alerts"]) {
  const { reader, sync } = env.budget;
  const c = new BotComposer<BotContext>();
  c.command("sinkron", async (ctx) => {
    if (ctx.role !== "admin") {
      await ctx.reply(ctx.t("akses-khusus-admin"));
      return;
    }
    const t: Translate = (k, v) => ctx.t(k, v);
    const key = sync.inProgress !== undefined ? "sinkron-bergabung" : "sinkron-mulai";
    const screen = new Screen(ctx.api, ctx.chat.id, undefined, { progressIntervalMs: 1500, logger: env.logger });
    let report: string;
    try {
      const r = await screen.follow(() => t(key, { tahap: tahapText(t, sync.progress()) }), sync.run("admin"));
      report = renderSyncReport(t, r, alerts?.evaluation(r.datasetId));
    } catch (e) {
      report = await renderSyncFailure(t, e, reader, env.now());
    }
    await screen.show(report);
  });
  return c;
}
