// A stand-in for the machine, for driving devices through the bus without a
// CPU: it is the DeviceContext (clock, RAM, interrupt lines routed to a real
// PIC, stop requests, events), and runTo() plays a perfect run loop that fires
// every deadline at exactly its cycle.

import type { Device, DeviceContext } from '../../emu/devices/device.ts';
import { Pic } from '../../emu/devices/pic.ts';
import { Bus, type PortAccess } from '../../emu/machine/bus.ts';

export interface DeviceEvent {
  kind: string;
  detail: Record<string, unknown>;
}

export class FakeMachine implements DeviceContext {
  cycle = 0n;
  memory: Uint8Array;
  stops = 0;
  intrLine = false;
  readonly events: DeviceEvent[] = [];
  readonly written: [number, number][] = [];
  readonly lines: boolean[] = new Array(16).fill(false);
  readonly accesses: PortAccess[] = [];
  readonly pic: Pic;
  bus: Bus;

  constructor(ramBytes = 1 << 20) {
    this.memory = new Uint8Array(ramBytes);
    this.pic = new Pic(this, { onOutput: (high) => { this.intrLine = high; } });
    this.bus = new Bus([this.pic], { pic: this.pic });
  }

  /** Put `devices` on the bus after the PIC (device order = this order). */
  plug(...devices: Device[]): this {
    this.bus = new Bus([this.pic, ...devices], { pic: this.pic, onAccess: (a) => this.accesses.push(a) });
    return this;
  }

  now(): bigint { return this.cycle; }
  ram(): Uint8Array { return this.memory; }
  ramWritten(phys: number, len: number): void { this.written.push([phys, len]); }
  setIrq(line: number, high: boolean): void {
    this.lines[line] = high;
    this.pic.setLine(line, high);
  }
  requestStop(): void { this.stops++; }
  event(kind: string, detail: Record<string, unknown>): void { this.events.push({ kind, detail }); }

  in(port: number, size: 1 | 2 | 4 = 4): number {
    return this.bus.portRead(port, size);
  }

  out(port: number, value: number, size: 1 | 2 | 4 = 4): void {
    this.bus.portWrite(port, size, value);
  }

  /** Advance the clock to `target`, firing each deadline at exactly its cycle. */
  runTo(target: bigint): void {
    for (;;) {
      const d = this.bus.nextDeadline();
      if (d === null || d > target) break;
      if (d > this.cycle) this.cycle = d;
      this.bus.fireDue(this.cycle);
    }
    if (target > this.cycle) this.cycle = target;
  }

  /** Cycles of the events of one kind. */
  cyclesOf(kind: string): bigint[] {
    return this.events.filter((e) => e.kind === kind).map((e) => e.detail.cycle as bigint);
  }

  /** A little-endian u32 / u16 in RAM. */
  poke32(addr: number, value: number): void {
    new DataView(this.memory.buffer).setUint32(addr, value, true);
  }
  poke16(addr: number, value: number): void {
    new DataView(this.memory.buffer).setUint16(addr, value, true);
  }
  peek16(addr: number): number {
    return new DataView(this.memory.buffer).getUint16(addr, true);
  }

  /** Write a NUL-terminated string into RAM. */
  pokeString(addr: number, s: string): void {
    const bytes = new TextEncoder().encode(s);
    this.memory.set(bytes, addr);
    this.memory[addr + bytes.length] = 0;
  }
}

/** Save through JSON, as a snapshot file would. */
export function viaJson(state: unknown): unknown {
  return JSON.parse(JSON.stringify(state));
}
