/** What the officer reads of a /cekmassal job: progress, the result file's columns, the summary. */
import type { Translate } from "../../../i18n.js";
import { escapeHtml, formatAngka, formatPersen, formatUmur, titleCase } from "../../../domain/format.js";
import type { RowPlan } from "../../../bulk/engine.js";
import type { BulkCounts, RowOutcome } from "../../../bulk/outcome.js";
import type { BulkLookupRow } from "../../../store/bulk-jobs.js";

/** "340 dari 1.000 NIK (34%)" and, once a few are done, the time left at the pace so far. */
export function progressText(t: Translate, done: number, total: number, elapsedMs: number, doneAtStart: number): string {
  const lines = [t("cekmassal-progres", { selesai: formatAngka(done), total: formatAngka(total), persen: formatPersen(done, total) })];
  const pace = done - doneAtStart;
  if (pace >= 4 && done < total && elapsedMs > 0) lines.push(t("cekmassal-sisa", { waktu: formatUmur(Math.max(1000, (elapsedMs / pace) * (total - done))) }));
  return lines.join("\n");
}

export const RESULT_COLUMNS = ["status", "p3ke", "desa", "kecamatan", "desil", "bantuan", "opd", "tanda"] as const;

export function resultHeaders(t: Translate): string[] {
  return RESULT_COLUMNS.map((c) => t(`cekmassal-kolom-${c}`));
}

function statusText(t: Translate, o: RowOutcome, rowNumbers: readonly number[]): string {
  switch (o.status) {
    case "valid":
      return t("cekmassal-status-valid");
    case "invalid":
      return t("cekmassal-status-invalid", { alasan: t(`cekmassal-alasan-${o.detail ?? o.reason}`) });
    case "duplikat":
      return t("cekmassal-status-duplikat", { baris: String(rowNumbers[o.ofRow] ?? o.ofRow + 1) });
    case "gagal":
      return t("cekmassal-status-gagal");
  }
}

function lookupCells(t: Translate, l: BulkLookupRow | undefined): string[] {
  if (!l || l.state !== "done" || l.outOfScope) return ["", "", "", "", "", ""];
  return [
    t(l.inP3ke ? "cekmassal-ya" : "cekmassal-tidak"),
    l.desa ? titleCase(l.desa) : "",
    l.kecamatan ? titleCase(l.kecamatan) : "",
    l.desil !== undefined ? String(l.desil) : "",
    String(l.bantuan ?? 0),
    l.opds.join("; "),
  ];
}

/** The extra cells of each row in RESULT_COLUMNS order (plain text: the file writer quotes), and whether to highlight it. */
export function resultCells(t: Translate, o: RowOutcome, rowNumbers: readonly number[]): { extra: string[]; highlight: boolean } {
  const lookup = o.status === "valid" || o.status === "duplikat" ? o.lookup : undefined;
  const flags = o.flags.map((f) => t(`cekmassal-tanda-${f}`)).join("; ");
  return { extra: [statusText(t, o, rowNumbers), ...lookupCells(t, lookup), flags], highlight: o.flags.length > 0 };
}

/** The masked NIK of a row as the file shows it. */
export function maskedOf(plan: RowPlan, cell: string, masked: (nik: string) => string): string {
  if (plan.kind === "lookup") return masked(plan.nik);
  if (plan.kind === "duplicate") return masked(cell);
  // Invalid: as it was, but masked when it is long enough to be (a mangled) NIK.
  return cell.replace(/\D/g, "").length >= 8 ? masked(cell) : cell.trim();
}

/** The summary message: counts per status and per flag ("di luar wilayah" only for an officer with an area scope). */
export function summaryText(t: Translate, c: BulkCounts, fileName: string | null, scoped: boolean): string {
  const n = (v: number) => formatAngka(v);
  const lines = [
    t("cekmassal-judul", { berkas: fileName ? escapeHtml(fileName) : t("cekmassal-teks") }),
    t("cekmassal-ringkasan", { baris: n(c.rows), valid: n(c.valid), p3ke: n(c.p3ke), invalid: n(c.invalid), duplikat: n(c.duplikat), gagal: n(c.gagal) }),
    "",
    t("cekmassal-ringkasan-tanda", { desil12: n(c.flags["desil12-tanpa-bantuan"]), tidakp3ke: n(c.flags["tidak-p3ke"]), desil4: n(c.flags.desil4) }),
  ];
  if (scoped || c.flags["luar-wilayah"] > 0) lines.push(t("cekmassal-ringkasan-luar", { luar: n(c.flags["luar-wilayah"]) }));
  return lines.join("\n");
}
