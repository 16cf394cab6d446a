// File system calls (docs/syscalls.md, docs/kernel.md §8): descriptors,
// pipes, and the names that can be opened until the file system exists.

import { MAXPATH } from "./param";
import { curproc } from "./proc";
import { fetchstr, copyout } from "./vm";
import { filealloc, filedup, fileclose, fileread, filewrite, fdalloc, fdfile, filesetdata, filesetpipe,
  filestat, F_CONSOLE, F_PIPE, F_RAMDISK } from "./file";
import { pipealloc, pipeclose } from "./pipe";
import { initrdlookup, initrddata, initrdsize, initrdcount, initrdname } from "./initrd";
import { procopen, procdirent } from "./procfs";
import { EBADF, EFAULT, EINVAL, ENFILE, ENOENT, ENOTDIR, EROFS } from "./errno.gen";

const O_ACCMODE: i32 = 3;
const O_WRONLY: i32 = 1;
const O_RDWR: i32 = 2;
const O_CREATE: i32 = 0x200;

const pathbuf = <u32>memory.data(256); // MAXPATH

function startsWith(a: u32, prefix: string): bool {
  for (let i = 0; i < prefix.length; i++) if (load<u8>(a + i) != <u8>prefix.charCodeAt(i)) return false;
  return true;
}

function isname(a: u32, name: string): bool {
  return startsWith(a, name) && load<u8>(a + name.length) == 0;
}

export function sys_read(fd: i32, buf: u32, n: u32): i32 {
  const f = fdfile(fd);
  return f < 0 ? -EBADF : fileread(f, buf, n);
}

export function sys_write(fd: i32, buf: u32, n: u32): i32 {
  const f = fdfile(fd);
  return f < 0 ? -EBADF : filewrite(f, buf, n);
}

export function sys_open(path: u32, flags: i32): i32 {
  const len = fetchstr(path, pathbuf, MAXPATH);
  if (len < 0) return len;
  const mode = flags & O_ACCMODE;
  const writes = mode == O_WRONLY || mode == O_RDWR;
  let fi: i32;
  if (isname(pathbuf, "/dev/console")) {
    fi = filealloc(F_CONSOLE, mode != O_WRONLY, writes);
    if (fi < 0) return -ENFILE;
  } else if (startsWith(pathbuf, "/proc/")) {
    if (writes) return -EROFS;
    fi = procopen(pathbuf);
    if (fi < 0) return fi;
  } else {
    const i = initrdlookup(pathbuf);
    if (i < 0) return (flags & O_CREATE) != 0 ? -EROFS : -ENOENT;
    if (writes) return -EROFS;
    fi = filealloc(F_RAMDISK, true, false);
    if (fi < 0) return -ENFILE;
    filesetdata(fi, initrddata(<u32>i), initrdsize(<u32>i));
  }
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

/** Directory numbers: 0 "/", 1 "/bin", 2 "/proc"; -1 for anything else. */
function dirOf(path: u32): i32 {
  if (isname(path, "/") || isname(path, ".")) return 0;
  if (isname(path, "/bin") || isname(path, "/bin/")) return 1;
  if (isname(path, "/proc") || isname(path, "/proc/")) return 2;
  return -1;
}

export function sys_chdir(path: u32): i32 {
  const len = fetchstr(path, pathbuf, MAXPATH);
  if (len < 0) return len;
  const d = dirOf(pathbuf);
  if (d < 0) return initrdlookup(pathbuf) >= 0 ? -ENOTDIR : -ENOENT;
  curproc().cwd = <u32>d;
  return 0;
}

export function sys_fstat(fd: i32, st: u32): i32 {
  const f = fdfile(fd);
  return f < 0 ? -EBADF : filestat(f, st);
}

const namebuf = <u32>memory.data(64);

export function sys_readdir(path: u32, index: u32, buf: u32, n: u32): i32 {
  const len = fetchstr(path, pathbuf, MAXPATH);
  if (len < 0) return len;
  const d = dirOf(pathbuf);
  let m: i32 = -1;
  if (d == 0) {
    if (index < 3) {
      const name = index == 0 ? "bin" : index == 1 ? "proc" : "dev";
      for (let i = 0; i < name.length; i++) store<u8>(namebuf + i, <u8>name.charCodeAt(i));
      m = name.length;
    }
  } else if (d == 1) {
    if (index < initrdcount()) {
      const e = initrdname(index);
      m = 0;
      while (m < 47 && load<u8>(e + m) != 0) { store<u8>(namebuf + m, load<u8>(e + m)); m++; }
    }
  } else if (d == 2) {
    m = procdirent(index, namebuf);
  } else {
    return initrdlookup(pathbuf) >= 0 ? -ENOTDIR : -ENOENT;
  }
  if (m < 0) return -ENOENT;
  store<u8>(namebuf + m, 0);
  if (copyout(buf, namebuf, min(n, <u32>m + 1)) < 0) return -EFAULT;
  return m;
}
