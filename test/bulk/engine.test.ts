/** The /cekmassal engine on its own: row plans (validation, duplicates) and the outcome counts. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planRows, lookupCount, type RowPlan } from "../../src/bulk/engine.js";
import { nikFromCell } from "../../src/bulk/list-file.js";
import { countOutcomes, flagsOf, outcomes } from "../../src/bulk/outcome.js";
import { parseNik } from "../../src/domain/nik.js";
import type { BulkLookupRow } from "../../src/store/bulk-jobs.js";

const hash = (nik: string) => `h${nik}`;
const VALID = ["3514014101900001", "3514145203880002", "3514010107850003", "3514141001900004"];
/** Cells as lists hold them: valid NIKs (with spaces now and then), malformed ones, blanks, mangled numbers. */
const cell = fc.oneof(
  fc.constantFrom(...VALID),
  fc.constantFrom(...VALID).map((n) => `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8, 12)} ${n.slice(12)}`),
  fc.constantFrom("", "  ", "3.51401E+15", "351401410190000", "3514143202880002", "abc", "12345"),
  fc.stringMatching(/^\d{1,18}$/),
);

describe("planRows", () => {
  it("looks each distinct valid NIK up once, at its first row; repeats point back to it; the rest are invalid with /cek's reason", () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), (cells) => {
        const plans = planRows(cells, nikFromCell, hash, new Date("2026-12-01"));
        const firstAt = new Map<string, number>();
        plans.forEach((p: RowPlan, i) => {
          const read = nikFromCell(cells[i]!);
          const parsed = read.kind === "nik" ? parseNik(read.value, new Date("2026-12-01")) : undefined;
          if (!parsed?.ok) {
            expect(p.kind).toBe("invalid");
            return;
          }
          const nik = parsed.value.nik;
          if (!firstAt.has(nik)) {
            firstAt.set(nik, i);
            expect(p).toEqual({ kind: "lookup", nik, hash: hash(nik) });
          } else {
            expect(p).toEqual({ kind: "duplicate", of: firstAt.get(nik), hash: hash(nik) });
          }
        });
        expect(lookupCount(plans)).toBe(firstAt.size);
      }),
    );
  });

  it("names why a row is invalid", () => {
    const plans = planRows(["", "3.51401E+15", "351401410190000", "abc", "3514143202880002", "12345"], nikFromCell, hash, new Date("2026-12-01"));
    expect(plans.map((p) => (p.kind === "invalid" ? p.detail ?? p.reason : p.kind))).toEqual(["kosong", "scientific", "digits-lost", "bukan_angka", "tanggal_lahir", "panjang"]);
  });
});

const row = (over: Partial<BulkLookupRow>): BulkLookupRow => ({
  rowIndex: 0,
  nikHash: "h",
  state: "done",
  inP3ke: true,
  outOfScope: false,
  kodeDesa: "3514141005",
  desa: "KALIREJO",
  kecamatan: "BANGIL",
  desil: 1,
  bantuan: 0,
  opds: [],
  error: undefined,
  ...over,
});

describe("flags and counts", () => {
  it.each([
    [{ desil: 1, bantuan: 0 }, ["desil12-tanpa-bantuan"]],
    [{ desil: 2, bantuan: 0 }, ["desil12-tanpa-bantuan"]],
    [{ desil: 2, bantuan: 1 }, []],
    [{ desil: 3, bantuan: 0 }, []],
    [{ desil: 4, bantuan: 2 }, ["desil4"]],
    [{ inP3ke: false, desil: undefined, bantuan: 1 }, ["tidak-p3ke"]],
    [{ outOfScope: true, inP3ke: undefined, desil: undefined }, ["luar-wilayah"]],
    [{ state: "gagal" as const }, []],
  ])("%o → %o", (over, flags) => {
    expect(flagsOf(row(over))).toEqual(flags);
  });

  it("counts a repeat once as a duplicate and a missing lookup as gagal", () => {
    const plans: RowPlan[] = [
      { kind: "lookup", nik: VALID[0]!, hash: "a" },
      { kind: "duplicate", of: 0, hash: "a" },
      { kind: "lookup", nik: VALID[1]!, hash: "b" },
      { kind: "invalid", reason: "panjang" },
    ];
    const rows = outcomes(plans, new Map([[0, row({ rowIndex: 0, nikHash: "a" })]]));
    expect(rows.map((r) => r.status)).toEqual(["valid", "duplikat", "gagal", "invalid"]);
    const c = countOutcomes(rows);
    expect(c).toMatchObject({ rows: 4, valid: 1, duplikat: 1, gagal: 1, invalid: 1, p3ke: 1 });
    expect(c.flags["desil12-tanpa-bantuan"]).toBe(1);
  });
});
