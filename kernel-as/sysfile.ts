// File system calls (docs/syscalls.md, docs/kernel.md §8, §16-§18): descriptors,
// pipes, and the file system's names. Paths under /proc go to procfs.ts; without
// a mounted file system the names are the initial ramdisk's (§9), /dev/console,
// /dev/null and /proc.
//
// Every operation that changes the file system runs under fslock, between
// begin_op and end_op; an O_ATOMICLOOKUP open takes no lock and never sleeps.

import { MAXPATH } from "./param";
import { NAME_MAX, BLOCK_SIZE, INODE_TYPE_FILE, INODE_TYPE_DIRECTORY, INODE_TYPE_DEVICE, DEVICE_CONSOLE_MAJOR,
  DEVICE_NULL_MAJOR, DEVICE_DISK_MAJOR, MODE_PERMISSIONS, ROOT_INODE, DIRENT_BYTES,
  inodeType, inodeMode, setInodeMode, inodeNlink, setInodeNlink, inodeUid, setInodeUid, inodeGid, setInodeGid,
  inodeSize, inodeMajor, inodeMinor, inodeMtime, inodeCtime, direntName } from "./fs/layout.generated";
import { curproc } from "./proc";
import { fetchstr, copyout } from "./vm";
import { filealloc, filedup, fileclose, fileread, filewrite, fdalloc, fdfile, filesetdata, filesetpipe,
  filesetinode, fileAt, OFile, F_CONSOLE, F_PIPE, F_RAMDISK, F_TEXT, F_INODE, F_NULL, F_DISK, F_DIRLIST } from "./file";
import { pipealloc, pipeclose } from "./pipe";
import { initrdlookup, initrddata, initrdsize, initrdcount, initrdname } from "./initrd";
import { procopen, procdirent, procpiddir } from "./procfs";
import { Inode, fsMounted, fsReadonly, setReadonly, fslock, fsunlock, iget, iload, idup, iput, irelease, iputLocked, ialloc,
  iupdate, itruncate, iblocks, dirlink, dirset, dirclear, dirempty, direntAt, lastDirent, touchTimes, fserr } from "./fs";
import { diskBlocks } from "./disk";
import { begin_op, end_op, log_sync } from "./log";
import { namei, lookupCached, ndIp, ndDir, ndOff, permitted, parentOf, LOOKUP, CREATE, DELETE, RENAME, R_OK, W_OK, X_OK } from "./namei";
import { cache_purge_name, cache_purge_inode, cache_enter, countAtomic } from "./namecache";
import { EBADF, EFAULT, EINVAL, ENFILE, ENOENT, ENOTDIR, EROFS, EEXIST, EISDIR, EACCES, EPERM, ENOTEMPTY, EMLINK,
  EXDEV, ESPIPE, ERANGE, EBUSY, ENXIO, EWOULDBLOCKIO, EIO } from "./errno.gen";

const O_ACCMODE: i32 = 3;
const O_WRONLY: i32 = 1;
const O_RDWR: i32 = 2;
const O_CREAT: i32 = 0x40;
const O_EXCL: i32 = 0x80;
const O_TRUNC: i32 = 0x200;
const O_APPEND: i32 = 0x400;
const O_DIRECTORY: i32 = 0x10000;
const O_ATOMICLOOKUP: i32 = 0x40000;
const MNT_RDONLY: u32 = 1;
const MAX_LINKS: u32 = 0xFFFF;

// listings made up by the kernel (F_DIRLIST)
const LIST_PROC: u32 = 1;
const LIST_RAMDISK: u32 = 2;  // /bin without a file system
const LIST_ROOT: u32 = 3;     // / without a file system
const LIST_PID: u32 = 4;      // /proc/<pid>: "stat"

// The calling thread's buffers (Proc.paths), not static ones: a system call
// may sleep on the disk while it uses them, and another thread may enter
// meanwhile. Each is found through curproc(), so it is right after any sleep.
@inline function pathbuf(): u32 { return curproc().paths; }             // MAXPATH
@inline function path2(): u32 { return curproc().paths + MAXPATH; }      // MAXPATH
@inline function name1(): u32 { return curproc().paths + 2 * MAXPATH; }  // NAME_MAX, padded
@inline function name2(): u32 { return curproc().paths + 2 * MAXPATH + 64; }

function startsWith(a: u32, prefix: string): bool {
  for (let i = 0; i < prefix.length; i++) if (load<u8>(a + i) != <u8>prefix.charCodeAt(i)) return false;
  return true;
}

function isname(a: u32, name: string): bool {
  return startsWith(a, name) && load<u8>(a + name.length) == 0;
}

