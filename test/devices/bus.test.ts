import { describe, expect, it } from 'vitest';
import type { AccessSize, Device } from '../../emu/devices/device.ts';
import { readRegisters, writeRegisters } from '../../emu/devices/registers.ts';
import { Bus, type PortAccess } from '../../emu/machine/bus.ts';

/** A device with scripted deadlines that records what happens to it. */
class Probe implements Device {
  readonly log: string[] = [];
  private deadlines: bigint[];

  constructor(readonly name: string, readonly portBase: number, readonly portCount: number, deadlines: bigint[] = [], private readonly journal?: string[]) {
    this.deadlines = [...deadlines];
  }

  read(offset: number, size: AccessSize): number {
    this.log.push(`r${offset}/${size}`);
    return 0x1234_5678 + offset;
  }

  write(offset: number, size: AccessSize, value: number): void {
    this.log.push(`w${offset}/${size}=${value.toString(16)}`);
  }

  nextDeadline(): bigint | null {
    return this.deadlines[0] ?? null;
  }

  onDeadline(cycle: bigint): void {
    this.deadlines.shift();
    this.journal?.push(`${this.name}@${cycle}`);
  }

  /** Schedule one more event (as a device would after firing). */
  schedule(cycle: bigint): void {
    this.deadlines.push(cycle);
    this.deadlines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  save(): unknown { return {}; }
  load(): void {}
}

describe('bus', () => {
  it('routes accesses by port to the owning device, with offsets', () => {
    const a = new Probe('a', 0x100, 8);
    const b = new Probe('b', 0x108, 4);
    const bus = new Bus([a, b]);
    expect(bus.portRead(0x104, 4)).toBe(0x1234_567C);
    expect(bus.portRead(0x10A, 1)).toBe(0x7A);  // masked to the access size
    bus.imports.portWrite(0x108, 2, 0xABCDEF);
    expect(a.log).toEqual(['r4/4']);
    expect(b.log).toEqual(['r2/1', 'w0/2=cdef']);
    expect(bus.deviceAt(0x107)).toBe(a);
    expect(bus.deviceAt(0x10C)).toBe(null);
  });

  it('reads all ones from unassigned ports and ignores writes to them', () => {
    const bus = new Bus([new Probe('a', 0x100, 8)]);
    expect(bus.portRead(0x200, 1)).toBe(0xFF);
    expect(bus.portRead(0x200, 2)).toBe(0xFFFF);
    expect(bus.portRead(0x200, 4)).toBe(0xFFFF_FFFF);
    expect(bus.portRead(0xFFFF, 4)).toBe(0xFFFF_FFFF);
    bus.portWrite(0x200, 4, 1);
  });

  it('refuses overlapping claims and impossible ranges at construction', () => {
    expect(() => new Bus([new Probe('a', 0x100, 8), new Probe('b', 0x107, 2)]))
      .toThrow('bus: b and a both claim port 0x107');
    expect(() => new Bus([new Probe('a', 0xFFFF, 2)])).toThrow(/impossible/);
    expect(() => new Bus([new Probe('a', 0x100, 0)])).toThrow(/impossible/);
  });

  it('rejects access sizes other than 1, 2 and 4', () => {
    const bus = new Bus([]);
    expect(() => bus.portRead(0, 3)).toThrow(/3 bytes/);
  });

  it('routes intAck to the interrupt controller', () => {
    expect(new Bus([], { pic: { intAck: () => 47 } }).imports.intAck()).toBe(47);
    expect(() => new Bus([]).intAck()).toThrow(/no interrupt controller/);
  });

  it('reports every access when asked', () => {
    const seen: PortAccess[] = [];
    const bus = new Bus([new Probe('a', 0x100, 8)], { onAccess: (x) => seen.push(x) });
    bus.portRead(0x101, 1);
    bus.portWrite(0x300, 2, 0x12345);
    expect(seen).toEqual([
      { port: 0x101, size: 1, write: false, value: 0x79, device: 'a' },
      { port: 0x300, size: 2, write: true, value: 0x2345, device: null },
    ]);
  });

  it('gives the earliest deadline across devices', () => {
    const bus = new Bus([new Probe('a', 0, 1, [500n]), new Probe('b', 1, 1, [300n]), new Probe('c', 2, 1)]);
    expect(bus.nextDeadline()).toBe(300n);
    expect(new Bus([new Probe('c', 2, 1)]).nextDeadline()).toBe(null);
  });

  it('fires due deadlines in deadline order, then device order, and no later ones', () => {
    const journal: string[] = [];
    const a = new Probe('a', 0, 1, [20n, 30n, 90n], journal);
    const b = new Probe('b', 1, 1, [10n, 20n], journal);
    const c = new Probe('c', 2, 1, [20n], journal);
    const bus = new Bus([a, b, c]);
    expect(bus.fireDue(30n)).toBe(5);
    expect(journal).toEqual(['b@10', 'a@20', 'b@20', 'c@20', 'a@30']);
    expect(bus.nextDeadline()).toBe(90n);
    expect(bus.fireDue(89n)).toBe(0);
  });

  it('fires an event scheduled while firing when it is also due', () => {
    const journal: string[] = [];
    const a = new Probe('a', 0, 1, [10n], journal);
    const b = new Probe('b', 1, 1, [], journal);
    const origin = a.onDeadline.bind(a);
    a.onDeadline = (cycle) => {
      origin(cycle);
      b.schedule(cycle + 5n);  // e.g. a loopback frame
    };
    const bus = new Bus([a, b]);
    bus.fireDue(20n);
    expect(journal).toEqual(['a@10', 'b@15']);
  });

  it('throws rather than loop forever on a device that never advances', () => {
    const stuck = new Probe('stuck', 0, 1, [1n]);
    stuck.onDeadline = () => {};
    expect(() => new Bus([stuck]).fireDue(5n)).toThrow(/stuck keeps a deadline/);
  });
});

describe('register banks', () => {
  const regs = [0x4433_2211, 0x8877_6655];
  const read = (o: number, s: AccessSize) => readRegisters(o, s, (i) => regs[i] ?? 0);

  it('reads the bytes at the accessed ports', () => {
    expect(read(0, 4)).toBe(0x4433_2211);
    expect(read(0, 1)).toBe(0x11);
    expect(read(1, 1)).toBe(0x22);
    expect(read(2, 2)).toBe(0x4433);
    expect(read(3, 2)).toBe(0x5544);
    expect(read(2, 4)).toBe(0x6655_4433);
    expect(read(4, 4)).toBe(0x8877_6655);
  });

  it('writes whole registers, the bytes not written being zero', () => {
    const writes: [number, number][] = [];
    const write = (o: number, s: AccessSize, v: number) => writeRegisters(o, s, v, (i, x) => writes.push([i, x]));
    write(4, 1, 0x1FF);
    write(5, 1, 0xAB);
    write(0, 4, 0xFFFF_FFFF);
    write(2, 4, 0x1122_3344);
    expect(writes).toEqual([[1, 0xFF], [1, 0xAB00], [0, 0xFFFF_FFFF], [0, 0x3344_0000], [1, 0x1122]]);
  });
});
