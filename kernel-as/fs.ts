// The file system's inodes, blocks and directories (docs/fs.md, docs/kernel.md
// §16): mount, allocation, the inode table, block maps, reading and writing,
// truncation, directory entries. Every structure is read through
// fs/layout.generated.ts; every change goes through the log (log.ts).
//
//   iinit()                     the inode table (boot)
//   fsmount(quiet) -> bool      reads and checks the superblock, recovers the log, frees
//                               orphans; false (with a console line) when there is no
//                               usable file system
//   fsMounted, fsReadonly, setReadonly(ro)
//   fslock(), fsunlock()        the file system's sleep lock (§16.4)
//   iget(inum) -> Inode | null  a reference (null: the table is full); iload(ip) reads it
//   igetCached(inum) -> Inode | null   only from memory (atomic lookup), never sleeps
//   idup(ip), iput(ip)          iput inside an operation frees an unlinked inode's last reference
//   irelease(ip)                iput outside an operation (close, exit, chdir)
//   iputLocked(ip)              the same, for a caller that holds fslock
//   ialloc(type, mode) -> Inode | null   in an operation (fserr: ENOSPC, ENFILE, EIO)
//   iupdate(ip) -> bool         the in-memory inode to its block (in an operation)
//   readi(ip, dst, off, n, user) -> bytes or -errno;  writei(ip, src, off, n, user) (src 0: zeros)
//   readiCached(ip, dst, off, n, user = true) -> bytes, -errno, or -EWOULDBLOCKIO: from the cache, no lock
//   itruncate(ip) -> bool       size 0, every block freed (in an operation)
//   dirlookup(dp, name) -> inum, 0 if absent, -errno; dirOffset: the entry's offset
//   dirlink(dp, name, inum) -> 0 or -errno;  dirset(dp, off, inum) rewrites an entry's inode
//   dirclear(dp, off), dirempty(dp) -> 1, 0 or -errno
//
// Names are NAME_MAX-byte, NUL-padded buffers (namei.ts makes them).

import { BLOCK_SIZE, DIRENT_BYTES, FS_MAGIC, FS_VERSION, INODES_PER_BLOCK, INODE_BYTES, LOG_START, NAME_MAX,
  NDIRECT, POINTERS_PER_BLOCK, ROOT_INODE, MAX_FILE_BYTES, BITS_PER_BLOCK, MAX_BITMAP_BLOCKS, LOG_MAX,
  INODE_TYPE_FILE, INODE_TYPE_DIRECTORY, INODE_TYPE_DEVICE, MODE_PERMISSIONS,
  superblockMagic, superblockVersion, superblockBlockSize, superblockBlocks, superblockInodes, superblockLogStart,
  superblockLogBlocks, superblockInodeStart, superblockBitmapStart, superblockDataStart,
  inodeType, setInodeType, inodeNlink, inodeSize, setInodeSize, inodeDirect, setInodeDirect, inodeIndirect,
  setInodeIndirect, inodeDoubleIndirect, setInodeDoubleIndirect, setInodeMtime, setInodeCtime, inodeMode,
  setInodeMode, direntInum, setDirentInum, direntName } from "./fs/layout.generated";
import { NINODE } from "./param";
import { bread, brelse, bzeroed, bpeek } from "./bio";
import { loginit, begin_op, end_op, log_write } from "./log";
import { diskinit } from "./disk";
import { copyin, copyout } from "./vm";
import { sleep, wakeup } from "./sched";
import { rdtsc } from "./arch/cpu";
import { kputs, kputd } from "./console";
import { EFAULT, EFBIG, EIO, ENFILE, ENOSPC, EWOULDBLOCKIO } from "./errno.gen";

@final export class Inode {
  inum: u32 = 0;
  ref: u32 = 0;
  valid: bool = false;
  d: u32 = 0;          // INODE_BYTES: the on-disk inode
  parent: u32 = 0;     // directories: the parent's inode number, once known (namei.ts)
  lastUse: u32 = 0;
}

export let fsMounted = false;
export let fsReadonly = false;
export let fserr: i32 = 0;   // why the last call that returns null failed (an errno)
let nblocks: u32 = 0;
let ninodes: u32 = 0;
let inodeStart: u32 = 0;
let bitmapStart: u32 = 0;
let dataStart: u32 = 0;
let useClock: u32 = 0;
let allocHint: u32 = 0;
let inodeHint: u32 = 2;

const table = <u32>memory.data(NINODE * 4);
@inline function slotAt(i: u32): Inode { return changetype<Inode>(load<u32>(table + i * 4)); }

