import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mockGlobalSetup } from "@userctl/mock/vitest";
import type { TestProject } from "vitest/node";

// One Prism per API for the whole CLI test run; test files read the URLs with mockUrl() (see helpers.ts).
const startMocks = mockGlobalSetup(["milvus", "qingcloud-ehpc", "sunbird-user"]);

export default async function setup(project: TestProject) {
  const bin = fileURLToPath(new URL("../dist/userctl.mjs", import.meta.url));
  if (!existsSync(bin))
    throw new Error(`${bin} is missing: run the build first (pnpm --filter @userctl/cli build)`);
  return startMocks(project);
}
