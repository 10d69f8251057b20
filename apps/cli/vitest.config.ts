import { defineConfig } from "vitest/config";

// The tests drive the built binary (dist/userctl.mjs) against Prism mocks that globalSetup starts once. The
// timeouts only stop a hang, sized for a 2-core machine running other suites beside this one.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    hookTimeout: 180_000,
    testTimeout: 180_000,
    maxConcurrency: 4,
  },
});
