// The userland's small C library (docs/kernel.md §13), over the generated
// system calls in sys.gen.ts.
//
//   System calls return -1 and set `errno` on failure:
//     write(fd, ptr, n)  read(fd, ptr, n)  open(path, flags, mode = 0o644)  close(fd)  dup(fd)
//     lseek(fd, offset, SEEK_SET | SEEK_CUR | SEEK_END) -> the new offset
//     pipe() -> [r, w] | null   fork()  exec(path, argv)  wait() -> pid (status in waitStatus)
//     exit(status)  getpid()  getppid()  kill(pid)  sbrk(n)  sleep(ticks)  uptime()
//     chdir(path)  setpgid(pid, pgid)  tcsetpgrp(pgid)  yield_()  poweroff(status)
//     mkdir(path, mode = 0o755)  rmdir(path)  unlink(path)  link(old, new)  rename(old, new)
//     chmod(path, mode)  setuid(uid)  getuid()  setgid(gid)  getgid()
//     mount(path, MNT_RDONLY or 0)  sync()  fsync(fd)
//   Files:     stat(path), fstat(fd) -> Stat | null (docs/kernel.md §16.5);
//              statInto(path, st), fstatInto(fd, st) fill a Stat made beforehand (no allocation);
//              getcwd() -> "/tmp" ("" on failure); modeString(st) -> "drwxr-xr-x"; octal(0o755) -> "755";
//              parseOctal("755") -> 0o755 (-1 if not octal); basename("/a/b") -> "b";
//              intoDirectory("/a/f", "/d") -> "/d/f" if /d is a directory, else "/d"
//   Directories: listdir("/bin") -> ["cat", ...] | null (without "." and "..");
//              Dir.open("/bin") -> Dir | null; while (d.next()) use d.name, d.ino; d.failed; d.close()
//   Open flags (Linux's numbers): O_RDONLY O_WRONLY O_RDWR O_CREAT O_EXCL O_TRUNC O_APPEND
//              O_DIRECTORY O_ATOMICLOOKUP;  stat types T_FILE T_DIR T_DEVICE T_PIPE
//   Strings:   print("x"), eprint("x"), fprint(fd, "x"); cstr("ls") -> NUL-terminated UTF-8
//   Arguments: args() -> ["echo", "hi"];  bootargs() -> the --exec command or ""
//   Input:     LineReader(fd).next() -> a line without its newline, or null at end of file
//   Errors:    strerror(errno), errname(errno) -> "ENOENT", perror("open")
//   Counters:  kstatGlobal(), kstatProc(pid) -> StaticArray<u32> (docs/syscalls.md `kstat`);
//              kstatInto(rec), kstatProcInto(pid, rec), entriesBetween(a, b), switchesBetween(a, b), cycles(rec)
//   Memory:    malloc(n), free(p) (lib/malloc.ts) for raw buffers; `new` for objects.

import {
  sys_write, sys_read, sys_open, sys_close, sys_dup, sys_pipe, sys_fork, sys_exec, sys_wait, sys_exit,
  sys_getpid, sys_getppid, sys_kill, sys_sbrk, sys_sleep, sys_uptime, sys_chdir, sys_setpgid, sys_tcsetpgrp,
  sys_yield, sys_poweroff, sys_getargs, sys_bootargs, sys_kstat, sys_fstat, sys_getdents, sys_lseek, sys_stat,
  sys_mkdir, sys_rmdir, sys_unlink, sys_link, sys_rename, sys_getcwd, sys_chmod, sys_setuid, sys_getuid,
  sys_setgid, sys_getgid, sys_mount, sys_sync, sys_fsync,
} from "./sys.gen";
import { strerror as errnoMessage, errname as errnoName, EIO } from "./errno.gen";
export { malloc, free } from "./malloc";

export let errno: i32 = 0;
export let waitStatus: i32 = 0;

