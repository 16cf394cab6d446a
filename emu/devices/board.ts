// Board information (docs/devices.md §board): read-only facts for firmware and
// kernels. Writes are ignored.
//
//   0x0 RAM_BYTES   size of RAM
//   0x4 CLOCK_KHZ   the --clock setting in kHz

import { savedFields, type AccessSize, type Device } from './device.ts';
import { BOARD_BASE } from './params.ts';
import { readRegisters } from './registers.ts';

export interface BoardOptions {
  portBase?: number;
  ramBytes: number;
  clockKHz: number;
}

export class Board implements Device {
  readonly name = 'board';
  readonly portBase: number;
  readonly portCount = 0x10;
  private readonly facts: number[];

  constructor(options: BoardOptions) {
    this.portBase = options.portBase ?? BOARD_BASE;
    this.facts = [options.ramBytes >>> 0, options.clockKHz >>> 0];
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => this.facts[reg] ?? 0);
  }

  write(): void {}

  nextDeadline(): bigint | null {
    return null;
  }

  onDeadline(): void {}

  save(): unknown {
    return { device: this.name };
  }

  load(state: unknown): void {
    savedFields(state, this.name);
  }
}
