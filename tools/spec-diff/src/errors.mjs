// One error type for everything the gate refuses to do (bad flag, bad acceptance file, engine missing): the CLI
// prints its message as one line and exits with its code (2 = usage or validation), never a stack trace.
export class SpecDiffError extends Error {
  constructor(message, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}
