import { ApiError, type ApiErrorInit, type ErrorCodeRow, loadErrorTable } from "@userctl/client-core";
import { schemaDocument } from "./generated/operations.js";

/** Code given to the gateway's plain-text 403 ("You do not have permission to perform this operation"). */
export const GATEWAY_FORBIDDEN = "GATEWAY_FORBIDDEN";

/** Code given to the gateway's JSON 401 `{"message": "Unauthorized"}` (Kong, gateway token missing or invalid). */
export const GATEWAY_UNAUTHORIZED = "GATEWAY_UNAUTHORIZED";

/** One row of the spec's error-code table (`x-error-codes` on the ErrorResponse schema of specs/sunbird-user). */
export interface SunbirdErrorCode extends ErrorCodeRow {
  readonly code: string;
  /** The service's `ResponseMessage.Key` constant (`USER_STATUS_MSG`, …), or a description for client codes. */
  readonly name: string;
  /** HTTP status the service sends this code with. */
  readonly httpStatus: number;
  /** What the code means for a caller, in words (the vendor messages are terse: `user`, `server error`). */
  readonly meaning: string;
}

// Read from the generated schema document, so the table is the spec's and never copied by hand.
const ERROR_TABLE = loadErrorTable<SunbirdErrorCode>(schemaDocument, "ErrorResponse");

/** A documented error code (`UOS_USRDLT0008`, …, `GATEWAY_FORBIDDEN`); see SUNBIRD_ERROR_CODES. */
export type SunbirdErrorCodeName = string;

/**
 * Every error code the spec documents (specs/sunbird-user, from the service source), keyed by code, with its
 * name, HTTP status and meaning. Read from the spec's `x-error-codes`; a test checks it against the error examples.
 */
export const SUNBIRD_ERROR_CODES: Readonly<Record<SunbirdErrorCodeName, SunbirdErrorCode>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, SunbirdErrorCode>, Object.fromEntries(ERROR_TABLE)),
);

// `UOS_` + operation code + 4-digit key (ResponseMessage keys): meanings of keys that any operation may send.
const KEY_MEANINGS: Record<string, string> = {
  "0008": "the user is already in the requested state",
  "0013": "resource not found",
  "0027": "invalid operation name",
  "0028": "the request data is not valid for this operation",
  "0030": "a mandatory parameter is missing",
  "0069": "an unexpected error inside the Sunbird service",
  "0070": "the user token (X-Authenticated-User-token) is missing, expired or invalid",
};

/** The exact message of UOS_USRDLT0008 when the user really was deleted before (vs. a failed deletion step). */
export const ALREADY_DELETED_MESSAGE = "User is already deleted.";

/** What a code means; the message disambiguates the two UOS_USRDLT0008 cases. */
export function meaningOf(code: string, vendorMessage = ""): string | undefined {
  if (code === "UOS_USRDLT0008") {
    return vendorMessage.trim() === ALREADY_DELETED_MESSAGE
      ? "the user is already deleted"
      : "a deletion step failed inside the service (Keycloak, lookup tables or database)";
  }
  const known = ERROR_TABLE.get(code);
  if (known) return known.meaning;
  const key = /^UOS_[A-Z]*([0-9]{4})$/.exec(code)?.[1];
  return key ? KEY_MEANINGS[key] : undefined;
}

export interface SunbirdErrorInit extends Omit<ApiErrorInit, "api" | "code"> {
  code: string;
  /** The envelope's `responseCode` (`CLIENT_ERROR`, `UNAUTHORIZED`, …), when the answer was an envelope. */
  responseCode?: string | undefined;
  /** `params.msgid`: the request id the service logged this call under. */
  requestId?: string | undefined;
}

/** Sunbird said no: `params.status: FAILED`, a non-2xx envelope, or the gateway's plain-text 403. */
export class SunbirdError extends ApiError {
  override name = "SunbirdError";
  declare readonly code: string;
  readonly responseCode: string | undefined;
  readonly requestId: string | undefined;

  constructor(init: SunbirdErrorInit) {
    super({ ...init, api: "sunbird-user" });
    this.responseCode = init.responseCode;
    this.requestId = init.requestId;
  }
}

/**
 * True when a block was refused because the user's record is marked deleted (UOS_USRBLOK0008): deleted, or blocked
 * before Sunbird 7.0. Either way the user cannot log in, which is what a block wants (spec: blockUser).
 */
export function isAlreadyInactive(error: unknown): boolean {
  return error instanceof SunbirdError && error.code === "UOS_USRBLOK0008";
}

/**
 * True when an unblock was refused with UOS_USRUNBLOK0008. On a 7.0.0 server that is said both for an active user
 * and for a user blocked under 7.0 (the guard tests `isDeleted`, which 7.0's block no longer sets), so it does not
 * by itself mean "already active": read the user (`status` 1 active, 0 blocked) to know (spec: unblockUser).
 */
export function isUnblockRefused(error: unknown): boolean {
  return error instanceof SunbirdError && error.code === "UOS_USRUNBLOK0008";
}

/** True when a delete failed only because the user was already deleted — the state the caller wanted. */
export function isAlreadyDeleted(error: unknown): boolean {
  return (
    error instanceof SunbirdError &&
    error.code === "UOS_USRDLT0008" &&
    error.vendorMessage.trim() === ALREADY_DELETED_MESSAGE
  );
}
