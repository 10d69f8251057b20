// Ajv compiling the schemas at run time (createRequestValidator) gives every row of the shared table its verdict:
// accepted, or a ValidationError naming the field and the rule. standalone.test.ts holds the emitted code to the
// same table.
import { describe, expect, it } from "vitest";
import { createRequestValidator } from "../src/compile.js";
import { countCharacterClasses, ValidationError } from "../src/index.js";
import { cases, operations, schemaDocument } from "./fixtures/validation-cases.js";

const validator = createRequestValidator(schemaDocument);

describe("createRequestValidator", () => {
  it.each(cases.filter(([, , , verdict]) => verdict !== "ok"))(
    "rejects with field and rule: %s",
    (_label, name, input, verdict) => {
      let caught: unknown;
      try {
        validator.validate(operations[name], input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      expect(caught).toMatchObject(
        typeof verdict === "object" ? { ...verdict, message: `${verdict.field}: ${verdict.rule}` } : {},
      );
    },
  );

  it.each(cases.filter(([, , , verdict]) => verdict === "ok"))("accepts %s", (_label, name, input) => {
    expect(() => validator.validate(operations[name], input)).not.toThrow();
  });
});

describe("countCharacterClasses", () => {
  it.each([
    ["", 0],
    ["abc", 1],
    ["abcABC", 2],
    ["abcABC123", 3],
    ["aA1!", 4],
    ["üñï", 1], // non-ASCII counts as "special": the server's check is ASCII-only
  ])("%j has %i classes", (value, expected) => {
    expect(countCharacterClasses(value)).toBe(expected);
  });
});
