// The disk controller (docs/devices.md §disk): 512-byte sectors, DMA to
// physical RAM, one command at a time. One class serves the fixed disk and the
// boot disk; they differ in ports, IRQ, latencies and name.
//
// A command issued at cycle C completes at
//     C + (lba ÷ 64 ≠ head track ? seek : 0) + count × perSector
// which is this device's deadline. A write copies RAM at issue and stores it
// in the backend at completion; a read loads the backend and stores into RAM at
// completion. Completion moves the head to the last sector's track, sets done
// and raises the line. Errors are found at issue and complete at once (done +
// error), as does flush. A command issued while busy is rejected (error 4)
// without disturbing the one in flight. Unknown command numbers are ignored.

import {
  bytesFromJson, bytesToJson, cycleFromJson, cycleToJson, savedFields,
  type AccessSize, type Device, type DeviceContext,
} from './device.ts';
import {
  BOOT_DISK_BASE, BOOT_DISK_IRQ, BOOT_DISK_PER_SECTOR, BOOT_DISK_SEEK, DISK_BASE, DISK_IRQ, DISK_PER_SECTOR, DISK_SEEK,
} from './params.ts';
import { readRegisters, writeRegisters } from './registers.ts';

export const SECTOR_BYTES = 512;
export const SECTORS_PER_TRACK = 64;
export const MAX_SECTORS_PER_COMMAND = 256;

const LBA = 0;  // register indices (offset / 4)
const COUNT = 1;
const DMA_ADDR = 2;
const COMMAND = 3;
const STATUS = 4;
const CAPACITY = 5;
const ERROR = 6;

export const DISK_READ = 1;
export const DISK_WRITE = 2;
export const DISK_FLUSH = 3;

export const STATUS_BUSY = 1;
export const STATUS_DONE = 2;
export const STATUS_ERROR = 4;

/** The ERROR register's values. */
export const DiskError = {
  None: 0,
  OutOfRange: 1,
  BadCount: 2,
  BadDmaAddress: 3,
  Busy: 4,
  NoMedium: 5,
  ReadOnly: 6,
} as const;
export type DiskError = (typeof DiskError)[keyof typeof DiskError];

/** Sector storage behind a disk (emu/backends/*-disk.ts). */
export interface BlockBackend {
  /** Capacity in 512-byte sectors. */
  readonly sectors: number;
  readonly readOnly: boolean;
  /** count × 512 bytes from sector lba (the range is within capacity). */
  read(lba: number, count: number): Uint8Array;
  /** Store data (a multiple of 512 bytes) from sector lba. */
  write(lba: number, data: Uint8Array): void;
  flush(): void;
  close(): void;
}

export interface DiskOptions {
  name: string;        // 'disk' or 'boot-disk': also the stats and trace name
  portBase: number;
  irq: number;
  seek: number;        // cycles added when the first sector's track is not the head's
  perSector: number;   // cycles per sector
  backend: BlockBackend | null;  // null: no medium
}

/** The two instances, less their backend: `new Disk(ctx, { ...FIXED_DISK, backend })`. */
export const FIXED_DISK = { name: 'disk', portBase: DISK_BASE, irq: DISK_IRQ, seek: DISK_SEEK, perSector: DISK_PER_SECTOR };
export const BOOT_DISK = {
  name: 'boot-disk', portBase: BOOT_DISK_BASE, irq: BOOT_DISK_IRQ, seek: BOOT_DISK_SEEK, perSector: BOOT_DISK_PER_SECTOR,
};

export interface DiskStats {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
}

interface Pending {
  command: number;
  lba: number;
  count: number;
  dma: number;
  at: bigint;
  data: Uint8Array | null;  // a write's bytes, copied at issue
}

