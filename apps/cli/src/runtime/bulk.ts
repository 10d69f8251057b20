import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { UsageError } from "./errors.js";

/**
 * `--from-file`: one value per line (blank lines and `#` comments skipped), or CSV whose header row names the
 * column — recognised when the first line contains a comma or is one of `columns`.
 */
export function readItems(path: string, columns: string[]): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `from-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const first = lines.find((l) => l !== "" && !l.startsWith("#"));
  if (first === undefined) throw new UsageError(`from-file: ${path} has no items`);
  const wanted = columns.map((c) => c.toLowerCase());
  const isCsv = first.includes(",") || wanted.includes(first.toLowerCase());
  let items: string[];
  if (isCsv) {
    let rows: Record<string, string>[];
    try {
      rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, comment: "#" });
    } catch (error) {
      throw new UsageError(`from-file: ${path} is not valid CSV: ${(error as Error).message.split("\n")[0]}`);
    }
    const header = first.split(",").map((h) => h.trim());
    const column =
      header.find((h) => wanted.includes(h.toLowerCase())) ?? (header.length === 1 ? header[0] : undefined);
    if (!column) {
      throw new UsageError(`from-file: CSV header must have a column named one of: ${columns.join(", ")}`);
    }
    items = rows.map((row) => row[column] ?? "").filter((v) => v !== "");
  } else {
    items = lines.filter((l) => l !== "" && !l.startsWith("#"));
  }
  if (items.length === 0) throw new UsageError(`from-file: ${path} has no items`);
  return items;
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
