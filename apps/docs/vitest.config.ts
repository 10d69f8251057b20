import { defineConfig } from "vitest/config";

// Browser and build tests start Chromium, Prism and whole builds: one file at a time on a 2-core machine.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
