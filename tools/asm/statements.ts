// Statements: what the parser makes of each source line, and what layout
// walks. A line yields its labels, then at most one other statement.
//
//   label        `name:`
//   constant     `.equ NAME, expr` or `NAME = expr`
//   instruction  mnemonic (canonical), operands, and the table entries they fit
//   section      `.text` `.rodata` `.data` `.bss` `.section NAME`
//   data         `.byte` `.word` `.long`/`.dword` `.quad`: little-endian values
//   bytes        `.ascii` `.asciz`/`.string`: decoded string bytes
//   space        `.space N[, fill]`, `.zero N`
//   align        `.align N[, fill]`, `.balign N[, fill]`
//   binding      `.global`/`.globl`/`.local NAME, ...`
//   type         `.type NAME, @function|@object`
//   size         `.size NAME, expr`
//
// `order` is the statement's position in the whole program (all files, with
// includes expanded): errors are reported in that order.

import type { Opcode } from '../isa/opcodes.ts';
import type { SourceLocation } from './diagnostics.ts';
import type { Expr } from './expression.ts';
import type { Operand } from './operands.ts';

export type SectionName = '.text' | '.rodata' | '.data' | '.bss';

/** Link order (docs/isa.md §12); each section starts on a page boundary. */
export const SECTION_ORDER: readonly SectionName[] = ['.text', '.rodata', '.data', '.bss'];

export interface StatementOrigin {
  location: SourceLocation;
  order: number;
  /** The source line, for listings. */
  text: string;
}

export type StatementBody =
  | { kind: 'label'; name: string }
  | { kind: 'constant'; name: string; value: Expr }
  | { kind: 'instruction'; mnemonic: string; operands: Operand[]; forms: Opcode[] }
  | { kind: 'section'; section: SectionName }
  | { kind: 'data'; directive: string; unitBytes: 1 | 2 | 4 | 8; values: Expr[] }
  | { kind: 'bytes'; directive: string; bytes: Uint8Array }
  | { kind: 'space'; directive: string; count: Expr; fill?: Expr }
  | { kind: 'align'; directive: string; boundary: Expr; fill?: Expr }
  | { kind: 'binding'; binding: 'global' | 'local'; names: string[] }
  | { kind: 'type'; name: string; type: 'func' | 'object' }
  | { kind: 'size'; name: string; value: Expr };

export type Statement = StatementOrigin & StatementBody;
