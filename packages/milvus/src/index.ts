export {
  ApiError,
  type CallOptions,
  NetworkError,
  TimeoutError,
  UserctlError,
  ValidationError,
} from "@userctl/client-core";
export {
  createMilvusClient,
  type MilvusClient,
  type MilvusClientOptions,
  type MilvusRequest,
  type MilvusResponse,
  PASSWORD_POLICIES,
  type PasswordPolicy,
  requestTimeoutSeconds,
} from "./client.js";
export {
  isAuthError,
  isRoleHasGrantsError,
  MILVUS_ERROR_CODES,
  MilvusError,
  type MilvusErrorCode,
  meaningOf,
  ROLE_HAS_GRANTS_TEXT,
} from "./errors.js";
export { type OperationId as MilvusOperationId, operations, schemaDocument } from "./generated/operations.js";
export type { components, operations as MilvusOperations, paths } from "./generated/schema.js";
export { dropRoleRevokingGrants, type MilvusGrant } from "./roles.js";
