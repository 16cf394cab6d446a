// @ts-nocheck  (AssemblyScript)
// i64 division and remainder: small and wide divisors, signs, INT64_MIN.
import { putI64, putU64, putc, nl } from "./lib/io";

const DIVIDENDS: StaticArray<i64> = [0, 1, -1, 7, -7, 1000000007, -1000000007, 0x7fffffffffffffff, -0x8000000000000000,
  0x123456789abcdef, -0x123456789abcdef, 0xffffffff, 0x100000000];
const DIVISORS: StaticArray<i64> = [1, -1, 2, -3, 7, 10, 0xffffffff, 0x100000000, 0x100000001, -0x100000001,
  0x7fffffffffffffff, -0x8000000000000000, 0x123456789, 1000000007];

export function main(): i32 {
  let acc: i64 = 0;
  for (let i = 0; i < DIVIDENDS.length; i++) {
    for (let j = 0; j < DIVISORS.length; j++) {
      const a = DIVIDENDS[i], b = DIVISORS[j];
      if (!(a == -0x8000000000000000 && b == -1)) { putI64(a / b); putc(32); acc += a / b; }
      putI64(a % b); putc(32);
      putU64(<u64>a / <u64>b); putc(32);
      putU64(<u64>a % <u64>b); nl();
      acc ^= a % b;
    }
  }
  putI64(acc); nl();
  return <i32>(acc & 63);
}
