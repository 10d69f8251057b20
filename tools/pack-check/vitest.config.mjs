import { defineConfig } from "vitest/config";

// Packing, installing and a full tsc run take seconds idle and minutes on a 2-core machine running other suites
// beside this one (over 120 s was seen). These ceilings only stop a hang.
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 600_000 } });
