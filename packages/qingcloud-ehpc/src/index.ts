export {
  type AddUserInput,
  type AddUserResult,
  createEhpcClient,
  type DeleteUserInput,
  type DeleteUserResult,
  type EhpcClient,
  type EhpcClientOptions,
  type EhpcInput,
  type EhpcMethods,
  type EhpcResult,
  type ListUsersInput,
  type ListUsersResult,
  type ModifyUserInput,
  type ModifyUserResult,
} from "./client.js";
export {
  EHPC_AUTH_ERROR_CODES,
  EHPC_ERROR_CODES,
  EHPC_NOT_FOUND_CODES,
  EhpcError,
  type EhpcErrorCode,
  type EhpcErrorInit,
  ehpcErrorInfo,
} from "./errors.js";
export { type OperationId, operations, schemaDocument } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
export * from "./signing.js";
