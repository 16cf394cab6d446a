// Runs a bare-target ELF on the reference interpreter with the smallest
// machine the bare ABI needs (docs/abi.md §2): the UART data port prints, the
// debug-exit port stops with a status, the board port reports the RAM size.
// Until the full machine runs programs in tests, this is the tx86 side of the
// differential test.
//
//   const { stdout, exitStatus, instructions } = runBareElf(elf, { maxInstructions: 50_000_000 });

import { ReferenceCpu, type ReferenceBus } from '../../emu/reference/reference-cpu.ts';
import { StopReason } from '../../emu/cpu-state.ts';
import { loadProgramImage } from '../../emu/machine/program-loader.ts';

export interface Tx86Run {
  stdout: string;
  exitStatus: number | null;
  /** Why it stopped, when it did not exit: 'halted', 'triple fault', 'budget'. */
  stop: string | null;
  instructions: number;
  cycles: number;
}

const UART_DATA = 0x3f8;
const DEBUG_EXIT = 0x500;
const BOARD_RAM_BYTES = 0x520;

export function runBareElf(elf: Uint8Array, options: { ramBytes?: number; maxCycles?: number } = {}): Tx86Run {
  const ramBytes = options.ramBytes ?? 64 << 20;
  const bytes: number[] = [];
  let exitStatus: number | null = null;
  const bus: ReferenceBus = {
    portRead: (port) => (port === BOARD_RAM_BYTES ? ramBytes : 0xffffffff),
    portWrite: (port, _size, value) => {
      if (port === UART_DATA) bytes.push(value & 0xff);
      else if (port === DEBUG_EXIT) exitStatus = value & 0xff;
    },
    interruptPending: () => false,
    acknowledgeInterrupt: () => { throw new Error('no interrupts'); },
    stopRequested: () => exitStatus !== null,
  };
  const cpu = new ReferenceCpu({ ramBytes, bus });
  const { entry } = loadProgramImage(cpu.ram, elf, 'program.elf');
  const regs = [0, 0, 0, 0, ramBytes, 0, 0, 0];
  cpu.setState({ regs, eip: entry, eflags: 0x2, cpl: 0 });
  const reason = cpu.run(BigInt(options.maxCycles ?? 2_000_000_000));
  const state = cpu.getState();
  const stop = exitStatus !== null ? null
    : reason === StopReason.Budget ? 'budget' : reason === StopReason.TripleFault ? `triple fault at 0x${state.eip.toString(16)}`
      : `stopped (${reason}) at 0x${state.eip.toString(16)}`;
  return {
    stdout: new TextDecoder().decode(new Uint8Array(bytes)),
    exitStatus,
    stop,
    instructions: Number(state.instructions),
    cycles: Number(state.cycles),
  };
}
