// The console UART (docs/devices.md §uart): a subset of the 16550, byte ports.
//
// Output is immediate: a byte written to THR goes straight to the backend, so
// the transmitter is always empty. Its interrupt follows the 16550: the
// "transmitter empty" condition is raised by each THR write and by setting
// IER bit 1, and cleared by an IIR read that reports it.
//
// Input reaches the receive FIFO (unbounded) two ways:
//   - live bytes from the backend (a terminal, or a test's memory console),
//     which arrive between run chunks at whatever cycle it is then;
//   - a scripted string (`--input`): byte k arrives at cycle k × inputInterval,
//     scheduled as this device's deadline, so it is reproducible.

import {
  bytesFromJson, bytesToJson, savedFields, type AccessSize, type Device, type DeviceContext,
} from './device.ts';
import { INPUT_INTERVAL, UART_BASE, UART_IRQ } from './params.ts';

const RBR_THR = 0;
const IER = 1;
const IIR = 2;
const LSR = 5;

export const IER_RX = 1;
export const IER_TX_EMPTY = 2;
export const IIR_RX = 0x04;
export const IIR_TX_EMPTY = 0x02;
export const IIR_NONE = 0x01;
export const LSR_DATA_READY = 0x01;
export const LSR_TX_EMPTY = 0x60;  // THRE and TEMT

/** Where console bytes go and come from (emu/backends/*-console.ts). */
export interface ConsoleBackend {
  /** The guest transmitted a byte. */
  write(byte: number): void;
  /** Deliver host input to `receive` from now on. */
  attach(receive: (bytes: Uint8Array) => void): void;
  /** The run loop's side, for live backends: true while the host may still send input. */
  readonly interactive?: boolean;
  /** Resolves when host input arrives (or can no longer come). */
  waitForInput?(): Promise<void>;
  /** Push buffered output to the host (between run chunks). */
  flush?(): void;
  /** Flush and give the host back what was taken (the terminal's mode). */
  close?(): void;
}

export interface UartOptions {
  portBase?: number;
  irq?: number;
  backend: ConsoleBackend;
  /** Scripted input: byte k arrives at cycle k × inputInterval. */
  input?: Uint8Array | string;
  inputInterval?: number;
}

export class Uart implements Device {
  readonly name = 'uart';
  readonly portBase: number;
  readonly portCount = 8;
  private readonly irq: number;
  private readonly backend: ConsoleBackend;
  private readonly script: Uint8Array;
  private readonly interval: bigint;
  private scriptIndex = 0;
  private fifo: number[] = [];
  private fifoHead = 0;
  private ier = 0;
  private txEmptyPending = false;

  constructor(private readonly ctx: DeviceContext, options: UartOptions) {
    this.portBase = options.portBase ?? UART_BASE;
    this.irq = options.irq ?? UART_IRQ;
    this.backend = options.backend;
    const input = options.input ?? new Uint8Array(0);
    this.script = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    this.interval = BigInt(options.inputInterval ?? INPUT_INTERVAL);
    this.backend.attach((bytes) => this.receive(bytes));
  }

  /** Queue received bytes (host input). */
  receive(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    for (const b of bytes) this.fifo.push(b);
    this.update();
  }

  /** Bytes waiting in the receive FIFO. */
  pendingInput(): number {
    return this.fifo.length - this.fifoHead;
  }

  read(offset: number, _size: AccessSize): number {
    switch (offset) {
      case RBR_THR: return this.pop();
      case IER: return this.ier;
      case IIR: {
        if (this.ier & IER_RX && this.pendingInput() > 0) return IIR_RX;
        if (this.ier & IER_TX_EMPTY && this.txEmptyPending) {
          this.txEmptyPending = false;
          this.update();
          return IIR_TX_EMPTY;
        }
        return IIR_NONE;
      }
      case LSR: return LSR_TX_EMPTY | (this.pendingInput() > 0 ? LSR_DATA_READY : 0);
      default: return 0;
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case RBR_THR:
        this.backend.write(value & 0xFF);
        this.txEmptyPending = true;
        break;
      case IER: {
        const enabling = (value & IER_TX_EMPTY) !== 0 && (this.ier & IER_TX_EMPTY) === 0;
        this.ier = value & (IER_RX | IER_TX_EMPTY);
        if (enabling) this.txEmptyPending = true;
        break;
      }
      default: return;
    }
    this.update();
  }

  nextDeadline(): bigint | null {
    return this.scriptIndex < this.script.length ? BigInt(this.scriptIndex) * this.interval : null;
  }

  onDeadline(cycle: bigint): void {
    const start = this.scriptIndex;
    while (this.scriptIndex < this.script.length && BigInt(this.scriptIndex) * this.interval <= cycle) {
      this.scriptIndex++;
    }
    this.receive(this.script.subarray(start, this.scriptIndex));
  }

  save(): unknown {
    return {
      device: this.name, ier: this.ier, txEmptyPending: this.txEmptyPending,
      fifo: bytesToJson(Uint8Array.from(this.fifo.slice(this.fifoHead))), scriptIndex: this.scriptIndex,
    };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.ier = s.ier as number;
    this.txEmptyPending = s.txEmptyPending as boolean;
    this.fifo = Array.from(bytesFromJson(s.fifo));
    this.fifoHead = 0;
    this.scriptIndex = s.scriptIndex as number;
    this.update();
  }

  private pop(): number {
    if (this.fifoHead === this.fifo.length) return 0;
    const byte = this.fifo[this.fifoHead++];
    if (this.fifoHead === this.fifo.length) {
      this.fifo = [];
      this.fifoHead = 0;
    } else if (this.fifoHead >= 4096) {
      this.fifo = this.fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
    this.update();
    return byte;
  }

  private update(): void {
    const high = ((this.ier & IER_RX) !== 0 && this.pendingInput() > 0)
      || ((this.ier & IER_TX_EMPTY) !== 0 && this.txEmptyPending);
    this.ctx.setIrq(this.irq, high);
  }
}
