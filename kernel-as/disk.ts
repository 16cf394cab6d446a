// The fixed-disk driver (docs/kernel.md §16.2, docs/devices.md §disk): a FIFO
// of block requests, one command at a time, completion by IRQ 14.
//
//   diskinit() -> capacity in sectors (0: no disk)
//   diskBlocks()                the disk's whole blocks (what /dev/disk reads)
//   diskrw(b, write) -> bool    queues block b.blockno to or from b.data, sleeps until it
//                               completes; false on a controller error (the caller says EIO)
//   diskintr()                  IRQ 14: finishes the request in flight, starts the next
//   diskReads, diskWrites       commands completed, for /proc/bcache

import { inl, outl } from "./arch/cpu";
import { DISK_PORT } from "./param";
import { Buf } from "./bio";
import { SECTORS_PER_BLOCK } from "./fs/layout.generated";
import { sleep, wakeup } from "./sched";
import { kputs, kputd } from "./console";

const LBA: u32 = DISK_PORT + 0x00;
const COUNT: u32 = DISK_PORT + 0x04;
const DMA_ADDR: u32 = DISK_PORT + 0x08;
const COMMAND: u32 = DISK_PORT + 0x0C;
const STATUS: u32 = DISK_PORT + 0x10;
const CAPACITY: u32 = DISK_PORT + 0x14;
const ERROR: u32 = DISK_PORT + 0x18;
const CMD_READ: u32 = 1;
const CMD_WRITE: u32 = 2;
const STATUS_DONE: u32 = 2;
const STATUS_ERROR: u32 = 4;

let head: Buf | null = null;   // the request in flight
let tail: Buf | null = null;
let capacity: u32 = 0;
export let diskReads: u32 = 0;
export let diskWrites: u32 = 0;

export function diskinit(): u32 {
  capacity = inl(CAPACITY);
  outl(STATUS, STATUS_DONE | STATUS_ERROR);
  return capacity;
}

export function diskBlocks(): u32 {
  return capacity / SECTORS_PER_BLOCK;
}

function start(b: Buf): void {
  outl(LBA, b.blockno * SECTORS_PER_BLOCK);
  outl(COUNT, b.sectors);
  outl(DMA_ADDR, b.data);
  outl(COMMAND, b.diskWrite ? CMD_WRITE : CMD_READ);
}

export function diskrw(b: Buf, write: bool): bool {
  b.diskWrite = write;
  b.diskDone = false;
  b.diskError = false;
  b.qnext = null;
  if (tail == null) { head = b; tail = b; start(b); }
  else { tail!.qnext = b; tail = b; }
  while (!b.diskDone) sleep(changetype<u32>(b));
  return !b.diskError;
}

export function diskintr(): void {
  const status = inl(STATUS);
  if ((status & STATUS_DONE) == 0) return;
  const err = (status & STATUS_ERROR) != 0 ? inl(ERROR) : 0;
  outl(STATUS, STATUS_DONE | STATUS_ERROR);
  const b = head;
  if (b == null) return;
  if (err != 0) {
    kputs("disk: error "); kputd(err); kputs(" at block "); kputd(b.blockno); kputs("\n");
    b.diskError = true;
  }
  if (b.diskWrite) diskWrites++; else diskReads++;
  b.diskDone = true;
  head = b.qnext;
  if (head == null) tail = null; else start(head!);
  b.qnext = null;
  wakeup(changetype<u32>(b));
}
