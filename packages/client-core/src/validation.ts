import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { ValidationError } from "./errors.js";
import type { JsonSchema, OperationMeta, RequestParams } from "./types.js";

// ajv and ajv-formats are CommonJS; their class/function is the `default` export under NodeNext and esbuild alike.
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;

/** Vendor extension: a password-style rule no portable regex can express ("3 of 4 character classes"). */
export const MIN_CHARACTER_CLASSES = "x-min-character-classes";

const CHARACTER_CLASSES: ReadonlyArray<readonly [string, RegExp]> = [
  ["uppercase letters", /[A-Z]/],
  ["lowercase letters", /[a-z]/],
  ["digits", /[0-9]/],
  ["special characters", /[^A-Za-z0-9]/],
];

/** Vendor extension: a limit in UTF-8 bytes, for servers that count bytes where JSON Schema counts characters. */
export const MAX_BYTES = "x-max-bytes";

export function countCharacterClasses(value: string): number {
  return CHARACTER_CLASSES.filter(([, re]) => re.test(value)).length;
}

function createAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: false, verbose: true, validateFormats: true });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: MIN_CHARACTER_CLASSES,
    type: "string",
    schemaType: "number",
    errors: true,
    validate: function check(min: number, data: string, parentSchema?: object) {
      if (countCharacterClasses(data) >= min) return true;
      (check as { errors?: Partial<ErrorObject>[] }).errors = [
        {
          parentSchema, // so a schema's `x-rule` wording applies to this keyword too
          keyword: MIN_CHARACTER_CLASSES,
          message: `must include at least ${min} of: ${CHARACTER_CLASSES.map(([name]) => name).join(", ")}`,
          params: { min },
        },
      ];
      return false;
    },
  });
  ajv.addKeyword({
    keyword: MAX_BYTES,
    type: "string",
    schemaType: "number",
    errors: true,
    validate: function check(max: number, data: string, parentSchema?: object) {
      if (Buffer.byteLength(data, "utf8") <= max) return true;
      (check as { errors?: Partial<ErrorObject>[] }).errors = [
        {
          parentSchema,
          keyword: MAX_BYTES,
          message: `must be at most ${max} bytes in UTF-8`,
          params: { max },
        },
      ];
      return false;
    },
  });
  return ajv;
}

function fieldOf(error: ErrorObject, dropFirstSegment: boolean): string {
  const segments = error.instancePath.split("/").filter(Boolean);
  if (dropFirstSegment) segments.shift(); // params are grouped by location (query/path/header); users know names
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
  return segments.length > 0 ? segments.join(".") : "(body)";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The rule, in words a CLI user understands; the spec may override it with `x-rule` on the schema. */
function ruleOf(error: ErrorObject): string {
  const custom = (error.parentSchema as { "x-rule"?: unknown } | undefined)?.["x-rule"];
  // Not for `type`: a wrong type is a different mistake from the one the rule describes.
  if (typeof custom === "string" && error.keyword !== "type") return custom;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a known field";
    case "minLength":
      return p.limit === 1 ? "must not be empty" : `must be at least ${plural(Number(p.limit), "character")}`;
    case "maxLength":
      return `must be at most ${plural(Number(p.limit), "character")}`;
    case "pattern":
      return `must match the pattern ${p.pattern}`;
    case "enum":
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "type":
      return `must be of type ${p.type}`;
    case "format":
      return `must be a valid ${p.format}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minItems":
    case "maxItems":
      return error.message ?? error.keyword;
    default:
      return error.message ?? `breaks the ${error.keyword} rule`;
  }
}

export interface RequestValidator {
  /** Throws ValidationError (field + rule) if `body` or `params` break the operation's schemas. */
  validate(op: OperationMeta, input: { body?: unknown; params?: RequestParams }): void;
}

/** Validates requests against the spec's own schemas; each operation's validators are compiled on first use. */
export function createRequestValidator(schemaDocument: JsonSchema): RequestValidator {
  let ajv: ReturnType<typeof createAjv> | undefined;
  const compiled = new Map<JsonSchema, ValidateFunction>();
  const compile = (schema: JsonSchema) => {
    if (!ajv) {
      ajv = createAjv();
      ajv.addSchema(schemaDocument as object);
    }
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema as object);
      compiled.set(schema, fn);
    }
    return fn;
  };
  const check = (schema: JsonSchema, data: unknown, isParams: boolean) => {
    const fn = compile(schema);
    if (fn(data)) return;
    const [first] = fn.errors ?? [];
    if (!first) throw new ValidationError("(request)", "is invalid");
    throw new ValidationError(fieldOf(first, isParams), ruleOf(first));
  };
  return {
    validate(op, { body, params }) {
      if (op.bodySchema) {
        if (body === undefined) {
          if (op.bodyRequired) throw new ValidationError("(body)", "is required");
        } else {
          check(op.bodySchema, body, false);
        }
      }
      if (op.paramsSchema) check(op.paramsSchema, params ?? {}, true);
    },
  };
}
