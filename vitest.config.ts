import { defineConfig } from "vitest/config";

// `npm test`: everything that runs with Node alone (golden files, no Apache, no pcre2test).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/apache/**", "test/live/**", "node_modules/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
