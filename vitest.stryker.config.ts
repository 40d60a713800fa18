import { defineConfig } from "vitest/config";

/**
 * The fast test files that cover the modules `npm run mutate` mutates (stryker.config.json).
 * Not the whole suite: each mutant reruns the tests that cover it, so slow end-to-end files
 * (alerts through the outbox, the whole OMSPAN sync) are left to `npm test`.
 */
export default defineConfig({
  test: {
    include: [
      "test/domain/nik.test.ts",
      "test/bot/access.test.ts",
      "test/bot/scope.test.ts",
      "test/bot/desa-render.test.ts",
      "test/budget/ikpa-targets.test.ts",
      "test/budget/summary.test.ts",
      "test/budget/aggregate.test.ts",
      "test/alerts/rules.test.ts",
      "test/alerts/evaluator.test.ts",
      "test/alerts/outbox.test.ts",
      "test/upstream/http.test.ts",
      "test/upstream/sipp-rows.test.ts",
      "test/desa/summary.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
