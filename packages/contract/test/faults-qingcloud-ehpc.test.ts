import { faultSuite } from "./fault-suite.js";

// One file per API so vitest runs the three simulators in parallel.
faultSuite("qingcloud-ehpc");
