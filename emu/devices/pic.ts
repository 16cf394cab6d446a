// The interrupt controller (docs/devices.md §pic): sixteen level-sensitive
// lines, line 0 highest priority, delivered as vector BASE + n.
//
// Devices drive lines with setLine() (through DeviceContext.setIrq). The output
// is high while some line is deliverable: high, unmasked, and of higher priority
// than every line in service. The machine mirrors the output into the core's
// INTR_LINE slot (onOutput is called on every change), and the core's intAck()
// picks the highest-priority deliverable line, marks it in service and returns
// its vector. EOI clears the highest-priority in-service bit; a line still high
// then is delivered again.
//
//   in-service = 0b0100 (line 2): lines 0 and 1 are deliverable, 2-15 wait.

import { savedFields, type AccessSize, type Device, type DeviceContext } from './device.ts';
import { PIC_BASE } from './params.ts';
import { readRegisters, writeRegisters } from './registers.ts';

const PENDING_EOI = 0;  // register indices (offset / 4)
const MASK = 1;
const BASE = 2;
const IN_SERVICE = 3;

export interface PicOptions {
  portBase?: number;
  /** Called whenever the output changes (and once after load()). */
  onOutput?: (high: boolean) => void;
}

export class Pic implements Device {
  readonly name = 'pic';
  readonly portBase: number;
  readonly portCount = 16;
  private lines = 0;
  private mask = 0xFFFF;
  private base = 32;
  private inService = 0;
  private output = false;
  private readonly onOutput: ((high: boolean) => void) | undefined;

  constructor(private readonly ctx: DeviceContext, options: PicOptions = {}) {
    this.portBase = options.portBase ?? PIC_BASE;
    this.onOutput = options.onOutput;
  }

  /** Drive line `line` (0-15) high or low. */
  setLine(line: number, high: boolean): void {
    const bit = 1 << line;
    this.lines = high ? this.lines | bit : this.lines & ~bit;
    this.update();
  }

  /** True while some line is deliverable (the INTR_LINE the core sees). */
  outputHigh(): boolean {
    return this.output;
  }

  /** The CPU's acknowledge: the vector of the highest-priority deliverable line, now in service. */
  intAck(): number {
    const ready = this.deliverable();
    if (ready === 0) throw new Error('pic: intAck() with no deliverable line');
    const line = 31 - Math.clz32(ready & -ready);
    this.inService |= 1 << line;
    const vector = (this.base + line) & 0xFF;
    this.ctx.event('pic.ack', { line, vector });
    this.update();
    return vector;
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => {
      switch (reg) {
        case PENDING_EOI: return this.lines & ~this.mask & 0xFFFF;
        case MASK: return this.mask;
        case BASE: return this.base;
        case IN_SERVICE: return this.inService;
        default: return 0;
      }
    });
  }

  write(offset: number, size: AccessSize, value: number): void {
    writeRegisters(offset, size, value, (reg, v) => {
      switch (reg) {
        case PENDING_EOI:
          this.inService &= this.inService - 1;  // clear the lowest set bit
          break;
        case MASK: this.mask = v & 0xFFFF; break;
        case BASE: this.base = v & 0xFF; break;
      }
    });
    this.update();
  }

  nextDeadline(): bigint | null {
    return null;
  }

  onDeadline(): void {}

  save(): unknown {
    return { device: this.name, lines: this.lines, mask: this.mask, base: this.base, inService: this.inService };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.lines = s.lines as number;
    this.mask = s.mask as number;
    this.base = s.base as number;
    this.inService = s.inService as number;
    this.output = this.deliverable() !== 0;
    this.onOutput?.(this.output);
  }

  private deliverable(): number {
    const pending = this.lines & ~this.mask & 0xFFFF;
    const highestInService = this.inService & -this.inService;
    return highestInService === 0 ? pending : pending & (highestInService - 1);
  }

  private update(): void {
    const high = this.deliverable() !== 0;
    if (high !== this.output) {
      this.output = high;
      this.onOutput?.(high);
    }
  }
}
