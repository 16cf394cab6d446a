// Assembler errors: where a problem is and what it is.
//
//   SourceError(message)        thrown by the lexer, parsers and encoder for a
//                               problem with the line being processed
//   SourceLocation              file, line, and the scope (top-level source
//                               index) that owns .L and .local names
//   Diagnostics                 collects "file:line: message" lines in source
//                               order; throwIfAny() raises them all as one
//                               UserError
//
// The assembler never stops at the first error: every line is processed and
// every problem reported, and then no output is produced.

import { UserError } from '../../emu/user-error.ts';

export class SourceError extends Error {}

export interface SourceLocation {
  file: string;
  line: number;
  /** Index of the top-level source this line belongs to (.include keeps its includer's scope). */
  scope: number;
}

interface Entry { order: number; location?: SourceLocation; message: string }

export class Diagnostics {
  private entries: Entry[] = [];

  /** Records a problem; `order` sorts the report (statement order), location-less ones last. */
  report(message: string, location?: SourceLocation, order = Number.MAX_SAFE_INTEGER): void {
    this.entries.push({ order, location, message });
  }

  get count(): number {
    return this.entries.length;
  }

  lines(): string[] {
    const sorted = [...this.entries].sort((a, b) => a.order - b.order);
    const text = sorted.map((entry) =>
      entry.location ? `${entry.location.file}:${entry.location.line}: ${entry.message}` : entry.message);
    return [...new Set(text)];
  }

  throwIfAny(): void {
    if (this.entries.length) throw new UserError(this.lines().join('\n'));
  }
}

/** A value as an error message shows it: decimal when small, hex otherwise. */
export function formatValue(value: bigint): string {
  const magnitude = value < 0n ? -value : value;
  if (magnitude < 65536n) return value.toString();
  return (value < 0n ? '-0x' : '0x') + magnitude.toString(16);
}
