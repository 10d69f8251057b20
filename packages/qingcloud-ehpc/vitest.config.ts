import { defineConfig } from "vitest/config";

// globalSetup starts this package's Prism once (its own start-up ceiling is 120 s). The timeouts only stop a
// hang: they are sized for a 2-core machine running other suites beside this one.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