// open flags (docs/kernel.md §16.5)
export const O_RDONLY: i32 = 0;
export const O_WRONLY: i32 = 1;
export const O_RDWR: i32 = 2;
export const O_CREAT: i32 = 0x40;
export const O_EXCL: i32 = 0x80;
export const O_TRUNC: i32 = 0x200;
export const O_APPEND: i32 = 0x400;
export const O_DIRECTORY: i32 = 0x10000;
/** Fail with EWOULDBLOCKIO rather than wait for the disk (docs/kernel.md §18). */
export const O_ATOMICLOOKUP: i32 = 0x40000;

export const SEEK_SET: i32 = 0;
export const SEEK_CUR: i32 = 1;
export const SEEK_END: i32 = 2;

/** mount flags */
export const MNT_RDONLY: u32 = 1;

// Stat.type
export const T_FILE: u32 = 1;
export const T_DIR: u32 = 2;
export const T_DEVICE: u32 = 3;
export const T_PIPE: u32 = 4;

function check(r: i32): i32 {
  if (r < 0) { errno = -r; return -1; }
  return r;
}

/** A NUL-terminated UTF-8 copy of s, for system call arguments. */
export function cstr(s: string): usize {
  return changetype<usize>(String.UTF8.encode(s, true));
}

export function write(fd: i32, p: usize, n: u32): i32 { return check(sys_write(fd, <u32>p, n)); }
export function read(fd: i32, p: usize, n: u32): i32 { return check(sys_read(fd, <u32>p, n)); }
export function open(path: string, flags: i32, mode: u32 = 0o644): i32 { return check(sys_open(<u32>cstr(path), flags, mode)); }
export function lseek(fd: i32, offset: i32, whence: i32): i32 { return check(sys_lseek(fd, offset, whence)); }
export function close(fd: i32): i32 { return check(sys_close(fd)); }
export function dup(fd: i32): i32 { return check(sys_dup(fd)); }
export function fork(): i32 { return check(sys_fork()); }
export function getpid(): i32 { return sys_getpid(); }
export function getppid(): i32 { return sys_getppid(); }
export function kill(pid: i32): i32 { return check(sys_kill(pid)); }
export function sbrk(n: i32): i32 { return check(sys_sbrk(n)); }
export function sleep(ticks: u32): i32 { return check(sys_sleep(ticks)); }
export function uptime(): u32 { return <u32>sys_uptime(); }
export function chdir(path: string): i32 { return check(sys_chdir(<u32>cstr(path))); }
export function setpgid(pid: i32, pgid: i32): i32 { return check(sys_setpgid(pid, pgid)); }
export function tcsetpgrp(pgid: i32): i32 { return check(sys_tcsetpgrp(pgid)); }
export function yield_(): i32 { return sys_yield(); }
export function mkdir(path: string, mode: u32 = 0o755): i32 { return check(sys_mkdir(<u32>cstr(path), mode)); }
export function rmdir(path: string): i32 { return check(sys_rmdir(<u32>cstr(path))); }
export function unlink(path: string): i32 { return check(sys_unlink(<u32>cstr(path))); }
export function link(old: string, name: string): i32 { return check(sys_link(<u32>cstr(old), <u32>cstr(name))); }
export function rename(old: string, name: string): i32 { return check(sys_rename(<u32>cstr(old), <u32>cstr(name))); }
export function chmod(path: string, mode: u32): i32 { return check(sys_chmod(<u32>cstr(path), mode)); }
export function setuid(uid: u32): i32 { return check(sys_setuid(uid)); }
export function getuid(): u32 { return <u32>sys_getuid(); }
export function setgid(gid: u32): i32 { return check(sys_setgid(gid)); }
export function getgid(): u32 { return <u32>sys_getgid(); }
export function mount(path: string, flags: u32): i32 { return check(sys_mount(<u32>cstr(path), flags)); }
export function sync(): i32 { return check(sys_sync()); }
export function fsync(fd: i32): i32 { return check(sys_fsync(fd)); }
export function exit(status: i32): void { sys_exit(status); }
export function poweroff(status: i32): void { sys_poweroff(status); }

const statusWord = memory.data(4);

/** Waits for a child; its exit status is left in waitStatus. */
export function wait(): i32 {
  const r = check(sys_wait(<u32>statusWord));
  if (r >= 0) waitStatus = load<i32>(statusWord);
  return r;
}

