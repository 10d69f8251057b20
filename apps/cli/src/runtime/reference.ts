import type { Command, Help, Option } from "commander";
import { META } from "../cli.js";
import { VERSION } from "../version.js";
import { EXIT_CODES } from "./errors.js";

export interface OptionRef {
  flags: string;
  long?: string;
  short?: string;
  description: string;
  env?: string;
  default?: unknown;
  required: boolean;
  takesValue: boolean;
  choices?: string[];
}

export interface CommandRef {
  name: string;
  /** `["userctl", "milvus", "user", "drop"]` */
  path: string[];
  summary: string;
  description: string;
  usage: string;
  arguments: { name: string; description: string; required: boolean; variadic: boolean }[];
  options: OptionRef[];
  examples: string[];
  /** The spec operation this command calls (leaf commands only). */
  operationId?: string;
  api?: string;
  commands: CommandRef[];
}

function isHidden(cmd: Command): boolean {
  return Boolean((cmd as unknown as { _hidden?: boolean })._hidden);
}

function optionRef(o: Option): OptionRef {
  return {
    flags: o.flags,
    ...(o.long ? { long: o.long } : {}),
    ...(o.short ? { short: o.short } : {}),
    description: o.description,
    ...(o.envVar ? { env: o.envVar } : {}),
    ...(o.defaultValue !== undefined ? { default: o.defaultValueDescription ?? o.defaultValue } : {}),
    required: Boolean(o.mandatory),
    takesValue: Boolean(o.required || o.optional),
    ...(o.argChoices ? { choices: o.argChoices } : {}),
  };
}

function walk(cmd: Command, parentPath: string[], help: Help): CommandRef {
  const path = [...parentPath, cmd.name()];
  return {
    name: cmd.name(),
    path,
    summary: cmd.summary() || cmd.description().split("\n")[0] || "",
    description: cmd.description(),
    usage: `${path.join(" ")} ${cmd.usage()}`.trim(),
    arguments: cmd.registeredArguments.map((a) => ({
      name: a.name(),
      description: a.description,
      required: a.required,
      variadic: a.variadic,
    })),
    options: help.visibleOptions(cmd).map(optionRef),
    examples: META.get(cmd)?.examples ?? [],
    ...(META.get(cmd)?.operationId
      ? { operationId: META.get(cmd)?.operationId, api: META.get(cmd)?.api }
      : {}),
    commands: cmd.commands.filter((c) => !isHidden(c)).map((c) => walk(c, path, help)),
  };
}

/** The whole command tree from the commander objects themselves, for the docs' generated CLI reference. */
export function reference(program: Command) {
  const root = walk(program, [], program.createHelp());
  return {
    version: VERSION,
    exitCodes: EXIT_CODES,
    root,
  };
}
