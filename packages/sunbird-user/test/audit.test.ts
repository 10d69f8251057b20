// One row per finding of the spec audit (shared/reference/spec-audit.md, section 2) that the spec now fixes. The
// bodies are the recorded responses of the service's Postman collection, or the service's own message texts,
// written out here rather than read from the spec, so the test fails if the spec loses or changes them: each must
// be a named example of its operation and status (Prism's `Prefer: example=<name>` selects it), validate against
// the bundled schema for that status, and map to the right SunbirdError.
import AjvModule from "ajv/dist/2020.js";
import { describe, expect, it, vi } from "vitest";
import {
  createSunbirdClient,
  GATEWAY_UNAUTHORIZED,
  isAlreadyInactive,
  isUnblockRefused,
  SUNBIRD_ERROR_CODES,
  SunbirdError,
  type SunbirdOperationId,
} from "../src/index.js";
import { checkResponse, deref, type Json, spec, specOperation } from "./helpers.js";

const Ajv2020 = AjvModule.default;
const UID = "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** The recorded envelope shape: only `err`, `errmsg`, `responseCode` (and the route's id/ver) differ per row. */
const failed = (id: string, ver: string, err: string, errmsg: string, responseCode: string) => ({
  id,
  ver,
  params: { err, status: "FAILED", errmsg },
  responseCode,
  result: {},
});

interface Row {
  row: string;
  operationId: SunbirdOperationId;
  status: number;
  example: string;
  /** The recorded body (envelope rows: the fields that identify it; the example must contain them). */
  body: Json;
  code: string;
}

const ROWS: Row[] = [
  {
    row: "S2 firstName",
    operationId: "createUser",
    status: 400,
    example: "firstNameMissing",
    body: failed(
      "api.user.create",
      "v1",
      "UOS_USRCRT0030",
      "Mandatory parameter firstName is missing.",
      "CLIENT_ERROR",
    ),
    code: "UOS_USRCRT0030",
  },
  {
    row: "S2 email or phone",
    operationId: "createUser",
    status: 400,
    example: "emailOrPhoneMissing",
    body: failed(
      "api.user.create",
      "v1",
      "UOS_USRCRT0019",
      "Please provide valid email or phone.",
      "CLIENT_ERROR",
    ),
    code: "UOS_USRCRT0019",
  },
  {
    row: "S1/S2 dob",
    operationId: "createUser",
    status: 400,
    example: "dobFormat",
    body: failed("api.user.create", "v1", "UOS_USRCRT0009", "Invalid format for given dob.", "CLIENT_ERROR"),
    code: "UOS_USRCRT0009",
  },
  {
    row: "S2 password",
    operationId: "createUser",
    status: 400,
    example: "passwordInvalid",
    body: failed(
      "api.user.create",
      "v1",
      "UOS_USRCRT0024",
      "Password must contain a minimum of 8 characters including numerals, lower and upper case alphabets and special characters",
      "CLIENT_ERROR",
    ),
    code: "UOS_USRCRT0024",
  },
  {
    row: "S2/S7 createUser gateway 401",
    operationId: "createUser",
    status: 401,
    example: "gatewayUnauthorized",
    body: { message: "Unauthorized" },
    code: GATEWAY_UNAUTHORIZED,
  },
  ...(["deleteUser", "readUser", "blockUser", "unblockUser", "searchUsers"] as const).map((operationId) => ({
    row: `S7 ${operationId} gateway 401`,
    operationId,
    status: 401,
    example: "gatewayUnauthorized",
    body: { message: "Unauthorized" },
    code: GATEWAY_UNAUTHORIZED,
  })),
  {
    row: "S3 block",
    operationId: "blockUser",
    status: 404,
    example: "notFound",
    body: failed("api.user.block", "v1", "UOS_USRBLOK0013", "user", "RESOURCE_NOT_FOUND"),
    code: "UOS_USRBLOK0013",
  },
  {
    row: "S3 unblock",
    operationId: "unblockUser",
    status: 404,
    example: "notFound",
    body: failed("api.user.unblock", "v1", "UOS_USRUNBLOK0013", "user", "RESOURCE_NOT_FOUND"),
    code: "UOS_USRUNBLOK0013",
  },
  {
    row: "S5 unknown id",
    operationId: "readUser",
    status: 404,
    example: "notFound",
    body: failed(
      `api.user.read.${UID}`,
      "v5",
      "UOS_USRRED0013",
      "Requested user resource not found",
      "RESOURCE_NOT_FOUND",
    ),
    code: "UOS_USRRED0013",
  },
  {
    row: "S5 read after delete",
    operationId: "readUser",
    status: 400,
    example: "accountBlocked",
    body: failed(
      `api.user.read.${UID}`,
      "v5",
      "UOS_USRRED0006",
      "User account has been blocked .",
      "CLIENT_ERROR",
    ),
    code: "UOS_USRRED0006",
  },
  {
    row: "S5 managed user",
    operationId: "readUser",
    status: 401,
    example: "managedUserUnauthorized",
    body: failed(
      `api.user.read.${UID}`,
      "v5",
      "UOS_USRREDUOS_0070",
      "You are not authorized.",
      "UNAUTHORIZED",
    ),
    code: "UOS_USRREDUOS_0070",
  },
  {
    row: "S6",
    operationId: "searchUsers",
    status: 400,
    example: "filtersMissing",
    body: failed(
      "api.user.search",
      "v1",
      "UOS_USRSER0030",
      "Mandatory parameter filters is missing.",
      "CLIENT_ERROR",
    ),
    code: "UOS_USRSER0030",
  },
];

