// The kernel's entry file: the boot sequence (docs/kernel.md §3) and the
// functions the assembly stubs call (arch/entry.s, arch/trapasm.s).
//
//   kmain(bootinfo, functions, vectors)   from _start, paging on, on the boot stack
//   trap(tf)                              from alltraps
//   kthread_main(fn)                      from kthread_start
//   wasm_trap_panic()                     from __wasm_trap_hook

import { BOOTARGS_MAGIC, KERNBASE, KSTACK_SIZE, PHYS_BOOTARGS, PHYS_INITRD, PHYS_KMEM_END } from "./param";
import { consoleinit, kputs, kputd } from "./console";
import { panic, panicinit } from "./panic";
import { kfreerange } from "./kalloc";
import { kvminit, kpgdir } from "./vm";
import { trapinit, picinit } from "./trap";
import { procinit, kthread_create, curproc } from "./proc";
import { timerinit } from "./timer";
import { scheduler, setLoadedPgdir } from "./sched";
import { fileinit, filealloc, filedup, fdalloc, F_CONSOLE } from "./file";
import { pipeinit } from "./pipe";
import { initrdinit, initrdend } from "./initrd";
import { execproc } from "./exec";
import { write_ksp, trapret } from "./arch/cpu";

export { trap } from "./trap";
export { kthread_main } from "./proc";
export { wasm_trap_panic } from "./panic";

const ENTRY_MAPPED: u32 = 16 << 20; // what arch/entry.s maps: [0, 16 MiB)

export function kmain(bootinfo: u32, functions: u32, vectors: u32): void {
  const ram = load<u32>(bootinfo, 4);
  consoleinit();                         // UART: output, receive interrupts
  panicinit(functions);                  // symbolised eips from the compiler's table
  if (load<u32>(PHYS_BOOTARGS) != BOOTARGS_MAGIC) { // quiet when it runs a boot command
    kputs("switchless kernel: ");
    kputd(ram >> 20);
    kputs(" MiB\n");
  }
  const haveInitrd = initrdinit();       // the ramdisk the boot ROM loaded
  const free = haveInitrd ? initrdend() : PHYS_INITRD;
  kfreerange(free, min(ram, ENTRY_MAPPED));  // physical pages the entry map reaches
  kvminit(ram);                          // all RAM at KERNBASE; the kernel page directory
  setLoadedPgdir(kpgdir);
  kfreerange(max(free, ENTRY_MAPPED), ram);  // the rest of RAM
  trapinit(vectors);                     // IDT; int 0x80 for ring 3
  picinit();                             // timer and UART interrupts
  procinit(vectors);                     // process table; this thread becomes idle (pid 0)
  fileinit();                            // open-file table
  pipeinit();                            // pipes
  if (<u32>heap.alloc(16) >= PHYS_KMEM_END) panic("kernel heap too large");
  timerinit();                           // ticks, the quantum
  if (haveInitrd) userinit();            // pid 1: /init
  else kputs("no initial ramdisk: idle\n");
  scheduler();                           // never returns
}

const INIT_PATH = <u32>memory.data(8);

/** Process 1 starts as a kernel thread, as in Linux, and becomes /init. */
function userinit(): void {
  if (kthread_create(initMain, "init") == null) panic("userinit: no process slot");
}

/** The init kernel thread: console as 0, 1, 2, exec /init, and leave for ring 3. */
function initMain(): void {
  const p = curproc();
  const fi = filealloc(F_CONSOLE, true, true);
  fdalloc(fi); fdalloc(fi); fdalloc(fi); // 0, 1, 2
  filedup(<u32>fi);
  filedup(<u32>fi);
  store<u64>(INIT_PATH, 0x74696E692F); // "/init"
  if (execproc(p, INIT_PATH, INIT_PATH + 1, 5) < 0) panic("userinit: cannot exec /init"); // argv: "init"
  write_ksp(p.kstack + KSTACK_SIZE + KERNBASE);
  trapret(p.tf() + KERNBASE);
}
