// Reading the user's input files for the CLI: a missing or unreadable file is a
// one-line UserError naming it, never an ENOENT stack trace.

import { readFileSync } from 'node:fs';
import { UserError } from '../../emu/user-error.ts';

export function readInputFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot read it';
    throw new UserError(`${path}: ${why}`);
  }
}

export function readInputText(path: string): string {
  return new TextDecoder().decode(readInputFile(path));
}

/** Parse a numeric option (decimal or 0x hex), or fail with a one-line error. */
export function parseNumberOption(name: string, text: string, min = 0): number {
  const value = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UserError(`${name}: expected a number${min > 0 ? ` >= ${min}` : ''}, got '${text}'`);
  return value;
}