/** "/proc" or "/proc/..." */
function inProc(path: u32): bool {
  return startsWith(path, "/proc") && (load<u8>(path + 5) == 0 || load<u8>(path + 5) == 47);
}

function isProcDir(path: u32): bool { return isname(path, "/proc") || isname(path, "/proc/"); }

// ---- reading and writing ----
export function sys_read(fd: i32, buf: u32, n: u32): i32 {
  const f = fdfile(fd);
  return f < 0 ? -EBADF : fileread(f, buf, n);
}

export function sys_write(fd: i32, buf: u32, n: u32): i32 {
  const f = fdfile(fd);
  return f < 0 ? -EBADF : filewrite(f, buf, n);
}

export function sys_lseek(fd: i32, offset: i32, whence: i32): i32 {
  const fi = fdfile(fd);
  if (fi < 0) return -EBADF;
  const f = fileAt(fi);
  if (f.type == F_PIPE || f.type == F_CONSOLE) return -ESPIPE;
  if (f.type == F_NULL) return 0;
  let size: i64;
  if (f.type == F_INODE) size = <i64>inodeSize(f.ip!.d);
  else if (f.type == F_DIRLIST) size = 0;
  else size = <i64>f.size;
  let base: i64;
  if (whence == 0) base = 0;
  else if (whence == 1) base = <i64>f.off;
  else if (whence == 2) base = size;
  else return -EINVAL;
  const at = base + <i64>offset;
  if (at < 0 || at > 0x7FFFFFFF) return -EINVAL;
  if (f.type == F_INODE && <u32>inodeType(f.ip!.d) == INODE_TYPE_DIRECTORY && at % DIRENT_BYTES != 0) return -EINVAL;
  f.off = <u32>at;
  return <i32>at;
}

/** /dev/disk's size is capped where a file offset (an i32) still reaches its last byte. */
const MAX_DEVICE_BLOCKS: u32 = 0x7FFFFFFF / BLOCK_SIZE;

// ---- opening ----
function openDevice(ip: Inode, readable: bool, writable: bool): i32 {
  const major = <u32>inodeMajor(ip.d);
  let fi: i32;
  if (major == DEVICE_CONSOLE_MAJOR) fi = filealloc(F_CONSOLE, readable, writable);
  else if (major == DEVICE_NULL_MAJOR) fi = filealloc(F_NULL, readable, writable);
  else if (major == DEVICE_DISK_MAJOR) {
    if (writable) return -EROFS;
    fi = filealloc(F_DISK, readable, false);
    // the whole disk, as far as a 32-bit file offset reaches
    if (fi >= 0) filesetdata(fi, 0, min(diskBlocks(), MAX_DEVICE_BLOCKS) * BLOCK_SIZE);
  } else return -ENXIO;
  return fi < 0 ? -ENFILE : fi;
}

/** The open checks of an inode (docs/kernel.md §17): type, permission, read-only mount. */
function openChecks(ip: Inode, flags: i32, created: bool): i32 {
  const mode = flags & O_ACCMODE;
  const writes = mode == O_WRONLY || mode == O_RDWR;
  const type = <u32>inodeType(ip.d);
  if ((flags & O_DIRECTORY) != 0 && type != INODE_TYPE_DIRECTORY) return -ENOTDIR;
  if (type == INODE_TYPE_DIRECTORY && (writes || (flags & O_TRUNC) != 0)) return -EISDIR;
  if (!created) {
    if (mode != O_WRONLY && !permitted(ip, R_OK)) return -EACCES;
    if (writes && !permitted(ip, W_OK)) return -EACCES;
  }
  if (writes && fsReadonly && type == INODE_TYPE_FILE) return -EROFS;
  return 0;
}

/** An open file for an inode whose reference passes to it (or is dropped on failure). */
function openInode(ip: Inode, flags: i32): i32 {
  const mode = flags & O_ACCMODE;
  const readable = mode != O_WRONLY;
  const writable = mode == O_WRONLY || mode == O_RDWR;
  let fi: i32;
  if (<u32>inodeType(ip.d) == INODE_TYPE_DEVICE) {
    fi = openDevice(ip, readable, writable);
    irelease(ip);
    return fi;
  }
  fi = filealloc(F_INODE, readable, writable);
  if (fi < 0) { irelease(ip); return -ENFILE; }
  filesetinode(fi, ip, (flags & O_APPEND) != 0);
  return fi;
}

/** O_ATOMICLOOKUP (docs/kernel.md §18): from memory, or -EWOULDBLOCKIO at once. */
function openAtomic(flags: i32): i32 {
  if ((flags & (O_CREAT | O_TRUNC)) != 0) { countAtomic(false); return -EWOULDBLOCKIO; }
  const r = namei(pathbuf(), LOOKUP, true, name1());
  if (r == -EWOULDBLOCKIO) { countAtomic(false); return r; }
  if (r < 0) return r;
  const ip = ndIp!;
  const c = openChecks(ip, flags, false);
  if (c < 0) { ip.ref--; return c; }
  countAtomic(true);
  return openInode(ip, flags);
}

