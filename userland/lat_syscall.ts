// lat_syscall [N]: the cost of the null system call (getppid), lmbench's
// lat_syscall null. N calls (default 1000) run in batches of 100 (the last
// one shorter); the counters are read around each batch, and the cost of
// reading them (two back-to-back kstat calls) is taken off. The line reports
// all N calls, then the cheapest full batch (a timer tick lands in some, so
// that figure is the interrupt-free cost; the tests commit it):
//   lat_syscall n=N cycles=C entries=E switches=S cycles_per_op=.. entries_per_op=.. switches_per_op=..
//     batch=100 batch_cycles=B batch_entries=100
import { args, eprint, kstatInto, cycles, entriesBetween, switchesBetween } from "./lib/libc";
import { sys_getppid } from "./lib/sys.gen";
import { report } from "./lib/bench";

const BATCH = 100;

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 1000;
  if (n <= 0) { eprint("usage: lat_syscall [N > 0]\n"); return 2; }
  const full = min(BATCH, n);
  const g0 = new StaticArray<u32>(14);
  const g1 = new StaticArray<u32>(14);
  kstatInto(g0);
  kstatInto(g1);
  const overhead = cycles(g1) - cycles(g0);
  let total: u64 = 0;
  let totalEntries: u32 = 0;
  let totalSwitches: u32 = 0;
  let best: u64 = U64.MAX_VALUE;
  let bestEntries: u32 = 0;
  for (let done = 0; done < n; done += BATCH) {
    const size = min(BATCH, n - done);
    kstatInto(g0);
    for (let i = 0; i < size; i++) sys_getppid();
    kstatInto(g1);
    const c = cycles(g1) - cycles(g0) - overhead;
    const e = entriesBetween(g0, g1) - 1; // not the kstat call
    total += c;
    totalEntries += e;
    totalSwitches += switchesBetween(g0, g1);
    if (size == full && c < best) { best = c; bestEntries = e; }
  }
  report("lat_syscall", n, total, totalEntries, totalSwitches,
    " batch=" + full.toString() + " batch_cycles=" + best.toString() + " batch_entries=" + bestEntries.toString());
  return 0;
}