export class Disk implements Device {
  readonly name: string;
  readonly portBase: number;
  readonly portCount = 0x20;
  private readonly irq: number;
  private readonly seek: bigint;
  private readonly perSector: bigint;
  private readonly backend: BlockBackend | null;
  private lba = 0;
  private count = 0;
  private dma = 0;
  private status = 0;
  private error: DiskError = DiskError.None;
  private headTrack = 0;
  private pending: Pending | null = null;
  private counters: DiskStats = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 };

  constructor(private readonly ctx: DeviceContext, options: DiskOptions) {
    this.name = options.name;
    this.portBase = options.portBase;
    this.irq = options.irq;
    this.seek = BigInt(options.seek);
    this.perSector = BigInt(options.perSector);
    this.backend = options.backend;
  }

  stats(): DiskStats {
    return { ...this.counters };
  }

  capacity(): number {
    return this.backend?.sectors ?? 0;
  }

  read(offset: number, size: AccessSize): number {
    return readRegisters(offset, size, (reg) => {
      switch (reg) {
        case LBA: return this.lba;
        case COUNT: return this.count;
        case DMA_ADDR: return this.dma;
        case STATUS: return this.status;
        case CAPACITY: return this.capacity();
        case ERROR: return this.error;
        default: return 0;
      }
    });
  }

  write(offset: number, size: AccessSize, value: number): void {
    writeRegisters(offset, size, value, (reg, v) => {
      switch (reg) {
        case LBA: this.lba = v; break;
        case COUNT: this.count = v; break;
        case DMA_ADDR: this.dma = v; break;
        case COMMAND: this.issue(v); break;
        case STATUS:
          this.status &= ~(v & (STATUS_DONE | STATUS_ERROR));
          this.updateIrq();
          break;
      }
    });
  }

  nextDeadline(): bigint | null {
    return this.pending === null ? null : this.pending.at;
  }

  onDeadline(cycle: bigint): void {
    const p = this.pending;
    if (p === null || cycle < p.at) return;
    this.pending = null;
    const bytes = p.count * SECTOR_BYTES;
    const backend = this.backend as BlockBackend;  // checked at issue
    if (p.command === DISK_READ) {
      const data = backend.read(p.lba, p.count);
      this.ctx.ram().set(data, p.dma);
      this.ctx.ramWritten(p.dma, bytes);
      this.counters.reads++;
      this.counters.bytesRead += bytes;
    } else {
      backend.write(p.lba, p.data as Uint8Array);
      this.counters.writes++;
      this.counters.bytesWritten += bytes;
    }
    this.headTrack = Math.floor((p.lba + p.count - 1) / SECTORS_PER_TRACK);
    this.error = DiskError.None;
    this.status = STATUS_DONE;
    this.ctx.event(`${this.name}.done`, { command: p.command, lba: p.lba, count: p.count, cycle });
    this.updateIrq();
  }

  save(): unknown {
    const p = this.pending;
    return {
      device: this.name, lba: this.lba, count: this.count, dma: this.dma, status: this.status,
      error: this.error, headTrack: this.headTrack, counters: { ...this.counters },
      pending: p === null ? null : {
        command: p.command, lba: p.lba, count: p.count, dma: p.dma, at: cycleToJson(p.at),
        data: p.data === null ? null : bytesToJson(p.data),
      },
    };
  }

  load(state: unknown): void {
    const s = savedFields(state, this.name);
    this.lba = s.lba as number;
    this.count = s.count as number;
    this.dma = s.dma as number;
    this.status = s.status as number;
    this.error = s.error as DiskError;
    this.headTrack = s.headTrack as number;
    this.counters = { ...(s.counters as DiskStats) };
    const p = s.pending as Record<string, unknown> | null;
    this.pending = p === null ? null : {
      command: p.command as number, lba: p.lba as number, count: p.count as number, dma: p.dma as number,
      at: cycleFromJson(p.at) as bigint, data: p.data === null ? null : bytesFromJson(p.data),
    };
    this.updateIrq();
  }

  private issue(command: number): void {
    if (command !== DISK_READ && command !== DISK_WRITE && command !== DISK_FLUSH) {
      this.ctx.event(`${this.name}.ignored`, { command });
      return;
    }
    const fault = this.check(command);
    if (fault !== DiskError.None) return this.fail(command, fault);
    if (command === DISK_FLUSH) {
      (this.backend as BlockBackend).flush();
      this.error = DiskError.None;
      this.status = STATUS_DONE;
      this.ctx.event(`${this.name}.done`, { command, cycle: this.ctx.now() });
      this.updateIrq();
      return;
    }
    const now = this.ctx.now();
    const track = Math.floor(this.lba / SECTORS_PER_TRACK);
    const at = now + (track !== this.headTrack ? this.seek : 0n) + BigInt(this.count) * this.perSector;
    const bytes = this.count * SECTOR_BYTES;
    const data = command === DISK_WRITE ? this.ctx.ram().slice(this.dma, this.dma + bytes) : null;
    this.pending = { command, lba: this.lba, count: this.count, dma: this.dma, at, data };
    this.error = DiskError.None;
    this.status = STATUS_BUSY;
    this.ctx.event(`${this.name}.issue`, { command, lba: this.lba, count: this.count, dma: this.dma, done: at });
    this.updateIrq();
    this.ctx.requestStop();  // a new deadline, possibly before the core's target
  }

  private check(command: number): DiskError {
    if (this.pending !== null) return DiskError.Busy;
    if (this.backend === null) return DiskError.NoMedium;
    if (command === DISK_FLUSH) return DiskError.None;
    if (this.count < 1 || this.count > MAX_SECTORS_PER_COMMAND) return DiskError.BadCount;
    if (this.lba + this.count > this.backend.sectors) return DiskError.OutOfRange;
    if (this.dma + this.count * SECTOR_BYTES > this.ctx.ram().length) return DiskError.BadDmaAddress;
    if (command === DISK_WRITE && this.backend.readOnly) return DiskError.ReadOnly;
    return DiskError.None;
  }

  private fail(command: number, error: DiskError): void {
    this.error = error;
    this.status = (this.status & STATUS_BUSY) | STATUS_DONE | STATUS_ERROR;
    this.ctx.event(`${this.name}.error`, { command, error });
    this.updateIrq();
  }

  private updateIrq(): void {
    this.ctx.setIrq(this.irq, (this.status & STATUS_DONE) !== 0);
  }
}