function create(type: u32, mode: u32): Inode | null {
  const dp = ndDir!;
  const ip = ialloc(type, mode);
  if (ip == null) return null;
  const p = curproc();
  setInodeUid(ip.d, <u16>p.uid);
  setInodeGid(ip.d, <u16>p.gid);
  setInodeNlink(ip.d, 1);
  if (type == INODE_TYPE_DIRECTORY) {
    setInodeNlink(ip.d, 2);
    store<u8>(name2(), 46); memory.fill(name2() + 1, 0, NAME_MAX - 1);
    let r = dirlink(ip, name2(), ip.inum);                       // .
    store<u8>(name2() + 1, 46);
    if (r == 0) r = dirlink(ip, name2(), dp.inum);               // ..
    if (r != 0) { setInodeNlink(ip.d, 0); iupdate(ip); iput(ip); return null; }
    setInodeNlink(dp.d, inodeNlink(dp.d) + 1);
    ip.parent = dp.inum;
  }
  const r = dirlink(dp, name1(), ip.inum);
  if (r != 0 || !iupdate(ip)) {
    if (type == INODE_TYPE_DIRECTORY) setInodeNlink(dp.d, inodeNlink(dp.d) - 1);
    setInodeNlink(ip.d, 0);
    iput(ip);
    return null;
  }
  touchTimes(dp, true);
  iupdate(dp);
  cache_purge_name(dp.inum, name1());       // the negative entry goes
  cache_enter(dp.inum, name1(), ip.inum);
  return ip;
}

function openLegacy(flags: i32): i32 {
  const mode = flags & O_ACCMODE;
  const writes = mode == O_WRONLY || mode == O_RDWR;
  let fi: i32;
  if (isname(pathbuf(), "/dev/console")) fi = filealloc(F_CONSOLE, mode != O_WRONLY, writes);
  else if (isname(pathbuf(), "/dev/null")) fi = filealloc(F_NULL, mode != O_WRONLY, writes);
  else if (isname(pathbuf(), "/") || isname(pathbuf(), "/bin") || isname(pathbuf(), "/bin/")) {
    if (writes) return -EISDIR;
    fi = filealloc(F_DIRLIST, true, false);
    if (fi >= 0) filesetdata(fi, isname(pathbuf(), "/") ? LIST_ROOT : LIST_RAMDISK, 0);
  } else {
    const i = initrdlookup(pathbuf());
    if (i < 0) return (flags & O_CREAT) != 0 ? -EROFS : -ENOENT;
    if (writes) return -EROFS;
    if ((flags & O_DIRECTORY) != 0) return -ENOTDIR;
    fi = filealloc(F_RAMDISK, true, false);
    if (fi >= 0) filesetdata(fi, initrddata(<u32>i), initrdsize(<u32>i));
  }
  return fi < 0 ? -ENFILE : fi;
}

function openProc(flags: i32): i32 {
  if ((flags & O_ACCMODE) != 0 || (flags & (O_CREAT | O_TRUNC)) != 0) return -EROFS;
  const pid = procpiddir(pathbuf());
  if (isProcDir(pathbuf()) || pid) {
    const fi = filealloc(F_DIRLIST, true, false);
    if (fi < 0) return -ENFILE;
    filesetdata(fi, pid ? LIST_PID : LIST_PROC, 0);
    return fi;
  }
  if ((flags & O_DIRECTORY) != 0) return -ENOTDIR;
  return procopen(pathbuf());
}

