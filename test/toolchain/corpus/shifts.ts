// @ts-nocheck  (AssemblyScript)
// Shifts and rotates by counts at and beyond the width (wasm masks the count).
import { putHex, putc, nl, putHex64 } from "./lib/io";

const VALUES: StaticArray<i32> = [1, -1, 0x80000001, 0x12345678];
const COUNTS: StaticArray<i32> = [0, 1, 5, 31, 32, 33, 63, 64, 65, 100, -1, -31, -32];

export function main(): i32 {
  let acc: u32 = 0;
  for (let i = 0; i < VALUES.length; i++) {
    for (let j = 0; j < COUNTS.length; j++) {
      const a = VALUES[i], n = COUNTS[j];
      putHex(a << n); putc(32);
      putHex(a >> n); putc(32);
      putHex(<u32>a >>> n); putc(32);
      putHex(rotl<u32>(a, n)); putc(32);
      putHex(rotr<u32>(a, n)); putc(32);
      const w = <i64>a * 0x100000001;
      putHex64(w << n); putc(32);
      putHex64(w >> n); putc(32);
      putHex64(<u64>w >>> n); putc(32);
      putHex64(rotl<u64>(w, n)); putc(32);
      putHex64(rotr<u64>(w, n)); nl();
      acc ^= (a << n) + (a >> (n + 3));
    }
    const v = VALUES[i];
    putHex(v << 3); putc(32); putHex(v >> 35); putc(32); putHex(<u32>v >>> 31); putc(32); putHex(rotl<u32>(v, 8)); nl();
  }
  return <i32>(acc & 255);
}
