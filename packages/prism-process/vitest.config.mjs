import { defineConfig } from "vitest/config";

// Two tests start a real Prism (seconds, more on a loaded machine): the ceiling they use is 120 s.
export default defineConfig({ test: { include: ["test/**/*.test.mjs"], testTimeout: 150_000 } });
