/**
 * Figure 4: OMSPAN sync of 1,000,000 realisasi rows — rows/s and peak RSS, the sync in a
 * child process so that the RSS is its own. Depends on the OMSPAN client, simulator and the
 * sync job (src/upstream/omspan.ts, src/sim/omspan*, src/budget/sync*), which are being
 * written; until this figure's measurement is written against them it is reported as not measured.
 */
import { missing } from "../lib/prereq.js";
import type { FigureOutcome, RunOptions } from "../lib/types.js";

export const id = "4";
export const title = "OMSPAN sync of 1,000,000 realisasi rows";
export const goal = "≥ 100,000 rows/s; peak RSS ≤ 300 MB";

/** The OMSPAN client and simulator, and the sync job itself (expected as src/budget/sync*.ts). */
const PREREQUISITES = ["src/upstream/omspan.ts", "src/sim/omspan*", "src/budget/sync*"];

export async function run(_opts: RunOptions): Promise<FigureOutcome> {
  const absent = missing(PREREQUISITES);
  const method = [
    "Planned: the OMSPAN simulator serves 1,000,000 RealisasiKL rows (plus DIPA, DataFA, IK); the sync runs in a child process and is timed from start to the atomic swap; rows/s = 1,000,000 ÷ sync time; peak RSS is the child's maximum resident set (process.resourceUsage().maxRSS).",
  ];
  if (absent.length > 0) {
    return { status: "not measured", reason: `prerequisites missing: ${absent.join(", ")} (the OMSPAN sync job is not built yet)`, method };
  }
  return {
    status: "not measured",
    reason: "the OMSPAN sync now exists, but this figure's measurement is not written yet (bench/figures/fig4.ts)",
    method,
  };
}
