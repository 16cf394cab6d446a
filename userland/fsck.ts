// fsck [DISK]: checks the file system on the fixed disk from inside the guest,
// read-only (docs/fs.md §8). DISK defaults to /dev/disk, the disk device
// (docs/fs.md §4), read in whole 4 KiB blocks at block-aligned offsets.
//
//   fsck            sync, then check /dev/disk
//   fsck /dev/disk  the same, naming the device
//
// Output mirrors the host's `switchless fsck IMAGE` (tools/fs/fsck.ts): one
// line per problem, orphans apart, then a summary such as
//   /dev/disk: clean; 31 files (1777246 bytes), 6 directories, 3 devices, 455/3934 data blocks, 39/1023 inodes
// Exit status 0 when clean (orphans allowed), 1 when problems were found
// (fixing them is `switchless fsck --repair` on the host) or the disk holds
// no usable file system.
//
// The checks and their order are the host checker's, so both report the same
// problems on the same disk. The host fixes each problem in memory as it
// finds it and later checks see the fixed state; this checker keeps the
// fixes that matter to later checks (freed inodes, truncated maps, released
// blocks) in its tables and writes nothing. A committed log (which sync
// should have emptied) is replayed in memory, as the host does.
//
// Passes: superblock, log, inodes with their block maps (claiming blocks in
// inode order: the first claimant keeps a cross-linked block), directories
// from the root (breadth first), unreachable inodes and link counts, bitmap.
// Memory: the inode table is streamed a block at a time; what later passes
// need is kept in flat per-inode and per-block tables, sized once.

import { args, print, eprint, cstr, strerror, exit } from "./lib/libc";
import { sys_open, sys_read, sys_lseek, sys_close, sys_sync } from "./lib/sys.gen";
import {
  BLOCK_SIZE, FS_MAGIC, FS_VERSION, SUPERBLOCK_BLOCK, LOG_START, ROOT_INODE, INODE_BYTES, INODES_PER_BLOCK,
  NDIRECT, POINTERS_PER_BLOCK, MAX_FILE_BYTES, DIRENT_BYTES, DIRENTS_PER_BLOCK, BITS_PER_BLOCK, MAX_FS_BLOCKS,
  LOG_MAX, MAX_OP_BLOCKS, INODE_TYPE_FREE, INODE_TYPE_FILE, INODE_TYPE_DIRECTORY, INODE_TYPE_DEVICE,
  MODE_PERMISSIONS, SUPERBLOCK_BYTES,
  superblockMagic, superblockVersion, superblockBlockSize, superblockBlocks, superblockInodes, superblockLogStart,
  superblockLogBlocks, superblockInodeStart, superblockBitmapStart, superblockDataStart,
  inodeType, inodeMode, inodeNlink, inodeMajor, inodeMinor, inodeFlags, inodeSize, inodeSpare1, inodeSpare2,
  INODE_SPARE2_BYTES, inodeDirect, inodeIndirect, inodeDoubleIndirect,
  direntInum, direntName, DIRENT_NAME_BYTES, logHeaderCount, logHeaderBlocks,
} from "../kernel-as/fs/layout.generated";

const PPB = POINTERS_PER_BLOCK;
const DOUBLE_START = NDIRECT + PPB;
const SEEK_SET = 0;
const SEEK_END = 2;
/** owner[] value of a block held by an orphan: not in use, but its bitmap bit may stay set. */
const ORPHAN_BLOCK: i32 = -1;

let label = "/dev/disk";
let fd: i32 = -1;
let problems: u32 = 0;

// The geometry, from the superblock.
let nblocks: u32 = 0;
let ninodes: u32 = 0;
let logStart: u32 = 0;
let logBlocks: u32 = 0;
let inodeStart: u32 = 0;
let bitmapStart: u32 = 0;
let dataStart: u32 = 0;

// A committed transaction found in the log: home block numbers and contents.
let logCount: u32 = 0;
let logHomes: usize = 0;
let logData: usize = 0;

// Block buffers: the current inode-table block, the indirect block being
// walked (single, or a second-level one), the double-indirect block, and one
// for file data (tails, directories, bitmap).
let inodeBuf: usize = 0;
let tableBuf: usize = 0;
let topBuf: usize = 0;
let dataBuf: usize = 0;

