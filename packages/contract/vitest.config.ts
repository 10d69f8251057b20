import { defineConfig } from "vitest/config";

// Each file starts its own simulators or Prism on free loopback ports; runs are bounded by seed and max examples.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], hookTimeout: 90_000, testTimeout: 120_000 },
});
