#!/usr/bin/env node
// `userctl-turbo <turbo args>`: what the root scripts run instead of `turbo` (see src/turbo-run.mjs for why).
import { runTurbo } from "../src/turbo-run.mjs";

try {
  process.exitCode = await runTurbo(process.argv.slice(2));
} catch (error) {
  console.error(`userctl-turbo: cannot start turbo: ${error.message}`);
  process.exitCode = 1;
}
