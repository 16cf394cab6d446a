// @ts-nocheck  (AssemblyScript)
// clz, ctz, popcnt on i32 and i64.
import { putI32, putc, nl } from "./lib/io";

const VALUES: StaticArray<i64> = [0, 1, -1, 2, 0x80000000, 0x100000000, 0x8000000000000000, 0x00f0f0f000000000, 12345, 0x7fffffffffffffff, -0x100000000];

export function main(): i32 {
  let sum = 0;
  for (let i = 0; i < VALUES.length; i++) {
    const w = VALUES[i];
    const v = <i32>w;
    putI32(clz<i32>(v)); putc(32);
    putI32(ctz<i32>(v)); putc(32);
    putI32(popcnt<i32>(v)); putc(32);
    putI32(<i32>clz<i64>(w)); putc(32);
    putI32(<i32>ctz<i64>(w)); putc(32);
    putI32(<i32>popcnt<i64>(w)); nl();
    sum += clz<i32>(v) + ctz<i32>(v) + popcnt<i32>(v);
  }
  return sum;
}
