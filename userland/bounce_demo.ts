// bounce_demo [-2] [-v] [PATH...]: the TUX server pattern (docs/kernel.md §18).
// A main process "serves" paths without ever waiting for the disk, and hands
// what it cannot serve from memory to a helper process that may wait.
//
// For each pass the main process forks a helper joined to it by a pipe, then,
// for each PATH, tries open(PATH, O_RDONLY | O_ATOMICLOOKUP):
//   - it works: the path is served: fstat for its size, close (nothing that can sleep);
//   - EWOULDBLOCKIO: the path is bounced: written, with a newline, to the helper;
//   - another error: the path failed (reported after the pass).
// The helper opens and reads each bounced path with ordinary blocking calls,
// which brings its directories, inode and blocks into the caches, and exits at
// the end of the pipe. The main process closes the pipe and waits for it.
// With -2 a second pass repeats the list: everything should now be served.
//
// One line per pass; the switch counts are the main process's own (kstat),
// over the serving loop only (the final wait excluded):
//
//   pass 1: served 0 atomically, bounced 11, main switches voluntary 0 involuntary 0
//   pass 2: served 11 atomically, bounced 0, main switches voluntary 0 involuntary 0
//
// with " failed N" before ", main" when some path failed. -v adds, after each
// pass line, one line per path: "  PATH served SIZE", "  PATH bounced" or
// "  PATH ENAME". Without PATHs: the sample document root's files under /www
// (tools/fs/sample-www.ts). Exit status 1 if a path failed or a helper failed.

import {
  args, print, eprint, fork, exit, wait, waitStatus, pipe, read, write, close, open, getpid, errname,
  kstatProcInto, fstatInto, perror, Stat, LineReader, O_RDONLY, O_ATOMICLOOKUP,
} from "./lib/libc";
import { sys_open } from "./lib/sys.gen";
import { EWOULDBLOCKIO } from "./lib/errno.gen";

const DEFAULT_PATHS: string[] = [
  "/www/index.html", "/www/style.css", "/www/robots.txt",
  "/www/files/empty.txt", "/www/files/100.txt", "/www/files/1k.html", "/www/files/4k.html",
  "/www/files/16k.html", "/www/files/64k.html", "/www/files/256k.bin", "/www/files/1m.bin",
];

/** kstat(pid) word indexes */
const KP_VOLUNTARY = 3;
const KP_INVOLUNTARY = 4;

const RESULT_SERVED: i32 = 0;
const RESULT_BOUNCED: i32 = -1;

/** The helper: opens and reads every path that comes down the pipe; exits at its end. */
function helper(fd: i32): void {
  const input = new LineReader(fd);
  const buf = heap.alloc(4096);
  let status = 0;
  while (true) {
    const path = input.next();
    if (path == null) break;
    const file = open(path!, O_RDONLY);
    if (file < 0) { perror("bounce_demo: helper: " + path!); status = 1; continue; }
    while (read(file, buf, 4096) > 0) {}
    close(file);
  }
  exit(status);
}

/** One pass over the paths; false if a path or the helper failed. */
function pass(number: i32, paths: string[], verbose: bool): bool {
  // everything the serving loop uses is made beforehand: it allocates nothing
  const n = paths.length;
  const cpaths = new StaticArray<u32>(n);
  const lines = new Array<ArrayBuffer>(n);
  const results = new StaticArray<i32>(n);
  const sizes = new StaticArray<u32>(n);
  for (let i = 0; i < n; i++) {
    cpaths[i] = <u32>changetype<usize>(String.UTF8.encode(paths[i], true));
    lines[i] = String.UTF8.encode(paths[i] + "\n");
  }
  const st = new Stat();
  const before = new StaticArray<u32>(12);
  const after = new StaticArray<u32>(12);

  const fds = pipe();
  if (fds == null) { perror("bounce_demo: pipe"); return false; }
  const pid = fork();
  if (pid < 0) { perror("bounce_demo: fork"); return false; }
  if (pid == 0) {
    close(fds[1]);
    helper(fds[0]);
  }
  close(fds[0]);
  const me = getpid();

  kstatProcInto(me, before);
  let served = 0;
  let bounced = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const fd = sys_open(cpaths[i], O_RDONLY | O_ATOMICLOOKUP, 0);
    if (fd >= 0) {
      sizes[i] = fstatInto(fd, st) == 0 ? st.size : 0;
      close(fd);
      results[i] = RESULT_SERVED;
      served++;
    } else if (fd == -EWOULDBLOCKIO) {
      const line = lines[i];
      write(fds[1], changetype<usize>(line), <u32>line.byteLength);
      results[i] = RESULT_BOUNCED;
      bounced++;
    } else {
      results[i] = -fd;
      failed++;
    }
  }
  kstatProcInto(me, after);

  close(fds[1]);
  while (wait() != pid) {}
  const helperOk = waitStatus == 0;

  print("pass " + number.toString() + ": served " + served.toString() + " atomically, bounced " + bounced.toString() +
    (failed > 0 ? ", failed " + failed.toString() : "") +
    ", main switches voluntary " + (after[KP_VOLUNTARY] - before[KP_VOLUNTARY]).toString() +
    " involuntary " + (after[KP_INVOLUNTARY] - before[KP_INVOLUNTARY]).toString() + "\n");
  for (let i = 0; i < n; i++) {
    const r = results[i];
    if (r > 0) eprint("bounce_demo: " + paths[i] + ": " + errname(r) + "\n");
    if (!verbose) continue;
    print("  " + paths[i] + (r == RESULT_SERVED ? " served " + sizes[i].toString() : r == RESULT_BOUNCED ? " bounced" : " " + errname(r)) + "\n");
  }
  if (!helperOk) eprint("bounce_demo: the helper failed (status " + waitStatus.toString() + ")\n");
  return failed == 0 && helperOk;
}

export function main(): i32 {
  const a = args();
  let passes = 1;
  let verbose = false;
  const paths: string[] = [];
  for (let i = 1; i < a.length; i++) {
    if (a[i] == "-2") passes = 2;
    else if (a[i] == "-v") verbose = true;
    else paths.push(a[i]);
  }
  const list = paths.length > 0 ? paths : DEFAULT_PATHS;
  let ok = true;
  for (let p = 1; p <= passes; p++) ok = pass(p, list, verbose) && ok;
  return ok ? 0 : 1;
}
