import { describe, expect, it } from "vitest";
import { buildAnggaranSummary } from "../../src/budget/summary.js";
import { computeIkpa } from "../../src/budget/ikpa.js";
import { behindKey, conditionsOf, diffConditions, ikpaDrop, ikpaKey, minusKey, type SatkerConditions, type StateEntry } from "../../src/alerts/rules.js";
import { renderAlert, renderDigest, statusLines } from "../../src/alerts/render.js";
import { createI18n } from "../../src/i18n.js";
import { ikRow, satker, setMinus, setRealisasi, type TestSatker } from "../helpers/budget-reader.js";

const NOW = new Date("2026-11-23T02:00:00Z"); // TW IV (WIB)
const i18n = createI18n();
const t = (k: string, v?: Record<string, string>) => i18n.t("id", k, v);

function evaluate(s: TestSatker, marginPct = 5, now = NOW): SatkerConditions {
  const summary = buildAnggaranSummary({ kdsatker: s.kdsatker, nama: s.nama, dipa: s.dipa, fa: s.fa, realisasi: s.realisasi, ik: s.ik, dataDate: { year: 2026, month: 11, day: 20 }, now });
  const history = s.ik.map((r) => ({ periode: String(r.periode), ikpa: computeIkpa(r) }));
  return conditionsOf(summary, history, { marginPct, now });
}

/** The gap (target − realisasi %, points) of jenis 52 in the summary the rules see. */
function buildGap(s: TestSatker, now = NOW): number {
  const summary = buildAnggaranSummary({ kdsatker: s.kdsatker, nama: s.nama, dipa: s.dipa, fa: s.fa, realisasi: s.realisasi, ik: s.ik, dataDate: { year: 2026, month: 11, day: 20 }, now });
  const j = summary.jenis.find((x) => x.kode === "52")!;
  return j.gap ?? j.target! - j.persen!;
}

/** Apply a diff to a state list the way the evaluator does. */
function apply(state: StateEntry[], c: SatkerConditions) {
  const d = diffConditions(c, state);
  const next = state.filter((e) => !d.cleared.some((x) => x.entry.key === e.key));
  for (const r of d.raised) next.push({ key: r.key, kdsatker: r.kdsatker, kind: r.kind, data: r.data });
  return { d, next };
}

