// @ts-nocheck  (AssemblyScript)
// i32 division and remainder: signs, INT_MIN, constant divisors (powers of two, -1, 7).
import { putI32, putU32, putc, nl, puts } from "./lib/io";

const DIVIDENDS: StaticArray<i32> = [0, 1, -1, 7, -7, 100, -100, 0x7fffffff, -0x80000000, 12345678, -12345678];
const DIVISORS: StaticArray<i32> = [1, -1, 2, -2, 3, -3, 7, -7, 16, 1000, 0x7fffffff, -0x80000000];

export function main(): i32 {
  for (let i = 0; i < DIVIDENDS.length; i++) {
    const a = DIVIDENDS[i];
    for (let j = 0; j < DIVISORS.length; j++) {
      const b = DIVISORS[j];
      if (!(a == -0x80000000 && b == -1)) { putI32(a / b); putc(32); }
      putI32(a % b); putc(32);
      putU32(<u32>a / <u32>b); putc(32);
      putU32(<u32>a % <u32>b); nl();
    }
    puts("const "); putI32(a / 8); putc(32); putI32(a % 8); putc(32);
    putU32(<u32>a / 8); putc(32); putU32(<u32>a % 8); putc(32);
    putI32(a / 7); putc(32); putI32(a % -7); putc(32); putU32(<u32>a / 10); putc(32);
    putI32(a % -1); putc(32);
    if (a != -0x80000000) putI32(a / -1);
    nl();
  }
  return DIVIDENDS[3] / DIVISORS[4];
}
