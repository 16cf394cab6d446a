// @ts-nocheck  (AssemblyScript)
// Signed and unsigned comparisons, as values and as branches, and eqz.
import { putc, nl, puts } from "./lib/io";

const VALUES: StaticArray<i32> = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 100, -100];

function bit(b: bool): void { putc(b ? 49 : 48); }

export function main(): i32 {
  let count = 0;
  for (let i = 0; i < VALUES.length; i++) {
    for (let j = 0; j < VALUES.length; j++) {
      const a = VALUES[i], b = VALUES[j];
      const ua = <u32>a, ub = <u32>b;
      bit(a == b); bit(a != b); bit(a < b); bit(a <= b); bit(a > b); bit(a >= b);
      putc(32);
      bit(ua < ub); bit(ua <= ub); bit(ua > ub); bit(ua >= ub); bit(a == 0); bit(!b);
      if (a < b) count += 1;
      if (ua > ub) count += 2;
      if (a >= b && ua <= ub) count += 4;
      nl();
    }
  }
  puts("count "); putc(48 + count % 10); nl();
  return count;
}
