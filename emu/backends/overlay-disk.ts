// A copy-on-write overlay over another disk (`--snapshot`): writes are kept in
// memory, sector by sector, and reads see them; the disk underneath is only
// read, so the image file is left as it was.

import type { BlockBackend } from '../devices/disk.ts';
import { SECTOR_BYTES } from '../devices/disk.ts';

export class OverlayBlockBackend implements BlockBackend {
  readonly sectors: number;
  readonly readOnly = false;
  private readonly written = new Map<number, Uint8Array>();

  constructor(private readonly base: BlockBackend) {
    this.sectors = base.sectors;
  }

  /** Sectors written so far (held in memory). */
  get dirtySectors(): number {
    return this.written.size;
  }

  read(lba: number, count: number): Uint8Array {
    const data = this.base.read(lba, count);
    for (let i = 0; i < count; i++) {
      const sector = this.written.get(lba + i);
      if (sector !== undefined) data.set(sector, i * SECTOR_BYTES);
    }
    return data;
  }

  write(lba: number, data: Uint8Array): void {
    for (let i = 0; i * SECTOR_BYTES < data.length; i++) {
      this.written.set(lba + i, data.slice(i * SECTOR_BYTES, (i + 1) * SECTOR_BYTES));
    }
  }

  flush(): void {}

  close(): void {
    this.base.close();
  }
}
