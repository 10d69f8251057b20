import { defineConfig } from "vitest/config";

// The tests drive the built binary (dist/userctl.mjs) against Prism mocks that globalSetup starts once.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    hookTimeout: 90_000,
    testTimeout: 60_000,
    maxConcurrency: 4,
  },
});
