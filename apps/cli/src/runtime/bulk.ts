import { readFileSync } from "node:fs";
import { UsageError } from "./errors.js";

/** What `--from-file` held: the items, and whether the first line was taken as an item (no header row). */
export interface FileItems {
  items: string[];
  /** Line mode: the caller checks items[0] against the name/id rule, as it might be a mistyped header. */
  headerless: boolean;
}

/**
 * `--from-file`: either one value per line (blank lines and `#` comments skipped), or CSV with a header row.
 * The file is CSV when its first line contains a comma or is one of `columns` (case-insensitive, quotes
 * allowed); the items are then that column's values. Anything else is one value per line.
 */
export async function readItems(path: string, columns: string[]): Promise<FileItems> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `--from-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      "fromFile",
    );
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const first = lines.find((l) => l !== "" && !l.startsWith("#"));
  if (first === undefined) throw new UsageError(`--from-file: ${path} has no items`, "fromFile");
  const wanted = columns.map((c) => c.toLowerCase());
  const unquoted = /^"(.*)"$/.exec(first)?.[1]?.replaceAll('""', '"') ?? first;
  let items: string[];
  const headerless = !first.includes(",") && !wanted.includes(unquoted.toLowerCase());
  if (!headerless) {
    // Imported only for CSV files: plain lists (and one-item runs) never load the parser.
    const { parse } = await import("csv-parse/sync");
    let rows: string[][];
    try {
      rows = parse(text, { skip_empty_lines: true, trim: true, comment: "#" });
    } catch (error) {
      throw new UsageError(
        `--from-file: ${path} is not valid CSV: ${(error as Error).message.split("\n")[0]}`,
        "fromFile",
      );
    }
    const [header = [], ...data] = rows;
    const index = header.findIndex((h) => wanted.includes(h.toLowerCase()));
    if (index < 0) {
      throw new UsageError(
        `--from-file: CSV header must have a column named one of: ${columns.join(", ")}`,
        "fromFile",
      );
    }
    items = data.map((row) => row[index] ?? "").filter((v) => v !== "");
  } else {
    items = lines.filter((l) => l !== "" && !l.startsWith("#"));
  }
  if (items.length === 0) throw new UsageError(`--from-file: ${path} has no items`, "fromFile");
  return { items, headerless };
}

/** Runs `task` over `items` with at most `concurrency` in flight; results keep the input order. */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  onDone?: (result: R) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
      onDone?.(results[index] as R);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
