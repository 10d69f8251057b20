// userctl's own lint rules: the promises every spec makes to other-language generators,
// to Prism and to the generated clients. Registered in ../redocly.yaml as `userctl/*`.

import { schemaIdiomProblems, versionOf } from "./version-idioms.js";

// Constructs that ECMAScript regexes accept but many other engines (RE2/Go, Rust regex,
// POSIX, some Java/Python modes) do not: look-around, backreferences, named groups,
// atomic groups and possessive quantifiers.
const NON_PORTABLE = [
  [/\(\?[=!]/, "look-ahead"],
  [/\(\?<[=!]/, "look-behind"],
  [/\\[1-9]/, "backreference"],
  [/\\k</, "named backreference"],
  [/\(\?<[A-Za-z]/, "named group"],
  [/\(\?>/, "atomic group"],
  [/[*+?}]\+/, "possessive quantifier"],
];

function PortablePattern() {
  return {
    Schema(schema, ctx) {
      if (typeof schema.pattern !== "string") return;
      for (const [re, what] of NON_PORTABLE) {
        if (re.test(schema.pattern)) {
          ctx.report({
            message: `pattern uses a ${what}, which other languages' regex engines reject; state the rule in the description and an x- extension instead.`,
            location: ctx.location.child("pattern"),
          });
        }
      }
    },
  };
}

function hasExample(media) {
  return media.example !== undefined || (media.examples && Object.keys(media.examples).length > 0);
}

// Every request body and every response body carries at least one example: Prism serves
// them, the docs show them, and contract tests select error examples by name.
function BodyExampleRequired() {
  return {
    RequestBody: {
      MediaType(media, ctx) {
        if (!hasExample(media))
          ctx.report({ message: "request body needs an example.", location: ctx.location });
      },
    },
    Response: {
      MediaType(media, ctx) {
        if (!hasExample(media))
          ctx.report({ message: "response body needs an example.", location: ctx.location });
      },
    },
  };
}

// Bodies must use named component schemas so every generator emits a named type.
function isNamed(schema) {
  if (!schema || typeof schema !== "object") return false;
  if (typeof schema.$ref === "string") return true;
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    if (Array.isArray(schema[key])) return schema[key].every(isNamed);
  }
  // A bare string schema (e.g. a gateway's text/plain body) has no object shape to name.
  return schema.type === "string";
}

function NamedBodySchema() {
  const check = (media, ctx) => {
    if (!isNamed(media.schema)) {
      ctx.report({
        message: "body schema must be a $ref to a named component (or a oneOf/anyOf/allOf of them).",
        location: ctx.location.child("schema"),
      });
    }
  };
  return { RequestBody: { MediaType: check }, Response: { MediaType: check } };
}

// The clients retry only operations that declare themselves idempotent.
function IdempotencyDeclared() {
  return {
    Operation(op, ctx) {
      if (typeof op["x-idempotent"] !== "boolean") {
        ctx.report({
          message: "operation must declare `x-idempotent: true|false` (clients retry only idempotent calls).",
          location: ctx.location,
        });
      }
    },
  };
}

// Each document uses only the idioms of the OpenAPI version it declares (`nullable` only in 3.0, `type`
// lists only in 3.1, …): generators read the other version's idioms differently or not at all.
function VersionIdioms() {
  let version;
  return {
    Root: {
      enter(root) {
        version = versionOf(root);
      },
    },
    Schema(schema, ctx) {
      for (const problem of schemaIdiomProblems(schema, "", version)) {
        const path = problem.pointer.split("/").filter(Boolean);
        ctx.report({
          message: `${problem.message} (this document declares OpenAPI ${version}).`,
          location: path.reduce((location, key) => location.child(key), ctx.location),
        });
      }
    },
  };
}

export default function userctlPlugin() {
  return {
    id: "userctl",
    rules: {
      oas3: {
        "portable-pattern": PortablePattern,
        "body-example-required": BodyExampleRequired,
        "named-body-schema": NamedBodySchema,
        "idempotency-declared": IdempotencyDeclared,
        "version-idioms": VersionIdioms,
      },
    },
  };
}