function openPath(flags: i32, mode: u32): i32 {
  if (inProc(pathbuf())) return openProc(flags);
  if (!fsMounted) return openLegacy(flags);
  if ((flags & O_ATOMICLOOKUP) != 0) return openAtomic(flags);
  if ((flags & (O_CREAT | O_TRUNC)) == 0) {
    // a path already in memory is opened without the lock: no wait behind another's disk wait
    const r = lookupCached(pathbuf(), name1());
    if (r != -EWOULDBLOCKIO) {
      if (r < 0) return r;
      const c = openChecks(ndIp!, flags, false);
      if (c < 0) { ndIp!.ref--; return c; }
      return openInode(ndIp!, flags);
    }
  }
  fslock();
  let ip: Inode;
  let created = false;
  if ((flags & O_CREAT) != 0) {
    const r = namei(pathbuf(), CREATE, false, name1());
    if (r < 0) { fsunlock(); return r; }
    if (ndIp != null) {
      ndDir!.ref--;
      if ((flags & O_EXCL) != 0) { iputLocked(ndIp!); fsunlock(); return -EEXIST; }
      ip = ndIp!;
    } else {
      begin_op();
      const made = create(INODE_TYPE_FILE, mode);
      const dp = ndDir!;
      iput(dp);
      end_op();
      if (made == null) { fsunlock(); return -fserr; }
      ip = made!;
      created = true;
    }
  } else {
    const r = namei(pathbuf(), LOOKUP, false, name1());
    if (r < 0) { fsunlock(); return r; }
    ip = ndIp!;
  }
  const c = openChecks(ip, flags, created);
  if (c < 0) { fsunlock(); irelease(ip); return c; }
  if ((flags & O_TRUNC) != 0 && !created && <u32>inodeType(ip.d) == INODE_TYPE_FILE && inodeSize(ip.d) > 0) {
    begin_op();
    const ok = itruncate(ip);
    end_op();
    if (!ok) { fsunlock(); irelease(ip); return -EIO; }
  }
  fsunlock();
  return openInode(ip, flags);
}

export function sys_open(path: u32, flags: i32, mode: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  const fi = openPath(flags, mode & MODE_PERMISSIONS);
  if (fi < 0) return fi;
  const fd = fdalloc(fi);
  if (fd < 0) fileclose(<u32>fi);
  return fd;
}

export function sys_close(fd: i32): i32 {
  const f = fdfile(fd);
  if (f < 0) return -EBADF;
  store<u32>(curproc().ofile + <u32>fd * 4, 0);
  fileclose(<u32>f);
  return 0;
}

export function sys_dup(fd: i32): i32 {
  const f = fdfile(fd);
  if (f < 0) return -EBADF;
  const nfd = fdalloc(f);
  if (nfd >= 0) filedup(<u32>f);
  return nfd;
}

const fdpair = <u32>memory.data(8);

export function sys_pipe(fds: u32): i32 {
  const pi = pipealloc();
  if (pi < 0) return -ENFILE;
  const rf = filealloc(F_PIPE, true, false);
  const wf = rf < 0 ? -1 : filealloc(F_PIPE, false, true);
  if (wf < 0) {
    if (rf >= 0) { filesetpipe(rf, pi); fileclose(<u32>rf); } else pipeclose(pi, false);
    pipeclose(pi, true);
    return -ENFILE;
  }
  filesetpipe(rf, pi);
  filesetpipe(wf, pi);
  const rfd = fdalloc(rf);
  const wfd = rfd < 0 ? rfd : fdalloc(wf);
  if (wfd < 0) {
    if (rfd >= 0) store<u32>(curproc().ofile + <u32>rfd * 4, 0);
    fileclose(<u32>rf);
    fileclose(<u32>wf);
    return wfd;
  }
  store<i32>(fdpair, rfd);
  store<i32>(fdpair, wfd, 4);
  if (copyout(fds, fdpair, 8) < 0) {
    store<u32>(curproc().ofile + <u32>rfd * 4, 0);
    store<u32>(curproc().ofile + <u32>wfd * 4, 0);
    fileclose(<u32>rf);
    fileclose(<u32>wf);
    return -EFAULT;
  }
  return 0;
}

// ---- stat ----
const statbuf = <u32>memory.data(56);
const DEV_FS: u32 = 1;
const DEV_PROC: u32 = 2;
const DEV_PIPE: u32 = 3;
const DEV_CONSOLE: u32 = 4;

function statInode(ip: Inode): void {
  const d = ip.d;
  memory.fill(statbuf, 0, 56);
  store<u32>(statbuf, DEV_FS);
  store<u32>(statbuf, ip.inum, 4);
  store<u32>(statbuf, <u32>inodeType(d), 8);
  store<u32>(statbuf, <u32>inodeMode(d), 12);
  store<u32>(statbuf, <u32>inodeNlink(d), 16);
  store<u32>(statbuf, <u32>inodeUid(d), 20);
  store<u32>(statbuf, <u32>inodeGid(d), 24);
  store<u32>(statbuf, inodeSize(d), 28);
  store<u32>(statbuf, (<u32>inodeMajor(d) << 8) | <u32>inodeMinor(d), 32);
  store<u32>(statbuf, iblocks(ip), 36);
  store<u64>(statbuf, inodeMtime(d), 40);
  store<u64>(statbuf, inodeCtime(d), 48);
}

function statOther(dev: u32, type: u32, size: u32, mode: u32): void {
  memory.fill(statbuf, 0, 56);
  store<u32>(statbuf, dev);
  store<u32>(statbuf, type, 8);
  store<u32>(statbuf, mode, 12);
  store<u32>(statbuf, 1, 16);
  store<u32>(statbuf, size, 28);
}

