// `switchless asm FILE.s... -o OUT.elf`: assemble and link (docs/isa.md §12-§13).

import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { assemble } from '../asm/assemble.ts';
import { parseNumberOption, readInputText } from './input-files.ts';

export function registerAsm(program: Command): void {
  program
    .command('asm')
    .description('assemble and link tx86 assembly into an ELF32 executable')
    .argument('<files...>', 'assembly sources, linked together')
    .option('-o, --output <file>', 'output ELF file', 'a.out')
    .option('--base <address>', 'address of .text', '0x100000')
    .option('--phys-offset <n>', 'load addresses are virtual minus this (kernels linked high)', '0')
    .option('--entry <symbol>', 'entry point symbol (default: _start, else the start of .text)')
    .action((files: string[], options: { output: string; base: string; physOffset: string; entry?: string }) => {
      const sources = files.map((name) => ({ name, text: readInputText(name) }));
      const { elf } = assemble(sources, {
        base: parseNumberOption('--base', options.base),
        physOffset: parseNumberOption('--phys-offset', options.physOffset),
        entry: options.entry,
        readInclude: (name, from) => readInputText(resolve(dirname(from), name)),
      });
      writeFileSync(options.output, elf);
    });
}
