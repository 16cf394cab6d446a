// Runs a bare-target ELF the way `switchless run` does: the whole machine (wasm
// core, devices), the host loader, the console in memory. This is the tx86
// side of the differential test.
//
//   const { stdout, exitStatus, instructions } = await runBareElf(elf);
//
// exitStatus is the debug-exit status, or null when the program stopped some
// other way (then `stop` says how: a cycle limit, a triple fault, a halt).

import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { Machine } from '../../emu/machine/machine.ts';

export interface Tx86Run {
  stdout: string;
  exitStatus: number | null;
  stop: string | null;
  instructions: number;
  cycles: number;
}

export async function runBareElf(elf: Uint8Array, options: { ramMiB?: number; maxCycles?: number } = {}): Promise<Tx86Run> {
  const console = new MemoryConsole();
  const machine = await Machine.create({ console, ramMiB: options.ramMiB ?? 16 });
  machine.loadProgram(elf, 'program.elf');
  const exit = await machine.run({ maxCycles: BigInt(options.maxCycles ?? 2_000_000_000) });
  const counters = machine.core.counters();
  return {
    stdout: console.text(),
    exitStatus: exit.reason === 'exit' ? exit.status : null,
    stop: exit.reason === 'exit' ? null : `${exit.reason} at 0x${exit.eip.toString(16)}`,
    instructions: Number(counters.instructions),
    cycles: Number(counters.cycles),
  };
}
