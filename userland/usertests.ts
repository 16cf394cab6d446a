// usertests: the kernel's tests, run inside the guest (xv6's usertests).
// Each test runs in a forked child (a crash fails that test only); the free
// page count must be the same before and after (no leaked pages). Prints
// "test NAME: OK" or "test NAME: FAILED", then "ALL TESTS PASSED" or
// "SOME TESTS FAILED" (exit status 0 or 1).
//
//   usertests           every test
//   usertests NAME...   the named tests

import {
  args, print, eprint, fork, exit, wait, waitStatus, pipe, read, write, close, exec, open, sbrk, kill,
  sleep, getpid, dup, kstatGlobal, kstatProc, KS_FREEPAGES, O_RDONLY, O_WRONLY, errno, LineReader, listdir,
  malloc, free, uptime, stat, lseek, O_DIRECTORY, SEEK_SET, SEEK_CUR,
} from "./lib/libc";
import {
  sys_read, sys_write, sys_open, sys_wait, sys_exec, sys_pipe, sys_chdir, sys_fstat, sys_getargs, sys_kstat,
  sys_bootargs, sys_getdents, sys_close, sys_stat, sys_mkdir, sys_rmdir, sys_unlink, sys_link, sys_rename,
  sys_getcwd, sys_chmod, sys_mount,
} from "./lib/sys.gen";
import { EFAULT, ENOENT, ECHILD, EBADF, EROFS, EINVAL, ENOTDIR } from "./lib/errno.gen";

let failures = 0;

function expect(ok: bool, what: string): bool {
  if (!ok) eprint("  expected: " + what + "\n");
  return ok;
}

/** Runs argv in a child; its exit status. */
function run(argv: string[]): i32 {
  const pid = fork();
  if (pid == 0) {
    exec("/bin/" + argv[0], argv);
    exit(127);
  }
  while (wait() != pid) {}
  return waitStatus;
}

// ---- the tests: each returns true on success ----

function forkExitWait(): bool {
  const pid = fork();
  if (pid == 0) exit(42);
  const w = wait();
  return expect(w == pid && waitStatus == 42, "wait returns the child and its status 42") &&
    expect(wait() < 0 && errno == ECHILD, "a second wait fails with ECHILD");
}

function manyForks(): bool {
  let n = 0;
  for (; n < 30; n++) {
    const pid = fork();
    if (pid < 0) break;
    if (pid == 0) exit(n);
  }
  let reaped = 0;
  while (wait() >= 0) reaped++;
  return expect(n == 30 && reaped == n, "30 children forked and reaped");
}

function pipeData(): bool {
  const fds = pipe()!;
  const total = 5000;
  const pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const buf = heap.alloc(100);
    for (let i = 0; i < total; i += 100) {
      for (let k = 0; k < 100; k++) store<u8>(buf + k, <u8>(i + k));
      if (write(fds[1], buf, 100) != 100) exit(1);
    }
    exit(0);
  }
  close(fds[1]);
  const buf = heap.alloc(300);
  let got = 0;
  let ok = true;
  while (true) {
    const n = read(fds[0], buf, 300);
    if (n <= 0) break;
    for (let k = 0; k < n; k++) if (load<u8>(buf + k) != <u8>(got + k)) ok = false;
    got += n;
  }
  close(fds[0]);
  wait();
  return expect(ok && got == total && waitStatus == 0, "5000 bytes through a pipe, in order");
}

function pipeEnds(): bool {
  const fds = pipe()!;
  close(fds[1]);
  const buf = heap.alloc(8);
  const eof = read(fds[0], buf, 8) == 0;
  close(fds[0]);
  const fds2 = pipe()!;
  close(fds2[0]);
  const broken = write(fds2[1], buf, 1) < 0;
  close(fds2[1]);
  return expect(eof, "read with no writer is end of file") && expect(broken, "write with no reader fails");
}

/** Addresses no system call may use: the kernel, the top of memory, the unmapped null page. */
const BAD: u32[] = [0xC0000000, 0xC0100000, 0xFFFFF000, 0x00000000, 0x00000010];
/** A user address whose range crosses into the kernel when the length is 64. */
const CROSSING: u32 = 0xBFFFFFF0;

