import { defineConfig } from "vitest/config";

// Simulators start in milliseconds; the generous timeouts are for a busy shared 2-core machine only.
export default defineConfig({
  test: { include: ["test/**/*.test.mjs"], hookTimeout: 60_000, testTimeout: 30_000 },
});
