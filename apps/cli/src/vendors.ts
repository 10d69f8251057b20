import { ehpc } from "./defs/ehpc.js";
import { milvus } from "./defs/milvus.js";
import { sunbird } from "./defs/sunbird.js";
import type { VendorDef } from "./defs/types.js";

/** The command tables, in help order. Each vendor's client package is imported only when one of its commands runs. */
export const VENDORS: readonly VendorDef[] = [milvus, ehpc, sunbird];
