import { describeError, EXIT } from "./errors.js";
import { Redactor } from "./http.js";
import { type Colors, colorEnabled, colors, type Format, formatDocument } from "./output.js";

/** Per-run state: the redactor every output line goes through, the output format, and the exit code. */
export interface Session {
  redactor: Redactor;
  exitCode: number;
  format: Format;
  out(text: string): void;
  err(text: string): void;
  /** stderr colours (stdout ones are in `outColors`). */
  errColors: Colors;
  outColors: Colors;
  /** Prints one error line (and the JSON/YAML error document) and returns its exit code. */
  fail(error: unknown): number;
}

export function createSession(): Session {
  const redactor = new Redactor();
  const session: Session = {
    redactor,
    exitCode: EXIT.ok,
    format: "table",
    out: (text) => process.stdout.write(redactor.clean(text)),
    err: (text) => process.stderr.write(redactor.clean(text)),
    errColors: colors(colorEnabled(process.stderr)),
    outColors: colors(colorEnabled(process.stdout)),
    fail(error) {
      const report = describeError(error);
      session.err(
        `${session.errColors.red("userctl: error:")} ${report.message.replace(/\s*\n\s*/g, " ")}\n`,
      );
      if (session.format !== "table")
        session.out(formatDocument(session.format, { ok: false, error: report }));
      return report.exitCode;
    },
  };
  return session;
}
