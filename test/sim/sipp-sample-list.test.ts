import { describe, expect, it } from "vitest";
import { nikFromCell, readListFile } from "../../src/bulk/list-file.js";
import { parseNik } from "../../src/domain/nik.js";
import { sampleListCsv, sampleListRows, sampleListXlsx, SAMPLE_LIST_HEADER } from "../../sim/sipp-sample-list.js";
import { testData } from "../helpers/harness.js";

describe("sample BLT list of the SIPP simulator", () => {
  const ds = testData();
  const rows = sampleListRows(ds);
  const p3ke = new Map(ds.p3ke.map((p) => [p.nik, p]));
  const bantuan = new Set(ds.bantuan.map((b) => b.nik));

  it("mixes every kind of row a real list has", () => {
    const kinds = new Set(rows.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(["bantuan-only", "digits-lost", "duplicate", "invalid", "p3ke", "scientific", "unknown"]);
    const desil = new Set(rows.filter((r) => r.kind === "p3ke").map((r) => p3ke.get(r.nik)!.desil_kesejahteraan));
    expect(desil.size).toBeGreaterThanOrEqual(3);
    const p3keRows = rows.filter((r) => r.kind === "p3ke");
    expect(p3keRows.some((r) => bantuan.has(r.nik)) && p3keRows.some((r) => !bantuan.has(r.nik))).toBe(true);
    for (const r of rows) {
      if (r.kind === "bantuan-only") expect(!p3ke.has(r.nik) && bantuan.has(r.nik)).toBe(true);
      if (r.kind === "unknown") expect(!p3ke.has(r.nik) && !bantuan.has(r.nik) && parseNik(r.nik).ok).toBe(true);
      if (r.kind === "invalid") expect(parseNik(r.nik).ok).toBe(false);
      if (r.kind === "duplicate") expect(rows[r.duplicateOf! - 1]!.nik).toBe(r.nik);
    }
    expect(sampleListRows(ds)).toEqual(rows); // deterministic
  });

  it("reads back from CSV and XLSX with the NIK column found and damaged NIKs unreadable", async () => {
    for (const [bytes, name] of [
      [sampleListCsv(rows), "calon-blt.csv"],
      [sampleListCsv(rows, { delimiter: "," }), "calon-blt.csv"],
      [await sampleListXlsx(rows), "calon-blt.xlsx"],
    ] as const) {
      const t = await readListFile(bytes, name);
      expect(t.header).toEqual([...SAMPLE_LIST_HEADER]);
      expect(t.nikColumn).toBe(2);
      expect(t.rows).toHaveLength(rows.length);
      const read = t.rows.map((r) => nikFromCell(r[2]!));
      rows.forEach((r, i) => {
        if (r.kind === "scientific") expect(read[i]).toEqual({ kind: "unreadable", reason: "scientific" });
        else if (r.kind === "digits-lost") expect(read[i]).toEqual({ kind: "unreadable", reason: "digits-lost" });
        else expect(read[i]).toEqual({ kind: "nik", value: r.nik });
      });
    }
  });

  it("grows to 10,000 rows, the file limit, for any dataset", async () => {
    const big = sampleListRows(ds, { rows: 10_000 });
    expect(big).toHaveLength(10_000);
    const t = await readListFile(await sampleListXlsx(big), "besar.xlsx");
    expect(t.rows).toHaveLength(10_000);
    expect(new Set(big.map((r) => r.nik)).size).toBe(10_000 - 1); // one duplicate on purpose
  });
});
