// Page tables (docs/kernel.md §2). Page directories and tables are kalloc'd
// pages, named by their wasm (= physical) addresses.
//
//   kvminit(ramBytes)            the kernel directory: all RAM at KERNBASE, global; switch to it
//   uvmcreate() -> pgdir         a user directory sharing the kernel's entries (0 if out of memory)
//   mappage(pgdir, va, pa, perm) -> bool
//   uvmfault(p, va) -> bool      a demand-zero page for p's heap or stack, if va is in one
//   uvmcopy(p, to) -> bool       fork: copies every present page of p's regions
//   uvmfree(pgdir, p)            frees the pages and tables of p's regions, and the directory
//   uvmfreeall(pgdir)            the same for a directory without regions (a failed exec)
//   copyin(dst, userVa, n), copyout(userVa, src, n) -> 0 or -EFAULT (never a panic, §12)
//   fetchstr(userVa, dst, max) -> length without the NUL, or -EFAULT / -ENAMETOOLONG

import { write_cr3, copyin as cpu_copyin, copyout as cpu_copyout } from "./arch/cpu";
import { KERNBASE, PGSIZE, UMEM_START, USTACK_MAX } from "./param";
import { kalloc, kpagefree } from "./kalloc";
import { panic } from "./panic";
import { EFAULT, ENAMETOOLONG } from "./errno.gen";
import { Proc } from "./proc";

export const PTE_P: u32 = 1;
export const PTE_W: u32 = 2;
export const PTE_U: u32 = 4;
export const PTE_G: u32 = 0x100;
const KERNEL_PDE: u32 = KERNBASE >> 22; // 768: the first directory entry of the kernel half

export let kpgdir: u32 = 0;

/** The address of va's page-table entry, making the table if `create`; 0 if there is none. */
export function walk(pgdir: u32, va: u32, create: bool): u32 {
  const pde = pgdir + (va >> 22) * 4;
  let table: u32;
  if ((load<u32>(pde) & PTE_P) != 0) {
    table = load<u32>(pde) & ~0xFFF;
  } else {
    if (!create) return 0;
    table = kalloc();
    if (table == 0) return 0;
    store<u32>(pde, table | PTE_P | PTE_W | (va < KERNBASE ? PTE_U : 0));
  }
  return table + ((va >> 12) & 1023) * 4;
}

export function mappage(pgdir: u32, va: u32, pa: u32, perm: u32): bool {
  const pte = walk(pgdir, va, true);
  if (pte == 0) return false;
  if ((load<u32>(pte) & PTE_P) != 0) panic("mappage: remap");
  store<u32>(pte, (pa & ~0xFFF) | perm | PTE_P);
  return true;
}

export function kvminit(ramBytes: u32): void {
  kpgdir = kalloc();
  if (kpgdir == 0) panic("kvminit: out of memory");
  for (let pa: u32 = 0; pa < ramBytes; pa += PGSIZE) {
    if (KERNBASE + pa < KERNBASE) break; // RAM beyond 1 GiB is not mapped
    if (!mappage(kpgdir, KERNBASE + pa, pa, PTE_W | PTE_G)) panic("kvminit: out of memory");
  }
  write_cr3(kpgdir);
}

export function uvmcreate(): u32 {
  const pgdir = kalloc();
  if (pgdir == 0) return 0;
  memory.copy(pgdir + KERNEL_PDE * 4, kpgdir + KERNEL_PDE * 4, (1024 - KERNEL_PDE) * 4);
  return pgdir;
}

/** Is va in p's demand-zero heap [UMEM_START, brk) or stack region? */
export function uvmvalid(p: Proc, va: u32): bool {
  if (va >= UMEM_START && va < p.brk) return true;
  return va >= KERNBASE - USTACK_MAX && va < KERNBASE;
}

export function uvmfault(p: Proc, va: u32): bool {
  if (p.pgdir == 0 || !uvmvalid(p, va)) return false;
  const pte = walk(p.pgdir, va, false);
  if (pte != 0 && (load<u32>(pte) & PTE_P) != 0) return false; // present: a protection fault
  const page = kalloc();
  if (page == 0) return false;
  if (!mappage(p.pgdir, va & ~0xFFF, page, PTE_W | PTE_U)) { kpagefree(page); return false; }
  p.pagefaults++;
  return true;
}

/** Unmaps and frees the user pages of [start, end) (sbrk with a negative size). */
export function uvmunmap(pgdir: u32, start: u32, end: u32): void {
  for (let va = (start + PGSIZE - 1) & ~(PGSIZE - 1); va < end; va += PGSIZE) {
    const pte = walk(pgdir, va, false);
    if (pte == 0 || (load<u32>(pte) & PTE_P) == 0) continue;
    kpagefree(load<u32>(pte) & ~0xFFF);
    store<u32>(pte, 0);
  }
}