const fdPair = memory.data(8);

export function pipe(): StaticArray<i32> | null {
  if (check(sys_pipe(<u32>fdPair)) < 0) return null;
  const fds = new StaticArray<i32>(2);
  fds[0] = load<i32>(fdPair);
  fds[1] = load<i32>(fdPair, 4);
  return fds;
}

export function exec(path: string, argv: string[]): i32 {
  const ptrs = new StaticArray<u32>(argv.length + 1);
  for (let i = 0; i < argv.length; i++) ptrs[i] = <u32>cstr(argv[i]);
  ptrs[argv.length] = 0;
  return check(sys_exec(<u32>cstr(path), <u32>changetype<usize>(ptrs)));
}

// ---- files ----

/** The stat record (docs/kernel.md §16.5). */
export class Stat {
  dev: u32 = 0;
  ino: u32 = 0;
  /** T_FILE, T_DIR, T_DEVICE or T_PIPE */
  type: u32 = 0;
  /** permission bits, 0o7777 at most */
  mode: u32 = 0;
  nlink: u32 = 0;
  uid: u32 = 0;
  gid: u32 = 0;
  size: u32 = 0;
  /** device inodes: major << 8 | minor */
  rdev: u32 = 0;
  blocks: u32 = 0;
  /** cycle counts of the last change of contents, and of the inode */
  mtime: u64 = 0;
  ctime: u64 = 0;
}

const statRecord = memory.data(56);

function decodeStat(st: Stat): void {
  st.dev = load<u32>(statRecord);
  st.ino = load<u32>(statRecord, 4);
  st.type = load<u32>(statRecord, 8);
  st.mode = load<u32>(statRecord, 12);
  st.nlink = load<u32>(statRecord, 16);
  st.uid = load<u32>(statRecord, 20);
  st.gid = load<u32>(statRecord, 24);
  st.size = load<u32>(statRecord, 28);
  st.rdev = load<u32>(statRecord, 32);
  st.blocks = load<u32>(statRecord, 36);
  st.mtime = load<u64>(statRecord, 40);
  st.ctime = load<u64>(statRecord, 48);
}

/** Fills `st` from the open file `fd`; 0, or -1 with errno. */
export function fstatInto(fd: i32, st: Stat): i32 {
  if (check(sys_fstat(fd, <u32>statRecord)) < 0) return -1;
  decodeStat(st);
  return 0;
}

/** Fills `st` from `path`; 0, or -1 with errno. */
export function statInto(path: string, st: Stat): i32 {
  if (check(sys_stat(<u32>cstr(path), <u32>statRecord)) < 0) return -1;
  decodeStat(st);
  return 0;
}

export function fstat(fd: i32): Stat | null {
  const st = new Stat();
  return fstatInto(fd, st) < 0 ? null : st;
}

export function stat(path: string): Stat | null {
  const st = new Stat();
  return statInto(path, st) < 0 ? null : st;
}

/** The permission bits in octal, without a prefix: octal(0o1777) = "1777", octal(0o644) = "644". */
export function octal(n: u32): string {
  return n.toString(8);
}

/** parseOctal("755") = 0o755; -1 if `s` is empty or not octal digits. */
export function parseOctal(s: string): i32 {
  if (s.length == 0 || s.length > 10) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 55) return -1;
    v = v * 8 + (c - 48);
  }
  return v;
}

/** The last component: basename("/a/b/") = "b", basename("c") = "c", basename("/") = "/". */
export function basename(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) == 47) end--;
  const start = path.lastIndexOf("/", end - 1) + 1;
  return start < end ? path.substring(start, end) : path.substring(0, end);
}

/** Where `ln`/`mv` put `old` when told `target`: target/basename(old) if target is a directory, else target. */
export function intoDirectory(old: string, target: string): string {
  const st = stat(target);
  if (st == null || st.type != T_DIR) return target;
  return (target.endsWith("/") ? target : target + "/") + basename(old);
}