// Per inode. itype 0 means not allocated (free, or freed by a check).
let itype = new StaticArray<u8>(0);
let isize = new StaticArray<u32>(0);
let inlink = new StaticArray<u16>(0);
let refs = new StaticArray<u32>(0);
let reached = new StaticArray<u8>(0);
let parentOf = new StaticArray<u32>(0);   // directories named so far: their parent; 0 = not yet
let mapStart = new StaticArray<u32>(0);   // the inode's data blocks: mapBlocks[mapStart … +mapCount)
let mapCount = new StaticArray<u32>(0);
let orphans = new StaticArray<u32>(0);
let orphanCount: u32 = 0;

// Per block: the inode that claimed it (0 none, ORPHAN_BLOCK), and the data
// blocks of every inode, in inode order then file order.
let owner = new StaticArray<i32>(0);
let mapBlocks = new StaticArray<u32>(0);
let mapUsed: u32 = 0;

// The indirect blocks the current inode's walk claimed (0 = none).
let walkSingle: u32 = 0;
let walkTop: u32 = 0;
let walkLastMid: u32 = 0;
let walkMids: u32 = 0;

// ---- output ----

function plural(n: u64, what: string): string {
  return n.toString() + " " + what + (n == 1 ? "" : "s");
}

function problem(message: string): void {
  problems++;
  print(label + ": " + message + "\n");
}

/** The disk cannot be checked at all: one line, exit status 1. */
function fatal(message: string): void {
  eprint("fsck: " + label + ": " + message + "\n");
  exit(1);
  unreachable();
}

// ---- blocks ----

/** Reads block n from the disk itself (not the log) into buf; 0 or a negative errno. */
function readRaw(n: u32, buf: usize): i32 {
  const at = sys_lseek(fd, <i32>(n * BLOCK_SIZE), SEEK_SET);
  if (at < 0) return at;
  const got = sys_read(fd, <u32>buf, BLOCK_SIZE);
  if (got < 0) return got;
  return got == <i32>BLOCK_SIZE ? 0 : -5;  // a short read: EIO
}

/** Block n as the committed state has it: the log's copy when the log holds it. */
function readBlock(n: u32, buf: usize): void {
  for (let i: u32 = 0; i < logCount; i++) {
    if (load<u32>(logHomes + (<usize>i << 2)) == n) {
      memory.copy(buf, logData + <usize>i * BLOCK_SIZE, BLOCK_SIZE);
      return;
    }
  }
  const r = readRaw(n, buf);
  if (r < 0) fatal("block " + n.toString() + " cannot be read: " + strerror(-r));
}

function allZero(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) != 0) return false;
  return true;
}

function pointerAt(table: usize, i: u32): u32 {
  return load<u32>(table + (<usize>i << 2));
}

/** True when a pointer at index `from` or later in the table is set. */
function tableHasBeyond(table: usize, from: u32): bool {
  for (let i = from; i < PPB; i++) if (pointerAt(table, i) != 0) return true;
  return false;
}

function fileBlocks(size: u32): u32 {
  return <u32>((<u64>size + BLOCK_SIZE - 1) / BLOCK_SIZE);
}

// ---- superblock ----

function ceilDiv(a: u64, b: u64): u64 {
  return (a + b - 1) / b;
}

