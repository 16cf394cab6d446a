// lat_fs [N]: file system latencies, lmbench-style, on the default disk's
// /www (docs/perf.md). lat_fs churn SEED N: a seeded, write-heavy workload
// for the power-cut tests (below). One line of lib/bench.ts per figure, in
// this order:
//
//   lat_fs_lookup_cold    stat of each /www/files/NAME, the first time: name cache
//                         misses, with the disk reads the first ones need (n = 8 files)
//   lat_fs_lookup_warm    stat of the same paths again (N, round robin): name cache hits
//   lat_fs_atomic_hit     open(O_ATOMICLOOKUP) + close of a cached file (N)
//   lat_fs_atomic_bounce  open(O_ATOMICLOOKUP) of a name not in the cache: EWOULDBLOCKIO (N)
//   lat_fs_read_hit       lseek 0 + read of 4 KiB of a cached file (N)
//   lat_fs_read_miss      lseek + read of 4 KiB never read before: block i of the
//                         1 MiB file, in order (min(N, 256))
//   lat_fs_create         open(O_CREAT | O_EXCL) + close of a new file in /tmp (N);
//                         the files are removed afterwards
//
// N defaults to 100. Times come from kstat's cycle counter, read around each
// timed region; the cost of reading it (two back-to-back kstat calls) is
// taken off, and so is that call's kernel entry. Cycles include time idle
// waiting for the disk; switches count those waits. Nothing is allocated
// inside a timed region: paths are made into C strings beforehand.
// The lookups and reads must run first after boot for "cold" to hold.
//
// lat_fs overlap N: cached reads while another process waits for the disk
// (docs/kernel.md §16.4). A child reads the 1 MiB file from a cold cache; the
// parent, one tick later, does N times lseek 0 + read of 4 KiB of a cached
// file and prints
//   lat_fs_overlap n=N voluntary=V involuntary=I child_state=S
// V: the parent's voluntary switches over its N reads (waits: 0 when cached
// reads never wait behind the child's disk waits); I: its preemptions; S: the
// child's state when the reads ended (2, sleeping: it was still waiting for
// the disk, so the reads overlapped its waits).
//
// churn: N operations chosen by a xorshift generator seeded with SEED, in
// /tmp/churn and the folders it makes there: create and write (up to 128 KiB,
// so some writes span several log chunks), append, overwrite at an offset,
// rewrite with O_TRUNC, unlink, mkdir, link, rename, rmdir, fsync. No sync at
// the end: the machine may be stopped at any cycle. Prints
// `lat_fs churn: N operations` when done; any unexpected error ends it with
// status 1.
import { args, cstr, eprint, print, kstatInto, kstatProcInto, entriesBetween, switchesBetween, cycles, strerror,
  fork, exit, sleep, wait, waitStatus, getpid,
  O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_ATOMICLOOKUP, SEEK_SET } from "./lib/libc";
import {
  sys_stat, sys_open, sys_close, sys_read, sys_write, sys_lseek, sys_unlink, sys_mkdir, sys_link, sys_rename,
  sys_rmdir, sys_fsync,
} from "./lib/sys.gen";
import { EWOULDBLOCKIO, ENOTEMPTY } from "./lib/errno.gen";
import { report } from "./lib/bench";

const FILES = ["empty.txt", "100.txt", "1k.html", "4k.html", "16k.html", "64k.html", "256k.bin", "1m.bin"];
const READ_HIT_FILE = "/www/files/4k.html";
const READ_MISS_FILE = "/www/files/1m.bin";
const MISS_BLOCKS = 256;   // 1 MiB of 4 KiB blocks
const BOUNCE_PATH = "/www/robots.txt";
const BLOCK = 4096;

const st = memory.data(56);
const buf = memory.data(BLOCK);
const g0 = new StaticArray<u32>(14);
const g1 = new StaticArray<u32>(14);
let overhead: u64 = 0;

