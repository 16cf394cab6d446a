// The on-disk format of the switchless file system (docs/fs.md): the one
// definition, shared by the host tools (this folder) and the kernel, whose
// copy kernel-as/fs/layout.generated.ts is generated from this file by
// gen-layout.ts.
//
// Interface:
//   BLOCK_SIZE, SECTORS_PER_BLOCK, NAME_MAX, ...   constants (SHARED_CONSTANTS lists
//                                                   them all, with their meaning)
//   SUPERBLOCK, INODE, DIRENT, LOG_HEADER          structure layouts (field tables)
//   InodeType, MODE_*, DEVICE_*                    field values
//   planGeometry(blocks, inodes, logCapacity)      where the regions go
//   geometryProblem(superblock values, disk)       why a superblock is not valid, or null
//   inodeBlock / inodeOffset / bitmapBlock / ...   where a given inode or bit lives
//
// The disk, in 4 KiB blocks:
//
//  block 0            +---------------------------+
//                     | boot block (unused, zero) |
//  block 1            +---------------------------+
//                     | superblock (64 B)         |
//  logStart = 2       +---------------------------+
//                     | log header (first sector) |
//                     | log blocks 0 … n−1        |
//  inodeStart         +---------------------------+
//                     | inode table, 32 per block |
//  bitmapStart        +---------------------------+
//                     | block bitmap, 1 bit/block |
//  dataStart          +---------------------------+
//                     | data blocks               |
//  blocks             +---------------------------+

import { SECTOR_BYTES } from '../../emu/devices/disk.ts';
import { defineStruct } from './struct.ts';

export { SECTOR_BYTES };
export const BLOCK_SIZE = 4096;
export const SECTORS_PER_BLOCK = BLOCK_SIZE / SECTOR_BYTES;
export const FS_MAGIC = 0x53464c53;  // the bytes "SLFS"
export const FS_VERSION = 1;
export const SUPERBLOCK_BLOCK = 1;
export const LOG_START = 2;
export const ROOT_INODE = 1;

export const INODE_BYTES = 128;
export const INODES_PER_BLOCK = BLOCK_SIZE / INODE_BYTES;
export const NDIRECT = 12;
export const POINTERS_PER_BLOCK = BLOCK_SIZE / 4;
export const MAX_FILE_BLOCKS = NDIRECT + POINTERS_PER_BLOCK + POINTERS_PER_BLOCK * POINTERS_PER_BLOCK;
export const MAX_FILE_BYTES = 0x7fffffff;

export const DIRENT_BYTES = 64;
export const DIRENTS_PER_BLOCK = BLOCK_SIZE / DIRENT_BYTES;
export const NAME_MAX = 60;

export const BITS_PER_BLOCK = BLOCK_SIZE * 8;
/** At most 4, so a write chunk's allocations touch at most 4 bitmap blocks (see MAX_WRITE_BLOCKS). */
export const MAX_BITMAP_BLOCKS = 4;
export const MAX_FS_BLOCKS = MAX_BITMAP_BLOCKS * BITS_PER_BLOCK;

export const LOG_MAX = 126;
export const MAX_OP_BLOCKS = 32;
/** 24 data blocks + the inode + 3 indirect blocks + MAX_BITMAP_BLOCKS = MAX_OP_BLOCKS. */
export const MAX_WRITE_BLOCKS = 24;

/** The numbers fstat reports (docs/syscalls.md: 1 file, 2 directory, 3 device), so the kernel copies the type as is. */
export const InodeType = { Free: 0, File: 1, Directory: 2, Device: 3 } as const;
export type InodeType = (typeof InodeType)[keyof typeof InodeType];

export const MODE_SETUID = 0o4000;
export const MODE_SETGID = 0o2000;
export const MODE_STICKY = 0o1000;
export const MODE_PERMISSIONS = 0o7777;

export const DEVICE_CONSOLE_MAJOR = 1;
export const DEVICE_NULL_MAJOR = 2;
export const DEVICE_DISK_MAJOR = 3;

