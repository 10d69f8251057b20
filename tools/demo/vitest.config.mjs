import { defineConfig } from "vitest/config";

// The demo starts three Prisms and the portal; stopping them takes a few seconds on a loaded 2-core machine.
// These ceilings only stop a hang (the start-up one is in the test, sized by STARTUP_CEILING_MS).
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
