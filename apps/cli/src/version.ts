declare const __USERCTL_VERSION__: string;

/** Injected by scripts/build.mjs from package.json; the fallback only shows when running unbundled sources. */
export const VERSION: string = typeof __USERCTL_VERSION__ === "string" ? __USERCTL_VERSION__ : "0.0.0-dev";
