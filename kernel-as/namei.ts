// Path lookup (docs/kernel.md §17), in the manner of FreeBSD's namei/lookup/
// vop_lookup: one component at a time through the name cache (namecache.ts),
// reading a directory only on a miss; permission and mount checks on the way.
//
//   namei(path, op, atomic, name) -> 0 or -errno
//       path: a kernel C string; op: LOOKUP, CREATE, DELETE or RENAME;
//       name: a NAME_MAX-byte buffer that receives the last component, NUL-padded.
//       Results (references the caller drops with iput/irelease):
//         ndIp    the inode the path names; null when it does not exist and op is
//                 CREATE or RENAME (create it in ndDir: FreeBSD's EJUSTRETURN)
//         ndDir   the last component's directory (op != LOOKUP), else null
//         ndOff   the last component's entry offset in ndDir (ndIp present, op != LOOKUP)
//       atomic: never sleeps or reads the disk; -EWOULDBLOCKIO instead (§18). Callers
//       that are not atomic hold the file-system lock.
//   lookupCached(path, name) -> 0, -errno or -EWOULDBLOCKIO   a LOOKUP from memory, counted only
//       when it answers (the caller retries with the lock and namei otherwise)
//   permitted(ip, want) -> bool      want: R_OK 4, W_OK 2, X_OK 1 (docs/kernel.md §16.6)
//   parentOf(dp) -> inum or -errno   the parent of a directory (its .. entry)

import { NAME_MAX, ROOT_INODE, DIRENT_BYTES, INODE_TYPE_DIRECTORY, MODE_STICKY,
  inodeType, inodeMode, inodeUid, inodeGid } from "./fs/layout.generated";
import { Inode, iget, igetCached, iload, idup, dirlookup, dirOffset, direntAt, fserr, fsReadonly } from "./fs";
import { cache_lookup, cache_enter, statsMark, statsRollback } from "./namecache";
import { curproc } from "./proc";
import { EACCES, EBUSY, EEXIST, EINVAL, ENAMETOOLONG, ENOENT, ENOTDIR, EPERM, EROFS, EWOULDBLOCKIO } from "./errno.gen";

export const LOOKUP: u32 = 0;
export const CREATE: u32 = 1;
export const DELETE: u32 = 2;
export const RENAME: u32 = 3;
export const R_OK: u32 = 4;
export const W_OK: u32 = 2;
export const X_OK: u32 = 1;

export let ndIp: Inode | null = null;
export let ndDir: Inode | null = null;
export let ndOff: u32 = 0;

/** Drops a reference taken during the walk (never an unlinked inode's last: see the file's comment in fs.ts). */
function unref(ip: Inode): void { ip.ref--; }

export function permitted(ip: Inode, want: u32): bool {
  const p = curproc();
  const mode = <u32>inodeMode(ip.d);
  if (p.uid == 0) {
    if ((want & X_OK) == 0 || inodeType(ip.d) == INODE_TYPE_DIRECTORY) return true;
    return (mode & 0o111) != 0;
  }
  let bits: u32;
  if (p.uid == <u32>inodeUid(ip.d)) bits = (mode >> 6) & 7;
  else if (p.gid == <u32>inodeGid(ip.d)) bits = (mode >> 3) & 7;
  else bits = mode & 7;
  return (bits & want) == want;
}

/** May the caller remove or replace entry ip of directory dp (the sticky bit)? */
function stickyAllows(dp: Inode, ip: Inode): bool {
  if ((<u32>inodeMode(dp.d) & MODE_STICKY) == 0) return true;
  const uid = curproc().uid;
  return uid == 0 || uid == <u32>inodeUid(ip.d) || uid == <u32>inodeUid(dp.d);
}

function isDot(name: u32): bool { return load<u8>(name) == 46 && load<u8>(name + 1) == 0; }
function isDotDot(name: u32): bool { return load<u16>(name) == 0x2E2E && load<u8>(name + 2) == 0; }

export function parentOf(dp: Inode): i32 {
  if (dp.inum == ROOT_INODE) return <i32>ROOT_INODE;
  if (dp.parent != 0) return <i32>dp.parent;
  const r = direntAt(dp, DIRENT_BYTES); // entry 1 is ..
  if (r <= 0) return r < 0 ? r : -ENOENT;
  dp.parent = <u32>r;
  return r;
}

let err: i32 = 0;

/** The inode named `name` in directory dp (referenced and loaded), or null with err set. */
function component(dp: Inode, name: u32, atomic: bool): Inode | null {
  let inum: i32;
  if (isDot(name)) return idup(dp);
  if (isDotDot(name)) {
    if (atomic && dp.inum != ROOT_INODE && dp.parent == 0) { err = -EWOULDBLOCKIO; return null; }
    inum = parentOf(dp);
    if (inum < 0) { err = inum; return null; }
  } else {
    inum = cache_lookup(dp.inum, name);
    if (inum < 0) { err = -ENOENT; return null; }       // a negative hit
    if (inum == 0) {
      if (atomic) { err = -EWOULDBLOCKIO; return null; }
      inum = dirlookup(dp, name);
      if (inum < 0) { err = inum; return null; }
      cache_enter(dp.inum, name, <u32>inum);
      if (inum == 0) { err = -ENOENT; return null; }
    }
  }
  let ip: Inode | null;
  if (atomic) {
    ip = igetCached(<u32>inum);
    if (ip == null) { err = -EWOULDBLOCKIO; return null; }
  } else {
    ip = iget(<u32>inum);
    if (ip == null) { err = -fserr; return null; }
    if (!iload(ip)) { unref(ip); err = -fserr; return null; }
  }
  if (inodeType(ip.d) == INODE_TYPE_DIRECTORY && !isDotDot(name) && !isDot(name)) ip.parent = dp.inum;
  return ip;
}

