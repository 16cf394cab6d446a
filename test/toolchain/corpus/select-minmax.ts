// @ts-nocheck  (AssemblyScript)
// Conditional values (select/cmov): min, max, abs, clamp, sign, signed and unsigned.
import { nl, putI32, putc, putI64 } from "./lib/io";

const VALUES: StaticArray<i32> = [0, 5, -5, 100, -100, 0x7fffffff, -0x80000000, 42];

function clamp(x: i32, lo: i32, hi: i32): i32 { return x < lo ? lo : x > hi ? hi : x; }
function sign(x: i32): i32 { return x > 0 ? 1 : x < 0 ? -1 : 0; }

export function main(): i32 {
  let acc = 0;
  for (let i = 0; i < VALUES.length; i++) {
    for (let j = 0; j < VALUES.length; j++) {
      const a = VALUES[i], b = VALUES[j];
      putI32(min(a, b)); putc(32); putI32(max(a, b)); putc(32);
      putI32(<i32>min(<u32>a, <u32>b)); putc(32); putI32(clamp(a, -50, b)); putc(32);
      putI64(max(<i64>a * 3, <i64>b * 5)); nl();
      acc += sign(a - b);
    }
    putI32(abs(VALUES[i])); putc(32);
  }
  nl();
  return acc & 255;
}
