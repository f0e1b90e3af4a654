import { defineConfig } from "vitest/config";

// `npm run test:apache`: re-record the golden corpus with the installed Apache and compare.
export default defineConfig({
  test: {
    include: ["test/apache/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
