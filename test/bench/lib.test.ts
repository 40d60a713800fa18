import { describe, expect, it } from "vitest";
import { percentile, summarize } from "../../bench/lib/stats.js";
import { goalMet, ratioOf, type Row } from "../../bench/lib/types.js";
import { renderJson, renderMarkdown, type RunRecord } from "../../bench/lib/report.js";

// The benchmark's own arithmetic and report format; no timings are measured or asserted here.

describe("bench percentiles", () => {
  it("interpolates between the closest ranks", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5);
  });

  it("refuses an empty sample instead of inventing a number", () => {
    expect(() => percentile([], 50)).toThrow();
    expect(() => summarize([])).toThrow();
  });
});

describe("bench goals", () => {
  const row = (value: number, goal: Row["goal"], ref?: number): Row => ({
    id: "x",
    label: "x",
    value,
    unit: "ms",
    goal,
    ...(ref === undefined ? {} : { reference: { what: "ref", value: ref, unit: "ms" } }),
  });

  it("checks a goal on the value or on value ÷ reference", () => {
    expect(goalMet(row(4, { on: "value", op: "<=", limit: 5 }))).toBe(true);
    expect(goalMet(row(6, { on: "value", op: "<=", limit: 5 }))).toBe(false);
    expect(ratioOf(row(70, undefined, 100))).toBeCloseTo(0.7);
    expect(goalMet(row(70, { on: "ratio", op: ">=", limit: 0.7 }, 100))).toBe(true);
    expect(goalMet(row(69, { on: "ratio", op: ">=", limit: 0.7 }, 100))).toBe(false);
    expect(goalMet(row(1, { on: "ratio", op: ">=", limit: 0.7 }))).toBeUndefined();
  });
});

describe("bench report", () => {
  const run: RunRecord = {
    date: "2026-01-01 00:00 UTC",
    mode: "quick",
    machine: { cpuModel: "Test CPU", cores: 2, memoryGiB: 4, node: "v20.0.0", os: "Linux" },
    loadAtStart: [0.5, 0.4, 0.3],
    figures: [
      {
        id: "1",
        title: "One",
        goal: "≤ 5 ms",
        seconds: 1,
        load: 0.5,
        outcome: {
          status: "measured",
          rows: [{ id: "1a", label: "thing", value: 3.14159, unit: "ms", reference: { what: "ref", value: 100, unit: "ms" }, goal: { on: "value", op: "<=", limit: 5, unit: "ms" } }],
          method: ["how"],
          bounds: ["why"],
        },
      },
      { id: "4", title: "Four", goal: "≥ 100,000 rows/s", seconds: 0, load: 0.5, outcome: { status: "not measured", reason: "not built yet" } },
    ],
  };

  it("writes the table with figure, value, reference, ratio, goal, machine and date", () => {
    const md = renderMarkdown(run);
    expect(md).toContain("| Figure | Value | Reference | Ratio | Goal | Load | Machine | Date |");
    expect(md).toContain("| 1a thing | 3.14 ms | 100 ms (ref) | 0.03 | ≤ 5 ms — met | 0.50 | Test CPU ×2, 4 GiB, Node 20.0.0 | 2026-01-01 00:00 UTC |");
    expect(md).toContain("| 4 Four | not measured: not built yet | — | — | ≥ 100,000 rows/s |");
    expect(md).toContain("What bounds it:");
  });

  it("names each repetition of a figure measured more than once, in the table and the sections", () => {
    const twice: RunRecord = { ...run, figures: [1, 2].map((n) => ({ ...run.figures[0]!, load: n, repetition: { n, of: 2 } })) };
    const md = renderMarkdown(twice);
    expect(md).toContain("| 1a thing (run 1 of 2) | 3.14 ms | 100 ms (ref) | 0.03 | ≤ 5 ms — met | 1.00 |");
    expect(md).toContain("| 1a thing (run 2 of 2) | 3.14 ms | 100 ms (ref) | 0.03 | ≤ 5 ms — met | 2.00 |");
    expect(md).toContain("## 1. One (run 2 of 2)");
    expect(renderMarkdown(run)).not.toContain("(run 1 of");
  });

  it("writes JSON with each row's ratio and goal outcome", () => {
    const json = JSON.parse(renderJson(run)) as { figures: { status: string; rows?: { ratio: number; met: boolean }[]; reason?: string }[] };
    expect(json.figures[0]!.rows![0]).toMatchObject({ ratio: 0.031, met: true });
    expect(json.figures[1]).toMatchObject({ status: "not measured", reason: "not built yet" });
  });
});

describe("figure 4 measures the process as deployed", () => {
  it("npm start and the Dockerfile run node with the same heap flags, the ones the benchmark uses", async () => {
    const { readFileSync } = await import("node:fs");
    const { productionNodeFlags } = await import("../../bench/lib/bundle.js");
    const flags = productionNodeFlags();
    expect(flags.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
    const cmd = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8").split("\n").find((l) => l.startsWith("CMD "));
    for (const f of flags) expect(cmd).toContain(`"${f}"`);
  });
});