/** Every constant the kernel shares, with its meaning: the generator copies this list. */
export const SHARED_CONSTANTS: readonly (readonly [name: string, value: number, doc: string])[] = [
  ['SECTOR_BYTES', SECTOR_BYTES, 'bytes per disk sector'],
  ['BLOCK_SIZE', BLOCK_SIZE, 'bytes per file system block'],
  ['SECTORS_PER_BLOCK', SECTORS_PER_BLOCK, 'block b is sectors b × SECTORS_PER_BLOCK …'],
  ['FS_MAGIC', FS_MAGIC, 'superblock magic, the bytes "SLFS"'],
  ['FS_VERSION', FS_VERSION, 'superblock version'],
  ['SUPERBLOCK_BLOCK', SUPERBLOCK_BLOCK, 'the superblock is at offset 0 of this block'],
  ['LOG_START', LOG_START, 'first block of the log (its header)'],
  ['ROOT_INODE', ROOT_INODE, 'inode of the root directory; inode 0 is never used'],
  ['INODE_BYTES', INODE_BYTES, 'bytes per inode'],
  ['INODES_PER_BLOCK', INODES_PER_BLOCK, 'inodes per inode-table block'],
  ['NDIRECT', NDIRECT, 'direct block pointers in an inode'],
  ['POINTERS_PER_BLOCK', POINTERS_PER_BLOCK, 'u32 block pointers in an indirect block'],
  ['MAX_FILE_BLOCKS', MAX_FILE_BLOCKS, 'blocks the map can address'],
  ['MAX_FILE_BYTES', MAX_FILE_BYTES, 'largest file size (EFBIG beyond)'],
  ['DIRENT_BYTES', DIRENT_BYTES, 'bytes per directory entry'],
  ['DIRENTS_PER_BLOCK', DIRENTS_PER_BLOCK, 'directory entries per block'],
  ['NAME_MAX', NAME_MAX, 'longest name component (ENAMETOOLONG beyond)'],
  ['BITS_PER_BLOCK', BITS_PER_BLOCK, 'blocks described by one bitmap block'],
  ['MAX_BITMAP_BLOCKS', MAX_BITMAP_BLOCKS, 'bitmap blocks at most'],
  ['MAX_FS_BLOCKS', MAX_FS_BLOCKS, 'largest file system, in blocks'],
  ['LOG_MAX', LOG_MAX, 'largest log capacity (block numbers in the header)'],
  ['MAX_OP_BLOCKS', MAX_OP_BLOCKS, 'blocks one operation may change; smallest log capacity'],
  ['MAX_WRITE_BLOCKS', MAX_WRITE_BLOCKS, 'data blocks per transaction of a write'],
  ['INODE_TYPE_FREE', InodeType.Free, 'inode type: free (the inode is all zero)'],
  ['INODE_TYPE_FILE', InodeType.File, 'inode type: regular file'],
  ['INODE_TYPE_DIRECTORY', InodeType.Directory, 'inode type: directory'],
  ['INODE_TYPE_DEVICE', InodeType.Device, 'inode type: device (major, minor)'],
  ['MODE_SETUID', MODE_SETUID, 'mode bit: set user ID on exec'],
  ['MODE_SETGID', MODE_SETGID, 'mode bit: set group ID on exec'],
  ['MODE_STICKY', MODE_STICKY, 'mode bit: restricted deletion in a directory'],
  ['MODE_PERMISSIONS', MODE_PERMISSIONS, 'all bits mode may hold'],
  ['DEVICE_CONSOLE_MAJOR', DEVICE_CONSOLE_MAJOR, 'major number of /dev/console'],
  ['DEVICE_NULL_MAJOR', DEVICE_NULL_MAJOR, 'major number of /dev/null'],
  ['DEVICE_DISK_MAJOR', DEVICE_DISK_MAJOR, 'major number of /dev/disk (the fixed disk, read-only, by block)'],
];

/** Block 1, offset 0. */
export const SUPERBLOCK = defineStruct('superblock', 64, [
  ['magic', 'u32', 'FS_MAGIC'],
  ['version', 'u32', 'FS_VERSION'],
  ['blockSize', 'u32', 'BLOCK_SIZE'],
  ['blocks', 'u32', 'size of the file system in blocks'],
  ['inodes', 'u32', 'inodes in the table, inode 0 included (a multiple of INODES_PER_BLOCK)'],
  ['logStart', 'u32', 'first log block (the header): LOG_START'],
  ['logBlocks', 'u32', 'log blocks, the header included (capacity + 1)'],
  ['inodeStart', 'u32', 'first inode-table block'],
  ['bitmapStart', 'u32', 'first bitmap block'],
  ['dataStart', 'u32', 'first data block'],
  ['spare', 'bytes', 'reserved, zero', 24],
]);

/** Inode i: block inodeStart + i / INODES_PER_BLOCK, byte (i % INODES_PER_BLOCK) × INODE_BYTES. */
export const INODE = defineStruct('inode', INODE_BYTES, [
  ['type', 'u16', 'INODE_TYPE_*; 0 = free'],
  ['mode', 'u16', 'permission bits (MODE_PERMISSIONS)'],
  ['uid', 'u16', 'owner'],
  ['gid', 'u16', 'group'],
  ['nlink', 'u16', 'directory entries naming the inode, . and .. included'],
  ['major', 'u16', 'device inodes: driver; else 0'],
  ['minor', 'u16', 'device inodes: unit; else 0'],
  ['flags', 'u16', 'reserved, zero'],
  ['size', 'u32', 'bytes in the file'],
  ['spare1', 'u32', 'reserved, zero'],
  ['mtime', 'u64', 'cycle count when the contents last changed'],
  ['ctime', 'u64', 'cycle count when the inode last changed'],
  ['direct', 'u32', 'blocks 0 … NDIRECT−1 of the file', NDIRECT],
  ['indirect', 'u32', 'block of pointers to blocks NDIRECT …'],
  ['doubleIndirect', 'u32', 'block of pointers to indirect blocks'],
  ['spare2', 'bytes', 'reserved, zero', 32],
]);

