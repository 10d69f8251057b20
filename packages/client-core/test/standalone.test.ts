// The validators codegen emits (Ajv standalone code) must judge every input exactly as Ajv compiling the same
// schemas at run time does: same verdict, same field, same rule wording (x-rule and the vendor keywords included).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileValidators, standaloneValidatorsModule } from "../src/compile.js";
import { type OperationValidators, requestValidator, ValidationError } from "../src/index.js";
import { cases, type OperationName, operations, schemaDocument } from "./fixtures/validation-cases.js";

/** What a validator makes of one input: "ok", or the ValidationError's field and rule. */
function verdict(validators: OperationValidators, name: OperationName, input: object): string {
  try {
    requestValidator(validators).validate(operations[name], input);
    return "ok";
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return `${error.field}: ${error.rule}`;
  }
}

let dir: string;
let standalone: OperationValidators;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "userctl-standalone-"));
  const runtimeUrl = pathToFileURL(join(import.meta.dirname, "../src/standalone-runtime.ts")).href;
  const source = standaloneValidatorsModule(schemaDocument, operations, "// test").replace(
    'from "@userctl/client-core"',
    `from ${JSON.stringify(runtimeUrl)}`,
  );
  const file = join(dir, "validators.mjs");
  await writeFile(file, source);
  ({ validators: standalone } = await import(pathToFileURL(file).href));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("standalone validators agree with a run-time Ajv compile", () => {
  const runtime = compileValidators(schemaDocument, operations);

  it.each(cases)("%s", (_label, name, input, expected) => {
    const wanted = expected === "ok" ? "ok" : `${expected.field}: ${expected.rule}`;
    expect(verdict(runtime, name, input)).toBe(wanted);
    expect(verdict(standalone, name, input)).toBe(wanted);
  });

  it("the table covers both verdicts and the vendor keywords' own wording", () => {
    const verdicts = cases.map(([, name, input]) => verdict(standalone, name, input));
    expect(verdicts).toContain("ok");
    expect(verdicts).toContain(
      "password: must include at least 3 of: uppercase letters, lowercase letters, digits, special characters",
    );
    expect(verdicts).toContain("bytes: must be at most 12 bytes in UTF-8");
    expect(verdicts).toContain("bytes: must be at least 6 bytes in UTF-8");
    expect(verdicts).toContain("nick: must be 1 to 8 lower-case letters");
  });

  it("the emitted module imports nothing but client-core's runtime", () => {
    const source = standaloneValidatorsModule(schemaDocument, operations, "// test");
    expect(source).not.toMatch(/\brequire\(/);
    expect(source.match(/^import .*$/gm)).toEqual([
      'import { standaloneRuntime as runtime } from "@userctl/client-core";',
    ]);
  });
});
