// halt [STATUS]: reports the kernel's counters and powers the machine off.
import { args, poweroff } from "./lib/libc";

export function main(): i32 {
  const a = args();
  poweroff(a.length > 1 ? I32.parseInt(a[1]) : 0);
  return 0;
}
