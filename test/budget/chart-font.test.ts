import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { canHideSystemFonts, probeChartFonts } from "../helpers/fonts.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const hidable = canHideSystemFonts();

/**
 * Container images (node:*-slim) have no fonts at all, and Skia then draws no text: the chart
 * must draw its title, axes and legend with the font shipped in node_modules only. Hiding the
 * system fonts needs a mount namespace (`unshare`); where that is refused, the test is skipped.
 */
describe("chart text without system fonts", () => {
  it.skipIf(!hidable)("with /usr/share/fonts hidden, the title and legend are drawn with the bundled font", async () => {
    const r = await probeChartFonts(`${ROOT}src`, ROOT);
    expect(r.before).toBe(0); // the fonts really are hidden: nothing else can draw text here
    expect(r.families).toEqual(["DejaVu Sans", "Pantau Sans"]); // only what the chart module registered
    expect(r.fontFiles.every((f) => f.startsWith(`${ROOT}node_modules/@fontsource/dejavu-sans/`))).toBe(true);
    expect(r.title).toBeGreaterThan(500);
    expect(r.legend).toBeGreaterThan(300);
  }, 30_000);
});
