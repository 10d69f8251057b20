import { defineConfig } from "vitest/config";

// The command tests run the installer's probes (python3, dpkg, go): seconds on a loaded 2-core machine. The
// ceiling only stops a hang.
export default defineConfig({ test: { testTimeout: 120_000 } });
