// The debug-exit port (docs/devices.md §debug-exit): writing a value powers the
// machine off with exit status value & 0xFF. The device records the status and
// asks the core to stop; the run loop sees exitStatus and ends the run.
// Reads return 0.

import { savedFields, type AccessSize, type Device, type DeviceContext } from './device.ts';
import { DEBUG_EXIT_BASE } from './params.ts';

export interface DebugExitOptions {
  portBase?: number;
}

export class DebugExit implements Device {
  readonly name = 'debug-exit';
  readonly portBase: number;
  readonly portCount = 4;
  /** The exit status once the guest has powered off, else null. */
  exitStatus: number | null = null;

  constructor(private readonly ctx: DeviceContext, options: DebugExitOptions = {}) {
    this.portBase = options.portBase ?? DEBUG_EXIT_BASE;
  }

  read(_offset: number, _size: AccessSize): number {
    return 0;
  }

  write(_offset: number, _size: AccessSize, value: number): void {
    this.exitStatus = value & 0xFF;
    this.ctx.event('debug-exit', { status: this.exitStatus });
    this.ctx.requestStop();
  }

  nextDeadline(): bigint | null {
    return null;
  }

  onDeadline(): void {}

  save(): unknown {
    return { device: this.name, exitStatus: this.exitStatus };
  }

  load(state: unknown): void {
    this.exitStatus = savedFields(state, this.name).exitStatus as number | null;
  }
}
