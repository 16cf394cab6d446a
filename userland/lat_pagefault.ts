// lat_pagefault [N]: the cost of a demand-zero page fault: the break moves by
// N pages, then one byte of each is written. Prints the line of lib/bench.ts,
// plus pagefaults=.
import { args, print, sbrk, kstatInto, entriesBetween, switchesBetween, cycles, perror,
  KS_PAGEFAULTS } from "./lib/libc";
import { report } from "./lib/bench";

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 100;
  const base = sbrk(n * 4096);
  if (base < 0) { perror("lat_pagefault: sbrk"); return 1; }
  const g0 = new StaticArray<u32>(14);
  const g1 = new StaticArray<u32>(14);
  kstatInto(g0);
  for (let i = 0; i < n; i++) store<u8>(<usize>base + <usize>i * 4096, 1);
  kstatInto(g1);
  const entries = entriesBetween(g0, g1) - 1; // not the kstat call
  const switches = switchesBetween(g0, g1);
  print("pagefaults=" + (g1[KS_PAGEFAULTS] - g0[KS_PAGEFAULTS]).toString() + "\n");
  report("lat_pagefault", n, cycles(g1) - cycles(g0), entries, switches);
  return 0;
}
