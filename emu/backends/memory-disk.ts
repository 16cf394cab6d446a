// A disk backed by a buffer in memory (tests, and images built on the fly).
//
//   new MemoryBlockBackend(new Uint8Array(64 * 512))   // 64 sectors, shared buffer
//   new MemoryBlockBackend(128)                          // 128 zero sectors

import type { BlockBackend } from '../devices/disk.ts';
import { SECTOR_BYTES } from '../devices/disk.ts';
import { UserError } from '../user-error.ts';

export interface MemoryBlockOptions {
  readOnly?: boolean;
  /** Named in error messages. */
  label?: string;
}

export class MemoryBlockBackend implements BlockBackend {
  readonly sectors: number;
  readonly readOnly: boolean;
  /** The image itself: writes land here. */
  readonly data: Uint8Array;
  flushes = 0;

  constructor(image: Uint8Array | number, options: MemoryBlockOptions = {}) {
    this.data = typeof image === 'number' ? new Uint8Array(image * SECTOR_BYTES) : image;
    if (this.data.length % SECTOR_BYTES !== 0) {
      throw new UserError(
        `${options.label ?? 'disk image'}: size ${this.data.length} is not a multiple of ${SECTOR_BYTES} bytes`,
      );
    }
    this.sectors = this.data.length / SECTOR_BYTES;
    this.readOnly = options.readOnly ?? false;
  }

  read(lba: number, count: number): Uint8Array {
    return this.data.slice(lba * SECTOR_BYTES, (lba + count) * SECTOR_BYTES);
  }

  write(lba: number, data: Uint8Array): void {
    this.data.set(data, lba * SECTOR_BYTES);
  }

  flush(): void {
    this.flushes++;
  }

  close(): void {}
}
