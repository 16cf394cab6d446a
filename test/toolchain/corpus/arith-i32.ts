// @ts-nocheck  (AssemblyScript)
// Every i32 ALU operation on edge values read from memory (so nothing folds).
import { putHex, putc, nl } from "./lib/io";

const VALUES: StaticArray<i32> = [0, 1, -1, 2, -2, 3, 7, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678, 255, 256, 65535, 65536, 0x55555555];

export function main(): i32 {
  let acc: u32 = 0;
  for (let i = 0; i < VALUES.length; i++) {
    for (let j = 0; j < VALUES.length; j++) {
      const a = VALUES[i], b = VALUES[j];
      putHex(a + b); putc(32);
      putHex(a - b); putc(32);
      putHex(a * b); putc(32);
      putHex(a & b); putc(32);
      putHex(a | b); putc(32);
      putHex(a ^ b); nl();
      acc = acc * 31 + <u32>(a * 3 - b * 5) + <u32>(~a & b);
    }
  }
  putHex(acc); nl();
  return <i32>(acc & 127);
}
