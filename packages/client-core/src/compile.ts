// `@userctl/client-core/compile`: the Ajv set-up every client validates with, used at codegen time to emit
// standalone validators, and at run time by tests or callers with schemas of their own. The clients themselves
// never load it: they use the validators codegen wrote.
import AjvModule, { _, type KeywordCxt, str } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import {
  CHARACTER_CLASSES,
  countCharacterClasses,
  MAX_BYTES,
  MIN_BYTES,
  MIN_CHARACTER_CLASSES,
  utf8ByteLength,
} from "./keywords.js";
import type { standaloneRuntime } from "./standalone-runtime.js";
import type { JsonSchema, OperationMeta } from "./types.js";
import {
  type OperationValidators,
  type RequestValidator,
  requestValidator,
  type SchemaValidator,
} from "./validation.js";

// ajv and ajv-formats are CommonJS; their class/function is the `default` export under NodeNext and esbuild alike.
const Ajv2020 = AjvModule.default;
const addFormats = addFormatsModule.default;
const standaloneCode = standaloneModule.default;

/** The module specifier the keyword code names; codegen maps it to `standaloneRuntime` (STANDALONE_REQUIRES). */
const KEYWORDS_MODULE = "@userctl/client-core";

/**
 * `require(...)` expressions Ajv's standalone code contains, mapped to the member of client-core's
 * `standaloneRuntime` that replaces each. Codegen refuses code that needs anything else.
 */
export const STANDALONE_REQUIRES: Readonly<Record<string, keyof typeof standaloneRuntime>> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "equal",
  'require("ajv-formats/dist/formats").fullFormats': "fullFormats",
  [`require("${KEYWORDS_MODULE}").countCharacterClasses`]: "countCharacterClasses",
  [`require("${KEYWORDS_MODULE}").utf8ByteLength`]: "utf8ByteLength",
};

/**
 * The one Ajv configuration. Keywords are code-generating (not `validate` callbacks) so that standalone code can
 * carry them; with `verbose`, each error keeps its `parentSchema`, where a schema's `x-rule` wording is read.
 */
export function createAjv(options: { standalone?: boolean } = {}): InstanceType<typeof AjvModule.default> {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    verbose: true,
    validateFormats: true,
    ...(options.standalone ? { code: { source: true, esm: true } } : {}),
  });
  addFormats(ajv);
  // Each keyword's helper, named both by reference (run-time Ajv) and by code (standalone output).
  const classes = (cxt: KeywordCxt) =>
    cxt.gen.scopeValue("func", {
      ref: countCharacterClasses,
      code: _`require(${KEYWORDS_MODULE}).countCharacterClasses`,
    });
  const bytes = (cxt: KeywordCxt) =>
    cxt.gen.scopeValue("func", { ref: utf8ByteLength, code: _`require(${KEYWORDS_MODULE}).utf8ByteLength` });
  ajv.addKeyword({
    keyword: MIN_CHARACTER_CLASSES,
    type: "string",
    schemaType: "number",
    code(cxt) {
      cxt.fail(_`${classes(cxt)}(${cxt.data}) < ${cxt.schemaCode}`);
    },
    error: {
      message: ({ schemaCode }) =>
        str`must include at least ${schemaCode} of: ${CHARACTER_CLASSES.map(([name]) => name).join(", ")}`,
      params: ({ schemaCode }) => _`{min: ${schemaCode}}`,
    },
  });
  ajv.addKeyword({
    keyword: MAX_BYTES,
    type: "string",
    schemaType: "number",
    code(cxt) {
      cxt.fail(_`${bytes(cxt)}(${cxt.data}) > ${cxt.schemaCode}`);
    },
    error: {
      message: ({ schemaCode }) => str`must be at most ${schemaCode} bytes in UTF-8`,
      params: ({ schemaCode }) => _`{max: ${schemaCode}}`,
    },
  });
  ajv.addKeyword({
    keyword: MIN_BYTES,
    type: "string",
    schemaType: "number",
    code(cxt) {
      cxt.fail(_`${bytes(cxt)}(${cxt.data}) < ${cxt.schemaCode}`);
    },
    error: {
      message: ({ schemaCode }) => str`must be at least ${schemaCode} bytes in UTF-8`,
      params: ({ schemaCode }) => _`{min: ${schemaCode}}`,
    },
  });
  return ajv;
}

type Ajv = ReturnType<typeof createAjv>;

/** Ajv ids of one operation's two schemas: each is added to Ajv under its own id so it can be exported. */
const idOf = (doc: JsonSchema, operationId: string, part: "body" | "params") =>
  `${String(doc.$id)}:${operationId}:${part}`;