// ---- the lock (docs/kernel.md §16.4) ----
let locked = false;
const lockChan = <u32>memory.data(4);
export function fslock(): void {
  while (locked) sleep(lockChan);
  locked = true;
}
export function fsunlock(): void {
  locked = false;
  wakeup(lockChan);
}

export function setReadonly(ro: bool): void { fsReadonly = ro; }

// ---- mount ----
function refuse(why: string): bool {
  kputs("fs: "); kputs(why); kputs("; running from the initial ramdisk\n");
  return false;
}

/** The inode table (boot: before the heap closes). */
export function iinit(): void {
  for (let i: u32 = 0; i < NINODE; i++) {
    const ip = new Inode();
    ip.d = <u32>heap.alloc(INODE_BYTES);
    store<u32>(table + i * 4, changetype<u32>(ip));
  }
}

export function fsmount(quiet: bool): bool {
  const sectors = diskinit();
  if (sectors == 0) return false; // no disk: quietly the ramdisk alone
  const sb = bread(1);
  if (sb == null) return refuse("cannot read the superblock");
  const p = sb.data;
  const magic = superblockMagic(p);
  nblocks = superblockBlocks(p);
  ninodes = superblockInodes(p);
  const logStart = superblockLogStart(p);
  const logBlocks = superblockLogBlocks(p);
  inodeStart = superblockInodeStart(p);
  bitmapStart = superblockBitmapStart(p);
  dataStart = superblockDataStart(p);
  const sane = magic == FS_MAGIC && superblockVersion(p) == FS_VERSION && superblockBlockSize(p) == BLOCK_SIZE;
  brelse(sb);
  if (!sane) return refuse("the disk holds no SLFS file system");
  const bitmapBlocks = (nblocks + BITS_PER_BLOCK - 1) / BITS_PER_BLOCK;
  const regions = logStart == LOG_START && logBlocks >= 2 && logBlocks - 1 <= LOG_MAX &&
    inodeStart == logStart + logBlocks && ninodes % INODES_PER_BLOCK == 0 && ninodes > ROOT_INODE &&
    bitmapStart == inodeStart + ninodes / INODES_PER_BLOCK && bitmapBlocks <= MAX_BITMAP_BLOCKS &&
    dataStart == bitmapStart + bitmapBlocks && dataStart < nblocks && <u64>nblocks * 8 <= <u64>sectors;
  if (!regions) return refuse("the superblock's regions are inconsistent");
  if (!loginit(logStart, logBlocks - 1, inodeStart, nblocks)) return refuse("cannot recover the log");
  fsMounted = true;
  freeOrphans();
  if (!quiet) { kputs("fs: mounted /, "); kputd(nblocks); kputs(" blocks, "); kputd(ninodes); kputs(" inodes\n"); }
  return true;
}

/** Allocated inodes with no link (unlinked while open before a power cut) are freed. */
function freeOrphans(): void {
  for (let inum: u32 = ROOT_INODE + 1; inum < ninodes; inum++) {
    const blk = inodeStart + inum / INODES_PER_BLOCK;
    const b = bread(blk);
    if (b == null) return;
    const d = b.data + (inum % INODES_PER_BLOCK) * INODE_BYTES;
    const orphan = inodeType(d) != 0 && inodeNlink(d) == 0;
    brelse(b);
    if (!orphan) continue;
    const ip = iget(inum);
    if (ip == null) return;
    begin_op();
    if (iload(ip)) { kputs("fs: freeing orphan inode "); kputd(inum); kputs("\n"); }
    iput(ip);
    end_op();
  }
}

// ---- inodes ----
export function iget(inum: u32): Inode | null {
  let victim: Inode | null = null;
  for (let i: u32 = 0; i < NINODE; i++) {
    const ip = slotAt(i);
    if (ip.inum == inum && (ip.ref > 0 || ip.valid)) { ip.ref++; ip.lastUse = ++useClock; return ip; }
    if (ip.ref == 0 && (victim == null || ip.lastUse < victim.lastUse)) victim = ip;
  }
  if (victim == null) { fserr = ENFILE; return null; }
  const v = victim!;
  v.inum = inum;
  v.ref = 1;
  v.valid = false;
  v.parent = 0;
  v.lastUse = ++useClock;
  return v;
}

function typeKnown(t: u32): bool { return t == INODE_TYPE_FILE || t == INODE_TYPE_DIRECTORY || t == INODE_TYPE_DEVICE; }

