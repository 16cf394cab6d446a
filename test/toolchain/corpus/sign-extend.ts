// @ts-nocheck  (AssemblyScript)
// Narrow loads and stores, sign and zero extension, i8/i16/u8/u16 arithmetic wrapping.
import { putI32, putHex, putHex64, putc, nl } from "./lib/io";

const BYTES: StaticArray<u8> = [0x00, 0x7f, 0x80, 0xff, 0x01, 0xfe, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc];

export function main(): i32 {
  const base = changetype<usize>(BYTES);
  let sum = 0;
  for (let i: usize = 0; i < 10; i++) {
    const s8 = load<i8>(base + i);
    const u8v = load<u8>(base + i);
    const s16 = load<i16>(base + i);
    const u16v = load<u16>(base + i);
    const w = load<u32>(base + i);
    putI32(s8); putc(32); putI32(u8v); putc(32); putI32(s16); putc(32); putI32(u16v); putc(32); putHex(w); putc(32);
    putHex64(<i64>s8); putc(32); putHex64(<u64>u16v); putc(32); putHex64(<i64>(<i32>w)); putc(32); putHex64(<u64>w);
    nl();
    sum += s8 + s16;
  }
  // wrapping small integers
  let a: u8 = 250;
  let b: i8 = 120;
  let c: i16 = 32000;
  let d: u16 = 65530;
  for (let k = 0; k < 10; k++) { a += 3; b += 5; c += 1000; d += 7; putI32(a); putc(32); putI32(b); putc(32); putI32(c); putc(32); putI32(d); nl(); }
  // stores of narrow values
  const buf = memory.data(16);
  store<u8>(buf, 0x1ff);
  store<u16>(buf + 2, 0x12345);
  store<i8>(buf + 4, -2);
  store<i64>(buf + 8, -0x0123456789abcdef);
  putHex(load<u32>(buf)); putc(32); putHex(load<u32>(buf + 4)); putc(32); putHex64(load<u64>(buf + 8)); nl();
  const x = <i32>BYTES[3] << 24 >> 24;
  putI32(x); putc(32); putI32(<i32><i8>(BYTES[2] + 1)); putc(32); putI32(<i32><i16>(0x8000 + <i32>BYTES[1])); nl();
  return sum & 255;
}
