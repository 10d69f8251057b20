// The spec's own validation keywords, as plain functions: used by the Ajv keyword definitions (compile.ts) at
// codegen time and, through `standaloneRuntime`, by the validators codegen emits.

/** Vendor extension: a password-style rule no portable regex can express ("3 of 4 character classes"). */
export const MIN_CHARACTER_CLASSES = "x-min-character-classes";

/** Vendor extension: a limit in UTF-8 bytes, for servers that count bytes where JSON Schema counts characters. */
export const MAX_BYTES = "x-max-bytes";

/** Vendor extension: a minimum in UTF-8 bytes (the schema's `minLength` is then the largest code-point count safe for it). */
export const MIN_BYTES = "x-min-bytes";

export const CHARACTER_CLASSES: ReadonlyArray<readonly [string, RegExp]> = [
  ["uppercase letters", /[A-Z]/],
  ["lowercase letters", /[a-z]/],
  ["digits", /[0-9]/],
  ["special characters", /[^A-Za-z0-9]/],
];

export function countCharacterClasses(value: string): number {
  let count = 0;
  for (const [, re] of CHARACTER_CLASSES) if (re.test(value)) count++;
  return count;
}

export function utf8ByteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}
