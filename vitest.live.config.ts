import { defineConfig } from "vitest/config";

// `npm run test:live`: everything that needs real oracles (pcre2test differential, Apache fuzzing).
export default defineConfig({
  test: {
    include: ["test/live/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
