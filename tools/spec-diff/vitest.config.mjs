import { defineConfig } from "vitest/config";

// Every case runs oasdiff (and some Redocly) as child processes: slow on a loaded 2-core machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
