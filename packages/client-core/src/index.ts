export {
  ApiError,
  type ApiErrorInit,
  NetworkError,
  TimeoutError,
  UserctlError,
  ValidationError,
} from "./errors.js";
export {
  createInvoker,
  type DirectRequest,
  type DirectSend,
  type Exchange,
  type InvokeInput,
  type InvokerConfig,
} from "./invoker.js";
export {
  countCharacterClasses,
  MAX_BYTES,
  MIN_BYTES,
  MIN_CHARACTER_CLASSES,
  utf8ByteLength,
} from "./keywords.js";
export { REDACTED, redact } from "./redact.js";
export { standaloneRuntime } from "./standalone-runtime.js";
export type { CallOptions, HttpMethod, JsonSchema, OperationMeta, RequestParams } from "./types.js";
export {
  type OperationValidators,
  type RequestValidator,
  requestValidator,
  type SchemaValidator,
  type ValidatorError,
} from "./validation.js";
export {
  checkEndpoint,
  checkHeaderSecret,
  type ErrorCodeRow,
  foreignResponse,
  loadErrorTable,
} from "./vendor.js";
