// Build step: the simulator serves the bundled specs, so a published package carries its own copy of them.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = resolve(here, "../../../specs/dist");
const to = resolve(here, "../spec");
mkdirSync(to, { recursive: true });
for (const api of ["milvus", "qingcloud-ehpc", "sunbird-user"]) {
  copyFileSync(join(from, `${api}.openapi.json`), join(to, `${api}.openapi.json`));
}
