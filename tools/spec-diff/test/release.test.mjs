// The release flow: `pnpm version-packages` records each released bundle and its changelog; the gate then compares
// with the newest recorded release, and the portal reads the history.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gateApi, recordRelease, releaseHistory } from "../src/index.mjs";
import { fixtureDoc, makeRepo } from "./helpers.mjs";

let repo;
afterEach(() => repo?.remove());
const date = new Date("2026-12-01T00:00:00Z");
const bumpSpecs = (version) => {
  const file = join(repo.root, "specs/package.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), version }));
};

describe("recordRelease", () => {
  it("records the first release, skips an unchanged bundle, records the next with its changelog", async () => {
    repo = makeRepo({ specsVersion: "0.1.0" });
    repo.setBundle(fixtureDoc());
    expect(recordRelease({ root: repo.root, bundle: false, date })).toEqual([
      "fixture: recorded specs/releases/fixture/0.1.0.openapi.yaml (first release)",
    ]);
    const snapshot = join(repo.root, "specs/releases/fixture/0.1.0.openapi.yaml");
    expect(readFileSync(snapshot, "utf8")).toBe(
      readFileSync(join(repo.root, "specs/dist/fixture.openapi.yaml"), "utf8"),
    );
    expect(recordRelease({ root: repo.root, bundle: false, date })).toEqual([
      "fixture: unchanged since 0.1.0",
    ]);

    const next = fixtureDoc();
    delete next.paths["/users/list"];
    next.components.schemas.CreateUserRequest.properties.email = { type: "string" };
    repo.setBundle(next);
    expect(recordRelease({ root: repo.root, bundle: false, date })).toEqual([
      "fixture: changed, but @fixture/specs is still 0.1.0; recorded with its next release",
    ]);
    const gate = await gateApi("fixture", { root: repo.root });
    expect(gate.base.label).toBe("release 0.1.0 of @fixture/specs");
    expect(gate.gate).toBe("fail");

    bumpSpecs("1.0.0");
    expect(recordRelease({ root: repo.root, bundle: false, date })).toEqual([
      "fixture: recorded specs/releases/fixture/1.0.0.openapi.yaml (1 breaking, 2 changes since 0.1.0)",
    ]);
    const record = parse(readFileSync(join(repo.root, "specs/releases/fixture/1.0.0.changes.yaml"), "utf8"));
    expect(record).toMatchObject({ version: "1.0.0", previous: "0.1.0", date: "2026-12-01" });
    expect(record.changes.map((c) => [c.level, c.id])).toEqual([
      ["breaking", "api-path-removed-without-deprecation"],
      ["info", "new-optional-request-property"],
    ]);
    const history = releaseHistory("fixture", repo.root);
    expect(history.map((h) => [h.version, h.previous, h.changes.length])).toEqual([
      ["1.0.0", "0.1.0", 2],
      ["0.1.0", null, 0],
    ]);
    // the released bundle is now the base: nothing left to gate
    const after = await gateApi("fixture", { root: repo.root });
    expect(after.base.label).toBe("release 1.0.0 of @fixture/specs");
    expect(after.counts.changes).toBe(0);
    expect(existsSync(join(repo.root, "specs/releases/fixture/0.1.0.changes.yaml"))).toBe(true);
  });

  it("orders releases by semver, not by file name", () => {
    repo = makeRepo({ specsVersion: "0.10.0" });
    mkdirSync(join(repo.root, "specs/releases/fixture"), { recursive: true });
    for (const version of ["0.9.0", "0.10.0", "0.2.0"])
      writeFileSync(join(repo.root, `specs/releases/fixture/${version}.openapi.yaml`), "openapi: 3.1.0\n");
    expect(releaseHistory("fixture", repo.root).map((h) => h.version)).toEqual(["0.10.0", "0.9.0", "0.2.0"]);
  });
});
