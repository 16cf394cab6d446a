// lat_ctx [N]: context switch cost, lmbench's lat_ctx with two processes
// passing one byte back and forth through two pipes, N round trips. Each round
// trip is two voluntary switches (docs/kernel.md §5). Prints the line of
// lib/bench.ts, plus voluntary= and involuntary= switch counts.
import { args, print, fork, pipe, read, write, close, exit, wait, kstatInto, entriesBetween, switchesBetween, cycles, perror,
  KS_VOLUNTARY, KS_INVOLUNTARY } from "./lib/libc";
import { ratio } from "./lib/bench";

export function main(): i32 {
  const a = args();
  const n = a.length > 1 ? I32.parseInt(a[1]) : 100;
  const there = pipe();
  const back = pipe();
  if (there == null || back == null) { perror("lat_ctx: pipe"); return 1; }
  const byte = heap.alloc(4);
  const pid = fork();
  if (pid < 0) { perror("lat_ctx: fork"); return 1; }
  if (pid == 0) {
    close(there[1]);
    close(back[0]);
    while (read(there[0], byte, 1) == 1) write(back[1], byte, 1);
    exit(0);
  }
  close(there[0]);
  close(back[1]);
  const g0 = new StaticArray<u32>(14);
  const g1 = new StaticArray<u32>(14);
  kstatInto(g0);
  for (let i = 0; i < n; i++) {
    write(there[1], byte, 1);
    read(back[0], byte, 1);
  }
  kstatInto(g1);
  close(there[1]);
  close(back[0]);
  wait();
  const cyc = cycles(g1) - cycles(g0);
  const entries = entriesBetween(g0, g1) - 1; // not the kstat call
  const vol = g1[KS_VOLUNTARY] - g0[KS_VOLUNTARY];
  const invol = g1[KS_INVOLUNTARY] - g0[KS_INVOLUNTARY];
  print("lat_ctx n=" + n.toString() + " cycles=" + cyc.toString() + " entries=" + entries.toString() +
    " voluntary=" + vol.toString() + " involuntary=" + invol.toString() +
    " cycles_per_op=" + ratio(cyc, n) + " entries_per_op=" + ratio(<u64>entries, n) +
    " switches_per_op=" + ratio(<u64>(vol + invol), n) + "\n");
  return 0;
}
