// The worker of typeCheckSamplesInWorker: one type-check, its diagnostics posted back.
import { parentPort, workerData } from "node:worker_threads";
import { typeCheckSamples } from "./typescript-samples.mjs";

parentPort.postMessage(typeCheckSamples(workerData.files, workerData.clientOverrides));