describe("alert rules", () => {
  it("a healthy satker has no condition; every jenis with a target is 'healthy'", () => {
    const c = evaluate(satker("527560", "Kantor Pertanahan A"));
    expect(c.active).toEqual([]);
    expect([...c.healthy].sort()).toEqual(["behind:527560:51:2026-4", "behind:527560:52:2026-4", "behind:527560:53:2026-4"]);
  });

  it("pagu minus per satker + akun: alerts once, stays quiet while it lasts, announces the clear, alerts again when it returns", () => {
    const s = satker("527560", "Kantor Pertanahan A");
    setMinus(s, "521211", 2_500_000);
    let state: StateEntry[] = [];
    let r = apply(state, evaluate(s));
    expect(r.d.raised).toHaveLength(1);
    expect(r.d.raised[0]).toMatchObject({ kind: "minus", key: "minus:527560:521211", data: { akun: "521211", jenis: "52", amountSen: -250_000_000 } });
    state = r.next;

    // Deeper minus on the same akun: the same condition, nothing new.
    setMinus(s, "521211", 4_000_000);
    r = apply(state, evaluate(s));
    expect(r.d.raised).toEqual([]);
    expect(r.d.unchanged).toHaveLength(1);
    state = r.next;

    // A second akun: only that one is new.
    setMinus(s, "531111", 1_000);
    r = apply(state, evaluate(s));
    expect(r.d.raised.map((x) => x.key)).toEqual(["minus:527560:531111"]);
    state = r.next;

    setMinus(s, "521211", 0);
    r = apply(state, evaluate(s));
    expect(r.d.raised).toEqual([]);
    expect(r.d.cleared).toEqual([{ entry: expect.objectContaining({ key: "minus:527560:521211" }), announce: true }]);
    state = r.next;
    expect(state.map((e) => e.key)).toEqual(["minus:527560:531111"]);

    setMinus(s, "521211", 10);
    r = apply(state, evaluate(s));
    expect(r.d.raised.map((x) => x.key)).toEqual(["minus:527560:521211"]);
  });

  it("behind this quarter's target by MORE than the margin; the clear is announced within the quarter", () => {
    const s = satker("527560", "A");
    setRealisasi(s, "521211", 86); // 52 target TW IV 90 %: 4 points short, margin 5 → fine
    expect(evaluate(s).active).toEqual([]);
    setRealisasi(s, "521211", 84); // 6 points short
    const c = evaluate(s);
    expect(c.active).toEqual([
      expect.objectContaining({ kind: "behind", key: "behind:527560:52:2026-4", data: expect.objectContaining({ jenis: "52", target: 90, tw: "TW IV" }) }),
    ]);
    const gap = (c.active[0]!.data as { gap: number }).gap;
    expect(gap).toBeCloseTo(6, 6);
    expect(evaluate(s, 10).active).toEqual([]); // a wider margin

    let state = apply([], c).next;
    setRealisasi(s, "521211", 91);
    const r = apply(state, evaluate(s));
    expect(r.d.cleared).toEqual([{ entry: expect.objectContaining({ key: "behind:527560:52:2026-4" }), announce: true }]);
    state = r.next;
    expect(state).toEqual([]);
  });

  it("a jenis still behind in the next quarter is a new condition; the old quarter's clears silently", () => {
    const s = satker("527560", "A");
    setRealisasi(s, "531111", 50); // 53: TW III target 70, TW IV 90
    const q3 = evaluate(s, 5, new Date("2026-09-10T02:00:00Z"));
    const state = apply([], q3).next;
    expect(state.map((e) => e.key)).toEqual(["behind:527560:53:2026-3"]);
    const r = apply(state, evaluate(s, 5, new Date("2026-10-05T02:00:00Z")));
    expect(r.d.raised.map((x) => x.key)).toEqual(["behind:527560:53:2026-4"]);
    expect(r.d.cleared).toEqual([{ entry: expect.objectContaining({ key: "behind:527560:53:2026-3" }), announce: false }]);
  });

  it("IKPA category drop between the two latest periods; a later period without a drop clears silently", () => {
    const s = satker("527560", "A");
    s.ik = [ikRow("527560", 9, 96), ikRow("527560", 10, 90)]; // Sangat Baik → Baik
    const c = evaluate(s);
    expect(c.active).toEqual([expect.objectContaining({ kind: "ikpa", key: "ikpa:527560:10", data: { periode: 10, prevPeriode: 9, from: "Sangat Baik", to: "Baik", score: 90 } })]);
    let state = apply([], c).next;
    // Same period again: quiet. A further drop in period 11: a new alert.
    expect(apply(state, evaluate(s)).d.raised).toEqual([]);
    s.ik.push(ikRow("527560", 11, 80)); // Baik → Cukup
    let r = apply(state, evaluate(s));
    expect(r.d.raised.map((x) => x.key)).toEqual(["ikpa:527560:11"]);
    expect(r.d.cleared).toEqual([{ entry: expect.objectContaining({ key: "ikpa:527560:10" }), announce: false }]);
    state = r.next;
    s.ik.push(ikRow("527560", 12, 82)); // Cukup → Cukup: no drop
    r = apply(state, evaluate(s));
    expect(r.d.raised).toEqual([]);
    expect(r.d.cleared.map((x) => x.announce)).toEqual([false]);
    // Rising is never a drop; a single period is never a drop.
    expect(ikpaDrop([{ ikpa: computeIkpa(ikRow("1", 1, 80)) }, { ikpa: computeIkpa(ikRow("1", 2, 96)) }])).toBeUndefined();
    expect(ikpaDrop([{ ikpa: computeIkpa(ikRow("1", 1, 60)) }])).toBeUndefined();
  });

  it("behind means MORE than the margin short: exactly the margin is on track (healthy), a hair more is behind", () => {
    const s = satker("527560", "A");
    setRealisasi(s, "521211", 40);
    const gap = buildGap(s);
    const atMargin = evaluate(s, gap);
    expect(atMargin.active.filter((c) => c.kind === "behind")).toEqual([]);
    expect(atMargin.healthy.has("behind:527560:52:2026-4")).toBe(true);
    const over = evaluate(s, gap - 0.01);
    expect(over.active.filter((c) => c.kind === "behind").map((c) => c.key)).toEqual(["behind:527560:52:2026-4"]);
    expect(over.healthy.has("behind:527560:52:2026-4")).toBe(false);
  });

  it("IKPA drop: periods in any order, unscored periods skipped, the same period twice is no drop; keys are zero-padded", () => {
    const h = (periode: number, nilai: number) => ({ ikpa: computeIkpa(ikRow("1", periode, nilai)) });
    expect(ikpaDrop([h(10, 80), h(9, 96)])).toEqual({ periode: 10, prevPeriode: 9, from: "Sangat Baik", to: "Cukup", score: 80 });
    const unscored = { ikpa: computeIkpa({ periode: 11, values: {}, weights: {} }) };
    expect(ikpaDrop([h(9, 96), h(10, 80), unscored])).toMatchObject({ periode: 10, prevPeriode: 9 });
    expect(ikpaDrop([h(10, 96), h(10, 60)])).toBeUndefined();
    expect(ikpaDrop([h(9, 96), h(10, 96)])).toBeUndefined(); // same category
    expect(ikpaKey("527560", 3)).toBe("ikpa:527560:03");
    expect(minusKey("527560", "521211")).toBe("minus:527560:521211");
    expect(behindKey("527560", "52", 2026, 4)).toBe("behind:527560:52:2026-4");
  });

  it("without a data date the quarter's year is the WIB year of now (31 Dec 17:00 UTC is already 1 Jan in WIB)", () => {
    const s = satker("527560", "A");
    setRealisasi(s, "521211", 1);
    const now = new Date("2026-12-31T17:00:00Z");
    const summary = buildAnggaranSummary({ kdsatker: s.kdsatker, nama: s.nama, dipa: s.dipa, fa: s.fa, realisasi: s.realisasi, ik: s.ik, now });
    const c = conditionsOf(summary, [], { marginPct: 5, now });
    expect(c.active.filter((x) => x.kind === "behind").map((x) => x.key)[0]).toMatch(/^behind:527560:52:2027-/);
  });

  it("a cleared pagu minus is announced; a cleared IKPA drop is not; state of a satker not in the data is left alone", () => {
    const a = evaluate(satker("527560", "A"));
    const minus: StateEntry = { key: "minus:527560:521211", kdsatker: "527560", kind: "minus", data: { akun: "521211" } };
    const ikpa: StateEntry = { key: "ikpa:527560:10", kdsatker: "527560", kind: "ikpa", data: {} };
    expect(diffConditions(a, [minus, ikpa]).cleared).toEqual([
      { entry: minus, announce: true },
      { entry: ikpa, announce: false },
    ]);
  });

  it("ignores state of other satker", () => {
    const a = evaluate(satker("527560", "A"));
    const other: StateEntry = { key: "minus:527567:521211", kdsatker: "527567", kind: "minus", data: { akun: "521211" } };
    expect(diffConditions(a, [other]).cleared).toEqual([]);
  });
});

