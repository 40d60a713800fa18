import { InputFile } from "grammy";
import type { Translate } from "../../../i18n.js";
import { formatAngka, formatTanggal, formatUmur, formatWaktu, titleCase } from "../../../domain/format.js";
import type { DesaSummary } from "../../../desa/summary.js";
import { EXPORT_COLUMNS, familiesCsv, familiesXlsx, type ExportColumn, type ExportLabels } from "../../../desa/export.js";
import { desaLabel, errorText, progressText } from "./render.js";
import { refusedOutside, who, type DesaView } from "./screens.js";
import { auditFirst } from "../../audit.js";

function exportLabels(t: Translate, s: DesaSummary, fetchedAt: number): ExportLabels {
  const columns = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, t(`desa-kolom-${c}`)])) as Record<ExportColumn, string>;
  return {
    columns,
    sheetKeluarga: t("desa-sheet-keluarga"),
    sheetInfo: t("desa-sheet-info"),
    info: [
      [t("desa-info-desa"), titleCase(s.nama ?? "—")],
      [t("desa-info-kecamatan"), titleCase(s.kecamatan ?? "—")],
      [t("desa-info-kode"), s.kode],
      [t("desa-info-keluarga"), formatAngka(s.families)],
      [t("desa-info-jiwa"), formatAngka(s.individuals)],
      [t("desa-info-data"), formatWaktu(new Date(fetchedAt))],
      [t("desa-info-sumber"), t("desa-info-sumber-isi")],
      [t("desa-info-catatan"), t("desa-info-catatan-isi")],
    ],
  };
}

function fileName(s: DesaSummary, ext: string, fetchedAt: number): string {
  const slug = (s.nama ?? "desa").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "desa";
  const d = new Date(fetchedAt + 7 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, ""); // WIB date
  return `keluarga-p3ke_${s.kode}_${slug}_${d}.${ext}`;
}

/** The families of one desa as a CSV or XLSX document (private chat only; NIKs masked), audited. */
export async function exportDesa(v: DesaView, kode: string, format: "csv" | "xlsx"): Promise<void> {
  const { ctx, svc, screen } = v;
  const t = ctx.t;
  const action = `ekspor_${format}`;
  if (await refusedOutside(v, kode, action)) return;
  const outcome = await screen.run(progressText(t, kode, svc.nameOf(kode), undefined), (progress) =>
    svc.loadTracked(kode, (state) => progress(progressText(t, kode, svc.nameOf(kode), state))),
  );
  if (!outcome.ok) {
    await screen.show(errorText(t, outcome.kind));
    await v.audit.record({ ...who(ctx), action, subject: kode, outcome: `galat:${outcome.kind}` });
    return;
  }
  const s = outcome.summary;
  if (s.familyRows.length === 0) {
    await screen.show(t("desa-ekspor-kosong"));
    await v.audit.record({ ...who(ctx), action, subject: kode, outcome: "kosong" });
    return;
  }
  const audited = await auditFirst(
    { audit: v.audit, logger: svc.logger },
    { ...who(ctx), action, subject: kode, outcome: `ok (${s.familyRows.length} keluarga${outcome.stale ? ", cache lama" : ""})` },
  );
  if (!audited) {
    await screen.show(t("galat-audit"));
    return;
  }
  await ctx.replyWithChatAction("upload_document").catch(() => undefined);
  const labels = exportLabels(t, s, outcome.fetchedAt);
  const data = format === "csv" ? familiesCsv(s.familyRows, labels) : await familiesXlsx(s.familyRows, labels);
  const caption = [
    t("desa-ekspor-caption", { desa: desaLabel(t, kode, s.nama), jumlah: formatAngka(s.familyRows.length), tanggal: formatTanggal(new Date(outcome.fetchedAt)) }),
    outcome.stale ? t("desa-stale", { umur: formatUmur(Date.now() - outcome.fetchedAt) }) : "",
  ]
    .filter(Boolean)
    .join("\n");
  await ctx.replyWithDocument(new InputFile(data, fileName(s, format, outcome.fetchedAt)), { caption });
  if (screen.messageId !== undefined) await screen.show(t("desa-ekspor-terkirim"));
}