/** ls -l's ten letters: modeString of a directory with mode 0o1777 = "drwxrwxrwt". */
export function modeString(st: Stat): string {
  const type = st.type == T_DIR ? "d" : st.type == T_DEVICE ? "c" : st.type == T_PIPE ? "p" : "-";
  const m = st.mode;
  return type +
    triple(m >> 6, (m & 0o4000) != 0, "s") + triple(m >> 3, (m & 0o2000) != 0, "s") + triple(m, (m & 0o1000) != 0, "t");
}

/** rwx for the low three bits of `bits`; `special` (setuid, setgid, sticky) shows in the x place. */
function triple(bits: u32, special: bool, letter: string): string {
  const x = (bits & 1) != 0;
  return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") +
    (special ? (x ? letter : letter.toUpperCase()) : (x ? "x" : "-"));
}

/** The current directory, or "" (errno set) if it cannot be had. */
export function getcwd(): string {
  const buf = memory.data(512);
  const n = check(sys_getcwd(<u32>buf, 512));
  if (n < 0) return "";
  let len = 0;
  while (len < 512 && load<u8>(buf + len) != 0) len++;
  return String.UTF8.decodeUnsafe(buf, len);
}

// ---- directories ----

const DIRBUF_SIZE: u32 = 1024;

/**
 * A directory being read with getdents, one entry at a time:
 *
 *   const d = Dir.open("/bin");
 *   if (d != null) { while (d.next()) print(d.name + "\n"); d.close(); }
 *
 * "." and ".." are returned like any other entry. After next() returns
 * false, `failed` says whether it was an error (errno set) or the end.
 */
export class Dir {
  name: string = "";
  ino: u32 = 0;
  failed: bool = false;
  private buf: usize = heap.alloc(DIRBUF_SIZE);
  private len: i32 = 0;
  private pos: i32 = 0;

  constructor(public fd: i32) {}

  static open(path: string): Dir | null {
    const fd = open(path, O_RDONLY | O_DIRECTORY);
    return fd < 0 ? null : new Dir(fd);
  }

  /** Moves to the next entry; false at the end or on an error. */
  next(): bool {
    if (this.pos >= this.len) {
      const n = check(sys_getdents(this.fd, <u32>this.buf, DIRBUF_SIZE));
      if (n <= 0) { this.failed = n < 0; return false; }
      this.len = n;
      this.pos = 0;
    }
    const rec = this.buf + <usize>this.pos;
    const reclen = <i32>load<u16>(rec, 4);
    const namelen = <i32>load<u16>(rec, 6);
    if (reclen < 8 + namelen || this.pos + reclen > this.len) { // a record the kernel cannot have made
      this.failed = true;
      errno = EIO;
      return false;
    }
    this.ino = load<u32>(rec);
    this.name = String.UTF8.decodeUnsafe(rec + 8, <usize>namelen);
    this.pos += reclen;
    return true;
  }

  close(): void {
    if (this.fd >= 0) close(this.fd);
    this.fd = -1;
    heap.free(this.buf);
  }
}

/** The names in directory `path`, without "." and ".."; null (errno set) on failure. */
export function listdir(path: string): string[] | null {
  const d = Dir.open(path);
  if (d == null) return null;
  const names: string[] = [];
  while (d.next()) {
    if (d.name != "." && d.name != "..") names.push(d.name);
  }
  const failed = d.failed;
  const saved = errno;
  d.close();
  errno = saved;
  return failed ? null : names;
}

// ---- output ----

export function fprint(fd: i32, s: string): void {
  const buf = String.UTF8.encode(s);
  let done: i32 = 0;
  while (done < buf.byteLength) {
    const r = write(fd, changetype<usize>(buf) + done, <u32>(buf.byteLength - done));
    if (r <= 0) return;
    done += r;
  }
}
export function print(s: string): void { fprint(1, s); }
export function eprint(s: string): void { fprint(2, s); }

export function strerror(e: i32): string { return errnoMessage(e); }
export function errname(e: i32): string { return errnoName(e); }
export function perror(what: string): void { eprint(what + ": " + strerror(errno) + "\n"); }

