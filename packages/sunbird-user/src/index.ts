export {
  ApiError,
  NetworkError,
  TimeoutError,
  UserctlError,
  ValidationError,
} from "@userctl/client-core";
export {
  createSunbirdClient,
  GATEWAY_TOKEN_ONLY,
  type SunbirdCallOptions,
  type SunbirdClient,
  type SunbirdClientOptions,
  type SunbirdEnvelope,
  type SunbirdOperationId,
  type SunbirdRequestBody,
  type SunbirdResult,
} from "./client.js";
export {
  ALREADY_DELETED_MESSAGE,
  GATEWAY_FORBIDDEN,
  GATEWAY_UNAUTHORIZED,
  isAlreadyDeleted,
  isAlreadyInactive,
  isUnblockRefused,
  meaningOf,
  SUNBIRD_ERROR_CODES,
  SunbirdError,
  type SunbirdErrorCode,
  type SunbirdErrorCodeName,
  type SunbirdErrorInit,
} from "./errors.js";
export { operations, schemaDocument } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths } from "./generated/schema.js";

import type { components } from "./generated/schema.js";

/** Named schema types of the spec, for callers that build bodies or read results. */
export type User = components["schemas"]["User"];
export type NewUser = components["schemas"]["NewUser"];
export type UserSearchQuery = components["schemas"]["UserSearchQuery"];
export type ErrorResponse = components["schemas"]["ErrorResponse"];