/** A complete envelope for the partial rows (ts and ids as the service sends them), to validate and to answer. */
function complete(body: Json): Json {
  if (!body.params) return body;
  const msgid = "7fd156eb39be6bfbe0ac63ce6e533f55";
  return { ...body, ts: "2023-09-12 10:16:22:266+0000", params: { resmsgid: msgid, msgid, ...body.params } };
}

function namedExample(operationId: string, status: number, name: string): Json {
  const response = deref(specOperation(operationId).operation.responses[String(status)]);
  const example = response?.content?.["application/json"]?.examples?.[name];
  return example ? deref(example).value : undefined;
}

const CALLS: Record<SunbirdOperationId, (c: ReturnType<typeof createSunbirdClient>) => Promise<unknown>> = {
  createUser: (c) => c.createUser({ request: { firstName: "Jane", email: "jane@example.org" } }),
  readUser: (c) => c.readUser({ userId: UID }),
  deleteUser: (c) => c.deleteUser({ request: { userId: UID } }),
  blockUser: (c) => c.blockUser({ request: { userId: UID } }),
  unblockUser: (c) => c.unblockUser({ request: { userId: UID } }),
  searchUsers: (c) => c.searchUsers({ request: { filters: { userName: "jdoe" } } }),
};

const answering = (status: number, body: unknown) =>
  createSunbirdClient({
    baseUrl: "http://127.0.0.1:9",
    apiKey: "audit-api-key",
    userToken: "audit-user-token",
    fetch: vi.fn(
      async () =>
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
    ),
  });

describe.each(ROWS)("audit $row: $operationId $status $code", (row) => {
  it(`is the named example "${row.example}"`, () => {
    expect(namedExample(row.operationId, row.status, row.example)).toMatchObject(row.body);
  });

  it("validates against the bundled spec's schema for that status", () => {
    expect(checkResponse(row.operationId, row.status, "application/json", complete(row.body)).errors).toBe(
      "",
    );
  });

  it("maps to SunbirdError with that code, status and a documented meaning", async () => {
    const error = (await CALLS[row.operationId](answering(row.status, complete(row.body))).catch(
      (e: unknown) => e,
    )) as SunbirdError;
    expect(error).toBeInstanceOf(SunbirdError);
    expect(error).toMatchObject({ code: row.code, httpStatus: row.status, operationId: row.operationId });
    expect(error.isAuthError).toBe(row.status === 401);
    expect(SUNBIRD_ERROR_CODES[row.code]).toMatchObject({ httpStatus: row.status });
    expect(error.meaning).toBe(SUNBIRD_ERROR_CODES[row.code]?.meaning);
  });
});

describe("audit rows about shapes and rules, checked with a standard validator", () => {
  const ajv = new Ajv2020({ strict: false });
  ajv.addFormat("email", true);
  ajv.addFormat("password", true);
  ajv.addSchema({ ...spec, $id: "urn:audit:sunbird" });
  const schema = (name: string) => ajv.compile({ $ref: `urn:audit:sunbird#/components/schemas/${name}` });

  it.each([
    ["S1: a year of birth", { firstName: "Jane", email: "j@x.org", dob: "1990" }, true],
    [
      "S1: a full date (the server answers UOS_USRCRT0009)",
      { firstName: "Jane", email: "j@x.org", dob: "1990-01-01" },
      false,
    ],
  ])("%s", (_label, user, valid) => {
    expect(schema("NewUser")(user)).toBe(valid);
  });

  it("S8: a search hit restricted by fields (no id) is a valid 200, and is a named example", () => {
    const recorded = namedExample("searchUsers", 200, "selectedFields");
    expect(recorded.result.response.content).toEqual([{ firstName: "Jane" }]);
    expect(checkResponse("searchUsers", 200, "application/json", recorded).errors).toBe("");
  });

  it("S8: readUser still requires id", () => {
    expect(schema("ReadUserResult")({ response: { firstName: "Jane" } })).toBe(false);
    expect(schema("ReadUserResult")({ response: { id: UID } })).toBe(true);
  });

  it("S9: the 500 of Play's error handler (responseCode serverError) is a valid ResponseCode", () => {
    expect(schema("ResponseCode")("serverError")).toBe(true);
  });

  it("S10: readUser's id is the dotted path with the user id", () => {
    expect(schema("ResponseId")(`api.user.read.${UID}`)).toBe(true);
    expect(namedExample("readUser", 200, "user").id).toBe(`api.user.read.${UID}`);
  });

  it("S4: a re-block is safe to retry; an unblock is not", () => {
    expect(specOperation("blockUser").operation["x-idempotent"]).toBe(true);
    expect(specOperation("unblockUser").operation["x-idempotent"]).toBe(false);
  });
});

describe("S4: the block/unblock refusals are told apart by code", () => {
  it.each([
    ["blockUser", "alreadyInactive", 400, true, false],
    ["unblockUser", "alreadyActive", 400, false, true],
    ["blockUser", "notFound", 404, false, false],
  ] as const)("%s %s", async (operationId, example, status, inactive, refused) => {
    const body = namedExample(operationId, status, example);
    const error = await CALLS[operationId](answering(status, body)).catch((e: unknown) => e);
    expect(isAlreadyInactive(error)).toBe(inactive);
    expect(isUnblockRefused(error)).toBe(refused);
  });
});