function statFile(f: OFile): void {
  if (f.type == F_INODE) statInode(f.ip!);
  else if (f.type == F_PIPE) statOther(DEV_PIPE, 4, 0, 0o600);
  else if (f.type == F_CONSOLE) statOther(DEV_CONSOLE, INODE_TYPE_DEVICE, 0, 0o666);
  else if (f.type == F_NULL) statOther(DEV_CONSOLE, INODE_TYPE_DEVICE, 0, 0o666);
  else if (f.type == F_DISK) statOther(DEV_FS, INODE_TYPE_DEVICE, 0, 0o600);
  else if (f.type == F_DIRLIST) statOther(f.data == LIST_PROC || f.data == LIST_PID ? DEV_PROC : DEV_CONSOLE, INODE_TYPE_DIRECTORY, 0, 0o555);
  else statOther(f.type == F_TEXT ? DEV_PROC : DEV_CONSOLE, INODE_TYPE_FILE, f.size, 0o444);
}

export function sys_fstat(fd: i32, st: u32): i32 {
  const fi = fdfile(fd);
  if (fi < 0) return -EBADF;
  statFile(fileAt(fi));
  return copyout(st, statbuf, 56);
}

export function sys_stat(path: u32, st: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  if (inProc(pathbuf()) || !fsMounted) {
    const fi = inProc(pathbuf()) ? openProc(0) : openLegacy(0);
    if (fi < 0) return fi;
    statFile(fileAt(fi));
    fileclose(<u32>fi);
    return copyout(st, statbuf, 56);
  }
  const cached = lookupCached(pathbuf(), name1());
  if (cached != -EWOULDBLOCKIO) {
    if (cached < 0) return cached;
    statInode(ndIp!);
    ndIp!.ref--;
    return copyout(st, statbuf, 56);
  }
  fslock();
  const r = namei(pathbuf(), LOOKUP, false, name1());
  if (r < 0) { fsunlock(); return r; }
  statInode(ndIp!);
  ndIp!.ref--;
  fsunlock();
  return copyout(st, statbuf, 56);
}

// ---- directories ----
const recbuf = <u32>memory.data(4096);

/** Appends a getdents record (docs/kernel.md §16.5); false if it does not fit in max. */
let recUsed: u32 = 0;
function record(ino: u32, name: u32, namelen: u32, max: u32): bool {
  const reclen = (8 + namelen + 1 + 3) & ~3;
  if (recUsed + reclen > max) return false;
  const at = recbuf + recUsed;
  memory.fill(at, 0, reclen);
  store<u32>(at, ino);
  store<u16>(at, <u16>reclen, 4);
  store<u16>(at, <u16>namelen, 6);
  memory.copy(at + 8, name, namelen);
  recUsed += reclen;
  return true;
}

function cstrlen(p: u32, max: u32): u32 {
  let n: u32 = 0;
  while (n < max && load<u8>(p + n) != 0) n++;
  return n;
}

const ROOT_NAMES = "bin\0dev\0proc\0";

/** Entry `index` of a made-up listing into name2(); its length, or -1 past the end. */
function listEntry(which: u32, index: u32): i32 {
  if (which == LIST_PROC) return procdirent(index, name2());
  if (which == LIST_RAMDISK) {
    if (index >= initrdcount()) return -1;
    const n = cstrlen(initrdname(index), 47);
    memory.copy(name2(), initrdname(index), n);
    return <i32>n;
  }
  if (which == LIST_PID && index > 0) return -1;
  if (index >= 3) return -1;
  const word = which == LIST_PID ? "stat" : index == 0 ? "bin" : index == 1 ? "dev" : "proc";
  for (let i = 0; i < word.length; i++) store<u8>(name2() + i, <u8>word.charCodeAt(i));
  return word.length;
}

export function sys_getdents(fd: i32, buf: u32, n: u32): i32 {
  const fi = fdfile(fd);
  if (fi < 0) return -EBADF;
  const f = fileAt(fi);
  const max = min(n, 4096);
  const start = f.off;
  recUsed = 0;
  if (f.type == F_DIRLIST) {
    while (true) {
      const len = listEntry(f.data, f.off);
      if (len < 0) break;
      if (!record(0, name2(), <u32>len, max)) { if (recUsed == 0) return -EINVAL; break; }
      f.off++;
    }
  } else if (f.type == F_INODE && <u32>inodeType(f.ip!.d) == INODE_TYPE_DIRECTORY) {
    const ip = f.ip!;
    fslock();
    while (f.off < inodeSize(ip.d)) {
      const inum = direntAt(ip, f.off);
      if (inum < 0) { fsunlock(); return recUsed > 0 ? <i32>recUsed : inum; }
      if (inum != 0) {
        const name = direntName(lastDirent());
        if (!record(<u32>inum, name, cstrlen(name, NAME_MAX), max)) {
          if (recUsed == 0) { fsunlock(); return -EINVAL; }
          break;
        }
      }
      f.off += DIRENT_BYTES;
    }
    fsunlock();
  } else {
    return -ENOTDIR;
  }
  if (recUsed > 0 && copyout(buf, recbuf, recUsed) < 0) { f.off = start; return -EFAULT; }
  return <i32>recUsed;
}

