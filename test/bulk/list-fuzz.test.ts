import { Workbook } from "@cj-tech-master/excelts";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { ListFileError, readListFile, type ListTable } from "../../src/bulk/list-file.js";
import { withDeadline, XLSX_READ_DEADLINE_MS } from "../../src/bulk/xlsx-read.js";

/** The promise of readListFile: a table or a ListFileError, for any bytes, never another error, never a hang. */
async function outcome(bytes: Uint8Array, name: string): Promise<"table" | string> {
  try {
    await readListFile(bytes, name);
    return "table";
  } catch (e) {
    expect(e).toBeInstanceOf(ListFileError);
    return (e as ListFileError).problem.kind;
  }
}

/**
 * A hang shows as a failed case with its counterexample (seed and path in the report) after this
 * long, instead of the test's own timeout without one. A case normally takes milliseconds.
 */
const hangGuard = { plugins: [fc.timeout(5000)], endOnFailure: true };

const NIK = (i: number): string => `35140141019000${String(i).padStart(2, "0")}`;

/** The same bytes on every run (fixed dates in the ZIP and in docProps), so a seed and path replay a case exactly. */
async function workbook(level?: number): Promise<Buffer> {
  const at = new Date(Date.UTC(2026, 11, 8));
  const wb = new Workbook();
  wb.created = at;
  wb.modified = at;
  const ws = wb.addWorksheet("Daftar");
  ws.addRow(["No", "Nama", "NIK"]);
  for (let i = 0; i < 20; i++) ws.addRow([i + 1, `Nama ${i}`, NIK(i)]);
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: level === undefined ? { modTime: at } : { level, modTime: at } }));
}

describe("readListFile on damaged input", () => {
  it("property: random bytes under any name end in a table or a ListFileError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom("a.csv", "a.xlsx", "a.txt", "a", "a.pdf"), async (bytes, name) => {
        await outcome(bytes, name);
      }),
      { numRuns: 200, ...hangGuard },
    );
  });

  it("property: a workbook with bytes changed or cut ends in a table or a ListFileError", async () => {
    // Stored (level 0) too, so that changed bytes land in the XML rather than only in deflate data.
    const variants = [await workbook(), await workbook(0)];
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat()),
        async (v, flips, cut) => {
          const bytes = Buffer.from(variants[v]!);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          seen.add(await outcome(cut === null ? bytes : bytes.subarray(0, cut % bytes.length), "a.xlsx"));
        },
      ),
      { numRuns: 150, ...hangGuard },
    );
    expect(seen.has("table") && seen.has("corrupt")).toBe(true);
  });
});

describe("workbooks the property found hanging (2026-12-08)", () => {
  const nikColumn = (t: ListTable): string[] => t.rows.map((r) => r[t.nikColumn]!);

  // excelts writes each part with a data descriptor (flag bit 3): sizes 0 in the local header, the
  // real ones after the data and in the central directory. The streaming parser trusted a local
  // header the directory contradicts and waited forever; the reader now hands it a ZIP rebuilt
  // from the checked directory, so the damaged local header is never read.
  it("a deflated part whose local header claims a wrong compressed size is read from the directory", async () => {
    const bytes = await workbook();
    expect(bytes.readUInt16LE(6) & 0x08).toBe(0x08);
    expect(bytes.readUInt32LE(18)).toBe(0);
    bytes.writeUInt32LE(127, 18); // the first part's local compressed size: 127, the part is longer
    const table = await withDeadline(readListFile(bytes, "a.xlsx"), 5000, () => new Error("readListFile hung"));
    expect(nikColumn(table)).toEqual(Array.from({ length: 20 }, (_, i) => NIK(i)));
  });

  it("a stored part whose local header claims an extra field it does not have is read from the directory", async () => {
    const bytes = await workbook(0);
    expect(bytes.readUInt16LE(6) & 0x08).toBe(0x08);
    expect(bytes.readUInt16LE(8)).toBe(0); // stored
    bytes.writeUInt16LE(16, 28); // the first part's local extra-field length: 16 bytes of its data taken as "extra"
    const table = await withDeadline(readListFile(bytes, "a.xlsx"), 5000, () => new Error("readListFile hung"));
    expect(nikColumn(table)).toEqual(Array.from({ length: 20 }, (_, i) => NIK(i)));
  });
});

describe("withDeadline (the bound on a stalled workbook parse)", () => {
  it("rejects with the given error when the work never settles, and passes a result through otherwise", async () => {
    vi.useFakeTimers();
    try {
      const stalled = withDeadline(new Promise<never>(() => {}), XLSX_READ_DEADLINE_MS, () => new ListFileError({ kind: "corrupt" }));
      const caught = stalled.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(XLSX_READ_DEADLINE_MS);
      const e = await caught;
      expect(e).toBeInstanceOf(ListFileError);
      expect((e as ListFileError).problem).toEqual({ kind: "corrupt" });
      await expect(withDeadline(Promise.resolve(7), XLSX_READ_DEADLINE_MS, () => new Error("late"))).resolves.toBe(7);
      expect(vi.getTimerCount()).toBe(0); // the timer does not outlive the work
    } finally {
      vi.useRealTimers();
    }
  });
});
