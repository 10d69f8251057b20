#!/usr/bin/env node
// Run by `pnpm version-packages` after `changeset version`: commits each API's released bundle (and its changelog
// against the previous release) under specs/releases/<api>/, the base the breaking-change gate compares with.
import { recordRelease } from "../src/release.mjs";

try {
  for (const line of recordRelease()) console.log(line);
} catch (error) {
  console.error(`record-release: ${error.message}`);
  process.exitCode = error.exitCode ?? 1;
}
