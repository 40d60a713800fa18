import { describe, expect, it } from "vitest";
import { summarizeDesa } from "../../src/desa/summary.js";
import type { P3keRecord } from "../../src/upstream/sipp-rows.js";
import { renderSummary } from "../../src/bot/features/desa/render.js";
import { createI18n, translator } from "../../src/i18n.js";

/**
 * The /desa list's own masking. The SIPP client already masks NIKs in free text at the edge
 * (docs/privacy.md), so end to end a render without masking stays invisible; here the render
 * gets rows as another source (the cache of an older version, a new client) could hand them on.
 */
const t = translator(createI18n());
const rec = (o: Partial<P3keRecord>): P3keRecord => ({ kodeKemdagri: "3514012004", desa: "COWEK", kecamatan: "PURWODADI", ...o });

describe("/desa list rendering", () => {
  const summary = summarizeDesa("3514012004", [
    rec({ idKeluarga: "1", nikHash: "h1", nikMasked: "3514********0001", nama: "ANI 3514010101900009", kepalaKeluarga: true, desil: 1, alamat: "DUSUN KRAJAN RT 1 NIK 3514 0101 0190 0005 <b>" }),
    rec({ idKeluarga: "2", nikHash: "h2", nikMasked: "3514********0002", nama: "BUDI", kepalaKeluarga: true, desil: 1 }),
  ], []);
  const outcome = { ok: true as const, summary, fetchedAt: Date.parse("2026-12-07T03:00:00Z"), stale: false };

  it("in private: name and address with any NIK in them masked and escaped, masked NIK of the head", () => {
    const text = renderSummary(t, outcome, true, 10, Date.parse("2026-12-07T03:01:00Z"));
    expect(text).toContain("1. ANI 3514********0009 — DUSUN KRAJAN RT 1 NIK 3514********0005 &lt;b&gt; · 1 jiwa · <code>3514********0001</code>");
    expect(text).toContain("2. BUDI — — · 1 jiwa · <code>3514********0002</code>");
    expect(text).not.toContain("0101 0190");
    expect(text).not.toContain("3514010101900009");
  });

  it("in a group: no names, no addresses", () => {
    const text = renderSummary(t, outcome, false, 10, Date.parse("2026-12-07T03:01:00Z"));
    expect(text).not.toContain("ANI");
    expect(text).not.toContain("KRAJAN");
    expect(text).toContain("🔒 Nama kepala keluarga dan ekspor hanya di chat pribadi.");
  });

  it("the list is capped; the rest is counted", () => {
    const text = renderSummary(t, outcome, true, 1, Date.parse("2026-12-07T03:01:00Z"));
    expect(text).toContain("1. ANI");
    expect(text).not.toContain("2. BUDI");
    expect(text).toContain("…dan 1 lainnya.");
  });

  it("a head without a name or an address is shown as a dash", () => {
    const nameless = summarizeDesa("3514012004", [rec({ idKeluarga: "3", nikHash: "h3", nikMasked: "3514********0003", kepalaKeluarga: true, desil: 1 })], []);
    const text = renderSummary(t, { ...outcome, summary: nameless }, true, 10, Date.parse("2026-12-07T03:01:00Z"));
    expect(text).toContain("1. — — — · 1 jiwa · <code>3514********0003</code>");
  });
});