/** A figure being summed over timed regions. */
class Figure {
  name: string;
  n: i32 = 0;
  cycles: u64 = 0;
  entries: u32 = 0;
  switches: u32 = 0;
  constructor(name: string) { this.name = name; }
  print(): void { report(this.name, this.n, this.cycles, this.entries, this.switches); }
}

function begin(): void { kstatInto(g0); }

function end(f: Figure, ops: i32): void {
  kstatInto(g1);
  f.n += ops;
  f.cycles += cycles(g1) - cycles(g0) - overhead;
  f.entries += entriesBetween(g0, g1) - 1; // not the kstat call
  f.switches += switchesBetween(g0, g1);
}

function fail(what: string, r: i32): i32 {
  eprint("lat_fs: " + what + ": " + (r < 0 ? strerror(-r) : "returned " + r.toString()) + "\n");
  return 1;
}

export function main(): i32 {
  const a = args();
  if (a.length > 1 && a[1] == "overlap") {
    if (a.length != 3 || I32.parseInt(a[2]) <= 0) { eprint("usage: lat_fs overlap N\n"); return 2; }
    return overlap(I32.parseInt(a[2]));
  }
  if (a.length > 1 && a[1] == "churn") {
    if (a.length != 4) { eprint("usage: lat_fs churn SEED N\n"); return 2; }
    return churn(<u32>I32.parseInt(a[2]), I32.parseInt(a[3]));
  }
  const n = a.length > 1 ? I32.parseInt(a[1]) : 100;
  if (n <= 0) { eprint("usage: lat_fs [N > 0]\n"); return 2; }

  const paths = new StaticArray<usize>(FILES.length);
  for (let i = 0; i < FILES.length; i++) paths[i] = cstr("/www/files/" + FILES[i]);
  const created = new StaticArray<usize>(n);
  for (let i = 0; i < n; i++) created[i] = cstr("/tmp/lat_fs." + i.toString());
  const hitPath = cstr(READ_HIT_FILE);
  const bouncePath = cstr(BOUNCE_PATH);
  const missPath = cstr(READ_MISS_FILE);

  overhead = U64.MAX_VALUE;
  for (let i = 0; i < 3; i++) {
    kstatInto(g0);
    kstatInto(g1);
    overhead = min(overhead, cycles(g1) - cycles(g0));
  }

  const cold = new Figure("lat_fs_lookup_cold");
  for (let i = 0; i < FILES.length; i++) {
    begin();
    const r = sys_stat(<u32>paths[i], <u32>st);
    end(cold, 1);
    if (r != 0) return fail("stat /www/files/" + FILES[i], r);
  }

  const warm = new Figure("lat_fs_lookup_warm");
  let bad = 0;
  begin();
  for (let i = 0; i < n; i++) bad |= sys_stat(<u32>paths[i % FILES.length], <u32>st);
  end(warm, n);
  if (bad != 0) return fail("stat (warm)", bad);

  const hit = new Figure("lat_fs_atomic_hit");
  let lowest = 0;
  begin();
  for (let i = 0; i < n; i++) {
    const fd = sys_open(<u32>hitPath, O_RDONLY | O_ATOMICLOOKUP, 0);
    lowest = min(lowest, fd);
    sys_close(fd);
  }
  end(hit, n);
  if (lowest < 0) return fail("atomic open " + READ_HIT_FILE, lowest);

  const bounce = new Figure("lat_fs_atomic_bounce");
  let wrong = 0;
  begin();
  for (let i = 0; i < n; i++) {
    const r = sys_open(<u32>bouncePath, O_RDONLY | O_ATOMICLOOKUP, 0);
    if (r != -EWOULDBLOCKIO) wrong = r;
  }
  end(bounce, n);
  if (wrong != 0) return fail("atomic open " + BOUNCE_PATH + " (expected EWOULDBLOCKIO)", wrong);

  const readHit = new Figure("lat_fs_read_hit");
  const hfd = sys_open(<u32>hitPath, O_RDONLY, 0);
  if (hfd < 0) return fail("open " + READ_HIT_FILE, hfd);
  let got = sys_read(hfd, <u32>buf, BLOCK); // brings the block into the cache
  begin();
  for (let i = 0; i < n; i++) {
    sys_lseek(hfd, 0, SEEK_SET);
    got = min(got, sys_read(hfd, <u32>buf, BLOCK));
  }
  end(readHit, n);
  sys_close(hfd);
  if (got != BLOCK) return fail("read " + READ_HIT_FILE, got);

  const readMiss = new Figure("lat_fs_read_miss");
  const mfd = sys_open(<u32>missPath, O_RDONLY, 0);
  if (mfd < 0) return fail("open " + READ_MISS_FILE, mfd);
  const blocks = min(n, MISS_BLOCKS);
  got = BLOCK;
  begin();
  for (let i = 0; i < blocks; i++) {
    sys_lseek(mfd, i * BLOCK, SEEK_SET);
    got = min(got, sys_read(mfd, <u32>buf, BLOCK));
  }
  end(readMiss, blocks);
  sys_close(mfd);
  if (got != BLOCK) return fail("read " + READ_MISS_FILE, got);

  const create = new Figure("lat_fs_create");
  lowest = 0;
  begin();
  for (let i = 0; i < n; i++) {
    const fd = sys_open(<u32>created[i], O_WRONLY | O_CREAT | O_EXCL, 0o644);
    lowest = min(lowest, fd);
    sys_close(fd);
  }
  end(create, n);
  for (let i = 0; i < n; i++) sys_unlink(<u32>created[i]);
  if (lowest < 0) return fail("create /tmp/lat_fs.N", lowest);

  cold.print();
  warm.print();
  hit.print();
  bounce.print();
  readHit.print();
  readMiss.print();
  create.print();
  return 0;
}

