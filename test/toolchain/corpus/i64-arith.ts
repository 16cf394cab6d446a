// @ts-nocheck  (AssemblyScript)
// i64 add/sub carries and borrows, multiply, bitwise, comparisons, eqz.
import { putHex64, putc, nl, puts } from "./lib/io";

const VALUES: StaticArray<i64> = [0, 1, -1, 0xffffffff, 0x100000000, 0x7fffffffffffffff, -0x8000000000000000,
  0x123456789abcdef0, -0x123456789abcdef0, 0x80000000, 0xfffffffe00000001, 3];

function bit(b: bool): void { putc(b ? 49 : 48); }

export function main(): i32 {
  let acc: u64 = 0;
  for (let i = 0; i < VALUES.length; i++) {
    for (let j = 0; j < VALUES.length; j++) {
      const a = VALUES[i], b = VALUES[j];
      putHex64(a + b); putc(32);
      putHex64(a - b); putc(32);
      putHex64(a * b); putc(32);
      putHex64((a & b) ^ (a | ~b)); putc(32);
      bit(a == b); bit(a != b); bit(a < b); bit(a <= b); bit(a > b); bit(a >= b);
      bit(<u64>a < <u64>b); bit(<u64>a <= <u64>b); bit(<u64>a > <u64>b); bit(<u64>a >= <u64>b); bit(a == 0);
      nl();
      acc = acc * 0x100000001b3 + <u64>(a ^ b);
    }
  }
  puts("acc "); putHex64(acc); nl();
  return <i32>(acc >>> 57);
}