export function sys_mkdir(path: u32, mode: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  if (inProc(pathbuf())) return -EROFS;
  if (!fsMounted) return -EROFS;
  fslock();
  const r = namei(pathbuf(), CREATE, false, name1());
  if (r < 0) { fsunlock(); return r; }
  const dp = ndDir!;
  if (ndIp != null) { ndIp!.ref--; dp.ref--; fsunlock(); return -EEXIST; }
  if (<u32>inodeNlink(dp.d) >= MAX_LINKS) { dp.ref--; fsunlock(); return -EMLINK; }
  begin_op();
  const ip = create(INODE_TYPE_DIRECTORY, mode & MODE_PERMISSIONS);
  const err = fserr;
  if (ip != null) iput(ip);
  iput(dp);
  end_op();
  fsunlock();
  return ip == null ? -err : 0;
}

/** unlink and rmdir: the last component's entry goes (docs/kernel.md §17). */
function removeEntry(wantDir: bool): i32 {
  if (inProc(pathbuf())) return -EROFS;
  if (!fsMounted) return initrdlookup(pathbuf()) >= 0 ? -EROFS : -ENOENT;
  fslock();
  const r = namei(pathbuf(), DELETE, false, name1());
  if (r < 0) { fsunlock(); return r; }
  const dp = ndDir!;
  const ip = ndIp!;
  const off = ndOff;
  const isDir = <u32>inodeType(ip.d) == INODE_TYPE_DIRECTORY;
  let e: i32 = 0;
  if (wantDir && !isDir) e = -ENOTDIR;
  else if (!wantDir && isDir) e = -EISDIR;
  else if (isDir && ip.inum == ROOT_INODE) e = -EBUSY;
  else if (isDir) {
    const empty = dirempty(ip);
    if (empty < 0) e = empty; else if (empty == 0) e = -ENOTEMPTY;
  }
  if (e < 0) { ip.ref--; dp.ref--; fsunlock(); return e; }
  begin_op();
  e = dirclear(dp, off);
  if (e == 0) {
    if (isDir) {
      setInodeNlink(dp.d, inodeNlink(dp.d) - 1);  // the child's ..
      setInodeNlink(ip.d, 0);
      cache_purge_inode(ip.inum);
    } else {
      setInodeNlink(ip.d, inodeNlink(ip.d) - 1);
    }
    touchTimes(ip, false);
    touchTimes(dp, true);
    iupdate(ip);
    iupdate(dp);
    cache_purge_name(dp.inum, name1());
  }
  iput(ip);
  iput(dp);
  end_op();
  fsunlock();
  return e;
}

export function sys_rmdir(path: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  return len < 0 ? len : removeEntry(true);
}

export function sys_unlink(path: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  return len < 0 ? len : removeEntry(false);
}

/** link and rename: both paths into this thread's buffers, on the disk's file system. */
function fetchTwoPaths(oldPath: u32, newPath: u32): i32 {
  let len = fetchstr(oldPath, pathbuf(), MAXPATH);
  if (len < 0) return len;
  len = fetchstr(newPath, path2(), MAXPATH);
  if (len < 0) return len;
  if (inProc(pathbuf()) || inProc(path2())) return -EXDEV;
  return fsMounted ? 0 : -EROFS;
}

export function sys_link(oldPath: u32, newPath: u32): i32 {
  let r = fetchTwoPaths(oldPath, newPath);
  if (r < 0) return r;
  fslock();
  r = namei(pathbuf(), LOOKUP, false, name1());
  if (r < 0) { fsunlock(); return r; }
  const ip = ndIp!;
  if (<u32>inodeType(ip.d) == INODE_TYPE_DIRECTORY) { ip.ref--; fsunlock(); return -EPERM; }
  r = namei(path2(), CREATE, false, name1());
  if (r < 0) { ip.ref--; fsunlock(); return r; }
  const dp = ndDir!;
  if (ndIp != null) { ndIp!.ref--; dp.ref--; ip.ref--; fsunlock(); return -EEXIST; }
  if (fsReadonly) { dp.ref--; ip.ref--; fsunlock(); return -EROFS; }
  if (<u32>inodeNlink(ip.d) >= MAX_LINKS) { dp.ref--; ip.ref--; fsunlock(); return -EMLINK; }
  begin_op();
  r = dirlink(dp, name1(), ip.inum);
  if (r == 0) {
    setInodeNlink(ip.d, inodeNlink(ip.d) + 1);
    touchTimes(ip, false);
    touchTimes(dp, true);
    iupdate(ip);
    iupdate(dp);
    cache_purge_name(dp.inum, name1());
    cache_enter(dp.inum, name1(), ip.inum);
  }
  iput(dp);
  iput(ip);
  end_op();
  fsunlock();
  return r;
}