// A process's pages lie in three regions (docs/kernel.md §2): the heap
// [UMEM_START, brk), the program image [imageStart, imageEnd) and the stack
// region. fork and exit walk those, not all 768 user directory entries.
const REGIONS: u32 = 3;

function regionStart(p: Proc, r: u32): u32 {
  return r == 0 ? UMEM_START : r == 1 ? p.imageStart : KERNBASE - USTACK_MAX;
}

function regionEnd(p: Proc, r: u32): u32 {
  return r == 0 ? p.brk : r == 1 ? p.imageEnd : KERNBASE;
}

/** fork: copies every present page of p's regions into the directory `to`. */
export function uvmcopy(p: Proc, to: u32): bool {
  for (let r: u32 = 0; r < REGIONS; r++) {
    const end = regionEnd(p, r);
    let va = regionStart(p, r) & ~(PGSIZE - 1);
    while (va < end && va >= PGSIZE) {
      const pde = load<u32>(p.pgdir + (va >> 22) * 4);
      if ((pde & PTE_P) == 0) { va = ((va >> 22) + 1) << 22; continue; } // no table: the next 4 MiB
      const pte = load<u32>((pde & ~0xFFF) + ((va >> 12) & 1023) * 4);
      if ((pte & PTE_P) != 0) {
        const page = kalloc();
        if (page == 0) return false;
        memory.copy(page, pte & ~0xFFF, PGSIZE);
        if (!mappage(to, va, page, pte & 0xFFF & ~0x60)) { kpagefree(page); return false; }
      }
      va += PGSIZE;
    }
  }
  return true;
}

/** Frees the pages and tables of a directory whose regions are p's, then the directory. */
export function uvmfree(pgdir: u32, p: Proc): void {
  for (let r: u32 = 0; r < REGIONS; r++) {
    const end = regionEnd(p, r);
    let va = regionStart(p, r) & ~(PGSIZE - 1);
    while (va < end && va >= PGSIZE) {
      const pde = load<u32>(pgdir + (va >> 22) * 4);
      if ((pde & PTE_P) == 0) { va = ((va >> 22) + 1) << 22; continue; }
      const pte = (pde & ~0xFFF) + ((va >> 12) & 1023) * 4;
      if ((load<u32>(pte) & PTE_P) != 0) { kpagefree(load<u32>(pte) & ~0xFFF); store<u32>(pte, 0); }
      va += PGSIZE;
    }
  }
  for (let r: u32 = 0; r < REGIONS; r++) {
    const start = regionStart(p, r);
    const end = regionEnd(p, r);
    if (end <= start) continue;
    for (let d = start >> 22; d <= (end - 1) >> 22; d++) {
      const pde = load<u32>(pgdir + d * 4);
      if ((pde & PTE_P) != 0) { kpagefree(pde & ~0xFFF); store<u32>(pgdir + d * 4, 0); }
    }
  }
  kpagefree(pgdir);
}

/** Frees every user page and table of a directory (exec's failure path: no regions yet). */
export function uvmfreeall(pgdir: u32): void {
  for (let d: u32 = 0; d < KERNEL_PDE; d++) {
    const pde = load<u32>(pgdir + d * 4);
    if ((pde & PTE_P) == 0) continue;
    const table = pde & ~0xFFF;
    for (let t: u32 = 0; t < 1024; t++) {
      const pte = load<u32>(table + t * 4);
      if ((pte & PTE_P) != 0) kpagefree(pte & ~0xFFF);
    }
    kpagefree(table);
  }
  kpagefree(pgdir);
}

/** [va, va + n) lies in user space, without wrapping. */
export function useraddr(va: u32, n: u32): bool {
  return va < KERNBASE && n <= KERNBASE - va;
}

export function copyin(dst: u32, va: u32, n: u32): i32 {
  if (!useraddr(va, n)) return -EFAULT;
  return cpu_copyin(dst, va, n) < 0 ? -EFAULT : 0;
}

export function copyout(va: u32, src: u32, n: u32): i32 {
  if (!useraddr(va, n)) return -EFAULT;
  return cpu_copyout(va, src, n) < 0 ? -EFAULT : 0;
}

export function fetchstr(va: u32, dst: u32, max: u32): i32 {
  let got: u32 = 0;
  while (got < max) {
    const m = min(max - got, PGSIZE - ((va + got) & (PGSIZE - 1)));
    if (copyin(dst + got, va + got, m) < 0) return -EFAULT;
    for (let i: u32 = 0; i < m; i++) {
      if (load<u8>(dst + got + i) == 0) return <i32>(got + i);
    }
    got += m;
  }
  return -ENAMETOOLONG;
}
