import { defineConfig } from "vitest/config";

// globalSetup starts this package's Prism once; its own start-up ceiling (120 s) covers a loaded machine.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], globalSetup: ["test/global-setup.ts"], testTimeout: 20_000 },
});
