// The client's method and result types come from the generated spec types alone. The type assertions below are
// checked by `tsc` (the package's typecheck, which `test` depends on); the runtime checks run under vitest.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AddUserResult,
  type components,
  createEhpcClient,
  type DeleteUserInput,
  type EhpcClient,
  type EhpcResult,
  type ListUsersResult,
  type ModifyUserResult,
  type OperationId,
  operations,
} from "../src/index.js";

type Schemas = components["schemas"];

describe("client typing", () => {
  it("types each result as the operation's ret_code 0 answer, never the error envelope", () => {
    expectTypeOf<AddUserResult>().toEqualTypeOf<Schemas["AddUserResponse"]>();
    expectTypeOf<ModifyUserResult>().toEqualTypeOf<Schemas["ModifyUserResponse"]>();
    expectTypeOf<ListUsersResult>().toEqualTypeOf<Schemas["ListUsersResponse"]>();
    expectTypeOf<EhpcResult<"deleteUser">>().toEqualTypeOf<Schemas["DeleteUserResponse"]>();
    expectTypeOf<EhpcResult<OperationId>>().not.toMatchTypeOf<Schemas["EhpcErrorResponse"]>();
    expectTypeOf<EhpcClient["deleteUser"]>().returns.resolves.toEqualTypeOf<Schemas["DeleteUserResponse"]>();
    expectTypeOf<EhpcClient["deleteUser"]>().parameter(0).toEqualTypeOf<DeleteUserInput>();
    // `zone` is optional (the client's default); the signer's parameters are not part of the input.
    expectTypeOf<{ cluster_id: string; username: string }>().toMatchTypeOf<DeleteUserInput>();
    expectTypeOf<EhpcClient["listUsers"]>().parameter(0).not.toHaveProperty("signature");
  });

  it("has one method per operationId of the spec, plus raw", () => {
    const client = createEhpcClient({
      endpoint: "http://127.0.0.1:9",
      accessKeyId: "AK",
      secretAccessKey: "SK-not-used",
      zone: "jn1a",
    });
    const methods = Object.keys(client).filter((key) => key !== "raw");
    expect(methods.sort()).toEqual(Object.keys(operations).sort());
    for (const name of methods) expect(typeof client[name as OperationId]).toBe("function");
    expectTypeOf<keyof EhpcClient>().toEqualTypeOf<OperationId | "raw">();
  });
});
