// The network adapter (docs/devices.md §nic): descriptor rings in RAM, in the
// manner of e1000.
//
//   descriptor (16 bytes)          ring of size N (a power of two, 2-1024)
//   +0  buffer address (32)        [HEAD, TAIL) belongs to the device;
//   +4  length (16)                the driver fills/refills and moves TAIL,
//   +6  status (16): DD=1 EOP=2    the device consumes and moves HEAD,
//   +8  reserved (64)              both wrap at N.
//
// Transmit is serial: the device fetches the descriptor at TX_HEAD and its
// bytes when it starts a frame, takes txFixed + txPerByte × length cycles (its
// deadline), then writes DD, advances TX_HEAD, sets CAUSE.TX and starts the
// next one from that same cycle. A length outside 14-1514 (or a buffer outside
// RAM) sends nothing, takes txFixed cycles and counts as an error.
//
// Receive: frames come from the backend at cycles it announces (the other half
// of this device's deadline). Each one is written to the descriptor at RX_HEAD
// when RX_HEAD ≠ RX_TAIL and its buffer (1514 bytes) lies in RAM; otherwise it
// is dropped with CAUSE.OVERRUN. With receive disabled, or a length outside
// 14-1514, it is dropped silently. Every dropped frame is counted.
//
// A capture (the pcap writer) sees every frame on the wire in both directions,
// dropped ones included.

import {
  bytesFromJson, bytesToJson, cycleFromJson, cycleToJson, earlier, savedFields,
  type AccessSize, type Device, type DeviceContext,
} from './device.ts';
import { NIC_BASE, NIC_IRQ, NIC_MAC, NIC_TX_FIXED, NIC_TX_PER_BYTE } from './params.ts';
import { readRegisters, writeRegisters } from './registers.ts';

const CTRL = 0;  // register indices (offset / 4)
const CAUSE = 1;
const MASK = 2;
const RX_BASE = 4;
const RX_SIZE = 5;
const RX_HEAD = 6;
const RX_TAIL = 7;
const TX_BASE = 8;
const TX_SIZE = 9;
const TX_HEAD = 10;
const TX_TAIL = 11;
const MAC_LO = 12;
const MAC_HI = 13;

export const CTRL_RX_ENABLE = 1;
export const CTRL_TX_ENABLE = 2;
export const CTRL_RESET = 0x8000_0000;
export const CAUSE_TX = 1;
export const CAUSE_RX = 2;
export const CAUSE_OVERRUN = 4;
export const DESC_DD = 1;
export const DESC_EOP = 2;
export const DESCRIPTOR_BYTES = 16;
export const MIN_FRAME = 14;
export const MAX_FRAME = 1514;

/** Where the adapter's frames go and come from (emu/backends/*-net.ts). */
export interface NetBackend {
  /** The guest sent a frame; `cycle` is when its transmission completed. */
  transmit(frame: Uint8Array, cycle: bigint): void;
  /** The cycle at which the next frame for the guest arrives, or null. */
  nextArrival(): bigint | null;
  /** Remove and return the frame announced by nextArrival(). */
  takeArrival(): Uint8Array;
  save(): unknown;
  load(state: unknown): void;
}

/** Sees every frame on the wire (the pcap writer). */
export interface FrameCapture {
  frame(data: Uint8Array, cycle: bigint): void;
}

export interface NicOptions {
  portBase?: number;
  irq?: number;
  backend: NetBackend;
  capture?: FrameCapture;
  mac?: readonly number[];
  txFixed?: number;
  txPerByte?: number;
}

export interface NetStats {
  txFrames: number;
  txBytes: number;
  txErrors: number;
  rxFrames: number;
  rxBytes: number;
  rxDropped: number;
}

interface Transmission {
  index: number;             // the descriptor being sent
  frame: Uint8Array | null;  // null: a bad descriptor
  at: bigint;                // completion
}

function ringValid(size: number): boolean {
  return size >= 2 && size <= 1024 && (size & (size - 1)) === 0;
}

function readU16(ram: Uint8Array, at: number): number {
  return ram[at] | (ram[at + 1] << 8);
}

function readU32(ram: Uint8Array, at: number): number {
  return (ram[at] | (ram[at + 1] << 8) | (ram[at + 2] << 16) | (ram[at + 3] << 24)) >>> 0;
}

function writeU16(ram: Uint8Array, at: number, value: number): void {
  ram[at] = value & 0xFF;
  ram[at + 1] = (value >> 8) & 0xFF;
}

