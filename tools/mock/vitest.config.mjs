import { defineConfig } from "vitest/config";

// One test starts a real Prism (seconds, more on a loaded machine): its own ceiling is 120 s.
export default defineConfig({ test: { testTimeout: 150_000 } });