/** Why the superblock does not describe a usable file system (docs/fs.md §3), or null. */
function superblockProblem(sb: usize, diskBlocks: i64): string | null {
  const magic = superblockMagic(sb);
  if (magic != FS_MAGIC) return "bad magic 0x" + magic.toString(16) + " (not an SLFS file system)";
  if (superblockVersion(sb) != FS_VERSION) return "unsupported version " + superblockVersion(sb).toString();
  if (superblockBlockSize(sb) != BLOCK_SIZE) return "unsupported block size " + superblockBlockSize(sb).toString();
  const blocks = superblockBlocks(sb);
  if (blocks > MAX_FS_BLOCKS) return blocks.toString() + " blocks is more than the limit of " + MAX_FS_BLOCKS.toString();
  if (diskBlocks >= 0 && <i64>blocks > diskBlocks) {
    return blocks.toString() + " blocks do not fit on a disk of " + diskBlocks.toString() + " blocks";
  }
  if (diskBlocks < 0 && blocks > 0 && readRaw(blocks - 1, dataBuf) < 0) {
    return blocks.toString() + " blocks do not fit on the disk (block " + (blocks - 1).toString() + " cannot be read)";
  }
  const inodes = superblockInodes(sb);
  if (inodes < INODES_PER_BLOCK || inodes % INODES_PER_BLOCK != 0) {
    return "inode count " + inodes.toString() + " is not a positive multiple of " + INODES_PER_BLOCK.toString();
  }
  const logBlocksField = superblockLogBlocks(sb);
  const capacity = <i64>logBlocksField - 1;
  if (capacity < <i64>MAX_OP_BLOCKS || capacity > <i64>LOG_MAX) {
    return "log of " + logBlocksField.toString() + " blocks (capacity must be " + MAX_OP_BLOCKS.toString() + " … " +
      LOG_MAX.toString() + ")";
  }
  // Where the layout puts each region (docs/fs.md §2).
  const planInode = <u64>LOG_START + logBlocksField;
  const planBitmap = planInode + ceilDiv(inodes, INODES_PER_BLOCK);
  const planData = planBitmap + ceilDiv(blocks, BITS_PER_BLOCK);
  if (superblockLogStart(sb) != LOG_START) return regionProblem("logStart", superblockLogStart(sb), LOG_START);
  if (<u64>superblockInodeStart(sb) != planInode) return regionProblem("inodeStart", superblockInodeStart(sb), planInode);
  if (<u64>superblockBitmapStart(sb) != planBitmap) return regionProblem("bitmapStart", superblockBitmapStart(sb), planBitmap);
  if (<u64>superblockDataStart(sb) != planData) return regionProblem("dataStart", superblockDataStart(sb), planData);
  if (planData >= <u64>blocks) {
    return "no room for data blocks (" + blocks.toString() + " blocks, data from " + planData.toString() + ")";
  }
  return null;
}

function regionProblem(key: string, value: u32, plan: u64): string {
  return key + " is " + value.toString() + ", the layout puts it at " + plan.toString();
}

function readGeometry(): void {
  // The disk's size, if the device reports one; otherwise the last block of
  // the file system is read to see that it fits.
  const end = sys_lseek(fd, 0, SEEK_END);
  const diskBlocks: i64 = end >= 0 ? <i64>(<u32>end / BLOCK_SIZE) : -1;
  if (diskBlocks >= 0 && diskBlocks <= <i64>SUPERBLOCK_BLOCK) {
    fatal("too small to hold a file system (" + (<u32>end / 512).toString() + " sectors)");
  }
  const r = readRaw(SUPERBLOCK_BLOCK, inodeBuf);
  if (r < 0) fatal("superblock: cannot be read: " + strerror(-r));
  const sb = heap.alloc(SUPERBLOCK_BYTES);
  memory.copy(sb, inodeBuf, SUPERBLOCK_BYTES);
  const bad = superblockProblem(sb, diskBlocks);
  if (bad !== null) fatal("superblock: " + bad);
  nblocks = superblockBlocks(sb);
  ninodes = superblockInodes(sb);
  logStart = superblockLogStart(sb);
  logBlocks = superblockLogBlocks(sb);
  inodeStart = superblockInodeStart(sb);
  bitmapStart = superblockBitmapStart(sb);
  dataStart = superblockDataStart(sb);
}

function allocateTables(): void {
  itype = new StaticArray<u8>(ninodes);
  isize = new StaticArray<u32>(ninodes);
  inlink = new StaticArray<u16>(ninodes);
  refs = new StaticArray<u32>(ninodes);
  reached = new StaticArray<u8>(ninodes);
  parentOf = new StaticArray<u32>(ninodes);
  mapStart = new StaticArray<u32>(ninodes);
  mapCount = new StaticArray<u32>(ninodes);
  orphans = new StaticArray<u32>(ninodes);
  owner = new StaticArray<i32>(nblocks);
  mapBlocks = new StaticArray<u32>(nblocks - dataStart);
}

// ---- log ----

/** Why the log header is unusable, or null (tools/fs/log.ts logHeaderProblem). */
function logHeaderProblem(header: usize, count: u32): string | null {
  const capacity = logBlocks - 1;
  if (count > capacity) {
    return "log header: count " + count.toString() + " exceeds the log's capacity of " + capacity.toString();
  }
  for (let i: u32 = 0; i < count; i++) {
    const b = logHeaderBlocks(header, i);
    if (b < inodeStart || b >= nblocks) return "log header: home block " + b.toString() + " is not an inode, bitmap or data block";
    for (let j: u32 = 0; j < i; j++) {
      if (logHeaderBlocks(header, j) == b) return "log header: block " + b.toString() + " logged twice";
    }
  }
  return null;
}

