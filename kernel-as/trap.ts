// The IDT and trap dispatch (docs/kernel.md §4).
//
//   trapinit(vectors)   interrupt gates for the vectors the table has (build/kernel/vectors.s:
//                       0-47 and 0x80, which gets DPL 3); the others are not present. lidt.
//   picinit()           IRQ 0 (timer), IRQ 4 (UART) and IRQ 14 (fixed disk) unmasked
//   trap(tf)            called by alltraps with the trap frame's wasm address
//
// Exceptions from ring 3 kill the process with a message naming the cause;
// from ring 0 they panic, except page faults that copyin/copyout recover from.

import { lidt, outl, read_cr2, fault_fixup } from "./arch/cpu";
import { KERNBASE } from "./param";
import { countEntry, countPagefault, traceMark } from "./stats";
import { curproc, exit, Proc, TF_EIP, TF_CS } from "./proc";
import { yield_, otherRunnable } from "./sched";
import { uvmfault } from "./vm";
import { timerintr, ticks } from "./timer";
import { diskintr } from "./disk";
import { flushTick } from "./flusher";
import { consoleintr, kputs, kputd, kputx, kputcstr } from "./console";
import { panicTrap } from "./panic";
import { syscall } from "./syscall";

const PIC_EOI: u32 = 0x20;
const PIC_MASK: u32 = 0x24;
const IRQ0: u32 = 32;
const IRQ_TIMER: u32 = 0;
const IRQ_UART: u32 = 4;
const IRQ_DISK: u32 = 14;
const T_SYSCALL: u32 = 0x80;
export const KILLED_STATUS: i32 = 137;

const idt = <u32>memory.data(256 * 8, 8);
const idtr = <u32>memory.data(8, 4);

export function trapinit(vectors: u32): void {
  for (let v: u32 = 0; v < 256; v++) {
    const handler = load<u32>(vectors + v * 4);
    store<u32>(idt + v * 8, handler);
    // present; DPL 3 only for the system call gate (docs/isa.md §5.2)
    store<u32>(idt + v * 8 + 4, handler == 0 ? 0 : v == T_SYSCALL ? 0xD : 0x1);
  }
  store<u16>(idtr, 256 * 8 - 1);
  store<u32>(idtr + 2, idt + KERNBASE);
  lidt(idtr);
}

export function picinit(): void {
  outl(PIC_MASK, 0xFFFF & ~((1 << IRQ_TIMER) | (1 << IRQ_UART) | (1 << IRQ_DISK)));
}

function exceptionName(v: u32): string {
  switch (v) {
    case 0: return "divide error";
    case 6: return "invalid opcode";
    case 8: return "double fault";
    case 13: return "general protection fault";
    case 14: return "page fault";
    default: return "exception";
  }
}

/** A user process caused an exception: say so, and kill it. */
function killUser(p: Proc, tf: u32, v: u32, cr2: u32): void {
  kputs("pid ");
  kputd(<u32>p.pid);
  kputs(" (");
  kputcstr(p.name);
  kputs("): ");
  kputs(exceptionName(v));
  if (v == 14) {
    kputs(cr2 >= KERNBASE ? " touching kernel memory at " : " at ");
    kputx(cr2);
  }
  kputs(" (eip ");
  kputx(load<u32>(tf, TF_EIP));
  kputs("): killed\n");
  traceMark("killed", <u32>p.pid);
  p.killed = true;
}

export function trap(tf: u32): void {
  const v = load<u32>(tf, 28);
  const fromUser = (load<u32>(tf, TF_CS) & 3) == 3;
  countEntry(v, fromUser);
  const p = curproc();
  let preempt = false;

  if (v == T_SYSCALL) {
    syscall(tf);
  } else if (v >= IRQ0 && v < IRQ0 + 16) {
    const irq = v - IRQ0;
    if (irq == IRQ_TIMER) { preempt = timerintr(); flushTick(ticks); }
    else if (irq == IRQ_UART) consoleintr();
    else if (irq == IRQ_DISK) diskintr();
    outl(PIC_EOI, 0);
  } else {
    const cr2 = v == 14 ? read_cr2() : 0;
    if (v == 14) countPagefault();
    if (v == 14 && cr2 < KERNBASE && uvmfault(p, cr2)) {
      // a demand-zero page: the instruction runs again
    } else if (!fromUser) {
      const fixup = v == 14 ? fault_fixup(load<u32>(tf, TF_EIP)) : 0;
      if (fixup != 0) store<u32>(tf, fixup, TF_EIP);
      else panicTrap(tf, exceptionName(v), cr2);
    } else {
      killUser(p, tf, v, cr2);
    }
  }

  if (!fromUser) return;
  if (p.killed) exit(KILLED_STATUS);
  if (preempt) {
    if (otherRunnable()) yield_(false);
    else p.ticksUsed = 0;
  }
  if (p.killed) exit(KILLED_STATUS);
}
