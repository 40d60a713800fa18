/**
 * Figure 5: alert fan-out to 1,000 groups with the Telegram simulator enforcing Telegram's
 * flood limits — time over the pacing bound, 429s seen, messages lost. Depends on the group
 * alerts and the outbox (SPEC §6), which are not built yet.
 */
import { missing } from "../lib/prereq.js";
import type { FigureOutcome, RunOptions } from "../lib/types.js";

export const id = "5";
export const title = "Alert fan-out to 1,000 groups under Telegram's limits";
export const goal = "time / pacing bound ≤ 1.15; 429s reported; lost = 0";

/** Where the alert outbox is expected; adjust when the feature lands. */
const PREREQUISITES = ["src/alerts"];

export async function run(_opts: RunOptions): Promise<FigureOutcome> {
  const absent = missing(PREREQUISITES);
  const method = [
    "Planned: 1,000 subscribed groups, one alert each, TelegramSim with limits { perGroupPerMin: 20, globalPerSec: 30, perChatPerSec: 1 }; time from enqueueing the alerts until the simulator has the last message, over the pacing bound 1,000 ÷ 30 msg/s ≈ 33.3 s; 429 answers from the simulator's stats; lost = alerts enqueued − messages received.",
  ];
  if (absent.length > 0) {
    return { status: "not measured", reason: `prerequisites missing: ${absent.join(", ")} (group alerts and outbox not built yet)`, method };
  }
  return {
    status: "not measured",
    reason: "the alerts now exist, but this figure's measurement is not written yet (bench/figures/fig5.ts)",
    method,
  };
}