export class Nic implements Device {
  readonly name = 'nic';
  readonly portBase: number;
  readonly portCount = 0x40;
  private readonly irq: number;
  private readonly backend: NetBackend;
  private readonly capture: FrameCapture | undefined;
  private readonly mac: readonly number[];
  private readonly txFixed: bigint;
  private readonly txPerByte: bigint;
  private ctrl = 0;
  private cause = 0;
  private mask = 0;
  private rxBase = 0;
  private rxSize = 0;
  private rxHead = 0;
  private rxTail = 0;
  private txBase = 0;
  private txSize = 0;
  private txHead = 0;
  private txTail = 0;
  private tx: Transmission | null = null;
  private counters: NetStats = { txFrames: 0, txBytes: 0, txErrors: 0, rxFrames: 0, rxBytes: 0, rxDropped: 0 };

  constructor(private readonly ctx: DeviceContext, options: NicOptions) {
    this.portBase = options.portBase ?? NIC_BASE;
    this.irq = options.irq ?? NIC_IRQ;
    this.backend = options.backend;
    this.capture = options.capture;
    this.mac = options.mac ?? NIC_MAC;
    if (this.mac.length !== 6) throw new Error('nic: a MAC address has 6 bytes');
    this.txFixed = BigInt(options.txFixed ?? NIC_TX_FIXED);
    this.txPerByte = BigInt(options.txPerByte ?? NIC_TX_PER_BYTE);
  }

