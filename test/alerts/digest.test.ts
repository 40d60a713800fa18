import { describe, expect, it } from "vitest";
import { digestSlot, nextDigest, scheduleDigest } from "../../src/alerts/digest.js";
import { createLogger } from "../../src/logger.js";

const logger = createLogger({ level: "silent", secrets: [] });

describe("digest schedule (DIGEST_CRON, WIB)", () => {
  it("the default Monday 08:00 is 08:00 WIB (01:00 UTC)", () => {
    expect(nextDigest("0 8 * * 1", new Date("2026-11-23T02:00:00Z"))?.toISOString()).toBe("2026-11-30T01:00:00.000Z");
    expect(nextDigest("0 8 * * 1", new Date("2026-11-22T20:00:00Z"))?.toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(nextDigest("not a cron")).toBeUndefined();
  });

  it("the slot (dedupe key part) is the scheduled minute", () => {
    expect(digestSlot(new Date("2026-11-23T01:00:00.250Z"))).toBe("2026-11-23T01:00Z");
  });

  it("fires only on the leader", async () => {
    let leader = false;
    let asked = 0;
    const slots: Date[] = [];
    const cron = scheduleDigest("* * * * * *", () => (asked++, leader), async (slot) => void slots.push(slot), logger);
    try {
      // Ticks that found this instance not the leader (observed, not slept for) ran nothing.
      await expect.poll(() => asked, { timeout: 5000, interval: 20 }).toBeGreaterThanOrEqual(2);
      expect(slots).toEqual([]);
      leader = true;
      await expect.poll(() => slots.length, { timeout: 3000, interval: 50 }).toBeGreaterThanOrEqual(1);
    } finally {
      cron.stop();
    }
  });
});
