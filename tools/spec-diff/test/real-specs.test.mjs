// The extension rules on the project's real bundles (specs/dist, built before this test by turbo): unchanged, each
// bundle has no change at all; one userctl-specific edit to each is found where it was made. The edits look
// schemas up by name and fail loudly if a spec no longer has them.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffDocuments, listApis, readSpec } from "../src/index.mjs";
import { bundlePath } from "../src/repo.mjs";

function bundle(api) {
  const file = bundlePath(api);
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm turbo run @userctl/specs#build first`);
  return readSpec(file);
}
const need = (value, what) => {
  if (value === undefined)
    throw new Error(`the spec no longer has ${what}; pick another target for this row`);
  return value;
};

describe("the real bundles", () => {
  it.each(listApis().map((a) => [a]))("%s compared with itself has no change", (api) => {
    const doc = bundle(api);
    expect(diffDocuments(doc, structuredClone(doc)).changes).toEqual([]);
  });

  it.each([
    [
      "milvus",
      "the server's x-max-bytes of Password lowered",
      (d) => {
        need(d.components.schemas.Password?.["x-max-bytes"], "Password.x-max-bytes");
        d.components.schemas.Password["x-max-bytes"] = 60;
      },
      "userctl-max-bytes-lowered",
      "#/components/schemas/Password/x-max-bytes",
    ],
    [
      "milvus",
      "the server's x-min-bytes of Password raised",
      (d) => {
        need(d.components.schemas.Password?.["x-min-bytes"], "Password.x-min-bytes");
        d.components.schemas.Password["x-min-bytes"] = 8;
      },
      "userctl-min-bytes-raised",
      "#/components/schemas/Password/x-min-bytes",
    ],
    [
      "qingcloud-ehpc",
      "the signature parameter no longer client-managed",
      (d) => {
        need(
          d.components.parameters.Signature?.["x-client-managed"],
          "parameters.Signature.x-client-managed",
        );
        delete d.components.parameters.Signature["x-client-managed"];
      },
      "userctl-client-managed-removed",
      "#/components/parameters/Signature/x-client-managed",
    ],
    [
      "sunbird-user",
      "the first x-error-codes row removed",
      (d) =>
        need(d.components.schemas.ErrorResponse?.["x-error-codes"], "ErrorResponse.x-error-codes").shift(),
      "userctl-error-code-removed",
      "#/components/schemas/ErrorResponse/x-error-codes/0",
    ],
  ])("%s: %s is breaking", (api, _what, mutate, check, pointer) => {
    const base = bundle(api);
    const revision = structuredClone(base);
    mutate(revision);
    const { breaking } = diffDocuments(base, revision);
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.every((f) => f.id === check && f.pointer === pointer)).toBe(true);
  });
});
