// Compiling the kernel and the userland programs with switchless cc.
//
//   const { elf, symbols } = await compileGuest('kernel-as/main.ts', {
//     target: 'kernel', base, physOffset, memoryBase, ascArgs, extraAsm });
//
// This is tools/cc's compileFile with asc arguments added: --memoryBase (where
// static data starts in linear memory, docs/kernel.md §2) and --initialMemory.

import path from 'node:path';
import { compileAssemblyScript } from '../cc/asc-driver.ts';
import { compileWasm } from '../cc/compile.ts';
import type { ElfSymbol } from '../elf/format.ts';
import { readElf } from '../elf/read.ts';

export interface GuestOptions {
  target: 'kernel' | 'user';
  base: number;
  physOffset?: number;
  memoryBase: number;
  /** Extra asc arguments: --memoryBase, --initialMemory. */
  ascArgs: string[];
  syscalls?: Record<string, number>;
  extraAsm?: string[];
  /** Also write the annotated listing (switchless cc --emit-asm): true for OUTPUT.asm, or a path. */
  emitAsm?: string | boolean;
  /** The ELF's path, when written (names the listing). */
  output?: string;
}

export interface GuestProgram {
  elf: Uint8Array;
  symbols: ElfSymbol[];
}

export async function compileGuest(file: string, options: GuestOptions): Promise<GuestProgram> {
  const { wasm } = await compileAssemblyScript(file, { runtime: 'stub', ascArgs: options.ascArgs });
  const name = path.basename(file);
  const { elf } = compileWasm(wasm, name, {
    target: options.target, base: options.base, physOffset: options.physOffset,
    memoryBase: options.memoryBase, syscalls: options.syscalls, extraAsm: options.extraAsm ?? [],
    emitAsm: options.emitAsm, output: options.output,
  });
  return { elf, symbols: readElf(elf, name).symbols };
}
