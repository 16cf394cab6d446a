// Test programs for the core: assemble tx86 source (tools/asm), load it into a
// fresh core at its physical addresses, and start it the way `switchless run`
// does (docs/isa.md §11: CPL 0, paging off, IF clear, esp = top of RAM).
//
//   await coreWithProgram(source, options?) -> TestRun
//     options.ramBytes (default 4 MiB), options.onPortWrite(port, size, value, core)
//     options.portRead(port, size), options.intAck()
//   TestRun: { core, symbols (name -> address), portWrites, entry }
//   runToEnd(core, limit?)   run() until a stop other than Budget/StopRequested

import { StopReason } from '../../emu/cpu-state.ts';
import { Core } from '../../emu/core-host.ts';
import { assembleProgram } from '../../tools/asm/assemble.ts';
import { readElf } from '../../tools/elf/read.ts';
import { coreModule } from './core-module.ts';

export interface PortWrite { port: number; size: number; value: number }

export interface ProgramOptions {
  ramBytes?: number;
  onPortWrite?: (port: number, size: number, value: number, core: Core) => void;
  portRead?: (port: number, size: number) => number;
  intAck?: () => number;
}

export interface TestRun {
  core: Core;
  symbols: Record<string, number>;
  portWrites: PortWrite[];
  entry: number;
}

export const DEFAULT_TEST_RAM = 4 << 20;

export async function coreWithProgram(source: string, options: ProgramOptions = {}): Promise<TestRun> {
  const module = await coreModule();
  const ramBytes = options.ramBytes ?? DEFAULT_TEST_RAM;
  const portWrites: PortWrite[] = [];
  let core: Core | null = null;
  core = Core.createSync({
    ramBytes,
    module,
    io: {
      portRead: (port, size) => options.portRead?.(port, size) ?? (size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff),
      portWrite: (port, size, value) => {
        portWrites.push({ port, size, value });
        options.onPortWrite?.(port, size, value, core!);
      },
      intAck: () => options.intAck?.() ?? 32,
    },
  });
  const { elf } = assembleProgram(source);
  const program = readElf(elf, '<test>', { ramBytes });
  for (const segment of program.segments) {
    core.ram.set(segment.fileBytes, segment.paddr);
    core.ram.fill(0, segment.paddr + segment.fileBytes.length, segment.paddr + segment.memsz);
    core.invalidateCode(segment.paddr, segment.memsz);
  }
  core.setState({ regs: [0, 0, 0, 0, ramBytes, 0, 0, 0], eip: program.entry });
  const symbols: Record<string, number> = {};
  for (const s of program.symbols) symbols[s.name] = s.value;
  return { core, symbols, portWrites, entry: program.entry };
}

/** Runs until the core stops for a reason other than its budget or a stop request. */
export function runToEnd(core: Core, limit = 10_000_000n): StopReason {
  for (;;) {
    const reason = core.run(limit);
    if (reason === StopReason.Budget) throw new Error(`program still running at cycle ${core.cycles()}`);
    if (reason !== StopReason.StopRequested) return reason;
  }
}
