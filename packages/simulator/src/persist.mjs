// State persistence: the whole state as one JSON file, replaced atomically (write-file-atomic writes a
// temporary file, fsyncs it and renames it over the old one), so a kill -9 at any moment leaves either the
// previous or the new state on disk, never a torn file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Loaded on the first write (CommonJS, so synchronously): a simulator without --state-file never pays for it.
const require = createRequire(import.meta.url);

const FORMAT = 1;

/**
 * @param {string} file
 * @param {string} api
 */
export function createPersister(file, api) {
  let writing = Promise.resolve();
  let pending;
  let existed = false;

  // Writes are serialised; a burst of commits is folded into as few writes as possible, and every commit
  // resolves only after a write that contains its change has reached the disk.
  const save = (state) => {
    pending = JSON.stringify({ format: FORMAT, api, state });
    writing = writing.then(async () => {
      if (pending === undefined) return;
      const text = pending;
      pending = undefined;
      await require("write-file-atomic")(file, text, { fsync: true });
    });
    return writing;
  };

  return {
    get existed() {
      return existed;
    },
    load() {
      let text;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        if (error.code === "ENOENT") return undefined;
        throw error;
      }
      const parsed = JSON.parse(text);
      if (parsed?.format !== FORMAT || parsed.api !== api) {
        throw new Error(`${file}: not a ${api} simulator state file (format ${FORMAT})`);
      }
      existed = true;
      return parsed.state;
    },
    save,
    flush: () => writing,
  };
}
