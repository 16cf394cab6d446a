// lat_syscall [N]: the cost of the null system call (getppid), lmbench's
// lat_syscall null. N calls (default 1000) run in batches of 100; the
// figures are those of the cheapest batch (a timer tick lands in some), less
// the cost of reading the counters (two back-to-back kstat calls):
//   lat_syscall n=100 cycles=C entries=E switches=S cycles_per_op=.. entries_per_op=.. switches_per_op=..
import { args, kstatInto, cycles, entriesBetween, switchesBetween } from "./lib/libc";
import { sys_getppid } from "./lib/sys.gen";
import { report } from "./lib/bench";

const BATCH = 100;

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 1000;
  const g0 = new StaticArray<u32>(14);
  const g1 = new StaticArray<u32>(14);
  kstatInto(g0);
  kstatInto(g1);
  const overhead = cycles(g1) - cycles(g0);
  let best: u64 = U64.MAX_VALUE;
  let bestEntries: u32 = 0;
  let bestSwitches: u32 = 0;
  for (let done = 0; done < n; done += BATCH) {
    kstatInto(g0);
    for (let i = 0; i < BATCH; i++) sys_getppid();
    kstatInto(g1);
    const c = cycles(g1) - cycles(g0) - overhead;
    if (c < best) {
      best = c;
      bestEntries = entriesBetween(g0, g1) - 1; // not the kstat call
      bestSwitches = switchesBetween(g0, g1);
    }
  }
  report("lat_syscall", BATCH, best, bestEntries, bestSwitches);
  return 0;
}
