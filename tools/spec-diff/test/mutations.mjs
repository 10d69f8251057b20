// The mutation table: one change at a time to test/fixtures/base.openapi.yaml, and whether spec:diff must call it
// breaking. `rule` names where the expectation comes from: GitHub's list of breaking changes
// (docs.github.com/en/rest/about-the-rest-api/breaking-changes), the issue's own list, or userctl's extension rules.
// `check` is the id the finding must carry, so a mutation caught "by accident" by another check does not pass.
// `prepare` (optional) changes base and revision alike, `mutate` only the revision.

const op = (doc, path, method) => doc.paths[path][method];
const schema = (doc, name) => doc.components.schemas[name];

export const BREAKING = [
  // GitHub: "Removing an entire operation"
  {
    name: "an operation removed",
    rule: "github: removing an entire operation",
    check: "api-path-removed-without-deprecation",
    mutate: (d) => delete d.paths["/users/list"],
  },
  {
    name: "a method removed from a path that keeps others",
    rule: "github: removing an entire operation",
    check: "api-removed-without-deprecation",
    prepare: (d) => {
      d.paths["/users/list"].post = structuredClone(op(d, "/users/list", "get"));
      d.paths["/users/list"].post.operationId = "listUsersPost";
    },
    mutate: (d) => delete d.paths["/users/list"].get,
  },
  // GitHub: "Removing or renaming a parameter"
  {
    name: "a query parameter removed",
    rule: "github: removing a parameter",
    check: "request-parameter-removed",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters.splice(1, 1);
    },
  },
  {
    name: "a query parameter renamed",
    rule: "github: renaming a parameter",
    check: "request-parameter-removed",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters[1].name = "pageSize";
    },
  },
  {
    name: "a request body property renamed",
    rule: "github: renaming a parameter (body field)",
    check: "request-property-removed",
    mutate: (d) => {
      const s = schema(d, "CreateUserRequest");
      s.properties.notes = s.properties.description;
      delete s.properties.description;
    },
  },
  // GitHub: "Removing or renaming a response field"
  {
    name: "a response field removed",
    rule: "github: removing a response field",
    check: "response-required-property-removed",
    mutate: (d) => {
      const data = schema(d, "DescribeUserSuccess").properties.data;
      delete data.properties.roles;
      data.required = ["userName"];
    },
  },
  {
    name: "an optional response field removed",
    rule: "github: removing a response field",
    check: "response-optional-property-removed",
    mutate: (d) => delete schema(d, "DescribeUserSuccess").properties.data.properties.createdAt,
  },
  {
    name: "a response field renamed",
    rule: "github: renaming a response field",
    check: "response-required-property-removed",
    mutate: (d) => {
      const data = schema(d, "DescribeUserSuccess").properties.data;
      data.properties.name = data.properties.userName;
      delete data.properties.userName;
      data.required = ["name", "roles"];
    },
  },
  // GitHub: "Adding a new required parameter"
  {
    name: "a new required query parameter",
    rule: "github: adding a new required parameter",
    check: "new-required-request-parameter",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters.push({
        name: "tenant",
        in: "query",
        required: true,
        schema: { type: "string" },
      });
    },
  },
  {
    name: "a new required request body property",
    rule: "github: adding a new required parameter (body field)",
    check: "new-required-request-property",
    mutate: (d) => {
      const s = schema(d, "CreateUserRequest");
      s.properties.email = { type: "string" };
      s.required.push("email");
    },
  },
  // GitHub: "Making a previously optional parameter required" (the issue: optional -> required in a request)
  {
    name: "an optional query parameter made required",
    rule: "github: making an optional parameter required",
    check: "request-parameter-became-required",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters[1].required = true;
    },
  },
  {
    name: "an optional request body property made required",
    rule: "issue: optional -> required in a request",
    check: "request-property-became-required",
    mutate: (d) => schema(d, "CreateUserRequest").required.push("role"),
  },
  // GitHub: "Changing the type of a parameter or response field" (the issue: a type narrowed)
  {
    name: "a query parameter's type changed",
    rule: "github: changing the type of a parameter",
    check: "request-parameter-type-changed",
    mutate: (d) => {
      op(d, "/users/describe", "post").parameters[1].schema = { type: "integer" };
    },
  },
  {
    name: "a response field's type changed",
    rule: "github: changing the type of a response field",
    check: "response-property-type-changed",
    mutate: (d) => {
      schema(d, "DescribeUserSuccess").properties.code = { type: "string" };
    },
  },
  {
    name: "a request field's type narrowed (number -> integer)",
    rule: "issue: a type narrowed",
    check: "request-property-type-changed",
    prepare: (d) => {
      schema(d, "CreateUserRequest").properties.age = { type: "number" };
    },
    mutate: (d) => {
      schema(d, "CreateUserRequest").properties.age = { type: "integer" };
    },
  },
  // GitHub: "Removing enum values" (the issue: an enum value removed from a request)
  {
    name: "an enum value removed from a request body",
    rule: "github: removing enum values",
    check: "request-property-enum-value-removed",
    mutate: (d) => {
      schema(d, "Role").enum = ["admin", "reader"];
    },
  },
  {
    name: "an enum value removed from a query parameter",
    rule: "github: removing enum values",
    check: "request-parameter-enum-value-removed",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters[2].schema.enum = ["active"];
    },
  },
  // GitHub: "Adding a new validation rule to an existing parameter" (the issue: a pattern tightened)
  {
    name: "a pattern tightened on a request field",
    rule: "issue: a pattern tightened",
    check: "request-property-pattern-changed",
    mutate: (d) => {
      schema(d, "UserName").pattern = "^[a-z][a-z0-9_]*$";
    },
  },
  {
    name: "a pattern added to a query parameter",
    rule: "github: adding a new validation rule to an existing parameter",
    check: "request-parameter-pattern-added",
    mutate: (d) => {
      op(d, "/users/describe", "post").parameters[1].schema.pattern = "^[a-z,]+$";
    },
  },
  {
    name: "a maximum lowered on a query parameter",
    rule: "github: adding a new validation rule to an existing parameter",
    check: "request-parameter-max-decreased",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters[1].schema.maximum = 50;
    },
  },
  {
    name: "a maxLength lowered on a request field",
    rule: "github: adding a new validation rule to an existing parameter",
    check: "request-property-max-length-decreased",
    mutate: (d) => {
      schema(d, "UserName").maxLength = 16;
    },
  },
  // GitHub: "Changing authentication or authorization requirements"
  {
    name: "the API's security scheme replaced",
    rule: "github: changing authentication requirements",
    check: "api-security-removed",
    mutate: (d) => {
      d.security = [{ apiKeyAuth: [] }];
    },
  },
  {
    name: "an operation given a different security requirement",
    rule: "github: changing authorization requirements",
    check: "api-security-removed",
    mutate: (d) => {
      op(d, "/users/describe", "post").security = [{ apiKeyAuth: [] }];
    },
  },
  // the issue: a status code removed
  {
    name: "a response status code removed",
    rule: "issue: a status code removed",
    check: "response-success-status-removed",
    prepare: (d) => {
      const responses = op(d, "/users/describe", "post").responses;
      responses["201"] = structuredClone(responses["200"]);
    },
    mutate: (d) => delete op(d, "/users/describe", "post").responses["201"],
  },
  {
    name: "an error status code removed",
    rule: "issue: a status code removed",
    check: "response-non-success-status-removed",
    mutate: (d) => delete op(d, "/users/describe", "post").responses["404"],
  },
  // userctl's extension rules: what changes how generated clients behave
  {
    name: "x-idempotent true -> false",
    rule: "userctl: x-idempotent true -> false",
    check: "userctl-idempotent-removed",
    mutate: (d) => {
      op(d, "/users/describe", "post")["x-idempotent"] = false;
    },
  },
  {
    name: "x-idempotent removed from an idempotent operation",
    rule: "userctl: x-idempotent true -> false",
    check: "userctl-idempotent-removed",
    mutate: (d) => delete op(d, "/users/list", "get")["x-idempotent"],
  },
  {
    name: "x-min-character-classes raised",
    rule: "userctl: x-min-character-classes raised",
    check: "userctl-min-character-classes-raised",
    mutate: (d) => {
      schema(d, "Password")["x-min-character-classes"] = 4;
    },
  },
  {
    name: "x-min-character-classes added to a request field",
    rule: "userctl: x-min-character-classes raised",
    check: "userctl-min-character-classes-raised",
    mutate: (d) => {
      schema(d, "CreateUserRequest").properties.description["x-min-character-classes"] = 2;
    },
  },
  {
    name: "x-max-bytes lowered",
    rule: "userctl: x-max-bytes lowered",
    check: "userctl-max-bytes-lowered",
    mutate: (d) => {
      schema(d, "Password")["x-max-bytes"] = 64;
    },
  },
  {
    name: "x-max-bytes added to a request field",
    rule: "userctl: x-max-bytes lowered",
    check: "userctl-max-bytes-lowered",
    mutate: (d) => {
      schema(d, "UserName")["x-max-bytes"] = 32;
    },
  },
  {
    name: "x-min-bytes raised",
    rule: "userctl: x-min-bytes raised",
    check: "userctl-min-bytes-raised",
    prepare: (d) => {
      schema(d, "Password")["x-min-bytes"] = 8;
    },
    mutate: (d) => {
      schema(d, "Password")["x-min-bytes"] = 10;
    },
  },
  {
    name: "x-min-bytes added above the field's minLength",
    rule: "userctl: x-min-bytes raised",
    check: "userctl-min-bytes-raised",
    mutate: (d) => {
      schema(d, "Password")["x-min-bytes"] = 12;
    },
  },
  {
    name: "a row removed from x-error-codes",
    rule: "userctl: a row removed from x-error-codes",
    check: "userctl-error-code-removed",
    mutate: (d) => schema(d, "ErrorResponse")["x-error-codes"].splice(2, 1),
  },
  {
    name: "an x-client-managed parameter no longer managed",
    rule: "userctl: an x-client-managed parameter no longer managed",
    check: "userctl-client-managed-removed",
    mutate: (d) => {
      d.components.parameters.Signature["x-client-managed"] = false;
    },
  },
];