/** Is the directory searchable (and in memory, for an atomic walk)? */
function searchable(dp: Inode): i32 {
  if (inodeType(dp.d) != INODE_TYPE_DIRECTORY) return -ENOTDIR;
  if (!permitted(dp, X_OK)) return -EACCES;
  return 0;
}

/**
 * A LOOKUP from memory, for a caller that then needs no lock (the walk never
 * sleeps): 0 with ndIp, a definite -errno, or -EWOULDBLOCKIO with nothing
 * counted in the cache's figures, for the caller to take the lock and call
 * namei (docs/kernel.md §16.4).
 */
export function lookupCached(path: u32, name: u32): i32 {
  statsMark();
  const r = namei(path, LOOKUP, true, name);
  if (r == -EWOULDBLOCKIO) statsRollback();
  return r;
}

export function namei(path: u32, op: u32, atomic: bool, name: u32): i32 {
  ndIp = null;
  ndDir = null;
  ndOff = 0;
  if (load<u8>(path) == 0) return -ENOENT;
  const cwd = curproc().cwd;
  let ip: Inode | null;
  if (load<u8>(path) == 47 || cwd == null) {
    ip = atomic ? igetCached(ROOT_INODE) : iget(ROOT_INODE);
    if (ip == null) return atomic ? -EWOULDBLOCKIO : -fserr;
    if (!atomic && !iload(ip)) { unref(ip); return -fserr; }
  } else {
    ip = idup(cwd!);
  }
  let at = path;
  while (true) {
    while (load<u8>(at) == 47) at++;
    if (load<u8>(at) == 0) {
      // the path ends at a directory ("/", "a/"): no last component to act on
      if (op == LOOKUP) { ndIp = ip; return 0; }
      unref(ip!);
      return op == CREATE ? -EEXIST : -EBUSY;
    }
    // the next component
    let len: u32 = 0;
    while (load<u8>(at + len) != 0 && load<u8>(at + len) != 47) len++;
    if (len > NAME_MAX) { unref(ip!); return -ENAMETOOLONG; }
    memory.fill(name, 0, NAME_MAX);
    memory.copy(name, at, len);
    at += len;
    let rest = at;
    while (load<u8>(rest) == 47) rest++;
    const last = load<u8>(rest) == 0;
    const dp = ip!;
    const s = searchable(dp);
    if (s < 0) { unref(dp); return s; }
    if (last && op != LOOKUP) return lastComponent(dp, name, op);
    const next = component(dp, name, atomic);
    unref(dp);
    if (next == null) return err;
    ip = next;
  }
}

/** CREATE, DELETE and RENAME: the checks of docs/kernel.md §17 on the last component. */
function lastComponent(dp: Inode, name: u32, op: u32): i32 {
  if (isDot(name) || isDotDot(name)) { unref(dp); return op == CREATE ? -EEXIST : -EINVAL; }
  if (fsReadonly && op != CREATE) { unref(dp); return -EROFS; }
  let inum = cache_lookup(dp.inum, name);
  if (inum < 0) inum = 0;
  else if (inum == 0) {
    inum = dirlookup(dp, name);
    if (inum < 0) { unref(dp); return inum; }
    cache_enter(dp.inum, name, <u32>inum);
  } else {
    // a cache hit does not give the entry's offset: find it (the block is cached)
    const again = dirlookup(dp, name);
    if (again != inum) { unref(dp); return again < 0 ? again : -ENOENT; }
  }
  if (inum == 0) {
    if (op == DELETE) { unref(dp); return -ENOENT; }
    if (fsReadonly) { unref(dp); return -EROFS; }
    if (!permitted(dp, W_OK | X_OK)) { unref(dp); return -EACCES; }
    ndDir = dp;
    return 0;
  }
  const off = dirOffset;
  const ip = iget(<u32>inum);
  if (ip == null) { unref(dp); return -fserr; }
  if (!iload(ip)) { unref(ip); unref(dp); return -fserr; }
  if (inodeType(ip.d) == INODE_TYPE_DIRECTORY) ip.parent = dp.inum;
  if (op != CREATE) {
    if (!permitted(dp, W_OK | X_OK)) { unref(ip); unref(dp); return -EACCES; }
    if (!stickyAllows(dp, ip)) { unref(ip); unref(dp); return -EPERM; }
  }
  ndDir = dp;
  ndIp = ip;
  ndOff = off;
  return 0;
}
