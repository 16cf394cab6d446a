// The TraceContext the CLI gives trace sinks: symbols from the program's ELF
// and disassembly of guest memory read without side effects.

import type { Machine } from '../../emu/machine/machine.ts';
import type { TraceContext } from '../../emu/trace/events.ts';
import { decodeInstruction } from '../disasm/decode.ts';
import type { Symbolizer } from '../elf/symbolizer.ts';

const LONGEST_INSTRUCTION = 11;

export function machineTraceContext(machine: () => Machine, symbols: Symbolizer | undefined, clockMHz: number): TraceContext {
  return {
    clockMHz,
    symbolize: (addr) => {
      const hit = symbols?.lookup(addr);
      if (!hit) return null;
      return hit.offset ? `${hit.name}+0x${hit.offset.toString(16)}` : hit.name;
    },
    disassemble: (eip) => {
      const m = machine();
      const bytes = m.core.peekLinear(eip, LONGEST_INSTRUCTION);
      if (!bytes) return '(not mapped)';
      return decodeInstruction(bytes, 0, eip).text;
    },
  };
}
