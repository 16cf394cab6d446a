// @ts-nocheck  (AssemblyScript)
// CRC-32 (table-driven), FNV-1a 64, xorshift32 and murmur-style mixing over a buffer.
import { puts, nl, putHex, putHex64 } from "./lib/io";

const crcTable = new StaticArray<u32>(256);
for (let n: u32 = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  crcTable[n] = c;
}

function crc32(p: usize, len: i32): u32 {
  let c: u32 = 0xffffffff;
  for (let i = 0; i < len; i++) c = crcTable[(c ^ load<u8>(p + i)) & 0xff] ^ (c >>> 8);
  return c ^ 0xffffffff;
}

function fnv1a(p: usize, len: i32): u64 {
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < len; i++) { h ^= load<u8>(p + i); h *= 0x100000001b3; }
  return h;
}

function mix(h: u32): u32 {
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

export function main(): i32 {
  const buf = memory.data(1024);
  let x: u32 = 2463534242;
  for (let i = 0; i < 1024; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; store<u8>(buf + i, <u8>x); }
  puts("crc "); putHex(crc32(buf, 1024)); nl();
  puts("crc9 "); putHex(crc32(changetype<usize>(String.UTF8.encode("123456789")), 9)); nl();
  puts("fnv "); putHex64(fnv1a(buf, 1024)); nl();
  let m: u32 = 0;
  for (let i = 0; i < 256; i++) m += mix(<u32>i * 0x9e3779b9);
  puts("mix "); putHex(m); nl();
  return <i32>(crc32(buf, 16) & 127);
}
