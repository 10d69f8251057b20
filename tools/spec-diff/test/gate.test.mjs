// The gate end to end through bin/spec-diff.mjs on temp repos: what it says with no release, how a breaking
// change fails it, and the two ways through (a major changeset for every affected package, or reviewed entries).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { fixtureDoc, makeRepo, TOOL_DIR } from "./helpers.mjs";

let repo;
afterEach(() => repo?.remove());

/** The fixture with two breaking changes: a response field removed (oasdiff) and x-idempotent dropped (userctl). */
function brokenFixture() {
  const doc = fixtureDoc();
  delete doc.components.schemas.DescribeUserSuccess.properties.data.properties.createdAt;
  doc.paths["/users/describe"].post["x-idempotent"] = false;
  return doc;
}
function releasedRepo() {
  repo = makeRepo({ release: { version: "1.0.0", doc: fixtureDoc() } });
  repo.setBundle(brokenFixture());
  return repo;
}

describe("spec-diff with no release", () => {
  it("says so plainly and passes", () => {
    repo = makeRepo();
    repo.setBundle(brokenFixture());
    const r = repo.cli();
    expect(r.stdout).toBe("fixture: no release of @fixture/specs yet; nothing to compare\n");
    expect(r.status).toBe(0);
  });
});

describe("a breaking change against the last release", () => {
  it("fails, saying what broke, where, and which changeset to add", () => {
    const r = releasedRepo().cli();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("against release 1.0.0 of @fixture/specs");
    expect(r.stdout).toContain(
      "[response-optional-property-removed] removed the optional property `data/createdAt`",
    );
    expect(r.stdout).toContain(
      "POST /users/describe (describeUser) at #/components/schemas/DescribeUserSuccess/properties/data/properties/createdAt in the base",
    );
    expect(r.stdout).toContain("[userctl-idempotent-removed]");
    expect(r.stdout).toContain("at #/paths/~1users~1describe/post/x-idempotent");
    expect(r.stdout).toContain("need a major bump of @fixture/specs, @fixture/client");
    expect(r.stdout).toContain('"@fixture/specs": major\n      "@fixture/client": major');
    expect(r.stdout).toContain("specs/fixture/accepted-breaking-changes.yaml");
  });

  it("reports the same as JSON, with operation and JSON pointer", () => {
    const r = releasedRepo().cli("--json");
    expect(r.status).toBe(1);
    const [report] = JSON.parse(r.stdout).reports;
    expect(report.gate).toBe("fail");
    expect(report.breaking.map((f) => [f.id, f.operation, f.pointer])).toEqual([
      [
        "response-optional-property-removed",
        "POST /users/describe",
        "#/components/schemas/DescribeUserSuccess/properties/data/properties/createdAt",
      ],
      ["userctl-idempotent-removed", "POST /users/describe", "#/paths/~1users~1describe/post/x-idempotent"],
    ]);
  });

  it.each([
    ["a minor changeset", { "@fixture/specs": "minor", "@fixture/client": "minor" }, 1],
    ["a major of only the specs package", { "@fixture/specs": "major" }, 1],
    ["a major of every affected package", { "@fixture/specs": "major", "@fixture/client": "major" }, 0],
  ])("with %s exits %i", (_name, releases, status) => {
    releasedRepo().changeset("breaking", releases);
    const r = repo.cli();
    expect(r.status).toBe(status);
    if (status) expect(r.stdout).toMatch(/need a major bump of .*@fixture\/client/);
    else
      expect(r.stdout).toContain("pass: the breaking changes ship as a major (pending changesets: breaking)");
  });

  it("passes when every breaking change has a reviewed entry, and prints each one", () => {
    const { reports } = JSON.parse(releasedRepo().cli("--json").stdout);
    const accepted = reports[0].breaking.map((f, i) => ({
      name: `fix-${i}`,
      check: f.id,
      operation: f.operation,
      pointer: f.pointer,
      reason: "The vendor's server never sent this; the spec was wrong.",
      reviewedBy: "reviewer-a",
    }));
    repo.accept(stringify({ accepted }));
    const r = repo.cli();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'accepted as "fix-0" (reviewed by reviewer-a): The vendor\'s server never sent this; the spec was wrong.',
    );
    expect(r.stdout).toContain("pass: every breaking change is accepted");
  });

  it("still fails when only one of two breaking changes is accepted, and notes unused entries", () => {
    releasedRepo().accept(
      stringify({
        accepted: [
          {
            name: "idempotency-was-wrong",
            check: "userctl-idempotent-removed",
            operation: "POST /users/describe",
            pointer: "#/paths/~1users~1describe/post/x-idempotent",
            reason: "describe has side effects on this server.",
            reviewedBy: "reviewer-b",
          },
          {
            name: "stale",
            check: "request-property-removed",
            operation: "POST /users/create",
            pointer: "#/components/schemas/CreateUserRequest/properties/role",
            reason: "An earlier fix, already released.",
            reviewedBy: "reviewer-b",
          },
        ],
      }),
    );
    const r = repo.cli();
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("2 breaking (1 accepted)");
    expect(r.stdout).toContain(
      'acceptance "stale" in specs/fixture/accepted-breaking-changes.yaml matches no',
    );
  });

  it('takes one entry with operation "*" for a shared component that breaks several operations', () => {
    repo = makeRepo({ release: { version: "1.0.0", doc: fixtureDoc() } });
    const doc = fixtureDoc();
    doc.components.schemas.UserName.maxLength = 16; // used by createUser and describeUser
    repo.setBundle(doc);
    const failed = repo.cli();
    expect(failed.status).toBe(1);
    const template = failed.stdout.slice(failed.stdout.indexOf("accepted:"));
    expect(template.match(/- name:/g)).toHaveLength(1);
    expect(template).toContain('operation: "*"');
    repo.accept(
      stringify({
        accepted: [
          {
            name: "username-limit-was-wrong",
            check: "request-property-max-length-decreased",
            operation: "*",
            pointer: "#/components/schemas/UserName/maxLength",
            reason: "The server always refused names over 16 characters.",
            reviewedBy: "reviewer-c",
          },
        ],
      }),
    );
    const r = repo.cli();
    expect(r.stdout).toContain("2 breaking (2 accepted)");
    expect(r.status).toBe(0);
  });

  it.each([
    [
      "a missing reason",
      { name: "x", check: "c", operation: null, pointer: "#/a", reviewedBy: "r" },
      "accepted.0: must have required property 'reason' \"reason\"",
    ],
    [
      "an empty reviewer",
      {
        name: "x",
        check: "c",
        operation: null,
        pointer: "#/a",
        reason: "long enough reason",
        reviewedBy: "",
      },
      "accepted.0.reviewedBy: must NOT have fewer than 1 characters",
    ],
    [
      "a pointer that is not one",
      {
        name: "x",
        check: "c",
        operation: null,
        pointer: "a/b",
        reason: "long enough reason",
        reviewedBy: "r",
      },
      "accepted.0.pointer: must match pattern",
    ],
  ])("refuses an acceptance file with %s (exit 2, one line)", (_name, entry, message) => {
    releasedRepo().accept(stringify({ accepted: [entry] }));
    const r = repo.cli();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`spec-diff: specs/fixture/accepted-breaking-changes.yaml: ${message}`);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("fails as a check that cannot run when oasdiff is not built", () => {
    releasedRepo();
    const r = spawnWith({ USERCTL_OASDIFF: join(repo.root, "no-such-oasdiff") });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^spec-diff: oasdiff is not built .*go install tool/);
  });
});