describe("alert texts", () => {
  it("one message per group: satker heading, rupiah amounts from sen, data date, detail hint; HTML escaped", () => {
    const s = satker("527560", "Kantor P&K <Malang>");
    setMinus(s, "521211", 2_500_000);
    setRealisasi(s, "531111", 40);
    const c = evaluate(s);
    const [text, ...rest] = renderAlert(t, [{ kdsatker: "527560", nama: c.nama!, diff: diffConditions(c, []) }], { dataDate: { year: 2026, month: 11, day: 20 }, syncedAt: NOW });
    expect(rest).toEqual([]);
    expect(text).toContain("🔔 <b>Peringatan anggaran</b>");
    expect(text).toContain("Data OMSPAN per 20 November 2026");
    expect(text).toContain("<b>Kantor P&amp;K &lt;Malang&gt;</b> (527560)");
    expect(text).toContain("🔴 Pagu minus: akun 521211 (Belanja Barang) <b>-Rp 2.500.000</b>");
    expect(text).toContain("🔻 53 Belanja Modal: realisasi 40,0%, target TW IV 90,0% (kurang 50,0 poin)");
    expect(text).toContain("<code>/anggaran 527560</code>");
    expect(renderAlert(t, [{ kdsatker: "527560", diff: { raised: [], cleared: [], unchanged: c.active } }], { syncedAt: NOW })).toEqual([]);
  });

  it("status lines after subscribing, and the digest", () => {
    const s = satker("527560", "A");
    expect(statusLines(t, evaluate(s))).toEqual(["   ✅ Tidak ada peringatan saat ini."]);
    setMinus(s, "521211", 1_000);
    expect(statusLines(t, evaluate(s))[0]).toContain("Pagu minus: akun 521211");
    const summary = buildAnggaranSummary({ kdsatker: "527560", nama: "A", dipa: s.dipa, fa: s.fa, realisasi: s.realisasi, ik: s.ik, now: NOW });
    const [d] = renderDigest(t, [{ kdsatker: "527560", summary, conds: evaluate(s) }, { kdsatker: "999999" }], { syncedAt: NOW, now: NOW, dataDate: { year: 2026, month: 11, day: 20 } });
    expect(d).toContain("📊 <b>Ringkasan anggaran</b> — 23 November 2026");
    expect(d).toContain("Realisasi 95,0% dari pagu Rp 300 juta (TW IV)");
    expect(d).toContain("✅ Sesuai target TW IV");
    expect(d).toContain("🔴 Pagu minus 1 akun, jumlah -Rp 1.000");
    expect(d).toContain("📊 IKPA Oktober: 96,00 (Sangat Baik)");
    expect(d).toContain("<b>999999</b> (999999)\n   ℹ️ Tidak ada di data OMSPAN terbaru.");
  });
});
