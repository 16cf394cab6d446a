// lat_proc [N]: process creation, lmbench's lat_proc fork: N times fork a
// child that exits at once, and wait for it. Prints the line of lib/bench.ts.
import { args, fork, exit, wait, kstatInto, entriesBetween, switchesBetween, cycles, perror,
  KS_VOLUNTARY, KS_INVOLUNTARY } from "./lib/libc";
import { report } from "./lib/bench";

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 100;
  const g0 = new StaticArray<u32>(14);
  const g1 = new StaticArray<u32>(14);
  kstatInto(g0);
  for (let i = 0; i < n; i++) {
    const pid = fork();
    if (pid < 0) { perror("lat_proc: fork"); return 1; }
    if (pid == 0) exit(0);
    wait();
  }
  kstatInto(g1);
  const entries = entriesBetween(g0, g1) - 1; // not the kstat call
  const switches = switchesBetween(g0, g1);
  report("lat_proc", n, cycles(g1) - cycles(g0), entries, switches);
  return 0;
}
