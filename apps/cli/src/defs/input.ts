import { ApiError } from "@userctl/client-core";
import { UsageError } from "../runtime/errors.js";
import type { Input } from "./types.js";

/** A string option's value (commander stores `--flag <value>` options as strings). */
export function text(i: Input, key: string): string | undefined {
  const value = i.opts[key];
  return typeof value === "string" ? value : undefined;
}

/** An `int: true` option's value (parsed to a number by the command line). */
export function int(i: Input, key: string): number | undefined {
  const value = i.opts[key];
  return typeof value === "number" ? value : undefined;
}

/**
 * A value the command line already guarantees (mandatory option, password, `requires` connection key); the check
 * only narrows the type, it cannot fire after the runtime's own checks.
 */
export function need(value: string | undefined, field: string): string {
  if (value === undefined) throw new UsageError(`${field}: required`, field);
  return value;
}

/** A positional argument: the command line requires it (or fills it per item of `--from-file`). */
export const arg = (i: Input, name: string): string => need(i.args[name], name);

/**
 * A request body (or EHPC query) literal. `T` comes only from where the result goes, the client method's
 * parameter, so the literal is checked against the generated type with unknown fields as errors (a plain literal
 * returned from an arrow function is not). Fields left `undefined` (options not given) are dropped, so the server's
 * default applies and a signed query stays exact.
 */
export function body<T>(fields: NoInfer<NonNullable<T>>): NonNullable<T> {
  // NonNullable: for an optional parameter (list calls) `T` is inferred as `Body | undefined`.
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as NonNullable<T>;
}

/** The same vendor refusal with a more precise meaning: what the spec knows about its cause, for the one line. */
export function withMeaning(error: ApiError, meaning: string): ApiError {
  const { api, operationId, httpStatus, code, vendorMessage, isAuthError } = error;
  return new ApiError({ api, operationId, httpStatus, code, vendorMessage, meaning, isAuthError });
}