function checkLog(): void {
  readBlock(logStart, dataBuf);
  const count = logHeaderCount(dataBuf);
  const bad = logHeaderProblem(dataBuf, count);
  if (bad !== null) {
    problem(bad + "; the log is ignored");
    return;
  }
  if (count == 0) return;
  logHomes = heap.alloc(<usize>count << 2);
  logData = heap.alloc(<usize>count * BLOCK_SIZE);
  for (let i: u32 = 0; i < count; i++) {
    store<u32>(logHomes + (<usize>i << 2), logHeaderBlocks(dataBuf, i));
    const r = readRaw(logStart + 1 + i, logData + <usize>i * BLOCK_SIZE);
    if (r < 0) fatal("log block " + i.toString() + " cannot be read: " + strerror(-r));
  }
  logCount = count;  // from here on, reads see the replayed blocks
  print(label + ": log: a committed transaction of " + count.toString() + " blocks, replayed\n");
}

// ---- inodes and block maps ----

function checkInodes(): void {
  for (let n: u32 = 0; n < ninodes / INODES_PER_BLOCK; n++) {
    readBlock(inodeStart + n, inodeBuf);
    for (let i: u32 = 0; i < INODES_PER_BLOCK; i++) {
      checkInode(n * INODES_PER_BLOCK + i, inodeBuf + <usize>i * INODE_BYTES);
    }
  }
}

function checkInode(inum: u32, p: usize): void {
  const type = <u32>inodeType(p);
  if (inum == 0 || type == INODE_TYPE_FREE) {
    if (!allZero(p, INODE_BYTES)) {
      problem(inum == 0 ? "inode 0 is not all zero" : "inode " + inum.toString() + " is free but not all zero");
    }
    return;
  }
  const at = "inode " + inum.toString() + ": ";
  if (type != INODE_TYPE_FILE && type != INODE_TYPE_DIRECTORY && type != INODE_TYPE_DEVICE) {
    problem(at + "unknown type " + type.toString() + "; freed");
    return;
  }
  const mode = <u32>inodeMode(p);
  if ((mode & ~MODE_PERMISSIONS) != 0) problem(at + "mode 0o" + mode.toString(8) + " has bits beyond 0o7777");
  if (inodeFlags(p) != 0 || inodeSpare1(p) != 0 || !allZero(inodeSpare2(p), INODE_SPARE2_BYTES)) {
    problem(at + "reserved fields are not zero");
  }
  isize[inum] = inodeSize(p);
  inlink[inum] = inodeNlink(p);
  mapStart[inum] = mapUsed;
  mapCount[inum] = 0;
  if (type == INODE_TYPE_DEVICE) {
    if (inodeMajor(p) == 0) {
      problem(at + "device with major number 0; freed");
      return;
    }
    let mapped = inodeIndirect(p) != 0 || inodeDoubleIndirect(p) != 0;
    for (let k: u32 = 0; k < NDIRECT; k++) if (inodeDirect(p, k) != 0) mapped = true;
    if (inodeSize(p) != 0 || mapped) {
      problem(at + "a device with a size or blocks");
      isize[inum] = 0;
    }
  } else {
    if (inodeMajor(p) != 0 || inodeMinor(p) != 0) problem(at + "device numbers on a non-device");
    checkMap(inum, p);
    if (type == INODE_TYPE_DIRECTORY && isize[inum] % DIRENT_BYTES != 0) {
      problem(at + "directory size " + isize[inum].toString() + " is not a multiple of " + DIRENT_BYTES.toString());
      isize[inum] -= isize[inum] % DIRENT_BYTES;
      releaseUnneeded(inum, fileBlocks(isize[inum]));
    }
    if (type == INODE_TYPE_DIRECTORY && isize[inum] < 2 * DIRENT_BYTES) {
      if (inum == ROOT_INODE) fatal("the root directory has no room for . and ..");
      problem("directory inode " + inum.toString() + ": too small to hold . and ..; freed");
      releaseAll(inum, 0);
      mapUsed = mapStart[inum];
      mapCount[inum] = 0;
      return;
    }
  }
  itype[inum] = <u8>type;
}