/** Reads the inode if it is not in memory; false (fserr EIO) on a disk error or a bad inode. */
export function iload(ip: Inode): bool {
  if (ip.valid) return true;
  if (ip.inum == 0 || ip.inum >= ninodes) { fserr = EIO; return false; }
  const b = bread(inodeStart + ip.inum / INODES_PER_BLOCK);
  if (b == null) { fserr = EIO; return false; }
  memory.copy(ip.d, b.data + (ip.inum % INODES_PER_BLOCK) * INODE_BYTES, INODE_BYTES);
  brelse(b);
  if (!typeKnown(inodeType(ip.d))) {
    kputs("fs: inode "); kputd(ip.inum); kputs(": bad type "); kputd(<u32>inodeType(ip.d)); kputs(" (EIO)\n");
    fserr = EIO;
    return false;
  }
  ip.valid = true;
  return true;
}

export function igetCached(inum: u32): Inode | null {
  for (let i: u32 = 0; i < NINODE; i++) {
    const ip = slotAt(i);
    if (ip.inum == inum && ip.valid) { ip.ref++; ip.lastUse = ++useClock; return ip; }
  }
  if (inum == 0 || inum >= ninodes) return null;
  const data = bpeek(inodeStart + inum / INODES_PER_BLOCK);
  if (data == 0) return null;
  const d = data + (inum % INODES_PER_BLOCK) * INODE_BYTES;
  if (!typeKnown(inodeType(d))) return null;
  const ip = iget(inum);
  if (ip == null) return null;
  memory.copy(ip.d, d, INODE_BYTES);
  ip.valid = true;
  return ip;
}

export function idup(ip: Inode): Inode { ip.ref++; return ip; }

export function iupdate(ip: Inode): bool {
  const b = bread(inodeStart + ip.inum / INODES_PER_BLOCK);
  if (b == null) { fserr = EIO; return false; }
  memory.copy(b.data + (ip.inum % INODES_PER_BLOCK) * INODE_BYTES, ip.d, INODE_BYTES);
  log_write(b);
  brelse(b);
  return true;
}

export function iput(ip: Inode): void {
  if (ip.ref == 1 && ip.valid && inodeNlink(ip.d) == 0 && inodeType(ip.d) != 0) {
    itruncate(ip);
    memory.fill(ip.d, 0, INODE_BYTES); // a free inode is all zero (docs/fs.md §4)
    iupdate(ip);
    ip.valid = false;
    ip.inum = 0;
  }
  ip.ref--;
}

function freesOnPut(ip: Inode): bool {
  return ip.ref == 1 && ip.valid && inodeNlink(ip.d) == 0 && !fsReadonly;
}

/** iput for a caller that holds fslock, outside an operation. */
export function iputLocked(ip: Inode): void {
  if (freesOnPut(ip)) {
    begin_op();
    iput(ip);
    end_op();
  } else {
    ip.ref--;
  }
}

export function irelease(ip: Inode): void {
  if (freesOnPut(ip)) {
    fslock();
    iputLocked(ip);
    fsunlock();
  } else {
    ip.ref--;
  }
}

export function ialloc(type: u32, mode: u32): Inode | null {
  for (let k: u32 = 0; k < ninodes; k++) {
    const inum = (inodeHint + k) % ninodes;
    if (inum <= ROOT_INODE) continue;
    const b = bread(inodeStart + inum / INODES_PER_BLOCK);
    if (b == null) { fserr = EIO; return null; }
    const d = b.data + (inum % INODES_PER_BLOCK) * INODE_BYTES;
    if (inodeType(d) != 0) { brelse(b); continue; }
    const ip = iget(inum);
    if (ip == null) { brelse(b); return null; }
    memory.fill(d, 0, INODE_BYTES);
    setInodeType(d, <u16>type);
    setInodeMode(d, <u16>(mode & MODE_PERMISSIONS));
    const now = rdtsc();
    setInodeMtime(d, now);
    setInodeCtime(d, now);
    log_write(b);
    memory.copy(ip.d, d, INODE_BYTES);
    brelse(b);
    ip.valid = true;
    ip.parent = 0;
    inodeHint = inum + 1;
    return ip;
  }
  fserr = ENOSPC;
  return null;
}

export function touchTimes(ip: Inode, contents: bool): void {
  const now = rdtsc();
  if (contents) setInodeMtime(ip.d, now);
  setInodeCtime(ip.d, now);
}

