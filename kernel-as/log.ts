// Transactions (docs/kernel.md §16.4, docs/fs.md §6): every change goes
// through the log; the open transaction commits when the log is full, at
// sync, or FLUSH_TICKS after it opened (write-back, group commit).
//
//   loginit(logStart, capacity) -> bool   recovery (docs/fs.md §6); false on a disk error
//   begin_op(), end_op()       bracket one operation (at most MAX_OP_BLOCKS changed blocks)
//   log_write(b)               b (busy, changed) joins the open transaction and is pinned
//   log_sync() -> bool         commits the open transaction and waits until it is installed
//   flushDue(now) -> bool      the timer asks: is the open transaction old enough?
//   logCommits, logBlocks      transactions committed and blocks logged, for /proc/bcache
//
// Callers hold the file-system lock (fs.ts), so operations do not overlap;
// the counting of operations in flight keeps begin_op correct without it.

import { LOG_MAX, MAX_OP_BLOCKS, SECTORS_PER_BLOCK, logHeaderCount, setLogHeaderCount,
  logHeaderBlocks, setLogHeaderBlocks } from "./fs/layout.generated";
import { Buf, bread, brelse, bpin, bunpin, bcached, bzeroed } from "./bio";
import { diskrw } from "./disk";
import { kalloc } from "./kalloc";
import { FLUSH_TICKS } from "./param";
import { sleep, wakeup } from "./sched";
import { ticks } from "./timer";
import { kputs } from "./console";
import { panic } from "./panic";

let start: u32 = 0;         // the header block
let capacity: u32 = 0;
let count: u32 = 0;         // blocks in the open transaction
const blocks = <u32>memory.data(LOG_MAX * 4);
let outstanding: u32 = 0;
let committing = false;
let openedAt: u32 = 0;
let header: u32 = 0;        // a page whose first sector is written as the header
let io: Buf = changetype<Buf>(0); // a request that is not a cache buffer
const logChan = <u32>memory.data(4);
export let logCommits: u32 = 0;
export let logBlocks: u32 = 0;
let logFailed = false;

function writeAt(data: u32, blockno: u32, sectors: u32): bool {
  io.data = data;
  io.blockno = blockno;
  io.sectors = sectors;
  return diskrw(io, true);
}

function writeHeader(n: u32): bool {
  memory.fill(header, 0, 512);
  setLogHeaderCount(header, n);
  for (let i: u32 = 0; i < n; i++) setLogHeaderBlocks(header, i, load<u32>(blocks + i * 4));
  return writeAt(header, start, 1);
}

export function loginit(logStart: u32, cap: u32, firstHome: u32, end: u32): bool {
  start = logStart;
  capacity = min(cap, LOG_MAX);
  header = kalloc();
  io = new Buf();
  const hb = bread(start);
  if (hb == null) return false;
  const n = logHeaderCount(hb.data);
  let ok = n <= capacity;
  for (let i: u32 = 0; ok && i < n; i++) {
    const home = logHeaderBlocks(hb.data, i);
    ok = home >= firstHome && home < end;
    store<u32>(blocks + i * 4, home);
  }
  brelse(hb);
  if (!ok) { kputs("fs: the log header is damaged; not replayed\n"); return true; }
  if (n == 0) return true;
  // recovery: copy each logged block home, then empty the log
  for (let i: u32 = 0; i < n; i++) {
    const lb = bread(start + 1 + i);
    if (lb == null) return false;
    const home = bzeroed(load<u32>(blocks + i * 4));
    memory.copy(home.data, lb.data, 4096);
    brelse(lb);
    const written = writeAt(home.data, home.blockno, SECTORS_PER_BLOCK);
    brelse(home);
    if (!written) return false;
  }
  kputs("fs: recovered a committed transaction\n");
  return writeHeader(0);
}

export function begin_op(): void {
  while (true) {
    if (committing) sleep(logChan);
    else if (count + (outstanding + 1) * MAX_OP_BLOCKS > capacity) {
      if (outstanding == 0) commit(); else sleep(logChan);
    } else break;
  }
  outstanding++;
}

export function end_op(): void {
  if (outstanding == 0) panic("end_op: no operation");
  outstanding--;
  wakeup(logChan);
}

export function log_write(b: Buf): void {
  for (let i: u32 = 0; i < count; i++) if (load<u32>(blocks + i * 4) == b.blockno) return; // absorbed
  if (count >= capacity) panic("log_write: transaction too big");
  if (count == 0) openedAt = ticks;
  store<u32>(blocks + count * 4, b.blockno);
  count++;
  bpin(b);
}

/** docs/fs.md §6: log blocks, header (the commit point), install, empty header. */
function commit(): void {
  if (count == 0) return;
  committing = true;
  let ok = true;
  for (let i: u32 = 0; ok && i < count; i++) {
    const b = bcached(load<u32>(blocks + i * 4));
    if (b == null) panic("commit: a logged buffer left the cache");
    ok = writeAt(b!.data, start + 1 + i, SECTORS_PER_BLOCK);
  }
  ok = ok && writeHeader(count);
  for (let i: u32 = 0; ok && i < count; i++) {
    const b = bcached(load<u32>(blocks + i * 4))!;
    ok = writeAt(b.data, b.blockno, SECTORS_PER_BLOCK);
  }
  ok = ok && writeHeader(0);
  if (!ok && !logFailed) {
    kputs("fs: a commit failed (disk error); the file system is now read-only\n");
    logFailed = true;
  }
  for (let i: u32 = 0; i < count; i++) {
    const b = bcached(load<u32>(blocks + i * 4));
    if (b != null) bunpin(b);
  }
  logCommits++;
  logBlocks += count;
  count = 0;
  committing = false;
  wakeup(logChan);
}

export function log_sync(): bool {
  while (committing || outstanding > 0) sleep(logChan);
  commit();
  return !logFailed;
}

export function flushDue(now: u32): bool {
  return count > 0 && !committing && now - openedAt >= FLUSH_TICKS;
}