const WHAT_INDIRECT = 0;
const WHAT_DOUBLE = 1;
const WHAT_MID = 2;
const WHAT_BLOCK = 3;

/** Names a pointer for a message: only built when there is a problem. */
function what(kind: i32, index: u32): string {
  if (kind == WHAT_INDIRECT) return "the indirect block";
  if (kind == WHAT_DOUBLE) return "the double-indirect block";
  if (kind == WHAT_MID) return "indirect block " + index.toString() + " of the double-indirect block";
  return "block " + index.toString() + " of the file";
}

/** Claims block b for inode inum; null, or why it cannot. */
function claim(inum: u32, b: u32, kind: i32, index: u32): string | null {
  if (b == 0) return what(kind, index) + " is missing (a hole)";
  if (b < dataStart || b >= nblocks) return what(kind, index) + ": pointer " + b.toString() + " is outside the data region";
  const o = unchecked(owner[b]);
  if (o != 0) {
    return what(kind, index) + ": block " + b.toString() + " is also used by inode " + o.toString() + " (cross-linked)";
  }
  unchecked(owner[b] = <i32>inum);
  return null;
}

function release(inum: u32, b: u32, to: i32): void {
  if (b != 0 && owner[b] == <i32>inum) owner[b] = to;
}

/** Gives up every block inode inum claimed (to 0, or ORPHAN_BLOCK). */
function releaseAll(inum: u32, to: i32): void {
  for (let b = dataStart; b < nblocks; b++) if (unchecked(owner[b]) == <i32>inum) unchecked(owner[b] = to);
}

/**
 * Shrinks the current inode's map to its first `keep` data blocks, giving up
 * the data and indirect blocks no longer needed. Only the walk's last
 * second-level block can become unneeded: a map loses at most the blocks
 * after its first bad one, or one block.
 */
function releaseUnneeded(inum: u32, keep: u32): void {
  const start = mapStart[inum];
  for (let k = keep; k < mapCount[inum]; k++) release(inum, mapBlocks[start + k], 0);
  if (keep < mapCount[inum]) {
    mapCount[inum] = keep;
    mapUsed = start + keep;
  }
  if (keep <= NDIRECT) release(inum, walkSingle, 0);
  if (keep <= DOUBLE_START) release(inum, walkTop, 0);
  const mids = keep > DOUBLE_START ? (keep - DOUBLE_START + PPB - 1) / PPB : 0;
  if (walkMids > mids) release(inum, walkLastMid, 0);
}

/** True when anything is mapped at or past block `keep` (a pointer, or an indirect block not needed). */
function mapsBeyond(p: usize, keep: u32): bool {
  for (let k = keep; k < NDIRECT; k++) if (inodeDirect(p, k) != 0) return true;
  const single = inodeIndirect(p);
  if (single != 0) {
    if (keep <= NDIRECT) return true;
    readBlock(single, tableBuf);
    if (tableHasBeyond(tableBuf, keep - NDIRECT)) return true;
  }
  const top = inodeDoubleIndirect(p);
  if (top != 0) {
    if (keep <= DOUBLE_START) return true;
    const used = keep - DOUBLE_START;
    const mids = (used + PPB - 1) / PPB;
    readBlock(top, topBuf);
    if (tableHasBeyond(topBuf, mids)) return true;
    readBlock(pointerAt(topBuf, mids - 1), tableBuf);
    if (tableHasBeyond(tableBuf, used - (mids - 1) * PPB)) return true;
  }
  return false;
}

/**
 * Walks the block map of inode inum (at p), claiming its blocks and
 * recording its data blocks; a problem truncates the file (in isize) at its
 * first bad, missing or cross-linked block.
 */