// ---- arguments ----

function splitNul(p: usize, n: i32): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (load<u8>(p + i) == 0) {
      out.push(String.UTF8.decodeUnsafe(p + start, i - start));
      start = i + 1;
    }
  }
  return out;
}

export function args(): string[] {
  const buf = heap.alloc(2048);
  const n = sys_getargs(<u32>buf, 2048);
  return n > 0 ? splitNul(buf, min(n, 2048)) : [];
}

export function bootargs(): string {
  const buf = heap.alloc(4096);
  const n = sys_bootargs(<u32>buf, 4096);
  return n > 0 ? String.UTF8.decodeUnsafe(buf, min(n, 4096)) : "";
}

// ---- input ----

export class LineReader {
  private buf: usize = heap.alloc(512);
  private len: i32 = 0;
  private pos: i32 = 0;
  private line: Array<u8> = [];
  eof: bool = false;

  constructor(private fd: i32) {}

  /** The next line without its newline; null at end of file (a last line without newline is returned first). */
  next(): string | null {
    this.line.length = 0;
    while (true) {
      if (this.pos == this.len) {
        const n = read(this.fd, this.buf, 512);
        if (n <= 0) {
          this.eof = true;
          return this.line.length > 0 ? this.text() : null;
        }
        this.len = n;
        this.pos = 0;
      }
      const c = load<u8>(this.buf + this.pos++);
      if (c == 10) return this.text();
      this.line.push(c);
    }
  }

  private text(): string {
    return String.UTF8.decodeUnsafe(this.line.dataStart, this.line.length);
  }
}

// ---- kernel counters (docs/syscalls.md kstat) ----

export const KS_TICKS = 0;
export const KS_VOLUNTARY = 1;
export const KS_INVOLUNTARY = 2;
export const KS_SYSCALLS = 3;
export const KS_IRQS = 4;
export const KS_EXCEPTIONS = 5;
export const KS_PAGEFAULTS = 6;
export const KS_FORKS = 7;
export const KS_FREEPAGES = 8;
export const KS_TOTALPAGES = 9;
export const KS_PROCESSES = 10;
export const KS_USER_ENTRIES = 11;
export const KS_CYCLES_LO = 12;
export const KS_CYCLES_HI = 13;

export function kstatGlobal(): StaticArray<u32> {
  const rec = new StaticArray<u32>(14);
  kstatInto(rec);
  return rec;
}

/** Fills a record made beforehand: no allocation (so no heap growth) between two readings. */
export function kstatInto(rec: StaticArray<u32>): void {
  sys_kstat(-1, <u32>changetype<usize>(rec), 56);
}

/** Kernel entries of every cause between two global records. */
export function entriesBetween(a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return (b[KS_SYSCALLS] + b[KS_IRQS] + b[KS_EXCEPTIONS]) - (a[KS_SYSCALLS] + a[KS_IRQS] + a[KS_EXCEPTIONS]);
}

/** Context switches (both kinds) between two global records. */
export function switchesBetween(a: StaticArray<u32>, b: StaticArray<u32>): u32 {
  return (b[KS_VOLUNTARY] + b[KS_INVOLUNTARY]) - (a[KS_VOLUNTARY] + a[KS_INVOLUNTARY]);
}

/** pid, ppid, state, voluntary, involuntary, syscalls, pagefaults, brk, name (4 words); null if none. */
export function kstatProc(pid: i32): StaticArray<u32> | null {
  const rec = new StaticArray<u32>(12);
  return sys_kstat(pid, <u32>changetype<usize>(rec), 48) < 0 ? null : rec;
}

/** kstatProc into a record of 12 words made beforehand (no allocation); false if there is no such process. */
export function kstatProcInto(pid: i32, rec: StaticArray<u32>): bool {
  return sys_kstat(pid, <u32>changetype<usize>(rec), 48) >= 0;
}

export function cycles(rec: StaticArray<u32>): u64 {
  return (<u64>rec[KS_CYCLES_HI] << 32) | <u64>rec[KS_CYCLES_LO];
}