// ---- blocks ----
@inline function inData(b: u32): bool { return b >= dataStart && b < nblocks; }

/** A zeroed, logged new block; 0 (fserr ENOSPC or EIO) if none. */
function balloc(): u32 {
  for (let k: u32 = 0; k < nblocks; k++) {
    const bno = dataStart + (allocHint + k) % (nblocks - dataStart);
    const bb = bread(bitmapStart + bno / BITS_PER_BLOCK);
    if (bb == null) { fserr = EIO; return 0; }
    const at = bb.data + (bno % BITS_PER_BLOCK) / 8;
    const bit = <u8>(<u32>1 << (bno % 8));
    if ((load<u8>(at) & bit) != 0) {
      // skip whole full bytes quickly
      brelse(bb);
      continue;
    }
    store<u8>(at, load<u8>(at) | bit);
    log_write(bb);
    brelse(bb);
    const z = bzeroed(bno);
    log_write(z);
    brelse(z);
    allocHint = bno + 1 - dataStart;
    return bno;
  }
  fserr = ENOSPC;
  return 0;
}

function bfree(bno: u32): void {
  if (!inData(bno)) return;
  const bb = bread(bitmapStart + bno / BITS_PER_BLOCK);
  if (bb == null) return;
  const at = bb.data + (bno % BITS_PER_BLOCK) / 8;
  store<u8>(at, load<u8>(at) & ~<u8>(<u32>1 << (bno % 8)));
  log_write(bb);
  brelse(bb);
}

/** Entry i of indirect block `blk`, allocating it when `alloc`; 0 absent, -errno. */
function entryOf(blk: u32, i: u32, alloc: bool): i32 {
  const b = bread(blk);
  if (b == null) return -EIO;
  let v = load<u32>(b.data + i * 4);
  if (v == 0 && alloc) {
    v = balloc();
    if (v == 0) { brelse(b); return -fserr; }
    store<u32>(b.data + i * 4, v);
    log_write(b);
  }
  brelse(b);
  if (v != 0 && !inData(v)) return -EIO;
  return <i32>v;
}

/** The disk block of file block k: 0 when absent (and not `alloc`), -errno on failure. */
export function bmap(ip: Inode, k: u32, alloc: bool): i32 {
  const d = ip.d;
  if (k < NDIRECT) {
    let a = inodeDirect(d, k);
    if (a == 0 && alloc) {
      a = balloc();
      if (a == 0) return -fserr;
      setInodeDirect(d, k, a);
    }
    return a != 0 && !inData(a) ? -EIO : <i32>a;
  }
  k -= NDIRECT;
  if (k < POINTERS_PER_BLOCK) {
    let ind = inodeIndirect(d);
    if (ind == 0) {
      if (!alloc) return 0;
      ind = balloc();
      if (ind == 0) return -fserr;
      setInodeIndirect(d, ind);
    }
    if (!inData(ind)) return -EIO;
    return entryOf(ind, k, alloc);
  }
  k -= POINTERS_PER_BLOCK;
  let dind = inodeDoubleIndirect(d);
  if (dind == 0) {
    if (!alloc) return 0;
    dind = balloc();
    if (dind == 0) return -fserr;
    setInodeDoubleIndirect(d, dind);
  }
  if (!inData(dind)) return -EIO;
  const ind = entryOf(dind, k / POINTERS_PER_BLOCK, alloc);
  if (ind <= 0) return ind;
  return entryOf(<u32>ind, k % POINTERS_PER_BLOCK, alloc);
}

function freeIndirect(blk: u32, depth: u32): void {
  if (!inData(blk)) return;
  const b = bread(blk);
  if (b != null) {
    for (let i: u32 = 0; i < POINTERS_PER_BLOCK; i++) {
      const v = load<u32>(b.data + i * 4);
      if (v == 0) continue;
      if (depth > 1) freeIndirect(v, depth - 1); else bfree(v);
    }
    brelse(b);
  }
  bfree(blk);
}

export function itruncate(ip: Inode): bool {
  const d = ip.d;
  for (let k: u32 = 0; k < NDIRECT; k++) {
    const a = inodeDirect(d, k);
    if (a != 0) { bfree(a); setInodeDirect(d, k, 0); }
  }
  if (inodeIndirect(d) != 0) { freeIndirect(inodeIndirect(d), 1); setInodeIndirect(d, 0); }
  if (inodeDoubleIndirect(d) != 0) { freeIndirect(inodeDoubleIndirect(d), 2); setInodeDoubleIndirect(d, 0); }
  setInodeSize(d, 0);
  touchTimes(ip, true);
  return iupdate(ip);
}