function addOperationSchemas(ajv: Ajv, schemaDocument: JsonSchema, ops: Iterable<OperationMeta>) {
  ajv.addSchema(schemaDocument as object);
  for (const op of ops) {
    if (op.bodySchema) ajv.addSchema({ ...op.bodySchema, $id: idOf(schemaDocument, op.operationId, "body") });
    if (op.paramsSchema) {
      ajv.addSchema({ ...op.paramsSchema, $id: idOf(schemaDocument, op.operationId, "params") });
    }
  }
}

/** Every operation's validators, compiled now by Ajv (what codegen's standalone table holds, without codegen). */
export function compileValidators(
  schemaDocument: JsonSchema,
  operations: Readonly<Record<string, OperationMeta>>,
): OperationValidators {
  const ajv = createAjv();
  const ops = Object.values(operations);
  addOperationSchemas(ajv, schemaDocument, ops);
  const get = (id: string) => ajv.getSchema(id) as unknown as SchemaValidator;
  const table: Record<string, { body?: SchemaValidator; params?: SchemaValidator }> = {};
  for (const op of ops) {
    table[op.operationId] = {
      ...(op.bodySchema ? { body: get(idOf(schemaDocument, op.operationId, "body")) } : {}),
      ...(op.paramsSchema ? { params: get(idOf(schemaDocument, op.operationId, "params")) } : {}),
    };
  }
  return table;
}

/**
 * Validates against schemas known only at run time (each operation compiled on first use). The clients use
 * codegen's validators instead; this is for callers with operation tables of their own.
 */
export function createRequestValidator(schemaDocument: JsonSchema): RequestValidator {
  let ajv: Ajv | undefined;
  const compiled = new Map<JsonSchema, SchemaValidator>();
  const compile = (schema: JsonSchema) => {
    if (!ajv) {
      ajv = createAjv();
      ajv.addSchema(schemaDocument as object);
    }
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema as object) as unknown as SchemaValidator;
      compiled.set(schema, fn);
    }
    return fn;
  };
  const lazy: Record<string, { body?: SchemaValidator; params?: SchemaValidator }> = {};
  const inner = requestValidator(lazy);
  return {
    validate(op, input) {
      lazy[op.operationId] = {
        ...(op.bodySchema ? { body: compile(op.bodySchema) } : {}),
        ...(op.paramsSchema ? { params: compile(op.paramsSchema) } : {}),
      };
      inner.validate(op, input);
    },
  };
}

/**
 * The ES module codegen writes as `generated/validators.js`: Ajv standalone code for every operation's body and
 * params, importing only client-core's `standaloneRuntime`, and exporting `validators`, whose type is declared by
 * `standaloneValidatorsDeclaration` in the `.d.ts` beside it.
 */
export function standaloneValidatorsModule(
  schemaDocument: JsonSchema,
  operations: Readonly<Record<string, OperationMeta>>,
  header: string,
): string {
  const ajv = createAjv({ standalone: true });
  const ops = Object.values(operations);
  addOperationSchemas(ajv, schemaDocument, ops);
  const exportsByName: Record<string, string> = {};
  const rows: string[] = [];
  ops.forEach((op, i) => {
    const parts: string[] = [];
    for (const part of ["body", "params"] as const) {
      if (!(part === "body" ? op.bodySchema : op.paramsSchema)) continue;
      const name = `${part}${i}`;
      exportsByName[name] = idOf(schemaDocument, op.operationId, part);
      parts.push(`${part}: ${name}`);
    }
    rows.push(`  ${JSON.stringify(op.operationId)}: { ${parts.join(", ")} },`);
  });
  let code = Object.keys(exportsByName).length > 0 ? standaloneCode(ajv, exportsByName) : '"use strict";';
  // Only the table is exported, so the module's type is that table and nothing else.
  code = code.replace(/export const ((?:body|params)\d+) = /g, "const $1 = ");
  const used = new Set<string>();
  code = code.replace(/require\("[^"]+"\)(?:\.[A-Za-z_$][\w$]*)?/g, (expr) => {
    const member = STANDALONE_REQUIRES[expr];
    if (!member) throw new Error(`standalone validators need ${expr}, which client-core does not provide`);
    used.add(member);
    return `runtime.${member}`;
  });
  const leftover = /\brequire\(/.exec(code);
  if (leftover) throw new Error("standalone validators still call require()");
  return [
    header,
    "// Ajv standalone code, not type-checked; TypeScript sees the `validators` table through the .d.ts beside it.",
    ...(used.size > 0 ? ['import { standaloneRuntime as runtime } from "@userctl/client-core";'] : []),
    code.replace(/^"use strict";/, ""),
    "",
    "export const validators = {",
    ...rows,
    "};",
    "",
  ].join("\n");
}

/** The `.d.ts` beside a `standaloneValidatorsModule`: TypeScript reads this, never the Ajv code. */
export function standaloneValidatorsDeclaration(header: string): string {
  return [
    header,
    'import type { OperationValidators } from "@userctl/client-core";',
    "",
    "export declare const validators: OperationValidators;",
    "",
  ].join("\n");
}