export const NON_BREAKING = [
  {
    name: "an optional request body field added",
    rule: "issue: an optional request field added",
    mutate: (d) => {
      schema(d, "CreateUserRequest").properties.email = { type: "string" };
    },
  },
  {
    name: "an optional query parameter added",
    rule: "github: adding an optional parameter",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters.push({
        name: "offset",
        in: "query",
        schema: { type: "integer" },
      });
    },
  },
  {
    name: "an optional request header added",
    rule: "github: adding an optional request header",
    mutate: (d) => {
      op(d, "/users/list", "get").parameters.push({
        name: "X-Trace-Id",
        in: "header",
        schema: { type: "string" },
      });
    },
  },
  {
    name: "a description changed",
    rule: "issue: a description changed",
    mutate: (d) => {
      op(d, "/users/create", "post").description = "Creates a user with a password.";
      schema(d, "CreateUserRequest").properties.description.description = "Free text, shown in listings.";
    },
  },
  {
    name: "a summary changed",
    rule: "documentation only",
    mutate: (d) => {
      op(d, "/users/list", "get").summary = "List the users";
    },
  },
  {
    name: "a new operation",
    rule: "issue: a new operation",
    mutate: (d) => {
      d.paths["/users/drop"] = {
        post: {
          operationId: "dropUser",
          summary: "Drop a user",
          tags: ["Users"],
          "x-idempotent": true,
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/UserNameRequest" } } },
          },
          responses: { 200: { description: "Dropped." } },
        },
      };
    },
  },
  {
    name: "a new enum value in a request",
    rule: "issue: a new enum value in a request",
    mutate: (d) => {
      schema(d, "Role").enum.push("auditor");
    },
  },
  {
    name: "a new response field",
    rule: "issue: a new response field",
    mutate: (d) => {
      schema(d, "DescribeUserSuccess").properties.data.properties.email = { type: "string" };
    },
  },
  {
    name: "a new response header",
    rule: "github: adding a response header",
    mutate: (d) => {
      op(d, "/users/list", "get").responses["200"].headers = {
        "X-Total-Count": { schema: { type: "integer" } },
      };
    },
  },
  {
    name: "a required request field made optional",
    rule: "a looser request",
    mutate: (d) => {
      schema(d, "CreateUserRequest").required = ["userName"];
    },
  },
  {
    name: "a request maxLength raised",
    rule: "a looser request",
    mutate: (d) => {
      schema(d, "UserName").maxLength = 64;
    },
  },
  {
    name: "an example added",
    rule: "documentation only",
    mutate: (d) => {
      schema(d, "UserName").examples = ["alice"];
    },
  },
  {
    name: "x-idempotent false -> true",
    rule: "userctl: a looser client (retries more)",
    mutate: (d) => {
      op(d, "/users/create", "post")["x-idempotent"] = true;
    },
  },
  {
    name: "x-min-character-classes lowered",
    rule: "userctl: a looser client",
    mutate: (d) => {
      schema(d, "Password")["x-min-character-classes"] = 2;
    },
  },
  {
    name: "x-max-bytes raised",
    rule: "userctl: a looser client",
    mutate: (d) => {
      schema(d, "Password")["x-max-bytes"] = 128;
    },
  },
  {
    name: "x-min-bytes lowered",
    rule: "userctl: a looser client",
    prepare: (d) => {
      schema(d, "Password")["x-min-bytes"] = 10;
    },
    mutate: (d) => {
      schema(d, "Password")["x-min-bytes"] = 8;
    },
  },
  {
    name: "a character minimum turned into a byte minimum (minLength 8 -> 2, x-min-bytes 8 added)",
    rule: "userctl: a looser client (8 characters are at least 8 bytes)",
    mutate: (d) => {
      schema(d, "Password").minLength = 2;
      schema(d, "Password")["x-min-bytes"] = 8;
    },
  },
  {
    name: "a row added to x-error-codes",
    rule: "userctl: a new error code",
    mutate: (d) => {
      schema(d, "ErrorResponse")["x-error-codes"].push({
        code: 1807,
        name: "ErrHTTPRateLimit",
        meaning: "Rate limited.",
        httpStatus: 200,
      });
    },
  },
  {
    name: "an x-error-codes row's meaning reworded",
    rule: "userctl: documentation only",
    mutate: (d) => {
      schema(d, "ErrorResponse")["x-error-codes"][0].meaning = "A parameter is not valid.";
    },
  },
  {
    name: "a parameter newly x-client-managed",
    rule: "userctl: the client fills one more parameter",
    mutate: (d) => {
      d.components.parameters.RequestTimeout["x-client-managed"] = true;
    },
  },
  {
    name: "a new error status code",
    rule: "a new documented response",
    mutate: (d) => {
      op(d, "/users/list", "get").responses["401"] = {
        description: "Not authenticated.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } },
      };
    },
  },
];