// ---- overlap ----

const p0 = new StaticArray<u32>(12);
const p1 = new StaticArray<u32>(12);
const childRec = new StaticArray<u32>(12);

function overlap(n: i32): i32 {
  const hit = sys_open(<u32>cstr(READ_HIT_FILE), O_RDONLY, 0);
  if (hit < 0) return fail("open " + READ_HIT_FILE, hit);
  if (sys_read(hit, <u32>buf, BLOCK) != BLOCK) return fail("read " + READ_HIT_FILE, -1);
  const miss = cstr(READ_MISS_FILE);
  const child = fork();
  if (child < 0) return fail("fork", -1);
  if (child == 0) {
    const fd = sys_open(<u32>miss, O_RDONLY, 0);
    if (fd < 0) exit(1);
    while (sys_read(fd, <u32>buf, BLOCK) > 0) { /* the disk's pace */ }
    exit(0);
  }
  sleep(1); // the child opens the file and starts waiting for its first block
  const me = getpid();
  kstatProcInto(me, p0);
  for (let i = 0; i < n; i++) {
    sys_lseek(hit, 0, SEEK_SET);
    sys_read(hit, <u32>buf, BLOCK);
  }
  kstatProcInto(me, p1);
  const state = kstatProcInto(child, childRec) ? childRec[2] : 0;
  print("lat_fs_overlap n=" + n.toString() + " voluntary=" + (p1[3] - p0[3]).toString() +
    " involuntary=" + (p1[4] - p0[4]).toString() + " child_state=" + state.toString() + "\n");
  wait();
  return waitStatus == 0 ? 0 : 1;
}

// ---- churn ----

const CHURN_MAX: i32 = 128 * 1024;
let rng: u32 = 1;

