import { UsageError } from "./errors.js";

export function stdinIsTty(): boolean {
  return Boolean(process.stdin.isTTY);
}

let stdinLines: Promise<string[]> | undefined;

/** All of stdin, once, as lines (CR/LF trimmed). Used by `--password-stdin`. */
export function readStdinLines(): Promise<string[]> {
  stdinLines ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .split(/\r?\n/)
      .filter((line, i, all) => !(i === all.length - 1 && line === ""));
  })();
  return stdinLines;
}

/** Hidden input on the terminal; the prompt goes to stderr so stdout stays machine-readable. */
export async function promptHidden(label: string): Promise<string> {
  const { default: password } = await import("@inquirer/password");
  try {
    return await password({ message: `${label}:` }, { output: process.stderr });
  } catch (error) {
    if ((error as Error).name === "ExitPromptError") throw new UsageError(`${label}: prompt cancelled`);
    throw error;
  }
}

/** y/N question on the terminal. Only called when stdin and stderr are TTYs. */
export async function confirm(question: string): Promise<boolean> {
  // Imported here: runs with --yes (scripts, bulk) never ask, and loading readline is a share of their start-up.
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
