export {
  ApiError,
  type ApiErrorInit,
  NetworkError,
  TimeoutError,
  UserctlError,
  ValidationError,
} from "./errors.js";
export { createInvoker, type Exchange, type InvokeInput, type InvokerConfig } from "./invoker.js";
export { REDACTED, redact } from "./redact.js";
export type { CallOptions, HttpMethod, JsonSchema, OperationMeta, RequestParams } from "./types.js";
export {
  countCharacterClasses,
  createRequestValidator,
  MAX_BYTES,
  MIN_CHARACTER_CLASSES,
  type RequestValidator,
} from "./validation.js";
export {
  checkEndpoint,
  checkHeaderSecret,
  type ErrorCodeRow,
  foreignResponse,
  loadErrorTable,
} from "./vendor.js";
