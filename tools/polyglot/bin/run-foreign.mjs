#!/usr/bin/env node
// usage: userctl-run-foreign <pytest|go|maven> [--mocks] [--label NAME] [--cwd DIR] [-- runner args…]
import { runForeign } from "../src/index.mjs";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const own = split < 0 ? argv : argv.slice(0, split);
const args = split < 0 ? [] : argv.slice(split + 1);
const [runner, ...flags] = own;
const option = (name) => {
  const i = flags.indexOf(name);
  return i < 0 ? undefined : flags[i + 1];
};
try {
  process.exitCode = await runForeign({
    runner,
    args,
    mocks: flags.includes("--mocks"),
    label: option("--label"),
    cwd: option("--cwd"),
  });
} catch (error) {
  console.error(`userctl-run-foreign: ${error.message}`);
  process.exitCode = 2;
}
