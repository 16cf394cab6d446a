// The kernel's counters and its use of the trace-control port (docs/kernel.md §11).
//
//   countEntry(vector, fromUser)   a kernel entry, by cause; countPagefault(), countFork()
//   countSwitch(prev, voluntary)   a thread-to-thread switch, on the thread switched out
//   traceThread(p)                 THREAD: Perfetto's track shows p running
//   traceMark("killed", pid)       MARK
//   recordExit(p)                  keeps an exited process's figures for the report
//   reportAll()                    REPORT every figure (power-off, panic)

import { outl } from "./arch/cpu";
import { EXITED_KEPT, NPROC } from "./param";
import { Proc, procAt, UNUSED } from "./proc";
import { ticks } from "./timer";
import { kfreecount } from "./kalloc";

const TRACE_ARG: u32 = 0x510;
const TRACE_NAME: u32 = 0x514;
const TRACE_COMMAND: u32 = 0x518;
const CMD_MARK: u32 = 1;
const CMD_THREAD: u32 = 5;
const CMD_REPORT: u32 = 6;

export let nvoluntary: u32 = 0;
export let ninvoluntary: u32 = 0;
export let nentrySyscall: u32 = 0;
export let nentryIrq: u32 = 0;
export let nentryException: u32 = 0;
export let nentryUser: u32 = 0;     // entries from ring 3, all causes
export let npagefaults: u32 = 0;
export let nforks: u32 = 0;

export function countPagefault(): void { npagefaults++; }
export function countFork(): void { nforks++; }

export function countEntry(vector: u32, fromUser: bool): void {
  if (vector == 0x80) nentrySyscall++;
  else if (vector >= 32 && vector < 48) nentryIrq++;
  else nentryException++;
  if (fromUser) nentryUser++;
}

export function countSwitch(prev: Proc, voluntary: bool): void {
  if (voluntary) { nvoluntary++; prev.voluntary++; } else { ninvoluntary++; prev.involuntary++; }
}

// ---- trace-control ----

const scratch = <u32>memory.data(96);

/** Writes s as a NUL-terminated string at `at`; returns the address of the NUL. */
function putstr(at: u32, s: string): u32 {
  for (let i = 0; i < s.length; i++) store<u8>(at++, <u8>s.charCodeAt(i));
  store<u8>(at, 0);
  return at;
}

function putcstr(at: u32, c: u32): u32 {
  while (load<u8>(c) != 0) store<u8>(at++, load<u8>(c++));
  store<u8>(at, 0);
  return at;
}

function putnum(at: u32, n: u32): u32 {
  if (n >= 10) at = putnum(at, n / 10);
  store<u8>(at, <u8>(48 + n % 10));
  store<u8>(at + 1, 0);
  return at + 1;
}

function command(cmd: u32, name: u32, arg: u32): void {
  outl(TRACE_ARG, arg);
  outl(TRACE_NAME, name); // wasm address = physical address
  outl(TRACE_COMMAND, cmd);
}

export function traceThread(p: Proc): void {
  command(CMD_THREAD, p.name, <u32>p.pid);
}

export function traceMark(name: string, value: u32): void {
  putstr(scratch, name);
  command(CMD_MARK, scratch, value);
}

function report(key: string, value: u32): void {
  putstr(scratch, key);
  command(CMD_REPORT, scratch, value);
}

// ---- exited processes, for the report ----

const EXIT_RECORD: u32 = 32; // pid, voluntary, involuntary, syscalls, name[16]
const exited = <u32>memory.data(16 * 32); // EXITED_KEPT records
let nexited: u32 = 0;

export function recordExit(p: Proc): void {
  const r = exited + (nexited % EXITED_KEPT) * EXIT_RECORD;
  store<u32>(r, <u32>p.pid);
  store<u32>(r, p.voluntary, 4);
  store<u32>(r, p.involuntary, 8);
  store<u32>(r, p.syscalls, 12);
  memory.copy(r + 16, p.name, 16);
  nexited++;
}

function reportProc(pid: u32, name: u32, voluntary: u32, involuntary: u32, syscalls: u32): void {
  let at = putstr(scratch, "kernel.proc.");
  at = putnum(at, pid);
  at = putstr(at, ".");
  at = putcstr(at, name);
  at = putstr(at, ".");
  putstr(at, "voluntary");
  command(CMD_REPORT, scratch, voluntary);
  putstr(at, "involuntary");
  command(CMD_REPORT, scratch, involuntary);
  putstr(at, "syscalls");
  command(CMD_REPORT, scratch, syscalls);
}

export function reportAll(): void {
  report("kernel.ticks", ticks);
  report("kernel.syscalls", nentrySyscall);
  report("kernel.contextSwitches.voluntary", nvoluntary);
  report("kernel.contextSwitches.involuntary", ninvoluntary);
  report("kernel.entries.syscall", nentrySyscall);
  report("kernel.entries.irq", nentryIrq);
  report("kernel.entries.exception", nentryException);
  report("kernel.pageFaults", npagefaults);
  report("kernel.forks", nforks);
  report("kernel.freePages", kfreecount());
  const kept = min(nexited, EXITED_KEPT);
  for (let i: u32 = nexited - kept; i < nexited; i++) {
    const r = exited + (i % EXITED_KEPT) * EXIT_RECORD;
    reportProc(load<u32>(r), r + 16, load<u32>(r, 4), load<u32>(r, 8), load<u32>(r, 12));
  }
  for (let i: u32 = 0; i < NPROC; i++) {
    const p = procAt(i);
    if (p.state == UNUSED && i != 0) continue;
    reportProc(<u32>p.pid, p.name, p.voluntary, p.involuntary, p.syscalls);
  }
}
