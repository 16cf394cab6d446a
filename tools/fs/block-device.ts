// Blocks over a disk: the file system's view of a BlockBackend (the same
// interface the emulated disk controller uses, so an image file, a memory
// buffer or a copy-on-write overlay all serve).
//
//   const dev = new BlockDevice(backend, 'fs.img');
//   dev.read(b) -> a copy of block b        dev.write(b, data)
//   dev.writeSector(b, 0, header)            one sector (the log's commit point)
//
// Block b is sectors b × 8 … b × 8 + 7. A block beyond the end of the disk is
// a UserError naming the image (a damaged image can point anywhere).

import type { BlockBackend } from '../../emu/devices/disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { BLOCK_SIZE, SECTOR_BYTES, SECTORS_PER_BLOCK } from './format.ts';

export class BlockDevice {
  /** Whole blocks on the disk. */
  readonly blocks: number;

  constructor(readonly backend: BlockBackend, readonly label: string) {
    this.blocks = Math.floor(backend.sectors / SECTORS_PER_BLOCK);
  }

  get readOnly(): boolean {
    return this.backend.readOnly;
  }

  read(block: number): Uint8Array {
    this.check(block);
    return this.backend.read(block * SECTORS_PER_BLOCK, SECTORS_PER_BLOCK);
  }

  write(block: number, data: Uint8Array): void {
    this.check(block);
    if (data.length !== BLOCK_SIZE) throw new Error(`BlockDevice.write: ${data.length} bytes is not a block`);
    this.backend.write(block * SECTORS_PER_BLOCK, data);
  }

  /** Sector `sector` (0-7) of a block. */
  readSector(block: number, sector: number): Uint8Array {
    this.check(block);
    return this.backend.read(block * SECTORS_PER_BLOCK + sector, 1);
  }

  writeSector(block: number, sector: number, data: Uint8Array): void {
    this.check(block);
    if (data.length !== SECTOR_BYTES) throw new Error(`BlockDevice.writeSector: ${data.length} bytes is not a sector`);
    this.backend.write(block * SECTORS_PER_BLOCK + sector, data);
  }

  flush(): void {
    this.backend.flush();
  }

  fail(problem: string): never {
    throw new UserError(`${this.label}: ${problem}`);
  }

  private check(block: number): void {
    if (!Number.isInteger(block) || block < 0 || block >= this.blocks) {
      this.fail(`block ${block} is beyond the end of the disk (${this.blocks} blocks)`);
    }
  }
}
