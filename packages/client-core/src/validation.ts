import { ValidationError } from "./errors.js";
import type { OperationMeta, RequestParams } from "./types.js";

/** What an Ajv validator reports about one failure (Ajv's ErrorObject with `verbose: true`), as we read it. */
export interface ValidatorError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

/** One compiled validator: Ajv's standalone function (from codegen) or one Ajv compiled at run time. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ValidatorError[] | null };

/** Each operation's validators, by operationId; codegen writes one table per spec (`generated/validators.js`). */
export type OperationValidators = Readonly<
  Record<string, { readonly body?: SchemaValidator; readonly params?: SchemaValidator }>
>;

function fieldOf(error: ValidatorError, dropFirstSegment: boolean): string {
  const segments = error.instancePath.split("/").filter(Boolean);
  if (dropFirstSegment) segments.shift(); // params are grouped by location (query/path/header); users know names
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  if (error.keyword === "additionalProperties") segments.push(String(error.params.additionalProperty));
  return segments.length > 0 ? segments.join(".") : "(body)";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The rule, in words a CLI user understands; the spec may override it with `x-rule` on the schema. */
function ruleOf(error: ValidatorError): string {
  const custom = (error.parentSchema as { "x-rule"?: unknown } | undefined)?.["x-rule"];
  // Not for `type`: a wrong type is a different mistake from the one the rule describes.
  if (typeof custom === "string" && error.keyword !== "type") return custom;
  const p = error.params;
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

function check(fn: SchemaValidator, data: unknown, isParams: boolean): void {
  if (fn(data)) return;
  const [first] = fn.errors ?? [];
  if (!first) throw new ValidationError("(request)", "is invalid");
  throw new ValidationError(fieldOf(first, isParams), ruleOf(first));
}

/**
 * Validates requests with already compiled validators: the table codegen emits (nothing is compiled at run time),
 * or `compileValidators` from `@userctl/client-core/compile`.
 */
export function requestValidator(validators: OperationValidators): RequestValidator {
  return {
    validate(op, { body, params }) {
      const fns = validators[op.operationId];
      if (op.bodySchema) {
        if (!fns?.body) throw new Error(`no validator for ${op.operationId}'s body: regenerate the client`);
        if (body === undefined) {
          if (op.bodyRequired) throw new ValidationError("(body)", "is required");
        } else {
          check(fns.body, body, false);
        }
      }
      if (op.paramsSchema) {
        if (!fns?.params)
          throw new Error(`no validator for ${op.operationId}'s params: regenerate the client`);
        check(fns.params, params ?? {}, true);
      }
    },
  };
}
