// The I/O bus: port dispatch across devices and their deadline queue.
//
//   const bus = new Bus([pic, timer, uart, ...], { pic });
//   instantiate(core, { io: bus.imports });   // portRead, portWrite, intAck
//   target = min(bus.nextDeadline() ?? limit, limit); core.run(target);
//   bus.fireDue(core.cycles());
//
// Each device claims [portBase, portBase + portCount); overlapping claims are
// an error at construction. An access is routed by its first port, and the
// device sees offset = port - portBase. Unassigned ports read all ones
// (0xFF, 0xFFFF, 0xFFFFFFFF) and ignore writes (docs/isa.md §10).
//
// fireDue(now) calls onDeadline(D) for every deadline D <= now, earliest first
// and, for equal deadlines, in the order the devices were given; it asks each
// device again after each call, since firing one event may schedule another.

import type { AccessSize, Device } from '../devices/device.ts';
import { allOnes } from '../devices/registers.ts';

const PORTS = 0x10000;
/** More events than this in one fireDue() means a device that never advances its deadline. */
const MAX_EVENTS_PER_FIRE = 1 << 20;

/** One port access, for the 'dev' trace category. */
export interface PortAccess {
  port: number;
  size: AccessSize;
  write: boolean;
  value: number;
  device: string | null;
}

export interface BusOptions {
  /** The interrupt controller that answers the CPU's acknowledge. */
  pic?: { intAck(): number };
  /** Called after every port access (only set it when tracing). */
  onAccess?: (access: PortAccess) => void;
}

/** The functions the core imports from module `io` (docs/machine.md §1.3). */
export interface CoreIoImports {
  portRead(port: number, size: number): number;
  portWrite(port: number, size: number, value: number): void;
  intAck(): number;
}

function checkSize(size: number): AccessSize {
  if (size !== 1 && size !== 2 && size !== 4) throw new Error(`bus: port access of ${size} bytes`);
  return size;
}

export class Bus {
  readonly devices: readonly Device[];
  readonly imports: CoreIoImports;
  private readonly owner = new Uint8Array(PORTS);  // device index + 1, 0 when unassigned
  private readonly pic: { intAck(): number } | undefined;
  private readonly onAccess: ((access: PortAccess) => void) | undefined;

  constructor(devices: readonly Device[], options: BusOptions = {}) {
    if (devices.length > 255) throw new Error('bus: too many devices');
    this.devices = [...devices];
    this.pic = options.pic;
    this.onAccess = options.onAccess;
    devices.forEach((device, index) => {
      const { portBase: base, portCount: count } = device;
      if (!Number.isInteger(base) || !Number.isInteger(count) || base < 0 || count < 1 || base + count > PORTS) {
        throw new Error(`bus: ${device.name} claims an impossible port range`);
      }
      for (let port = base; port < base + count; port++) {
        const other = this.owner[port];
        if (other !== 0) {
          throw new Error(`bus: ${device.name} and ${devices[other - 1].name} both claim port 0x${port.toString(16)}`);
        }
        this.owner[port] = index + 1;
      }
    });
    this.imports = {
      portRead: (port, size) => this.portRead(port, size),
      portWrite: (port, size, value) => this.portWrite(port, size, value),
      intAck: () => this.intAck(),
    };
  }

  /** The device that owns `port`, or null. */
  deviceAt(port: number): Device | null {
    const index = this.owner[port & 0xFFFF];
    return index === 0 ? null : this.devices[index - 1];
  }

  portRead(port: number, size: number): number {
    const s = checkSize(size);
    const p = port & 0xFFFF;
    const device = this.deviceAt(p);
    const value = device === null ? allOnes(s) : (device.read(p - device.portBase, s) & allOnes(s)) >>> 0;
    this.onAccess?.({ port: p, size: s, write: false, value, device: device?.name ?? null });
    return value;
  }

  portWrite(port: number, size: number, value: number): void {
    const s = checkSize(size);
    const p = port & 0xFFFF;
    const v = (value & allOnes(s)) >>> 0;
    const device = this.deviceAt(p);
    device?.write(p - device.portBase, s, v);
    this.onAccess?.({ port: p, size: s, write: true, value: v, device: device?.name ?? null });
  }

  intAck(): number {
    if (this.pic === undefined) throw new Error('bus: intAck() with no interrupt controller');
    return this.pic.intAck();
  }

  /** The earliest deadline of any device, or null. */
  nextDeadline(): bigint | null {
    let best: bigint | null = null;
    for (const device of this.devices) {
      const d = device.nextDeadline();
      if (d !== null && (best === null || d < best)) best = d;
    }
    return best;
  }

  /** Fire every deadline <= now in deadline order, then device order; returns how many fired. */
  fireDue(now: bigint): number {
    let fired = 0;
    for (;;) {
      let best = -1;
      let bestAt = 0n;
      for (let i = 0; i < this.devices.length; i++) {
        const d = this.devices[i].nextDeadline();
        if (d !== null && d <= now && (best < 0 || d < bestAt)) {
          best = i;
          bestAt = d;
        }
      }
      if (best < 0) return fired;
      this.devices[best].onDeadline(bestAt);
      if (++fired > MAX_EVENTS_PER_FIRE) {
        throw new Error(`bus: ${this.devices[best].name} keeps a deadline at or before cycle ${now}`);
      }
    }
  }
}
