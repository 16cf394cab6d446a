// The TraceContext the CLI gives trace sinks: symbols from the program's ELF
// (under boot, the kernel's, and each user program's in its own address space)
// and disassembly of guest memory read without side effects.
//
//   machineTraceContext(machine, symbols, clockMHz, userSymbols?)
//   userSymbols: { spaces, symbolsOf(program) }: which program runs in a cr3
//   (emu/trace/address-spaces.ts) and that program's symbols, if there is an ELF;
//   user code is then named 'ls: ls.main'

import type { Machine } from '../../emu/machine/machine.ts';
import type { AddressSpaces } from '../../emu/trace/address-spaces.ts';
import type { TraceContext } from '../../emu/trace/events.ts';
import { decodeInstruction } from '../disasm/decode.ts';
import { withTargetSymbol } from '../disasm/disassemble-elf.ts';
import type { Symbolizer } from '../elf/symbolizer.ts';

const LONGEST_INSTRUCTION = 11;

export interface UserSymbols {
  spaces: AddressSpaces;
  symbolsOf(program: string): Symbolizer | undefined;
}

function nameIn(symbols: Symbolizer | undefined, addr: number): string | null {
  const hit = symbols?.lookup(addr);
  if (!hit) return null;
  return hit.offset ? `${hit.name}+0x${hit.offset.toString(16)}` : hit.name;
}

export function machineTraceContext(machine: () => Machine, symbols: Symbolizer | undefined, clockMHz: number,
  user?: UserSymbols): TraceContext {
  return {
    clockMHz,
    symbolize: (addr) => nameIn(symbols, addr),
    programIn: (cr3) => user?.spaces.programOf(cr3) ?? null,
    symbolizeIn: (addr, cpl, cr3) => {
      const program = cpl === 3 && user ? user.spaces.programOf(cr3) : null;
      if (program === null) return nameIn(symbols, addr);
      const name = nameIn(user!.symbolsOf(program), addr);
      return name === null ? null : `${program}: ${name}`; // the kernel's functions have the same library names
    },
    disassemble: (eip) => {
      const m = machine();
      const bytes = m.core.peekLinear(eip, LONGEST_INSTRUCTION);
      if (!bytes) return '(not mapped)';
      return withTargetSymbol(decodeInstruction(bytes, 0, eip), symbols);
    },
  };
}