function spawnWith(env) {
  const original = { ...process.env };
  Object.assign(process.env, env);
  try {
    return repo.cli();
  } finally {
    for (const key of Object.keys(env)) if (!(key in original)) delete process.env[key];
  }
}

describe("--base <git ref>", () => {
  it("bundles the spec as it was at the ref and compares with it", () => {
    repo = makeRepo();
    repo.git("init", "-q");
    repo.setSource(fixtureDoc());
    repo.commit("v1");
    const broken = brokenFixture();
    repo.setSource(broken);
    repo.setBundle(broken);
    repo.commit("v2");
    const r = repo.cli("--base", "HEAD~1", "--json");
    const [report] = JSON.parse(r.stdout).reports;
    expect(report.base.label).toMatch(/^HEAD~1 \([0-9a-f]{12}\)$/);
    expect(report.breaking.map((f) => f.id)).toEqual([
      "response-optional-property-removed",
      "userctl-idempotent-removed",
    ]);
    expect(r.status).toBe(1);
    // against itself nothing changed
    const same = repo.cli("--base", "HEAD");
    expect(same.stdout).toContain("0 breaking (0 accepted), 0 warnings, 0 changes in all");
    expect(same.status).toBe(0);
  });

  it("says plainly when the API did not exist at the ref, and refuses an unknown ref", () => {
    repo = makeRepo();
    repo.git("init", "-q");
    writeFileSync(join(repo.root, "README"), "x");
    repo.commit("before the API");
    repo.setSource(fixtureDoc());
    repo.setBundle(fixtureDoc());
    repo.commit("the API");
    expect(repo.cli("--base", "HEAD~1").stdout).toBe(
      "fixture: specs/fixture does not exist at HEAD~1; nothing to compare\n",
    );
    const bad = repo.cli("--base", "no-such-branch");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('spec-diff: --base: "no-such-branch" is not a commit of this repository\n');
  });
});

describe("pnpm spec:diff (bin/spec-diff-all.mjs), before it starts turbo", () => {
  const runAll = (...args) =>
    spawnSync(process.execPath, [join(TOOL_DIR, "bin/spec-diff-all.mjs"), ...args], { encoding: "utf8" });
  it.each([
    [
      ["--base", "no-such-ref-anywhere"],
      /^spec:diff: --base: "no-such-ref-anywhere" is not a commit of this repository$/,
    ],
    [["--bogus"], /^spec:diff: Unknown option '--bogus'/],
  ])("refuses %j with one line and exit 2", (args, message) => {
    const r = runAll(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });
});
