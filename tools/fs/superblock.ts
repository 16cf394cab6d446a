// The superblock (docs/fs.md §3): its codec, and the check every mount and
// fsck makes before trusting anything else on the disk.
//
//   readGeometry(dev) -> Geometry      a one-line UserError when the disk holds no usable SLFS
//   decodeSuperblock(block)            the raw fields     encodeSuperblock(geometry) -> block 1

import type { BlockDevice } from './block-device.ts';
import {
  BLOCK_SIZE, FS_MAGIC, FS_VERSION, SUPERBLOCK, SUPERBLOCK_BLOCK, geometryProblem, planGeometry, type Geometry,
} from './format.ts';
import { readField, writeField } from './struct.ts';

export function decodeSuperblock(block: Uint8Array): Geometry & { magic: number; version: number; blockSize: number } {
  const f = SUPERBLOCK.fields;
  const get = (field: (typeof f)[keyof typeof f]) => readField(block, 0, field);
  return {
    magic: get(f.magic), version: get(f.version), blockSize: get(f.blockSize), blocks: get(f.blocks),
    inodes: get(f.inodes), logStart: get(f.logStart), logBlocks: get(f.logBlocks), inodeStart: get(f.inodeStart),
    bitmapStart: get(f.bitmapStart), dataStart: get(f.dataStart),
  };
}

export function encodeSuperblock(g: Geometry): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  const f = SUPERBLOCK.fields;
  const values: [keyof typeof f, number][] = [
    ['magic', FS_MAGIC], ['version', FS_VERSION], ['blockSize', BLOCK_SIZE], ['blocks', g.blocks],
    ['inodes', g.inodes], ['logStart', g.logStart], ['logBlocks', g.logBlocks], ['inodeStart', g.inodeStart],
    ['bitmapStart', g.bitmapStart], ['dataStart', g.dataStart],
  ];
  for (const [name, value] of values) writeField(block, 0, f[name], value);
  return block;
}

/** The superblock of a disk, checked: a one-line UserError when the disk holds no usable SLFS. */
export function readGeometry(dev: BlockDevice): Geometry {
  if (dev.blocks <= SUPERBLOCK_BLOCK) dev.fail(`too small to hold a file system (${dev.backend.sectors} sectors)`);
  const sb = decodeSuperblock(dev.read(SUPERBLOCK_BLOCK));
  const problem = geometryProblem(sb, dev.blocks);
  if (problem) dev.fail(`superblock: ${problem}`);
  return planGeometry(sb.blocks, sb.inodes, sb.logBlocks - 1);
}
