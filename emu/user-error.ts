// UserError: an error caused by the user's input (a bad ELF, bad assembly, a bad
// flag, a missing file), as opposed to a bug in switchless.
//
// Its message is complete and fits on one line (or one line per problem, for
// the assembler's error list), e.g. "hello.s:12: unknown mnemonic 'movz'".
// The CLI prints the message alone, with no stack trace, and exits non-zero.
// Every other exception is a bug in switchless and is reported as such.

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
