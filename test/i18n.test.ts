import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LOCALE, createI18n, translator } from "../src/i18n.js";

/**
 * `translator` formats the messages itself (no locale negotiation per call): it must give
 * exactly what the i18n plugin gives, for every message of locales/id.ftl and any values.
 */
const i18n = createI18n();
const t = translator(i18n);
const source = readFileSync(new URL("../locales/id.ftl", import.meta.url), "utf8");
const keys = [...source.matchAll(/^([a-z][\w-]*) *=/gm)].map((m) => m[1]!);
/** Every variable any message uses, so each placeable gets a value. */
const names = [...new Set([...source.matchAll(/\{ *\$([\w-]+)/g)].map((m) => m[1]!))];
/** The text, or the error (a missing variable throws in both). */
const outcome = (f: () => string) => {
  try {
    return { text: f() };
  } catch (e) {
    return { error: String(e) };
  }
};

describe("translator (the one locale, formatted directly)", () => {
  it("knows every message of locales/id.ftl", () => {
    expect(keys.length).toBeGreaterThan(50);
  });

  it("gives the plugin's text for every message, with and without values", () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.dictionary(fc.constantFrom(...names), fc.string()), (key, vars) => {
        expect(outcome(() => t(key, vars))).toEqual(outcome(() => i18n.t(LOCALE, key, vars)));
      }),
      { numRuns: 2000 },
    );
    for (const key of keys) expect(outcome(() => t(key))).toEqual(outcome(() => i18n.t(LOCALE, key)));
    const all = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
    for (const key of keys) expect(t(key, all)).toBe(i18n.t(LOCALE, key, all));
  });

  it("an unknown key or an attribute path answers as the plugin does", () => {
    for (const key of ["tidak-ada-pesan-ini", "cek-judul.atribut"]) expect(t(key)).toBe(i18n.t(LOCALE, key));
  });
});
