// The kernel's entry file: the boot sequence (docs/kernel.md §3) and the
// functions the assembly stubs call (arch/entry.s, arch/trapasm.s).
//
//   kmain(bootinfo, functions, vectors)   from _start, paging on, on the boot stack
//   trap(tf)                              from alltraps
//   kthread_main(fn)                      from kthread_start
//   wasm_trap_panic()                     from __wasm_trap_hook

import { KERNBASE, KSTACK_SIZE, PHYS_INITRD, PHYS_KMEM_END } from "./param";
import { consoleinit, kputs, kputd } from "./console";
import { panic, panicinit } from "./panic";
import { kfreerange } from "./kalloc";
import { kmalloctest } from "./kmalloc";
import { bootflag, bootvalue, haveBootargs } from "./bootargs";
import { binit } from "./bio";
import { iinit, fsmount, fslock, fsunlock } from "./fs";
import { ncinit } from "./namecache";
import { flusherMain } from "./flusher";
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
  if (!haveBootargs()) {                 // quiet when it runs a boot command
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
  binit();                               // the buffer cache (§16.3)
  iinit();                               // the inode table (§16)
  ncinit(<u32>max(bootvalue("ncache"), 0)); // the name cache's bound (§18)
  if (<u32>heap.alloc(16) >= PHYS_KMEM_END) panic("kernel heap too large");
  // From here on, memory is kmalloc/kfree (kmalloc.ts); `new` and heap.alloc are boot-only.
  if (bootflag("heaptest")) heaptest();  // test hooks (docs/kernel.md §14)
  if (bootflag("panictest")) panictestThread(ram);
  timerinit();                           // ticks, the quantum
  if (haveInitrd) userinit();            // pid 1: /init
  else kputs("no initial ramdisk: idle\n");
  scheduler();                           // never returns
}

const INIT_PATH = <u32>memory.data(8);

/** Boot flag kernel.heaptest: the kmalloc self-test, before any process runs. */
function heaptest(): void {
  if (!kmalloctest()) panic("kmalloc self-test failed");
  kputs("kmalloc self-test: ok\n");
}

let ramEnd: u32 = 0;

/**
 * Boot flag kernel.panictest: a real page fault in kernel code, so tests can
 * check the panic path (a message naming the function, power-off with
 * PANIC_STATUS). panictest runs as a kernel thread, the first to run: called
 * through the function table, it cannot be inlined, so its name is in the
 * message. It stores just past the end of RAM, which the kernel page directory
 * does not map (with less than 1 GiB of RAM).
 */
function panictestThread(ram: u32): void {
  ramEnd = ram;
  if (kthread_create(panictest, "panictest") == null) panic("panictest: no process slot");
}

function panictest(): void {
  store<u32>(ramEnd, 0xDEAD);
}

/** Process 1 starts as a kernel thread, as in Linux, and becomes /init. */
function userinit(): void {
  if (kthread_create(initMain, "init") == null) panic("userinit: no process slot");
}

/**
 * The init kernel thread: mount the root file system (it sleeps on the disk,
 * so a thread does it, as Linux's kernel_init does), console as 0, 1, 2,
 * exec /init, and leave for ring 3.
 */
function initMain(): void {
  const p = curproc();
  if (fsmount(haveBootargs())) {                       // the fixed disk's file system at / (§16.1)
    if (kthread_create(flusherMain, "flusher") == null) panic("no process slot for the flusher");
  }
  const fi = filealloc(F_CONSOLE, true, true);
  fdalloc(fi); fdalloc(fi); fdalloc(fi); // 0, 1, 2
  filedup(<u32>fi);
  filedup(<u32>fi);
  store<u64>(INIT_PATH, 0x74696E692F); // "/init"
  fslock();
  const r = execproc(p, INIT_PATH, INIT_PATH + 1, 5); // argv: "init"
  fsunlock();
  if (r < 0) panic("userinit: cannot exec /init");
  write_ksp(p.kstack + KSTACK_SIZE + KERNBASE);
  trapret(p.tf() + KERNBASE);
}
