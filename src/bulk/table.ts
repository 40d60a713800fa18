/** Records read from a CSV or a sheet → the ListTable (docs/cekmassal.md#berkas-daftar-file-formats). */
import { chooseNikColumn, columnLetter } from "./nik-column.js";
import { ListFileError, type ListLimits, type ListTable } from "./types.js";

/**
 * Collects the non-blank records of a file: the first maxRows + 1 (a header and maxRows data
 * rows) are kept, the rest only counted, so an oversized file costs no more memory than a full one.
 */
export class RecordCollector {
  readonly records: string[][] = [];
  readonly rowNumbers: number[] = [];
  count = 0;
  constructor(private readonly limits: ListLimits) {}

  add(cells: string[], rowNumber: number): void {
    if (cells.every((c) => c.trim() === "")) return;
    this.count++;
    if (this.records.length > this.limits.maxRows) return;
    this.records.push(cells);
    this.rowNumbers.push(rowNumber);
  }

  /** The table, or the ListFileError that says why there is none. */
  table(base: Pick<ListTable, "format" | "delimiter" | "sheetName">): ListTable {
    if (this.count === 0) throw new ListFileError({ kind: "empty" });
    const width = Math.max(...this.records.map((r) => r.length));
    const choice = chooseNikColumn(this.records, width);
    if (!choice) throw new ListFileError({ kind: "no-nik-column" });
    const dataRows = this.count - (choice.hasHeader ? 1 : 0);
    if (dataRows === 0) throw new ListFileError({ kind: "empty" });
    if (dataRows > this.limits.maxRows) throw new ListFileError({ kind: "too-many-rows", rows: dataRows, maxRows: this.limits.maxRows });
    const pad = (r: string[]): string[] => (r.length < width ? [...r, ...Array<string>(width - r.length).fill("")] : r);
    const start = choice.hasHeader ? 1 : 0;
    const header = choice.hasHeader
      ? pad(this.records[0]!)
      : Array.from({ length: width }, (_, i) => (i === choice.nikColumn ? "NIK" : columnLetter(i)));
    return {
      ...base,
      header,
      rows: this.records.slice(start).map(pad),
      rowNumbers: this.rowNumbers.slice(start),
      nikColumn: choice.nikColumn,
    };
  }
}
