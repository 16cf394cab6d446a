// Building and running a whole machine in-process for tests.
//
//   const { machine, exit, output, symbols } = await runProgram(asm, { disk, input, maxCycles })
//   symbols.get('label') -> its address
//   readU32(machine, address)       a little-endian word of guest RAM
//   withHandler(vector, irq, body, handler)
//       a program with a stack, an IDT at 0x80000 whose one gate runs `handler`,
//       the PIC line `irq` unmasked (null: all masked) and edi = TIMES (0x90000),
//       a scratch array; then `body`

import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import type { BlockBackend } from '../../emu/devices/disk.ts';
import { Machine, type MachineOptions } from '../../emu/machine/machine.ts';
import { assemble } from '../../tools/asm/assemble.ts';

export interface ProgramOptions extends Partial<Omit<MachineOptions, 'console'>> {
  maxCycles?: bigint;
  disk?: BlockBackend | null;
}

export async function createProgramMachine(asm: string, options: ProgramOptions = {}) {
  const console = new MemoryConsole();
  const machine = await Machine.create({ ...options, console });
  const program = assemble([{ name: 'test.s', text: asm }]);
  machine.loadProgram(program.elf, 'test.elf');
  const symbols = new Map(program.symbols.map((s) => [s.name, s.value]));
  return { machine, console, symbols };
}

export async function runProgram(asm: string, options: ProgramOptions = {}) {
  const { machine, console, symbols } = await createProgramMachine(asm, options);
  const exit = await machine.run({ maxCycles: options.maxCycles ?? 100_000_000n });
  return { machine, exit, output: console.text(), symbols };
}

export function readU32(machine: Machine, address: number): number {
  const ram = machine.core.ram;
  return (ram[address] | (ram[address + 1] << 8) | (ram[address + 2] << 16) | (ram[address + 3] << 24)) >>> 0;
}

export function withHandler(vector: number, irq: number | null, body: string, handler: string): string {
  const mask = irq === null ? 0xffff : 0xffff & ~(1 << irq);
  return `
  .equ IDT, 0x80000
  .equ TIMES, 0x90000
  _start: mov esp, 0x70000
          mov dword [IDT + ${vector} * 8], handler
          mov dword [IDT + ${vector} * 8 + 4], 1
          lidt [idt_pointer]
          mov edx, 0x24
          mov eax, ${mask}
          out dx, eax
          mov edi, TIMES
  ${body}
  handler:
  ${handler}
  .data
  idt_pointer: .word 256 * 8 - 1
               .long IDT`;
}