/** Every pointer-taking system call, with pointers it may not use: -EFAULT, never a panic. */
function efault(): bool {
  let ok = true;
  const fd = open("/proc/stat", O_RDONLY);
  const good = <u32>heap.alloc(64);
  const echo = <u32>changetype<usize>(String.UTF8.encode("/bin/echo", true));
  const dirfd = open("/proc", O_RDONLY);
  const argv = new StaticArray<u32>(2);
  const hasBootArgs = sys_bootargs(good, 64) > 0;
  for (let i = 0; i < BAD.length; i++) {
    const p = BAD[i];
    const at = " at 0x" + p.toString(16);
    ok = expect(sys_read(fd, p, 8) == -EFAULT, "read" + at) && ok;
    ok = expect(sys_write(1, p, 8) == -EFAULT, "write" + at) && ok;
    ok = expect(sys_open(p, 0, 0) == -EFAULT, "open path" + at) && ok;
    ok = expect(sys_exec(p, good) == -EFAULT, "exec path" + at) && ok;
    ok = expect(sys_exec(echo, p) == -EFAULT, "exec argv" + at) && ok;
    if (p != 0) { // a 0 argv[0] is the end of an empty argv, not a bad pointer
      argv[0] = p; argv[1] = 0;
      ok = expect(sys_exec(echo, <u32>changetype<usize>(argv)) == -EFAULT, "exec argv[0]" + at) && ok;
    }
    ok = expect(sys_chdir(p) == -EFAULT, "chdir" + at) && ok;
    lseek(dirfd, 0, SEEK_SET); // at the end of the directory there would be nothing to copy
    ok = expect(sys_getdents(dirfd, p, 64) == -EFAULT, "getdents buffer" + at) && ok;
    ok = expect(sys_stat(p, good) == -EFAULT, "stat path" + at) && ok;
    ok = expect(sys_stat(echo, p) == -EFAULT, "stat record" + at) && ok;
    ok = expect(sys_mkdir(p, 0o755) == -EFAULT, "mkdir" + at) && ok;
    ok = expect(sys_rmdir(p) == -EFAULT, "rmdir" + at) && ok;
    ok = expect(sys_unlink(p) == -EFAULT, "unlink" + at) && ok;
    ok = expect(sys_link(p, echo) == -EFAULT, "link old" + at) && ok;
    ok = expect(sys_link(echo, p) == -EFAULT, "link new" + at) && ok;
    ok = expect(sys_rename(p, echo) == -EFAULT, "rename old" + at) && ok;
    ok = expect(sys_rename(echo, p) == -EFAULT, "rename new" + at) && ok;
    ok = expect(sys_getcwd(p, 64) == -EFAULT, "getcwd" + at) && ok;
    ok = expect(sys_chmod(p, 0o755) == -EFAULT, "chmod" + at) && ok;
    ok = expect(sys_mount(p, 0) == -EFAULT, "mount" + at) && ok;
    ok = expect(sys_pipe(p) == -EFAULT, "pipe" + at) && ok;
    ok = expect(sys_fstat(fd, p) == -EFAULT, "fstat" + at) && ok;
    ok = expect(sys_getargs(p, 8) == -EFAULT, "getargs" + at) && ok;
    ok = expect(sys_kstat(-1, p, 56) == -EFAULT, "kstat" + at) && ok;
    if (hasBootArgs) ok = expect(sys_bootargs(p, 64) == -EFAULT, "bootargs" + at) && ok;
    if (p != 0) { // wait(0) means: do not store the status
      const child = fork();
      if (child == 0) exit(3);
      ok = expect(sys_wait(p) == -EFAULT, "wait status" + at) && ok;
      while (wait() >= 0) {} // the child is still there to reap
    }
  }
  ok = expect(sys_read(fd, CROSSING, 64) == -EFAULT, "read across KERNBASE") && ok;
  ok = expect(sys_write(1, CROSSING, 64) == -EFAULT, "write across KERNBASE") && ok;
  ok = expect(sys_kstat(-1, CROSSING, 56) == -EFAULT, "kstat across KERNBASE") && ok;
  lseek(dirfd, 0, SEEK_SET);
  ok = expect(sys_getdents(dirfd, CROSSING, 64) == -EFAULT, "getdents across KERNBASE") && ok;
  close(fd);
  close(dirfd);
  return ok;
}

function expectKilled(argv: string[]): bool {
  return expect(run(argv) == 137, argv[0] + " is killed (status 137)");
}

