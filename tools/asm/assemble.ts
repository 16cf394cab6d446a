// The tx86 assembler and linker: Intel-syntax sources -> one ELF executable
// (docs/isa.md §12, §13).
//
//   assemble(sources, options?) -> AsmResult { elf, entry, symbols, listing }
//   assembleProgram(text, options?)     one in-memory source named '<input>'
//
// Options: base (text base address, default 0x00100000), physOffset
// (p_paddr = p_vaddr - physOffset), entry (symbol; default _start, or the text
// base when there is no _start), readInclude(name, from) (the text of an
// .include; by default read from disk relative to the including file).
//
// Stages, one file each: lexer -> expression/operands/directives -> parser
// (statements) -> symbols (scopes) -> layout (addresses, encodings via
// encoder, to a fixed point) -> link (segments, symbol table) -> elf/write.
// Any problem throws a UserError whose message lists every error, one
// "file:line: message" per line, in source order.

import { readFileSync } from 'node:fs';
import { UserError } from '../../emu/user-error.ts';
import type { ElfSymbol } from '../elf/format.ts';
import { writeElf } from '../elf/write.ts';
import { Diagnostics } from './diagnostics.ts';
import { layoutProgram, type ListingLine } from './layout.ts';
import { linkImage } from './link.ts';
import { includedFileName, parseSources, type IncludeReader } from './parser.ts';
import { SymbolTable } from './symbols.ts';

export type { ListingLine } from './layout.ts';

export interface AsmSource { name: string; text: string }

export interface AsmOptions {
  base?: number;
  physOffset?: number;
  entry?: string;
  readInclude?: IncludeReader;
}

export interface AsmResult {
  elf: Uint8Array;
  entry: number;
  symbols: ElfSymbol[];
  listing: ListingLine[];
}

export const DEFAULT_TEXT_BASE = 0x00100000;

const readIncludeFromDisk: IncludeReader = (name, from) => readFileSync(includedFileName(name, from), 'utf8');

function checkAddressOption(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** 32) {
    throw new UserError(`${name} must be an address from 0 to 0xFFFFFFFF, not ${value}`);
  }
}

export function assemble(sources: AsmSource[], options: AsmOptions = {}): AsmResult {
  const textBase = options.base ?? DEFAULT_TEXT_BASE;
  const physOffset = options.physOffset ?? 0;
  checkAddressOption('the base address', textBase);
  checkAddressOption('the physical offset', physOffset);

  const diagnostics = new Diagnostics();
  const statements = parseSources(sources, options.readInclude ?? readIncludeFromDisk, diagnostics);
  const symbols = new SymbolTable(statements, diagnostics);
  const layout = layoutProgram(statements, symbols, textBase, diagnostics);
  const linked = layout && linkImage(layout, symbols, { textBase, physOffset, entry: options.entry }, diagnostics);
  diagnostics.throwIfAny();
  if (!layout || !linked) throw new Error('assemble: layout failed without reporting why');

  return { elf: writeElf(linked.image), entry: linked.entry, symbols: linked.symbols, listing: layout.listing };
}

export function assembleProgram(text: string, options: AsmOptions = {}): AsmResult {
  return assemble([{ name: '<input>', text }], options);
}
