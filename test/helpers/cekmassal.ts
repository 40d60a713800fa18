/** What /cekmassal tests share: reading the result file, and the expected row of a NIK written from the simulator's data. */
import type { SippDataset } from "../../sim/sipp-data.js";
import type { SimMessage } from "../../sim/telegram.js";
import { titleCase } from "../../src/domain/format.js";

/** RFC 4180 CSV (quoted fields, doubled quotes), BOM stripped. */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const s = text.replace(/^\ufeff/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\r" && s[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The result columns after the list's own, as the bot names them. */
export const RESULT_HEADERS = ["Status", "Di P3KE", "Desa", "Kecamatan", "Desil", "Jumlah bantuan", "OPD", "Tanda"];

/** The result columns a valid, in-scope NIK should get, from the simulator's canonical data (as /cek shows it). */
export function expectedRow(data: SippDataset, nik: string): { p3ke: string; desa: string; kecamatan: string; desil: string; bantuan: string; opds: string[]; flags: string[] } {
  const person = data.p3ke.find((p) => p.nik === nik);
  const rows = data.bantuan.filter((b) => b.nik === nik);
  const flags: string[] = [];
  if (!person) flags.push("tidak di P3KE");
  if (person && person.desil_kesejahteraan <= 2 && rows.length === 0) flags.push("desil 1–2 tanpa bantuan");
  if (person && person.desil_kesejahteraan >= 4) flags.push("desil ≥ 4");
  return {
    p3ke: person ? "ya" : "tidak",
    desa: person ? titleCase(person.desa_kelurahan) : "",
    kecamatan: person ? titleCase(person.kecamatan) : "",
    desil: person ? String(person.desil_kesejahteraan) : "",
    bantuan: String(rows.length),
    opds: [...new Set(rows.map((r) => r.nama_opd))].sort(),
    flags,
  };
}

/** The bot's result document, as rows of cells (header first). */
export function resultRows(doc: SimMessage, delimiter = ","): string[][] {
  if (!doc.document) throw new Error("not a document");
  return parseCsv(doc.document.data.toString("utf8"), delimiter);
}