function faults(): bool {
  let ok = expectKilled(["fault_cli"]);
  ok = expectKilled(["fault_div"]) && ok;
  ok = expectKilled(["fault_int"]) && ok;
  // touching kernel memory, and the null page, from AssemblyScript code
  const pid = fork();
  if (pid == 0) { store<u32>(0xC0100000, 1); exit(0); }
  wait();
  ok = expect(waitStatus == 137, "a write to kernel memory kills") && ok;
  const pid2 = fork();
  if (pid2 == 0) { exit(<i32>load<u32>(0xC0000000 + 0x500)); }
  wait();
  ok = expect(waitStatus == 137, "a read of kernel memory kills") && ok;
  const pid3 = fork();
  if (pid3 == 0) { exit(<i32>load<u32>(8)); }
  wait();
  return expect(waitStatus == 137, "a null dereference kills") && ok;
}

function sbrkGrow(): bool {
  const before = kstatProc(getpid())![6];
  const base = sbrk(256 * 1024);
  if (!expect(base > 0, "sbrk grows")) return false;
  for (let i = 0; i < 64; i++) store<u32>(<usize>base + <usize>i * 4096, i);
  let sum = 0;
  for (let i = 0; i < 64; i++) sum += load<u32>(<usize>base + <usize>i * 4096);
  const faults = kstatProc(getpid())![6] - before;
  const shrunk = sbrk(-256 * 1024) == base + 256 * 1024 && sbrk(0) == base;
  return expect(sum == 2016, "the new memory holds what was written") &&
    expect(faults == 64, "64 demand-zero faults (got " + faults.toString() + ")") && expect(shrunk, "sbrk shrinks");
}

function deepStack(depth: i32): i32 {
  const local = new StaticArray<u32>(1);
  local[0] = <u32>depth;
  return depth == 0 ? 0 : 1 + deepStack(depth - 1);
}

function stackGrowth(): bool {
  return expect(deepStack(3000) == 3000, "a deep recursion grows the stack");
}

function killSleeper(): bool {
  const pid = fork();
  if (pid == 0) { sleep(100000); exit(0); }
  sleep(2);
  kill(pid);
  wait();
  return expect(waitStatus == 137, "a killed sleeper exits with 137");
}

function execArgs(): bool {
  const fds = pipe()!;
  const pid = fork();
  if (pid == 0) {
    close(1);
    dup(fds[1]);
    close(fds[0]);
    close(fds[1]);
    exec("/bin/echo", ["echo", "a", "bc", "d e"]);
    exit(127);
  }
  close(fds[1]);
  const line = new LineReader(fds[0]).next();
  close(fds[0]);
  wait();
  return expect(line != null && line! == "a bc d e", "echo prints its arguments (got '" + (line == null ? "" : line!) + "')");
}

/** Whether / is the disk file system (stat's dev 1), not the initial ramdisk alone. */
function onDisk(): bool {
  const st = stat("/");
  return st != null && st.dev == 1;
}

function files(): bool {
  const bad = open("/nonexistent", O_RDONLY) < 0 && errno == ENOENT;
  // the initial ramdisk is read-only; on a disk, root may open /bin/sh for writing
  const ro = onDisk() || (open("/bin/sh", O_WRONLY) < 0 && errno == EROFS);
  const fd = open("/proc/stat", O_RDONLY);
  const first = fd >= 0 ? new LineReader(fd).next() : null;
  if (fd >= 0) close(fd);
  const badfd = sys_read(99, <u32>heap.alloc(4), 1) == -EBADF && sys_write(-1, 0, 0) == -EBADF;
  const own = open("/proc/" + getpid().toString() + "/stat", O_RDONLY);
  const mine = own >= 0 ? new LineReader(own).next() : null;
  if (own >= 0) close(own);
  const bin = listdir("/bin");
  const nowhere = listdir("/nowhere") == null && errno == ENOENT;
  return expect(bad, "open of a missing file: ENOENT") && expect(ro, "the ramdisk is read-only") &&
    expect(first != null && first!.startsWith("ticks "), "/proc/stat starts with ticks") &&
    expect(badfd, "bad descriptors: EBADF") &&
    expect(mine != null && mine!.startsWith("pid " + getpid().toString()), "/proc/<pid>/stat") &&
    expect(bin != null && bin.includes("sh") && bin.includes("usertests"), "listdir(/bin) has sh and usertests") &&
    expect(nowhere, "listdir of a missing directory: ENOENT");
}

const dents = memory.data(512);

/**
 * getdents on /proc: whole records (ino, reclen a multiple of 4, namelen, the
 * name and a NUL), "stat" and this process's pid among the names, 0 at the
 * end; EINVAL when a record does not fit, ENOTDIR for a file, EBADF for no
 * descriptor; a call that fails (EINVAL, EFAULT) leaves the offset where it was.
 */