export const DIRENT = defineStruct('dirent', DIRENT_BYTES, [
  ['inum', 'u32', 'inode number; 0 = free slot (all zero)'],
  ['name', 'bytes', 'name, NUL-padded (no NUL when NAME_MAX bytes long)', NAME_MAX],
]);

/** Sector 0 of block LOG_START. */
export const LOG_HEADER = defineStruct('logHeader', SECTOR_BYTES, [
  ['count', 'u32', 'blocks in the committed transaction; 0 = log empty'],
  ['blocks', 'u32', 'home block of log block i (block LOG_START + 1 + i)', LOG_MAX],
  ['spare', 'bytes', 'reserved, zero', 4],
]);

export const SHARED_STRUCTS = [SUPERBLOCK, INODE, DIRENT, LOG_HEADER] as const;

/** Where the regions of a file system go: the superblock's fields but magic/version/blockSize. */
export interface Geometry {
  blocks: number;
  inodes: number;
  logStart: number;
  logBlocks: number;
  inodeStart: number;
  bitmapStart: number;
  dataStart: number;
}

/** The layout for a file system of `blocks` blocks (docs/fs.md §2). */
export function planGeometry(blocks: number, inodes: number, logCapacity: number): Geometry {
  const logStart = LOG_START;
  const logBlocks = logCapacity + 1;
  const inodeStart = logStart + logBlocks;
  const bitmapStart = inodeStart + Math.ceil(inodes / INODES_PER_BLOCK);
  const dataStart = bitmapStart + Math.ceil(blocks / BITS_PER_BLOCK);
  return { blocks, inodes, logStart, logBlocks, inodeStart, bitmapStart, dataStart };
}

/** mkfs's defaults: one inode per 4 blocks, log capacity blocks ÷ 32, within the limits. */
export function defaultInodes(blocks: number): number {
  return roundUp(Math.max(64, Math.floor(blocks / 4)), INODES_PER_BLOCK);
}

export function defaultLogCapacity(blocks: number): number {
  return Math.min(LOG_MAX, Math.max(MAX_OP_BLOCKS, Math.floor(blocks / 32)));
}

export function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

/**
 * Why a superblock's values do not describe a usable file system on a disk of
 * `diskBlocks` blocks, or null. Every region must be where planGeometry puts it.
 */
export function geometryProblem(
  sb: Geometry & { magic: number; version: number; blockSize: number }, diskBlocks: number,
): string | null {
  if (sb.magic !== FS_MAGIC) return `bad magic 0x${sb.magic.toString(16)} (not an SLFS file system)`;
  if (sb.version !== FS_VERSION) return `unsupported version ${sb.version}`;
  if (sb.blockSize !== BLOCK_SIZE) return `unsupported block size ${sb.blockSize}`;
  if (sb.blocks > MAX_FS_BLOCKS) return `${sb.blocks} blocks is more than the limit of ${MAX_FS_BLOCKS}`;
  if (sb.blocks > diskBlocks) return `${sb.blocks} blocks do not fit on a disk of ${diskBlocks} blocks`;
  if (sb.inodes < INODES_PER_BLOCK || sb.inodes % INODES_PER_BLOCK !== 0) {
    return `inode count ${sb.inodes} is not a positive multiple of ${INODES_PER_BLOCK}`;
  }
  const capacity = sb.logBlocks - 1;
  if (capacity < MAX_OP_BLOCKS || capacity > LOG_MAX) {
    return `log of ${sb.logBlocks} blocks (capacity must be ${MAX_OP_BLOCKS} … ${LOG_MAX})`;
  }
  const plan = planGeometry(sb.blocks, sb.inodes, capacity);
  for (const key of ['logStart', 'inodeStart', 'bitmapStart', 'dataStart'] as const) {
    if (sb[key] !== plan[key]) return `${key} is ${sb[key]}, the layout puts it at ${plan[key]}`;
  }
  if (plan.dataStart >= sb.blocks) return `no room for data blocks (${sb.blocks} blocks, data from ${plan.dataStart})`;
  return null;
}

export function inodeBlock(g: Geometry, inum: number): number {
  return g.inodeStart + Math.floor(inum / INODES_PER_BLOCK);
}

export function inodeOffset(inum: number): number {
  return (inum % INODES_PER_BLOCK) * INODE_BYTES;
}

export function bitmapBlock(g: Geometry, block: number): number {
  return g.bitmapStart + Math.floor(block / BITS_PER_BLOCK);
}

/** Byte within its bitmap block, and the bit's mask in that byte. */
export function bitmapByte(block: number): number {
  return Math.floor((block % BITS_PER_BLOCK) / 8);
}

export function bitmapMask(block: number): number {
  return 1 << (block % 8);
}

/** Log block i (0-based) of a transaction. */
export function logBlock(g: Geometry, i: number): number {
  return g.logStart + 1 + i;
}

/** Blocks a file of `size` bytes maps. */
export function fileBlocks(size: number): number {
  return Math.ceil(size / BLOCK_SIZE);
}
