// @userctl/simulator: stateful simulators of the three vendor APIs (see README.md).
import ehpc from "./apis/ehpc.mjs";
import milvus from "./apis/milvus.mjs";
import sunbird from "./apis/sunbird.mjs";
import { startServer } from "./server.mjs";

export { FAULT_CLASSES } from "./faults.mjs";

/** The APIs, with the port and environment variable `pnpm sim` uses for each. */
export const APIS = Object.freeze({
  milvus: { module: milvus, port: 4020, env: "USERCTL_SIM_MILVUS_PORT" },
  "qingcloud-ehpc": { module: ehpc, port: 4021, env: "USERCTL_SIM_EHPC_PORT" },
  "sunbird-user": { module: sunbird, port: 4022, env: "USERCTL_SIM_SUNBIRD_PORT" },
});

/** Every fault of every API (what `GET /__sim/faults` lists, across the three). */
export function faultCatalogue() {
  return Object.values(APIS).flatMap(({ module }) => module.faults.map((f) => ({ ...f })));
}

/** @param {import("./index.d.ts").StartOptions & { api: keyof typeof APIS }} options */
export function startSimulator(options) {
  const entry = APIS[options?.api];
  if (!entry) {
    return Promise.reject(
      new RangeError(`api: must be one of ${Object.keys(APIS).join(", ")} (got "${options?.api}")`),
    );
  }
  return startServer(entry.module, options);
}
