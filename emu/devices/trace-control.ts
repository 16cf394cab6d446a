// The trace-control port (docs/devices.md §trace-control): guest software
// annotates the trace and reports figures, like System/161's trace controller.
//
// The guest writes ARG and NAME (the physical address of a NUL-terminated
// string, at most 63 bytes read), then a COMMAND. Each command becomes a typed
// GuestTraceEvent handed to the sink the machine provides (the 'mark' trace
// category), stamped with the cycle of the port write. REPORT and REPORT_ADD
// also update the report map that becomes the statistics' `guest` section.
//
//   ARG=3, NAME -> "requests", COMMAND=7   guest().requests += 3

import { savedFields, type AccessSize, type Device, type DeviceContext } from './device.ts';
import { TRACE_CONTROL_BASE } from './params.ts';
import { readRegisters, writeRegisters } from './registers.ts';

const ARG = 0;  // register indices (offset / 4)
const NAME = 1;
const COMMAND = 2;

export const TRACE_MARK = 1;
export const TRACE_BEGIN = 2;
export const TRACE_END = 3;
export const TRACE_COUNTER = 4;
export const TRACE_THREAD = 5;
export const TRACE_REPORT = 6;
export const TRACE_REPORT_ADD = 7;

export const MAX_NAME_BYTES = 63;

export type GuestTraceEvent =
  | { kind: 'mark'; cycle: bigint; name: string; value: number }
  | { kind: 'begin'; cycle: bigint; name: string }
  | { kind: 'end'; cycle: bigint }
  | { kind: 'counter'; cycle: bigint; name: string; value: number }
  | { kind: 'thread'; cycle: bigint; thread: number; name: string }
  /** `value` is the report's new total. */
  | { kind: 'report'; cycle: bigint; name: string; value: number };

export interface TraceControlOptions {
  portBase?: number;
  sink?: (event: GuestTraceEvent) => void;
}

export class TraceControl implements Device {
  readonly name = 'trace-control';
  readonly portBase: number;
  readonly portCount = 0x10;
  private readonly sink: (event: GuestTraceEvent) => void;
  private arg = 0;
  private nameAddr = 0;
  private reports = new Map<string, number>();

  constructor(private readonly ctx: DeviceContext, options: TraceControlOptions = {}) {
    this.portBase = options.portBase ?? TRACE_CONTROL_BASE;
    this.sink = options.sink ?? (() => {});
  }

  /** The reported figures, in the order first reported: the statistics' `guest` section. */
  guest(): Record<string, number> {
    return Object.fromEntries(this.reports);
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => (reg === ARG ? this.arg : reg === NAME ? this.nameAddr : 0));
  }

  write(offset: number, size: AccessSize, value: number): void {
    writeRegisters(offset, size, value, (reg, v) => {
      if (reg === ARG) this.arg = v;
      else if (reg === NAME) this.nameAddr = v;
      else if (reg === COMMAND) this.command(v);
    });
  }

  nextDeadline(): bigint | null {
    return null;
  }

  onDeadline(): void {}

  save(): unknown {
    return { device: this.name, arg: this.arg, name: this.nameAddr, reports: [...this.reports] };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.arg = s.arg as number;
    this.nameAddr = s.name as number;
    this.reports = new Map(s.reports as [string, number][]);
  }

  private command(command: number): void {
    const cycle = this.ctx.now();
    const value = this.arg;
    switch (command) {
      case TRACE_MARK: return this.sink({ kind: 'mark', cycle, name: this.readName(), value });
      case TRACE_BEGIN: return this.sink({ kind: 'begin', cycle, name: this.readName() });
      case TRACE_END: return this.sink({ kind: 'end', cycle });
      case TRACE_COUNTER: return this.sink({ kind: 'counter', cycle, name: this.readName(), value });
      case TRACE_THREAD: return this.sink({ kind: 'thread', cycle, thread: value, name: this.readName() });
      case TRACE_REPORT:
      case TRACE_REPORT_ADD: {
        const name = this.readName();
        const total = command === TRACE_REPORT ? value : (this.reports.get(name) ?? 0) + value;
        this.reports.set(name, total);
        return this.sink({ kind: 'report', cycle, name, value: total });
      }
      default:
        this.ctx.event('trace-control.ignored', { command });
    }
  }

  /** The NUL-terminated name at NAME: at most 63 bytes, cut at the end of RAM, decoded as UTF-8. */
  private readName(): string {
    const ram = this.ctx.ram();
    const start = this.nameAddr;
    const limit = Math.min(start + MAX_NAME_BYTES, ram.length);
    let end = start;
    while (end < limit && ram[end] !== 0) end++;
    return end > start ? new TextDecoder().decode(ram.subarray(start, end)) : '';
  }
}
