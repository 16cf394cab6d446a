// `switchless objdump FILE.elf`: disassembly with symbols, like objdump -d.

import type { Command } from 'commander';
import { disassembleElf } from '../disasm/disassemble-elf.ts';
import { readInputFile } from './input-files.ts';

export function registerObjdump(program: Command): void {
  program
    .command('objdump')
    .description('disassemble an ELF executable, with symbols')
    .argument('<file>', 'ELF file')
    .action((file: string) => {
      process.stdout.write(disassembleElf(readInputFile(file), file));
    });
}