/** Is directory `inum` the directory `dp` or one of its ancestors? (rename into itself) */
function isAncestor(inum: u32, dp: Inode): i32 {
  let cur = dp.inum;
  let ip: Inode | null = idup(dp);
  for (let depth = 0; depth < 4096; depth++) {
    if (cur == inum) { ip!.ref--; return 1; }
    if (cur == ROOT_INODE) { ip!.ref--; return 0; }
    const up = parentOf(ip!);
    ip!.ref--;
    if (up < 0) return up;
    cur = <u32>up;
    ip = iget(cur);
    if (ip == null) return -fserr;
    if (!iload(ip!)) { ip!.ref--; return -fserr; }
  }
  ip!.ref--;
  return -EIO;
}

export function sys_rename(oldPath: u32, newPath: u32): i32 {
  let r = fetchTwoPaths(oldPath, newPath);
  if (r < 0) return r;
  fslock();
  r = namei(pathbuf(), DELETE, false, name2());
  if (r < 0) { fsunlock(); return r; }
  const sdp = ndDir!;
  const sip = ndIp!;
  const soff = ndOff;
  r = namei(path2(), RENAME, false, name1());
  if (r < 0) { sip.ref--; sdp.ref--; fsunlock(); return r; }
  const tdp = ndDir!;
  const tip = ndIp;
  const toff = ndOff;
  const srcDir = <u32>inodeType(sip.d) == INODE_TYPE_DIRECTORY;
  let e: i32 = 0;
  if (tip != null && tip.inum == sip.inum) e = 1; // the same file: nothing to do
  else if (tip != null) {
    const tgtDir = <u32>inodeType(tip.d) == INODE_TYPE_DIRECTORY;
    if (srcDir && !tgtDir) e = -ENOTDIR;
    else if (!srcDir && tgtDir) e = -EISDIR;
    else if (tgtDir) { const em = dirempty(tip); e = em < 0 ? em : em == 0 ? -ENOTEMPTY : 0; }
  }
  if (e == 0 && srcDir && tdp.inum != sdp.inum) {
    const a = isAncestor(sip.inum, tdp);
    if (a < 0) e = a; else if (a == 1) e = -EINVAL;
    else if (tip == null && <u32>inodeNlink(tdp.d) >= MAX_LINKS) e = -EMLINK;
  }
  if (e != 0) {
    if (tip != null) tip.ref--;
    tdp.ref--; sip.ref--; sdp.ref--;
    fsunlock();
    return e == 1 ? 0 : e;
  }
  begin_op();
  // the new name
  if (tip != null) {
    e = dirset(tdp, toff, sip.inum);
    if (e == 0) {
      if (<u32>inodeType(tip.d) == INODE_TYPE_DIRECTORY) {
        setInodeNlink(tip.d, 0);
        setInodeNlink(tdp.d, inodeNlink(tdp.d) - 1);   // its ..
        cache_purge_inode(tip.inum);
      } else {
        setInodeNlink(tip.d, inodeNlink(tip.d) - 1);
      }
      touchTimes(tip, false);
      iupdate(tip);
    }
  } else {
    e = dirlink(tdp, name1(), sip.inum);
  }
  // the old name (its offset may have moved only if it is in tdp and a slot was reused: it was not, it is taken)
  if (e == 0) e = dirclear(sdp, soff);
  if (e == 0 && srcDir && tdp.inum != sdp.inum) {
    e = dirset(sip, DIRENT_BYTES, tdp.inum);   // its .. now names the new parent
    setInodeNlink(sdp.d, inodeNlink(sdp.d) - 1);
    setInodeNlink(tdp.d, inodeNlink(tdp.d) + 1);
    sip.parent = tdp.inum;
  }
  touchTimes(sip, false);
  touchTimes(sdp, true);
  touchTimes(tdp, true);
  iupdate(sip);
  iupdate(sdp);
  iupdate(tdp);
  cache_purge_name(sdp.inum, name2());
  cache_purge_name(tdp.inum, name1());
  if (e == 0) cache_enter(tdp.inum, name1(), sip.inum);
  if (tip != null) iput(tip);
  iput(sip);
  iput(sdp);
  iput(tdp);
  end_op();
  fsunlock();
  return e;
}