function getdents(): bool {
  const fd = open("/proc", O_RDONLY | O_DIRECTORY);
  if (!expect(fd >= 0, "open /proc with O_DIRECTORY")) return false;
  const tiny = sys_getdents(fd, <u32>dents, 4) == -EINVAL;
  const faulted = sys_getdents(fd, 0xC0000000, 512) == -EFAULT;
  const unmoved = lseek(fd, 0, SEEK_CUR) == 0;
  const me = getpid().toString();
  let sawStat = false;
  let sawMe = false;
  let wellFormed = true;
  let rounds = 0;
  while (rounds++ < 1000) {
    const n = sys_getdents(fd, <u32>dents, 512);
    if (n <= 0) { wellFormed = wellFormed && n == 0; break; }
    let at = 0;
    while (at < n) {
      const reclen = <i32>load<u16>(dents + at, 4);
      const namelen = <i32>load<u16>(dents + at, 6);
      if (reclen < 9 + namelen || (reclen & 3) != 0 || at + reclen > n || load<u8>(dents + at + 8 + namelen) != 0) {
        wellFormed = false;
        break;
      }
      const name = String.UTF8.decodeUnsafe(dents + at + 8, namelen);
      if (name == "stat") sawStat = true;
      if (name == me) sawMe = true;
      at += reclen;
    }
    if (!wellFormed) break;
  }
  const end = sys_getdents(fd, <u32>dents, 512) == 0;
  close(fd);
  const file = open("/proc/stat", O_RDONLY);
  const notdir = sys_getdents(file, <u32>dents, 512) == -ENOTDIR;
  close(file);
  const badfd = sys_getdents(99, <u32>dents, 512) == -EBADF;
  return expect(tiny, "a 4-byte buffer: EINVAL") && expect(faulted, "a kernel buffer: EFAULT") &&
    expect(unmoved, "the failed calls left the offset at 0") && expect(wellFormed, "well-formed records") &&
    expect(sawStat && sawMe, "/proc lists stat and this process") && expect(end, "0 at the end, and after") &&
    expect(notdir, "getdents of a file: ENOTDIR") && expect(badfd, "getdents of no descriptor: EBADF");
}

function dupClose(): bool {
  const fd = dup(1);
  const ok = fd >= 3 && close(fd) == 0 && close(fd) < 0 && errno == EBADF;
  return expect(ok, "dup gives a new descriptor; closing it twice fails");
}

let shared: u32 = 1;

/** fork copies memory: a child's writes are its own, and the parent's stay the parent's. */
function forkIsolation(): bool {
  const heapWord = heap.alloc(4);
  store<u32>(heapWord, 5);
  shared = 1;
  const fds = pipe()!;
  const pid = fork();
  if (pid == 0) {
    shared = 2;
    store<u32>(heapWord, 6);
    const b = heap.alloc(1);
    read(fds[0], b, 1); // wait for the parent's writes
    exit(shared == 2 && load<u32>(heapWord) == 6 ? 0 : 1);
  }
  shared = 3;
  store<u32>(heapWord, 7);
  write(fds[1], heapWord, 1);
  wait();
  return expect(waitStatus == 0, "the child sees only its own writes") &&
    expect(shared == 3 && load<u32>(heapWord) == 7, "the parent sees only its own writes");
}

/** sleep waits at least that many timer ticks; uptime counts them. */
function sleepTicks(): bool {
  const start = uptime();
  const r = sleep(3);
  const slept = uptime() - start;
  return expect(r == 0 && slept >= 3 && slept <= 4, "sleep(3) takes 3 ticks (took " + slept.toString() + ")");
}

/** malloc hands out distinct blocks and reuses freed ones. */
function mallocFree(): bool {
  const a = malloc(100);
  const b = malloc(100);
  for (let i = 0; i < 100; i++) { store<u8>(a + i, 1); store<u8>(b + i, 2); }
  let intact = true;
  for (let i = 0; i < 100; i++) if (load<u8>(a + i) != 1) intact = false;
  free(a);
  const c = malloc(120); // the same class as a
  const big = malloc(200000);
  store<u8>(big + 199999, 9);
  free(big);
  const big2 = malloc(150000);
  return expect(a != b && intact && (a & 7) == 0, "distinct aligned blocks") &&
    expect(c == a, "a freed block is reused") && expect(big2 == big, "a freed large block is reused");
}

