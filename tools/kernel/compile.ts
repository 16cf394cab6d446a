// Compiling the kernel and the userland programs with switchless cc.
//
//   const { elf, symbols } = await compileGuest('kernel-as/main.ts', {
//     target: 'kernel', base, physOffset, memoryBase, ascArgs, extraAsm, standIn });
//
// This is `compileFile` of tools/cc with two additions the guest builds need:
// asc arguments (--memoryBase: where static data starts in linear memory,
// docs/kernel.md §2), and a stand-in for the target's runtime file while tools/cc/runtime/
// has none for the target: `standIn` is linked in its place (kernel-as/arch/
// ccrt-kernel.s, userland/lib/ccrt-user.s). Once tools/cc ships the file, it
// is used and the stand-in is ignored.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, type AsmSource } from '../asm/assemble.ts';
import { compileAssemblyScript } from '../cc/asc-driver.ts';
import { compileWasm } from '../cc/compile.ts';
import { lowerWasm } from '../cc/lower.ts';
import { generateModule } from '../cc/module-gen.ts';
import { readModule } from '../cc/read-module.ts';
import { makeTarget } from '../cc/target.ts';
import type { ElfSymbol } from '../elf/format.ts';

export interface GuestOptions {
  target: 'kernel' | 'user';
  base: number;
  physOffset?: number;
  memoryBase: number;
  /** Extra asc arguments: --memoryBase (where static data starts), --initialMemory. */
  ascArgs: string[];
  syscalls?: Record<string, number>;
  extraAsm?: string[];
  /** Runtime file used when tools/cc/runtime/<target>.s does not exist. */
  standIn: string;
}

export interface GuestProgram {
  elf: Uint8Array;
  symbols: ElfSymbol[];
}

const CC_RUNTIME_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cc', 'runtime');

export async function compileGuest(file: string, options: GuestOptions): Promise<GuestProgram> {
  const { wasm } = await compileAssemblyScript(file, {
    runtime: 'stub',
    ascArgs: options.ascArgs,
  });
  const name = path.basename(file);
  const extraAsm = options.extraAsm ?? [];
  if (fs.existsSync(path.join(CC_RUNTIME_DIR, `${options.target}.s`))) {
    const { elf } = compileWasm(wasm, name, {
      target: options.target, base: options.base, physOffset: options.physOffset,
      memoryBase: options.memoryBase, syscalls: options.syscalls, extraAsm,
    });
    const { readElf } = await import('../elf/read.ts');
    return { elf, symbols: readElf(elf, name).symbols };
  }

  // The same steps as compileWasm, with the stand-in runtime.
  const target = makeTarget(options.target, { memoryBase: options.memoryBase, syscalls: options.syscalls });
  const module = lowerWasm(wasm, name);
  let generated;
  try {
    generated = generateModule(readModule(module), {
      target, fileName: name, describe: null, codeOffset: () => undefined,
    });
  } finally {
    module.dispose();
  }
  const sources: AsmSource[] = [
    { name: name.replace(/\.ts$/, '.s'), text: generated.program },
    { name: 'runtime/common.s', text: fs.readFileSync(path.join(CC_RUNTIME_DIR, 'common.s'), 'utf8') },
    { name: options.standIn, text: fs.readFileSync(options.standIn, 'utf8') },
    ...extraAsm.map((f) => ({ name: f, text: fs.readFileSync(f, 'utf8') })),
    { name: 'memory.s', text: generated.tail },
  ];
  const linked = assemble(sources, { base: options.base, physOffset: options.physOffset });
  return { elf: linked.elf, symbols: linked.symbols };
}
