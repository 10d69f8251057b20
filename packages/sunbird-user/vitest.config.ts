import { defineConfig } from "vitest/config";

// Each test file starts its own Prism; give it time to boot on a busy 2-core machine.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], hookTimeout: 60_000, testTimeout: 20_000 },
});