export function sys_chdir(path: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  const p = curproc();
  if (!fsMounted || inProc(pathbuf())) {
    // without a file system only / is a directory one can be in
    if (isname(pathbuf(), "/")) return 0;
    return isProcDir(pathbuf()) ? -EACCES : initrdlookup(pathbuf()) >= 0 ? -ENOTDIR : -ENOENT;
  }
  fslock();
  const r = namei(pathbuf(), LOOKUP, false, name1());
  if (r < 0) { fsunlock(); return r; }
  const ip = ndIp!;
  let e: i32 = 0;
  if (<u32>inodeType(ip.d) != INODE_TYPE_DIRECTORY) e = -ENOTDIR;
  else if (!permitted(ip, X_OK)) e = -EACCES;
  fsunlock();
  if (e < 0) { irelease(ip); return e; }
  const old = p.cwd;
  p.cwd = ip;
  if (old != null) irelease(old!);
  return 0;
}

/** The current directory's path, built from the end of cwdbuf. */
const cwdbuf = <u32>memory.data(256);

export function sys_getcwd(buf: u32, n: u32): i32 {
  const p = curproc();
  let at: u32 = 255;
  store<u8>(cwdbuf + at, 0);
  if (fsMounted && p.cwd != null && p.cwd!.inum != ROOT_INODE) {
    fslock();
    let ip: Inode = idup(p.cwd!);
    while (ip.inum != ROOT_INODE) {
      const up = parentOf(ip);
      if (up < 0) { ip.ref--; fsunlock(); return up; }
      const parent = iget(<u32>up);
      if (parent == null || !iload(parent!)) { ip.ref--; if (parent != null) parent!.ref--; fsunlock(); return -EIO; }
      // find ip's name in its parent
      let found = false;
      const size = inodeSize(parent!.d);
      for (let off: u32 = 2 * DIRENT_BYTES; off < size && !found; off += DIRENT_BYTES) {
        const inum = direntAt(parent!, off);
        if (inum < 0) break;
        if (<u32>inum != ip.inum) continue;
        const name = direntName(lastDirent());
        const nl = cstrlen(name, NAME_MAX);
        if (nl + 1 > at) { ip.ref--; parent!.ref--; fsunlock(); return -ERANGE; }
        at -= nl;
        memory.copy(cwdbuf + at, name, nl);
        at--;
        store<u8>(cwdbuf + at, 47);
        found = true;
      }
      ip.ref--;
      ip = parent!;
      if (!found) { ip.ref--; fsunlock(); return -ENOENT; }
    }
    ip.ref--;
    fsunlock();
  }
  if (at == 255) { at--; store<u8>(cwdbuf + at, 47); }
  const len: u32 = 255 - at;
  if (len + 1 > n) return -ERANGE;
  if (copyout(buf, cwdbuf + at, len + 1) < 0) return -EFAULT;
  return <i32>len;
}

export function sys_chmod(path: u32, mode: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  if (inProc(pathbuf()) || !fsMounted) return -EROFS;
  fslock();
  const r = namei(pathbuf(), LOOKUP, false, name1());
  if (r < 0) { fsunlock(); return r; }
  const ip = ndIp!;
  const uid = curproc().uid;
  let e: i32 = 0;
  if (uid != 0 && uid != <u32>inodeUid(ip.d)) e = -EPERM;
  else if (fsReadonly) e = -EROFS;
  else {
    begin_op();
    setInodeMode(ip.d, <u16>(mode & MODE_PERMISSIONS));
    touchTimes(ip, false);
    if (!iupdate(ip)) e = -EIO;
    iput(ip);
    end_op();
    fsunlock();
    return e;
  }
  ip.ref--;
  fsunlock();
  return e;
}

export function sys_mount(path: u32, flags: u32): i32 {
  const len = fetchstr(path, pathbuf(), MAXPATH);
  if (len < 0) return len;
  if (curproc().uid != 0) return -EPERM;
  if (!fsMounted || !isname(pathbuf(), "/")) return -EINVAL;
  if ((flags & ~MNT_RDONLY) != 0) return -EINVAL;
  fslock();
  let e: i32 = 0;
  if ((flags & MNT_RDONLY) != 0) {
    if (!log_sync()) e = -EIO;
    else setReadonly(true);
  } else {
    setReadonly(false);
  }
  fsunlock();
  return e;
}

export function sys_sync(): i32 {
  if (!fsMounted) return 0;
  fslock();
  const ok = log_sync();
  fsunlock();
  return ok ? 0 : -EIO;
}

export function sys_fsync(fd: i32): i32 {
  if (fdfile(fd) < 0) return -EBADF;
  return sys_sync();
}