function checkMap(inum: u32, p: usize): void {
  let size = inodeSize(p);
  let why: string | null = null;
  if (size > MAX_FILE_BYTES) {
    why = "size " + size.toString() + " exceeds the limit of " + MAX_FILE_BYTES.toString();
    size = MAX_FILE_BYTES;
  }
  const need = fileBlocks(size);
  const wanted = min(need, nblocks - dataStart + 1);
  const start = mapUsed;
  walkSingle = walkTop = walkLastMid = walkMids = 0;
  let keep: u32 = 0;
  for (let k: u32 = 0; k < wanted && why === null; k++) {
    let b: u32;
    if (k < NDIRECT) {
      b = inodeDirect(p, k);
    } else if (k < DOUBLE_START) {
      if (k == NDIRECT) {
        why = claim(inum, inodeIndirect(p), WHAT_INDIRECT, 0);
        if (why !== null) break;
        walkSingle = inodeIndirect(p);
        readBlock(walkSingle, tableBuf);
      }
      b = pointerAt(tableBuf, k - NDIRECT);
    } else {
      const j = (k - DOUBLE_START) / PPB;
      if (k == DOUBLE_START) {
        why = claim(inum, inodeDoubleIndirect(p), WHAT_DOUBLE, 0);
        if (why !== null) break;
        walkTop = inodeDoubleIndirect(p);
        readBlock(walkTop, topBuf);
      }
      if ((k - DOUBLE_START) % PPB == 0) {
        const mid = pointerAt(topBuf, j);
        why = claim(inum, mid, WHAT_MID, j);
        if (why !== null) break;
        walkLastMid = mid;
        walkMids = j + 1;
        readBlock(mid, tableBuf);
      }
      b = pointerAt(tableBuf, (k - DOUBLE_START) % PPB);
    }
    why = claim(inum, b, WHAT_BLOCK, k);
    if (why === null) unchecked(mapBlocks[start + keep++] = b);
  }
  mapUsed = start + keep;
  mapCount[inum] = keep;
  if (why === null && need > wanted) why = "size " + size.toString() + " is larger than the file system";
  const at = "inode " + inum.toString() + ": ";
  if (why !== null) {
    size = keep * BLOCK_SIZE;
    problem(at + why + "; truncated to " + size.toString() + " bytes");
    releaseUnneeded(inum, keep);
  } else if (mapsBeyond(p, keep)) {
    problem(at + "blocks mapped beyond its size " + size.toString());
  }
  isize[inum] = size;
  const tail = size % BLOCK_SIZE;
  if (tail != 0) {
    readBlock(mapBlocks[start + keep - 1], dataBuf);
    if (!allZero(dataBuf + tail, BLOCK_SIZE - tail)) problem(at + "bytes past the end of the file are not zero");
  }
}

// ---- directories ----

// The accepted names of the directory being checked, for uniqueness: each a
// 60-byte NUL-padded field (padding checked clean, so equal fields are equal
// names) in `names`, found through an open-addressed hash table of indices + 1.
let names: usize = 0;
let nameSlots: u32 = 0;
let nameCount: u32 = 0;
let hashTable = new StaticArray<u32>(0);
let hashMask: u32 = 0;

/** Makes room for the names of a directory of `slots` entries, and empties the set. */
function resetNames(slots: u32): void {
  if (slots > nameSlots) {
    nameSlots = max(slots, nameSlots * 2);
    names = heap.alloc(<usize>nameSlots * DIRENT_NAME_BYTES);
  }
  let size: u32 = 16;
  while (size < slots * 2) size <<= 1;
  if (<u32>hashTable.length < size) hashTable = new StaticArray<u32>(size);
  else for (let i: u32 = 0; i < size; i++) unchecked(hashTable[i] = 0);
  hashMask = size - 1;
  nameCount = 0;
}

function nameHash(name: usize): u32 {
  let h: u32 = 2166136261;
  for (let i: u32 = 0; i < DIRENT_NAME_BYTES; i += 4) h = (h ^ load<u32>(name + i)) * 16777619;
  return h ^ (h >> 15);
}

function sameField(a: usize, b: usize): bool {
  for (let i: u32 = 0; i < DIRENT_NAME_BYTES; i += 4) if (load<u32>(a + i) != load<u32>(b + i)) return false;
  return true;
}

/** Adds the name field at `name` to the set; false if it is there already. */
function addName(name: usize): bool {
  let h = nameHash(name) & hashMask;
  while (true) {
    const slot = unchecked(hashTable[h]);
    if (slot == 0) break;
    if (sameField(names + <usize>(slot - 1) * DIRENT_NAME_BYTES, name)) return false;
    h = (h + 1) & hashMask;
  }
  memory.copy(names + <usize>nameCount * DIRENT_NAME_BYTES, name, DIRENT_NAME_BYTES);
  nameCount++;
  unchecked(hashTable[h] = nameCount);
  return true;
}