function next(): u32 {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

function below(n: i32): i32 { return <i32>(next() % <u32>max(n, 1)); }

/** Mostly small writes, sometimes large ones. */
function writeSize(): i32 { return below(100) < 15 ? below(CHURN_MAX) : below(12 * 1024); }

function takeAt(list: string[], i: i32): string {
  const item = list[i];
  list[i] = list[list.length - 1];
  list.pop();
  return item;
}

/** Writes `size` bytes from the pattern at `data` to path opened with `flags`, seeking to `at` if >= 0. */
function writeFile(path: string, flags: i32, data: usize, size: i32, at: i32): i32 {
  const fd = sys_open(<u32>cstr(path), O_WRONLY | flags, 0o644);
  if (fd < 0) return fd;
  if (at >= 0) sys_lseek(fd, at, SEEK_SET);
  const r = sys_write(fd, <u32>(data + <usize>below(4096)), <u32>size);
  sys_close(fd);
  return r < 0 ? r : 0;
}

function churn(seed: u32, ops: i32): i32 {
  if (ops <= 0) { eprint("usage: lat_fs churn SEED N\n"); return 2; }
  rng = seed != 0 ? seed : 1;
  const pattern = new Uint8Array(CHURN_MAX + 4096);
  for (let i = 0; i < pattern.length; i++) pattern[i] = <u8>next();
  const data = pattern.dataStart;
  const root = "/tmp/churn";
  let r = sys_mkdir(<u32>cstr(root), 0o755);
  if (r < 0) return fail("mkdir " + root, r);
  const files: string[] = [];
  const dirs: string[] = [root];
  let serial = 0;
  for (let op = 0; op < ops; op++) {
    const roll = below(100);
    let what = "";
    if (files.length == 0 || roll < 25) {
      const path = dirs[below(dirs.length)] + "/f" + (serial++).toString();
      what = "create " + path;
      r = writeFile(path, O_CREAT | O_EXCL, data, writeSize(), -1);
      if (r == 0) files.push(path);
    } else if (roll < 40) {
      const path = files[below(files.length)];
      what = "append " + path;
      r = writeFile(path, O_APPEND, data, writeSize(), -1);
    } else if (roll < 50) {
      const path = files[below(files.length)];
      what = "overwrite " + path;
      r = writeFile(path, 0, data, writeSize(), below(64 * 1024));
    } else if (roll < 58) {
      const path = files[below(files.length)];
      what = "rewrite " + path;
      r = writeFile(path, O_TRUNC, data, below(8 * 1024), -1);
    } else if (roll < 68) {
      const path = takeAt(files, below(files.length));
      what = "unlink " + path;
      r = sys_unlink(<u32>cstr(path));
    } else if (roll < 76) {
      const path = dirs[below(dirs.length)] + "/d" + (serial++).toString();
      what = "mkdir " + path;
      r = sys_mkdir(<u32>cstr(path), 0o755);
      if (r == 0) dirs.push(path);
    } else if (roll < 84) {
      const from = files[below(files.length)];
      const path = dirs[below(dirs.length)] + "/l" + (serial++).toString();
      what = "link " + from + " " + path;
      r = sys_link(<u32>cstr(from), <u32>cstr(path));
      if (r == 0) files.push(path);
    } else if (roll < 92) {
      const from = takeAt(files, below(files.length));
      const path = dirs[below(dirs.length)] + "/r" + (serial++).toString();
      what = "rename " + from + " " + path;
      r = sys_rename(<u32>cstr(from), <u32>cstr(path));
      files.push(path);
    } else if (roll < 96) {
      if (dirs.length < 2) continue;
      const i = 1 + below(dirs.length - 1);
      what = "rmdir " + dirs[i];
      r = sys_rmdir(<u32>cstr(dirs[i]));
      if (r == 0) takeAt(dirs, i);
      else if (r == -ENOTEMPTY) r = 0; // it still holds files or folders
    } else {
      const path = files[below(files.length)];
      what = "fsync " + path;
      const fd = sys_open(<u32>cstr(path), O_RDONLY, 0);
      r = fd < 0 ? fd : sys_fsync(fd);
      if (fd >= 0) sys_close(fd);
    }
    if (r < 0) return fail(what, r);
  }
  print("lat_fs churn: " + ops.toString() + " operations\n");
  return 0;
}
