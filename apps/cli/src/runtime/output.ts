import type TableClass from "cli-table3";
import pc from "picocolors";
import type { View } from "../defs/types.js";

export type Format = "table" | "json" | "yaml";
export const FORMATS: readonly Format[] = ["table", "json", "yaml"];

/** Colour only for a terminal, and never when NO_COLOR is set (any value, per no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== "dumb";
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

type Yaml = typeof import("yaml");
let yaml: Yaml | undefined;

/**
 * The YAML library, imported on first need: most runs neither print YAML nor have a config file, and loading it
 * is a measurable share of a one-item run. main() loads it before parsing whenever `-o yaml` may be in effect.
 */
export async function loadYaml(): Promise<Yaml> {
  if (!yaml) {
    const mod = await import("yaml");
    // CommonJS module: bundled, its exports object arrives as the default export.
    yaml = (mod as unknown as { default?: Yaml }).default ?? mod;
  }
  return yaml;
}

/** Whether argv or the environment could select YAML output (a superset: any argument mentioning yaml). */
export function mayPrintYaml(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.some((arg) => arg.includes("yaml")) || (env.USERCTL_OUTPUT ?? "").includes("yaml");
}

/** Machine formats: one document per run, stable key order as built by the caller. */
export function formatDocument(format: "json" | "yaml", doc: unknown): string {
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  if (!yaml) throw new Error("internal: YAML output before loadYaml()");
  return yaml.stringify(doc);
}

let Table: typeof TableClass | undefined;

/**
 * The table library (cli-table3 and its string-width and colour dependencies), imported on first need like YAML:
 * a one-item call prints a message line, and loading it was a share of that run's start-up. Callers await this
 * before formatView with a table.
 */
export async function loadTable(): Promise<void> {
  if (!Table) {
    const mod = await import("cli-table3");
    // CommonJS module: bundled, its exports object arrives as the default export.
    Table =
      (mod as unknown as { default?: typeof TableClass }).default ?? (mod as unknown as typeof TableClass);
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function formatView(view: View, c: Colors): string {
  switch (view.kind) {
    case "message":
      return `${view.text}\n`;
    case "fields": {
      const width = Math.max(0, ...view.fields.map(([k]) => k.length));
      return view.fields
        .map(([k, v]) => `${c.bold(k.padEnd(width))}  ${cell(v)}`)
        .join("\n")
        .concat("\n");
    }
    case "table": {
      if (view.rows.length === 0) return `${c.dim("(none)")}\n`;
      if (!Table) throw new Error("internal: table output before loadTable()");
      const table = new Table({
        head: view.head.map((h) => c.bold(h)),
        style: { head: [], border: [] },
        chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
      });
      for (const row of view.rows) table.push(row.map(cell));
      return `${table.toString()}\n`;
    }
  }
}