/** Bytes before the first NUL (all 60 when there is none). */
function nameLength(name: usize): u32 {
  let n: u32 = 0;
  while (n < DIRENT_NAME_BYTES && load<u8>(name + n) != 0) n++;
  return n;
}

function isDots(name: usize, len: u32, dots: u32): bool {
  if (len != dots) return false;
  for (let i: u32 = 0; i < len; i++) if (load<u8>(name + i) != 0x2e) return false;
  return true;
}

function hasSlash(name: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(name + i) == 0x2f) return true;
  return false;
}

function checkDirectories(): void {
  if (itype[ROOT_INODE] != INODE_TYPE_DIRECTORY) fatal("the root inode is not a directory; the image cannot be checked");
  const queue = new StaticArray<u32>(ninodes);
  let queued: u32 = 1;
  queue[0] = ROOT_INODE;
  parentOf[ROOT_INODE] = ROOT_INODE;
  reached[ROOT_INODE] = 1;
  for (let i: u32 = 0; i < queued; i++) queued = checkDirectory(queue[i], queue, queued);
}

/** Checks one directory's entries; appends the subdirectories it is the parent of to the queue. */
function checkDirectory(dir: u32, queue: StaticArray<u32>, queued: u32): u32 {
  const slots = isize[dir] / DIRENT_BYTES;
  resetNames(slots);
  for (let slot: u32 = 0; slot < slots; slot++) {
    if (slot % DIRENTS_PER_BLOCK == 0) readBlock(mapBlocks[mapStart[dir] + slot / DIRENTS_PER_BLOCK], dataBuf);
    const e = dataBuf + <usize>(slot % DIRENTS_PER_BLOCK) * DIRENT_BYTES;
    const target = direntInum(e);
    const name = direntName(e);
    const len = nameLength(name);
    const clean = allZero(name + len, DIRENT_NAME_BYTES - len);
    if (slot < 2) {
      const want = slot == 0 ? dir : parentOf[dir];
      if (target != want || !isDots(name, len, slot + 1) || !clean) {
        problem(where(dir, slot) + ": should be '" + (slot == 0 ? "." : "..") + "' naming inode " + want.toString());
      }
      refs[want]++;
      continue;
    }
    if (target == 0) {
      if (!allZero(e, DIRENT_BYTES)) problem(where(dir, slot) + ": a free slot that is not all zero");
      continue;
    }
    let bad: string | null = null;
    if (target >= ninodes) bad = "names inode " + target.toString() + ", beyond the inode table";
    else if (itype[target] == 0) bad = "'" + shown(name, len) + "' names free inode " + target.toString();
    else if (len == 0 || hasSlash(name, len) || isDots(name, len, 1) || isDots(name, len, 2) || !clean) {
      bad = "invalid name '" + shown(name, len) + "'";
    } else if (!addName(name)) bad = "'" + shown(name, len) + "' appears twice";
    else if (itype[target] == INODE_TYPE_DIRECTORY && parentOf[target] != 0) {
      bad = "'" + shown(name, len) + "' is a second name of directory inode " + target.toString();
    }
    if (bad !== null) {
      problem(where(dir, slot) + ": " + bad + "; removed");
      continue;
    }
    refs[target]++;
    reached[target] = 1;
    if (itype[target] == INODE_TYPE_DIRECTORY) {
      parentOf[target] = dir;
      queue[queued++] = target;
    }
  }
  return queued;
}

function where(dir: u32, slot: u32): string {
  return "directory inode " + dir.toString() + ", entry " + slot.toString();
}

function shown(name: usize, len: u32): string {
  return String.UTF8.decodeUnsafe(name, len);
}

// ---- reachability and links ----

function checkReachability(): void {
  for (let inum = ROOT_INODE; inum < ninodes; inum++) {
    if (itype[inum] == 0) continue;
    if (reached[inum] == 0) {
      if (inlink[inum] == 0) {
        orphans[orphanCount++] = inum;
        releaseAll(inum, ORPHAN_BLOCK);
      } else {
        problem("inode " + inum.toString() + " (nlink " + inlink[inum].toString() + ") is in no directory; freed");
        releaseAll(inum, 0);
      }
      itype[inum] = 0;
      continue;
    }
    if (<u32>inlink[inum] != refs[inum]) {
      problem("inode " + inum.toString() + ": nlink is " + inlink[inum].toString() + ", " + refs[inum].toString() +
        " entries name it");
    }
  }
}

