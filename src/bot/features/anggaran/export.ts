import { InputFile } from "grammy";
import type { BotContext } from "../../context.js";
import { escapeHtml } from "../../../domain/format.js";
import type { Translate } from "../../../i18n.js";
import type { AnggaranSnapshot } from "../../../budget/anggaran-reader.js";
import { senToRupiah, type Sen } from "../../../domain/budget.js";
import { csvField } from "../../../domain/csv.js";
import { tanggal } from "./render.js";
import { forButton, type AnggaranEnv } from "./view.js";

const csvCell = (v: string | number) => csvField(String(v), ";");

/** Per-akun detail as CSV (";" separated, UTF-8 with BOM, amounts in rupiah with "." decimals). */
export async function rincianCsv(t: Translate, snap: AnggaranSnapshot, kd: string): Promise<string> {
  const rows = await snap.akunDetail(kd);
  const head = ["akun", "jenis", "pagu", "realisasi", "persen", "kontrak", "blokir", "sisa", "minus"].map((k) => t(`anggaran-kolom-${k}`));
  const num = (sen: Sen) => String(senToRupiah(sen));
  const out = [head.map(csvCell).join(";")];
  for (const r of rows) {
    out.push(
      [r.akun, `${r.jenis} ${r.jenisNama}`, num(r.paguSen), num(r.realisasiSen), r.persen === undefined ? "" : r.persen.toFixed(2), num(r.kontrakSen), num(r.blokirSen), num(r.sisaSen), num(r.paguMinusSen)]
        .map(csvCell)
        .join(";"),
    );
  }
  return `\uFEFF${out.join("\r\n")}\r\n`;
}

/** `20261120` for the data's date, for file names. */
export function dateStamp(d: { year: number; month: number; day: number } | undefined): string {
  return d ? `${d.year}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}` : "data";
}

/** The per-akun detail of one satker as a CSV document. */
export async function sendRincian(env: AnggaranEnv, ctx: BotContext, kd: string): Promise<void> {
  const found = await forButton(env, ctx, kd);
  if (!found) return;
  await ctx.answerCallbackQuery({ text: ctx.t("anggaran-menyiapkan") });
  const { s, snap } = found;
  const csv = await rincianCsv((k, x) => ctx.t(k, x), snap, kd);
  await ctx.replyWithDocument(new InputFile(Buffer.from(csv, "utf8"), `rincian-akun_${kd}_${dateStamp(snap.dataDate)}.csv`), {
    caption: ctx.t("anggaran-rincian-caption", { nama: escapeHtml(s.nama ?? s.kdsatker), kd, tanggal: tanggal(snap.dataDate) }),
  });
}
