import { defineConfig } from "vitest/config";

// Browser and build tests start Chromium and whole builds: one file at a time on a 2-core machine. globalSetup
// starts the three Prism mocks once for all files. The timeouts only stop a hang; no test depends on speed.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
