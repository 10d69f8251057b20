// What the validators tools/codegen emits (Ajv standalone code) call at run time: Ajv's small runtime helpers,
// the format checks of ajv-formats, and the spec's own keywords. Importing these loads no Ajv compiler.
import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import * as formatsModule from "ajv-formats/dist/formats.js";
import { countCharacterClasses, utf8ByteLength } from "./keywords.js";

/**
 * A CommonJS module's `exports.default`, whichever interop the loader applied: Node and esbuild hand over the
 * exports object, Vite (the tests) the default itself.
 */
function cjsDefault<T>(module: { default: T }): T {
  return typeof module === "function" ? (module as T) : module.default;
}

/** What the generated validators receive as `runtime` (a declared shape, so each file's declarations stand alone). */
export interface StandaloneRuntime {
  ucs2length: typeof ucs2lengthModule.default;
  equal: typeof equalModule.default;
  fullFormats: typeof formatsModule.fullFormats;
  countCharacterClasses: typeof countCharacterClasses;
  utf8ByteLength: typeof utf8ByteLength;
}

export const standaloneRuntime: StandaloneRuntime = {
  ucs2length: cjsDefault(ucs2lengthModule),
  equal: cjsDefault(equalModule),
  fullFormats: formatsModule.fullFormats,
  countCharacterClasses,
  utf8ByteLength,
};