/** The "kmalloc objects N" figure of /proc/stat (read with static buffers: no user allocation). */
const procbuf = memory.data(1024);
const procpath = memory.data<u8>([47, 112, 114, 111, 99, 47, 115, 116, 97, 116, 0]); // "/proc/stat"

function kmallocObjects(): i32 {
  const fd = sys_open(<u32>procpath, O_RDONLY, 0);
  if (fd < 0) return -1;
  const n = sys_read(fd, <u32>procbuf, 1023);
  sys_close(fd);
  const key = "kmalloc objects ";
  for (let i = 0; i + key.length < n; i++) {
    let match = true;
    for (let k = 0; k < key.length && match; k++) match = load<u8>(procbuf + i + k) == <u8>key.charCodeAt(k);
    if (!match) continue;
    let v = 0;
    for (let at = i + key.length; at < n && load<u8>(procbuf + at) >= 48 && load<u8>(procbuf + at) <= 57; at++) {
      v = v * 10 + (load<u8>(procbuf + at) - 48);
    }
    return v;
  }
  return -1;
}

const pipefds = memory.data(8);

/** 1000 pipes made and closed: the kernel heap and the free pages end where they started. */
function pipeCycles(): bool {
  const objects = kmallocObjects();
  const pages = freePages();
  let ok = true;
  for (let i = 0; i < 1000 && ok; i++) {
    ok = sys_pipe(<u32>pipefds) == 0;
    sys_close(load<i32>(pipefds));
    sys_close(load<i32>(pipefds, 4));
  }
  return expect(ok, "1000 pipes") && expect(freePages() == pages, "no page leaked by pipes") &&
    expect(objects >= 0 && kmallocObjects() == objects, "no kmalloc object leaked by pipes");
}

/** 1000 fork + exit + wait: the kernel heap and the free pages end where they started. */
function forkCycles(): bool {
  const objects = kmallocObjects();
  const pages = freePages();
  let ok = true;
  for (let i = 0; i < 1000 && ok; i++) {
    const pid = fork();
    if (pid == 0) exit(0);
    ok = pid > 0 && wait() == pid;
  }
  return expect(ok, "1000 forks") && expect(freePages() == pages, "no page leaked by fork and exit") &&
    expect(objects >= 0 && kmallocObjects() == objects, "no kmalloc object leaked by fork and exit");
}

// ---- the runner ----

const NAMES: string[] = ["forkExitWait", "manyForks", "pipeData", "pipeEnds", "efault", "faults", "sbrkGrow",
  "stackGrowth", "killSleeper", "execArgs", "files", "dupClose", "forkIsolation", "mallocFree", "sleepTicks",
  "pipeCycles", "forkCycles", "getdents"];

function runTest(i: i32): bool {
  switch (i) {
    case 0: return forkExitWait();
    case 1: return manyForks();
    case 2: return pipeData();
    case 3: return pipeEnds();
    case 4: return efault();
    case 5: return faults();
    case 6: return sbrkGrow();
    case 7: return stackGrowth();
    case 8: return killSleeper();
    case 9: return execArgs();
    case 10: return files();
    case 11: return dupClose();
    case 12: return forkIsolation();
    case 13: return mallocFree();
    case 14: return sleepTicks();
    case 15: return pipeCycles();
    case 16: return forkCycles();
    case 17: return getdents();
    default: return false;
  }
}

const statbuf = memory.data(64);

/** Free pages, read without allocating (an allocation could grow the heap and take pages). */
function freePages(): u32 {
  sys_kstat(-1, <u32>statbuf, 56);
  return load<u32>(statbuf + 4 * KS_FREEPAGES);
}

export function main(): i32 {
  const a = args();
  for (let i = 0; i < NAMES.length; i++) {
    if (a.length > 1 && !a.slice(1).includes(NAMES[i])) continue;
    const free = freePages();
    const pid = fork();
    if (pid == 0) exit(runTest(i) ? 0 : 1);
    while (wait() != pid) {}
    const passed = waitStatus == 0;
    const leaked = freePages() != free;
    if (passed && !leaked) print("test " + NAMES[i] + ": OK\n");
    else {
      print("test " + NAMES[i] + ": FAILED" + (leaked ? " (pages leaked)" : "") + "\n");
      failures++;
    }
  }
  print(failures == 0 ? "ALL TESTS PASSED\n" : "SOME TESTS FAILED\n");
  return failures == 0 ? 0 : 1;
}