// ---- bitmap ----

function checkBitmap(): void {
  let markedFree: u32 = 0;
  let firstMarkedFree: u32 = 0;
  let leaked: u32 = 0;
  let firstLeaked: u32 = 0;
  let beyond = false;
  for (let n = bitmapStart; n < dataStart; n++) {
    readBlock(n, dataBuf);
    const first = (n - bitmapStart) * BITS_PER_BLOCK;
    for (let i: u32 = 0; i < BLOCK_SIZE; i++) {
      const has = <u32>load<u8>(dataBuf + i);
      let want: u32 = 0;
      for (let bit: u32 = 0; bit < 8; bit++) {
        const b = first + i * 8 + bit;
        if (b < nblocks && (b < dataStart || unchecked(owner[b]) > 0)) want |= 1 << bit;
      }
      if (has == want) continue;
      for (let bit: u32 = 0; bit < 8; bit++) {
        const b = first + i * 8 + bit;
        const h = (has >> bit) & 1;
        const w = (want >> bit) & 1;
        if (h == w || (h != 0 && b < nblocks && owner[b] == ORPHAN_BLOCK)) continue;
        if (b >= nblocks) beyond = true;
        else if (w != 0) { if (markedFree++ == 0) firstMarkedFree = b; }
        else { if (leaked++ == 0) firstLeaked = b; }
      }
    }
  }
  if (markedFree != 0) {
    problem("bitmap: " + plural(markedFree, "block") + " in use marked free (first: block " + firstMarkedFree.toString() + ")");
  }
  if (leaked != 0) {
    problem("bitmap: " + plural(leaked, "unused block") + " marked in use (first: block " + firstLeaked.toString() + ")");
  }
  if (beyond) problem("bitmap: bits are set for blocks beyond the end of the file system");
}

// ---- summary ----

function summary(): string {
  let files: u32 = 0, directories: u32 = 0, devices: u32 = 0, usedInodes: u32 = 0;
  let fileBytes: u64 = 0;
  for (let inum = ROOT_INODE; inum < ninodes; inum++) {
    const type = <u32>itype[inum];
    if (type == 0) continue;
    usedInodes++;
    if (type == INODE_TYPE_FILE) { files++; fileBytes += isize[inum]; }
    if (type == INODE_TYPE_DIRECTORY) directories++;
    if (type == INODE_TYPE_DEVICE) devices++;
  }
  let usedData: u32 = 0;
  for (let b = dataStart; b < nblocks; b++) if (unchecked(owner[b]) > 0) usedData++;
  const found = problems == 0 ? "clean" : plural(problems, "problem");
  return label + ": " + found + "; " + files.toString() + " files (" + fileBytes.toString() + " bytes), " +
    directories.toString() + " directories, " + devices.toString() + " devices, " + usedData.toString() + "/" +
    (nblocks - dataStart).toString() + " data blocks, " + usedInodes.toString() + "/" + (ninodes - 1).toString() + " inodes";
}

export function main(): i32 {
  const a = args();
  if (a.length > 2) {
    eprint("usage: fsck [DISK]\n");
    return 2;
  }
  if (a.length == 2) label = a[1];
  // The committed state: nothing the kernel holds back in an open transaction.
  const synced = sys_sync();
  if (synced < 0) eprint("fsck: sync: " + strerror(-synced) + "\n");
  fd = sys_open(<u32>cstr(label), 0, 0);
  if (fd < 0) {
    eprint("fsck: " + label + ": " + strerror(-fd) + "\n");
    return 1;
  }
  inodeBuf = heap.alloc(BLOCK_SIZE);
  tableBuf = heap.alloc(BLOCK_SIZE);
  topBuf = heap.alloc(BLOCK_SIZE);
  dataBuf = heap.alloc(BLOCK_SIZE);
  readGeometry();
  allocateTables();
  checkLog();
  checkInodes();
  checkDirectories();
  checkReachability();
  checkBitmap();
  for (let i: u32 = 0; i < orphanCount; i++) {
    print(label + ": orphan inode " + orphans[i].toString() + " (unlinked while open); freed on repair\n");
  }
  print(summary() + "\n");
  sys_close(fd);
  if (problems == 0) return 0;
  eprint("fsck: " + label + ": " + plural(problems, "problem") + " (run switchless fsck --repair on the host)\n");
  return 1;
}