  stats(): NetStats {
    return { ...this.counters };
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => {
      switch (reg) {
        case CTRL: return this.ctrl;
        case CAUSE: return this.cause;
        case MASK: return this.mask;
        case RX_BASE: return this.rxBase;
        case RX_SIZE: return this.rxSize;
        case RX_HEAD: return this.rxHead;
        case RX_TAIL: return this.rxTail;
        case TX_BASE: return this.txBase;
        case TX_SIZE: return this.txSize;
        case TX_HEAD: return this.txHead;
        case TX_TAIL: return this.txTail;
        case MAC_LO: return (this.mac[0] | (this.mac[1] << 8) | (this.mac[2] << 16) | (this.mac[3] << 24)) >>> 0;
        case MAC_HI: return this.mac[4] | (this.mac[5] << 8);
        default: return 0;
      }
    });
  }

  write(offset: number, size: AccessSize, value: number): void {
    const before = this.nextDeadline();
    writeRegisters(offset, size, value, (reg, v) => {
      switch (reg) {
        case CTRL:
          if (v & CTRL_RESET) this.reset();
          this.ctrl = v & (CTRL_RX_ENABLE | CTRL_TX_ENABLE);
          this.startTx(this.ctx.now());
          break;
        case CAUSE: this.cause &= ~v; break;
        case MASK: this.mask = v & (CAUSE_TX | CAUSE_RX | CAUSE_OVERRUN); break;
        case RX_BASE: this.rxBase = v; break;
        case RX_SIZE: this.rxSize = v; break;
        case RX_TAIL: this.rxTail = v; break;
        case TX_BASE: this.txBase = v; break;
        case TX_SIZE: this.txSize = v; break;
        case TX_TAIL: this.txTail = v; this.startTx(this.ctx.now()); break;
      }
    });
    this.updateIrq();
    if (earlier(before, this.nextDeadline())) this.ctx.requestStop();
  }

  nextDeadline(): bigint | null {
    const arrival = this.backend.nextArrival();
    if (this.tx === null) return arrival;
    return arrival !== null && arrival < this.tx.at ? arrival : this.tx.at;
  }

  onDeadline(cycle: bigint): void {
    if (this.tx !== null && this.tx.at <= cycle) this.finishTx(this.tx);
    for (let at = this.backend.nextArrival(); at !== null && at <= cycle; at = this.backend.nextArrival()) {
      this.receive(this.backend.takeArrival(), at);
    }
  }

  save(): unknown {
    const t = this.tx;
    return {
      device: this.name, ctrl: this.ctrl, cause: this.cause, mask: this.mask,
      rxBase: this.rxBase, rxSize: this.rxSize, rxHead: this.rxHead, rxTail: this.rxTail,
      txBase: this.txBase, txSize: this.txSize, txHead: this.txHead, txTail: this.txTail,
      tx: t === null ? null : { index: t.index, frame: t.frame === null ? null : bytesToJson(t.frame), at: cycleToJson(t.at) },
      counters: { ...this.counters }, backend: this.backend.save(),
    };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.ctrl = s.ctrl as number;
    this.cause = s.cause as number;
    this.mask = s.mask as number;
    this.rxBase = s.rxBase as number;
    this.rxSize = s.rxSize as number;
    this.rxHead = s.rxHead as number;
    this.rxTail = s.rxTail as number;
    this.txBase = s.txBase as number;
    this.txSize = s.txSize as number;
    this.txHead = s.txHead as number;
    this.txTail = s.txTail as number;
    const t = s.tx as Record<string, unknown> | null;
    this.tx = t === null ? null : {
      index: t.index as number, frame: t.frame === null ? null : bytesFromJson(t.frame), at: cycleFromJson(t.at) as bigint,
    };
    this.counters = { ...(s.counters as NetStats) };
    this.backend.load(s.backend);
    this.updateIrq();
  }

  private reset(): void {
    this.ctrl = this.cause = this.mask = 0;
    this.rxBase = this.rxSize = this.rxHead = this.rxTail = 0;
    this.txBase = this.txSize = this.txHead = this.txTail = 0;
    this.tx = null;
  }

  /** Start sending the descriptor at TX_HEAD at cycle `at`, if there is one and the device is idle. */
  private startTx(at: bigint): void {
    if (this.tx !== null || !(this.ctrl & CTRL_TX_ENABLE) || !ringValid(this.txSize)) return;
    const wrap = this.txSize - 1;
    if ((this.txHead & wrap) === (this.txTail & wrap)) return;
    const index = this.txHead & wrap;
    const ram = this.ctx.ram();
    const desc = this.txBase + index * DESCRIPTOR_BYTES;
    let frame: Uint8Array | null = null;
    if (desc + DESCRIPTOR_BYTES <= ram.length) {
      const addr = readU32(ram, desc);
      const length = readU16(ram, desc + 4);
      if (length >= MIN_FRAME && length <= MAX_FRAME && addr + length <= ram.length) {
        frame = ram.slice(addr, addr + length);
      }
    }
    const cost = this.txFixed + (frame === null ? 0n : this.txPerByte * BigInt(frame.length));
    this.tx = { index, frame, at: at + cost };
  }

  private finishTx(t: Transmission): void {
    this.tx = null;
    const ram = this.ctx.ram();
    const desc = this.txBase + t.index * DESCRIPTOR_BYTES;
    if (desc + DESCRIPTOR_BYTES <= ram.length) {
      writeU16(ram, desc + 6, readU16(ram, desc + 6) | DESC_DD);
      this.ctx.ramWritten(desc + 6, 2);
    }
    if (t.frame !== null) {
      this.counters.txFrames++;
      this.counters.txBytes += t.frame.length;
      this.ctx.event('nic.tx', { length: t.frame.length, cycle: t.at });
      this.capture?.frame(t.frame, t.at);
      this.backend.transmit(t.frame, t.at);
    } else {
      this.counters.txErrors++;
      this.ctx.event('nic.tx-error', { descriptor: t.index, cycle: t.at });
    }
    this.txHead = ringValid(this.txSize) ? (t.index + 1) & (this.txSize - 1) : 0;
    this.cause |= CAUSE_TX;
    this.updateIrq();
    this.startTx(t.at);
  }

  private receive(frame: Uint8Array, cycle: bigint): void {
    this.capture?.frame(frame, cycle);
    if (!(this.ctrl & CTRL_RX_ENABLE) || !ringValid(this.rxSize) || frame.length < MIN_FRAME || frame.length > MAX_FRAME) {
      this.drop(frame, cycle, 0);
      return;
    }
    const wrap = this.rxSize - 1;
    const index = this.rxHead & wrap;
    const ram = this.ctx.ram();
    const desc = this.rxBase + index * DESCRIPTOR_BYTES;
    const full = index === (this.rxTail & wrap);
    const addr = desc + DESCRIPTOR_BYTES <= ram.length ? readU32(ram, desc) : ram.length;
    if (full || addr + MAX_FRAME > ram.length) {
      this.drop(frame, cycle, CAUSE_OVERRUN);
      return;
    }
    ram.set(frame, addr);
    writeU16(ram, desc + 4, frame.length);
    writeU16(ram, desc + 6, DESC_DD | DESC_EOP);
    this.ctx.ramWritten(addr, frame.length);
    this.ctx.ramWritten(desc + 4, 4);
    this.rxHead = (index + 1) & wrap;
    this.counters.rxFrames++;
    this.counters.rxBytes += frame.length;
    this.ctx.event('nic.rx', { length: frame.length, cycle });
    this.cause |= CAUSE_RX;
    this.updateIrq();
  }

  private drop(frame: Uint8Array, cycle: bigint, cause: number): void {
    this.counters.rxDropped++;
    this.ctx.event('nic.drop', { length: frame.length, cycle });
    this.cause |= cause;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.ctx.setIrq(this.irq, (this.cause & this.mask) !== 0);
  }
}
