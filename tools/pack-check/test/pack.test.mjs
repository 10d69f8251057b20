// Packs every publishable client package the way `pnpm publish` would, installs the tarballs into a scratch
// project outside the workspace, then type-checks and runs a consumer against them. This is what a user of
// `npm install @userctl/milvus` gets: no workspace links, no source files, only `dist` and the exports map.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const PACKAGES = [
  ["@userctl/client-core", "packages/client-core"],
  ["@userctl/milvus", "packages/milvus"],
  ["@userctl/pymilvus", "packages/pymilvus"],
  ["@userctl/qingcloud-ehpc", "packages/qingcloud-ehpc"],
  ["@userctl/sunbird-user", "packages/sunbird-user"],
];
// Third-party runtime dependencies, linked from the workspace's store instead of downloaded again.
const THIRD_PARTY = [
  "openapi-fetch",
  "openapi-typescript-helpers",
  "ajv",
  "ajv-formats",
  "fast-deep-equal",
  "fast-uri",
  "json-schema-traverse",
  "require-from-string",
];

let scratch;
const packed = new Map(); // name -> { files, manifest }

/** Where the workspace's store keeps a dependency (pnpm hoists every package into node_modules/.pnpm/node_modules). */
function resolvePackageDir(name) {
  const hoisted = join(root, "node_modules/.pnpm/node_modules", name);
  if (existsSync(join(hoisted, "package.json"))) return hoisted;
  return dirname(
    createRequire(join(root, "packages/client-core/package.json")).resolve(`${name}/package.json`),
  );
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "userctl-pack-"));
  const modules = join(scratch, "node_modules");
  const out = join(scratch, "tarballs");
  // One recursive `pnpm pack` for all five: pnpm's own start-up is most of a single pack's cost.
  execFileSync(
    "pnpm",
    ["-r", ...PACKAGES.flatMap(([name]) => ["--filter", name]), "pack", "--pack-destination", out],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const tarballs = readdirSync(out).filter((f) => f.endsWith(".tgz"));
  expect(tarballs).toHaveLength(PACKAGES.length);
  for (const file of tarballs) {
    const tarball = join(out, file);
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    const unpacked = join(scratch, "unpacked", file);
    mkdirSync(unpacked, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));
    const target = join(modules, ...manifest.name.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(unpacked, target);
    packed.set(manifest.name, { files, manifest });
  }
  for (const dep of THIRD_PARTY) {
    const link = join(modules, dep);
    if (!existsSync(link)) symlinkSync(resolvePackageDir(dep), link, "dir");
  }
  // @types/node for the consumer's type-check (a link, so its own dependencies resolve from the store).
  mkdirSync(join(modules, "@types"), { recursive: true });
  symlinkSync(resolvePackageDir("@types/node"), join(modules, "@types/node"), "dir");
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(PACKAGES)("%s tarball", (name) => {
  it("holds only built output, README and manifest", () => {
    const { files } = packed.get(name);
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    const stray = files.filter((f) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE)/.test(f));
    expect(stray).toEqual([]);
  });

  it("has a manifest with resolved versions and an exports map whose targets exist", () => {
    const { manifest, files } = packed.get(name);
    const text = JSON.stringify(manifest.dependencies ?? {});
    expect(text).not.toMatch(/workspace:|catalog:/);
    const targets = Object.values(manifest.exports).flatMap((entry) => Object.values(entry));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(files).toContain(`package/${target.replace(/^\.\//, "")}`);
  });
});

describe("a consumer outside the workspace", () => {
  it("type-checks against the published types", () => {
    writeFileSync(
      join(scratch, "consumer.ts"),
      `import { createMilvusClient, MilvusError } from "@userctl/milvus";
import { createEhpcClient } from "@userctl/qingcloud-ehpc";
import { createSunbirdClient } from "@userctl/sunbird-user";
import { connections, utility } from "@userctl/pymilvus";
import { ValidationError } from "@userctl/client-core";

export async function main(): Promise<void> {
  const milvus = createMilvusClient({ endpoint: "http://127.0.0.1:9", token: "root:Milvus" });
  const dropped: { code: 0 } = await milvus.dropUser({ userName: "alice" });
  const ehpc = createEhpcClient({ endpoint: "http://127.0.0.1:9", accessKeyId: "AK", secretAccessKey: "SK", zone: "jn1a" });
  const job: string = (await ehpc.deleteUser({ cluster_id: "ehpc-1", username: "bob", zone: "jn1a" })).job_id;
  const sunbird = createSunbirdClient({ baseUrl: "http://127.0.0.1:9", apiKey: "k", userToken: "t" });
  await sunbird.deleteUser({ request: { userId: "u-1" } });
  connections.connect({ alias: "default", uri: "http://127.0.0.1:9", token: "root:Milvus" });
  await utility.deleteUser({ user: "alice" });
  // @ts-expect-error the generated body type rejects unknown fields
  await milvus.dropUser({ user_name: "alice" });
  void [dropped, job, MilvusError, ValidationError];
}
`,
    );
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = join(
      dirname(createRequire(import.meta.url).resolve("typescript/package.json")),
      "bin",
      "tsc",
    );
    let diagnostics = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", scratch], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      diagnostics = `${error.stdout}${error.stderr}`;
    }
    expect(diagnostics).toBe("");
  });

  it("imports and uses the packages at run time", () => {
    writeFileSync(
      join(scratch, "consumer.mjs"),
      `import { createMilvusClient } from "@userctl/milvus";
import { ValidationError } from "@userctl/client-core";
const milvus = createMilvusClient({ endpoint: "http://127.0.0.1:9", token: "root:Milvus" });
try {
  await milvus.createUser({ userName: "1bad", password: "P@ssw0rd" });
} catch (error) {
  console.log(error instanceof ValidationError ? error.message : "unexpected " + error);
}
`,
    );
    const out = execFileSync(process.execPath, [join(scratch, "consumer.mjs")], {
      cwd: scratch,
      encoding: "utf8",
    });
    expect(out.trim()).toMatch(/^userName: /);
  });
});
