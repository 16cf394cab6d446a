// The benchmarks' common output line (docs/kernel.md §13):
//   NAME n=N cycles=C entries=E switches=S cycles_per_op=C/N entries_per_op=E/N switches_per_op=S/N [EXTRA]
// (EXTRA: more key=value pairs a benchmark adds, after a space)
// Per-op figures are integers when exact, else have three decimals.
import { print } from "./libc";

export function ratio(total: u64, n: i32): string {
  if (n <= 0) return "0";
  const whole = total / <u64>n;
  const rest = total % <u64>n;
  if (rest == 0) return whole.toString();
  const milli = (rest * 1000) / <u64>n;
  const frac = milli.toString();
  return whole.toString() + "." + "000".substring(frac.length) + frac;
}

export function report(name: string, n: i32, cyc: u64, entries: u32, switches: u32, extra: string = ""): void {
  print(name + " n=" + n.toString() + " cycles=" + cyc.toString() + " entries=" + entries.toString() +
    " switches=" + switches.toString() + " cycles_per_op=" + ratio(cyc, n) +
    " entries_per_op=" + ratio(<u64>entries, n) + " switches_per_op=" + ratio(<u64>switches, n) + extra + "\n");
}
