import { defineConfig } from "vitest/config";

// Packing and a full tsc run take seconds, more on a loaded 2-core CI machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000 } });