/** Blocks held, indirect ones included (for stat). */
export function iblocks(ip: Inode): u32 {
  const size = inodeSize(ip.d);
  const n = (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
  let extra: u32 = 0;
  if (n > NDIRECT) extra++;
  if (n > NDIRECT + POINTERS_PER_BLOCK) extra += 1 + (n - NDIRECT - POINTERS_PER_BLOCK + POINTERS_PER_BLOCK - 1) / POINTERS_PER_BLOCK;
  return n + extra;
}

// ---- contents ----
export function readi(ip: Inode, dst: u32, off: u32, n: u32, user: bool): i32 {
  const size = inodeSize(ip.d);
  if (off >= size) return 0;
  if (n > size - off) n = size - off;
  let done: u32 = 0;
  while (done < n) {
    const bno = bmap(ip, off / BLOCK_SIZE, false);
    if (bno <= 0) return bno < 0 ? bno : -EIO; // a hole is damage (docs/fs.md §4)
    const b = bread(<u32>bno);
    if (b == null) return -EIO;
    const m = min(n - done, BLOCK_SIZE - off % BLOCK_SIZE);
    const src = b.data + off % BLOCK_SIZE;
    if (user) {
      if (copyout(dst + done, src, m) < 0) { brelse(b); return done > 0 ? <i32>done : -EFAULT; }
    } else {
      memory.copy(dst + done, src, m);
    }
    brelse(b);
    done += m;
    off += m;
  }
  return <i32>done;
}

/** Entry i of a cached indirect block, or 0 when the block is not in the cache. */
function peekEntry(blk: u32, i: u32): u32 {
  if (!inData(blk)) return 0;
  const data = bpeek(blk, false);
  return data == 0 ? 0 : load<u32>(data + i * 4);
}

/** File block k's disk block from memory alone: 0 if a map block is not cached (or k is unmapped). */
function bmapPeek(ip: Inode, k: u32): u32 {
  const d = ip.d;
  if (k < NDIRECT) return inodeDirect(d, k);
  k -= NDIRECT;
  if (k < POINTERS_PER_BLOCK) return peekEntry(inodeIndirect(d), k);
  k -= POINTERS_PER_BLOCK;
  const ind = peekEntry(inodeDoubleIndirect(d), k / POINTERS_PER_BLOCK);
  return ind == 0 ? 0 : peekEntry(ind, k % POINTERS_PER_BLOCK);
}

/**
 * readi from the buffer cache alone, for a user buffer, taking no lock: it
 * never sleeps, so nothing changes while it runs (docs/kernel.md §16.4).
 * -EWOULDBLOCKIO, having copied nothing, when a block is not cached (or busy).
 */
export function readiCached(ip: Inode, dst: u32, off: u32, n: u32, user: bool = true): i32 {
  const size = inodeSize(ip.d);
  if (off >= size) return 0;
  if (n > size - off) n = size - off;
  // first make sure every block is there, so that a miss copies nothing
  const last = (off + n - 1) / BLOCK_SIZE;
  for (let k = off / BLOCK_SIZE; k <= last; k++) {
    const bno = bmapPeek(ip, k);
    if (bno == 0 || !inData(bno) || bpeek(bno, false) == 0) return -EWOULDBLOCKIO;
  }
  let done: u32 = 0;
  while (done < n) {
    const data = bpeek(bmapPeek(ip, off / BLOCK_SIZE));
    const m = min(n - done, BLOCK_SIZE - off % BLOCK_SIZE);
    if (!user) memory.copy(dst + done, data + off % BLOCK_SIZE, m);
    else if (copyout(dst + done, data + off % BLOCK_SIZE, m) < 0) return done > 0 ? <i32>done : -EFAULT;
    done += m;
    off += m;
  }
  return <i32>done;
}

/** Writes n bytes at off (off <= size; src 0 and !user: zeros); in an operation. */
export function writei(ip: Inode, src: u32, off: u32, n: u32, user: bool): i32 {
  if (<u64>off + <u64>n > <u64>MAX_FILE_BYTES) return -EFBIG;
  let done: u32 = 0;
  let err: i32 = 0;
  while (done < n) {
    const bno = bmap(ip, off / BLOCK_SIZE, true);
    if (bno <= 0) { err = bno < 0 ? bno : -EIO; break; }
    const b = bread(<u32>bno);
    if (b == null) { err = -EIO; break; }
    const m = min(n - done, BLOCK_SIZE - off % BLOCK_SIZE);
    const at = b.data + off % BLOCK_SIZE;
    if (user) {
      if (copyin(at, src + done, m) < 0) { brelse(b); err = -EFAULT; break; }
    } else if (src == 0) {
      memory.fill(at, 0, m);
    } else {
      memory.copy(at, src + done, m);
    }
    log_write(b);
    brelse(b);
    done += m;
    off += m;
  }
  if (off > inodeSize(ip.d)) setInodeSize(ip.d, off);
  if (done > 0 || err == 0) touchTimes(ip, true);
  if (!iupdate(ip) && err == 0) err = -EIO;
  return done > 0 ? <i32>done : err;
}

// ---- directories ----
export let dirOffset: u32 = 0;
const entbuf = <u32>memory.data(64);

function sameName(a: u32, b: u32): bool {
  for (let i: u32 = 0; i < NAME_MAX; i += 4) if (load<u32>(a + i) != load<u32>(b + i)) return false;
  return true;
}

export function dirlookup(dp: Inode, name: u32): i32 {
  const size = inodeSize(dp.d);
  for (let off: u32 = 0; off < size; off += BLOCK_SIZE) {
    const bno = bmap(dp, off / BLOCK_SIZE, false);
    if (bno <= 0) return bno < 0 ? bno : -EIO;
    const b = bread(<u32>bno);
    if (b == null) return -EIO;
    const end = min(BLOCK_SIZE, size - off);
    for (let e: u32 = 0; e < end; e += DIRENT_BYTES) {
      const inum = direntInum(b.data + e);
      if (inum != 0 && sameName(direntName(b.data + e), name)) {
        brelse(b);
        if (inum >= ninodes) return -EIO;
        dirOffset = off + e;
        return <i32>inum;
      }
    }
    brelse(b);
  }
  return 0;
}

/** The first free slot's offset, or the size (append). */
function freeSlot(dp: Inode): i32 {
  const size = inodeSize(dp.d);
  for (let off: u32 = 0; off < size; off += DIRENT_BYTES) {
    const r = readi(dp, entbuf, off, DIRENT_BYTES, false);
    if (r != <i32>DIRENT_BYTES) return r < 0 ? r : -EIO;
    if (direntInum(entbuf) == 0) return <i32>off;
  }
  return <i32>size;
}

export function dirlink(dp: Inode, name: u32, inum: u32): i32 {
  const off = freeSlot(dp);
  if (off < 0) return off;
  setDirentInum(entbuf, inum);
  memory.copy(direntName(entbuf), name, NAME_MAX);
  const r = writei(dp, entbuf, <u32>off, DIRENT_BYTES, false);
  return r == <i32>DIRENT_BYTES ? 0 : (r < 0 ? r : -EIO);
}

export function dirset(dp: Inode, off: u32, inum: u32): i32 {
  const r = readi(dp, entbuf, off, DIRENT_BYTES, false);
  if (r != <i32>DIRENT_BYTES) return r < 0 ? r : -EIO;
  setDirentInum(entbuf, inum);
  const w = writei(dp, entbuf, off, DIRENT_BYTES, false);
  return w == <i32>DIRENT_BYTES ? 0 : (w < 0 ? w : -EIO);
}

export function dirclear(dp: Inode, off: u32): i32 {
  const w = writei(dp, 0, off, DIRENT_BYTES, false);
  return w == <i32>DIRENT_BYTES ? 0 : (w < 0 ? w : -EIO);
}

/** 1 if only . and .. are left, 0 if not, -errno. */
export function dirempty(dp: Inode): i32 {
  const size = inodeSize(dp.d);
  for (let off: u32 = 2 * DIRENT_BYTES; off < size; off += DIRENT_BYTES) {
    const r = readi(dp, entbuf, off, DIRENT_BYTES, false);
    if (r != <i32>DIRENT_BYTES) return r < 0 ? r : -EIO;
    if (direntInum(entbuf) != 0) return 0;
  }
  return 1;
}

/** The entry at off (a 64-byte kernel copy in entbuf): its inode, or -errno. */
export function direntAt(dp: Inode, off: u32): i32 {
  const r = readi(dp, entbuf, off, DIRENT_BYTES, false);
  if (r != <i32>DIRENT_BYTES) return r < 0 ? r : -EIO;
  return <i32>direntInum(entbuf);
}
export function lastDirent(): u32 { return entbuf; }

export { inodeType, inodeMode, inodeSize, inodeNlink };
