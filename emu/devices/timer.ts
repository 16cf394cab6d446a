// The interval timer and cycle counter (docs/devices.md §timer).
//
// The timer runs while CONTROL.enabled is set and PERIOD is non-zero. Writing
// PERIOD or CONTROL (re)starts it from the current cycle S, and it expires at
// S+P, S+2P, ... exactly (periodic) or once at S+P (one-shot, which then clears
// CONTROL.enabled). An expiry sets STATUS.expired, which holds IRQ 0 high until
// the driver writes 1 to it; expiries missed meanwhile are not queued.
//
// The cycle counter is the emulated clock itself: reading CYCLES_LO returns its
// low half and latches the high half for CYCLES_HI.

import {
  cycleFromJson, cycleToJson, earlier, savedFields, type AccessSize, type Device, type DeviceContext,
} from './device.ts';
import { TIMER_BASE, TIMER_IRQ } from './params.ts';
import { readRegisters, writeRegisters } from './registers.ts';

const PERIOD = 0;  // register indices (offset / 4)
const CONTROL = 1;
const REMAINING = 2;
const STATUS = 3;
const CYCLES_LO = 4;
const CYCLES_HI = 5;

export const TIMER_ENABLED = 1;
export const TIMER_PERIODIC = 2;

export interface TimerOptions {
  portBase?: number;
  irq?: number;
}

export class Timer implements Device {
  readonly name = 'timer';
  readonly portBase: number;
  readonly portCount = 0x20;
  private readonly irq: number;
  private period = 0;
  private control = 0;
  private status = 0;
  private next: bigint | null = null;
  private latchedHigh = 0;

  constructor(private readonly ctx: DeviceContext, options: TimerOptions = {}) {
    this.portBase = options.portBase ?? TIMER_BASE;
    this.irq = options.irq ?? TIMER_IRQ;
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => {
      switch (reg) {
        case PERIOD: return this.period;
        case CONTROL: return this.control;
        case REMAINING: return this.remaining();
        case STATUS: return this.status;
        case CYCLES_LO: {
          const now = this.ctx.now();
          this.latchedHigh = Number((now >> 32n) & 0xFFFFFFFFn);
          return Number(now & 0xFFFFFFFFn);
        }
        case CYCLES_HI: return this.latchedHigh;
        default: return 0;
      }
    });
  }

  write(offset: number, size: AccessSize, value: number): void {
    writeRegisters(offset, size, value, (reg, v) => {
      switch (reg) {
        case PERIOD: this.period = v; this.restart(); break;
        case CONTROL: this.control = v & (TIMER_ENABLED | TIMER_PERIODIC); this.restart(); break;
        case STATUS: if (v & 1) this.setStatus(0); break;
      }
    });
  }

  nextDeadline(): bigint | null {
    return this.next;
  }

  onDeadline(cycle: bigint): void {
    if (this.next === null || cycle < this.next) return;
    this.setStatus(1);
    this.ctx.event('timer.expiry', { cycle });
    if (this.control & TIMER_PERIODIC) {
      // The next expiry after now on the grid cycle + kP (missed ones collapse).
      const p = BigInt(this.period);
      const now = this.ctx.now();
      const k = now > cycle ? (now - cycle) / p + 1n : 1n;
      this.next = cycle + k * p;
    } else {
      this.control &= ~TIMER_ENABLED;
      this.next = null;
    }
  }

  save(): unknown {
    return {
      device: this.name, period: this.period, control: this.control, status: this.status,
      next: cycleToJson(this.next), latchedHigh: this.latchedHigh,
    };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.period = s.period as number;
    this.control = s.control as number;
    this.next = cycleFromJson(s.next);
    this.latchedHigh = s.latchedHigh as number;
    this.setStatus(s.status as number);
  }

  private restart(): void {
    const before = this.next;
    this.next = (this.control & TIMER_ENABLED) && this.period !== 0 ? this.ctx.now() + BigInt(this.period) : null;
    if (earlier(before, this.next)) this.ctx.requestStop();
  }

  private remaining(): number {
    if (this.next === null) return 0;
    const left = this.next - this.ctx.now();
    return left <= 0n ? 0 : left >= 0xFFFFFFFFn ? 0xFFFFFFFF : Number(left);
  }

  private setStatus(status: number): void {
    this.status = status;
    this.ctx.setIrq(this.irq, status !== 0);
  }
}
