// @ts-nocheck  (AssemblyScript)
// memory.copy overlapping both ways, memory.fill, unaligned loads, memory.size and memory.grow.
import { puts, nl, putI32, putHex, putc } from "./lib/io";

function dump(p: usize, n: i32): void {
  for (let i = 0; i < n; i++) { putI32(load<u8>(p + i)); putc(32); }
  nl();
}

export function main(): i32 {
  const buf = memory.data(64);
  for (let i = 0; i < 32; i++) store<u8>(buf + i, <u8>i);
  memory.copy(buf + 4, buf, 16);      // overlapping, destination above: copies backward
  dump(buf, 24);
  for (let i = 0; i < 32; i++) store<u8>(buf + i, <u8>i);
  memory.copy(buf, buf + 5, 20);      // overlapping, destination below
  dump(buf, 24);
  memory.copy(buf + 40, buf + 1, 3);  // short and odd
  memory.fill(buf + 2, 0xAB, 7);
  dump(buf, 48);
  putHex(load<u32>(buf + 1)); putc(32); putHex(load<u32>(buf + 3)); putc(32); putHex(<u32>load<u16>(buf + 5)); nl();
  const before = memory.size();
  const old = memory.grow(3);
  puts("size "); putI32(before); putc(32); putI32(old); putc(32); putI32(memory.size()); nl();
  const top = <usize>memory.size() << 16;
  let zeros = 0;
  for (let p = top - 0x30000; p < top; p += 4093) if (load<u32>(p - 4) == 0) zeros++;
  store<u32>(top - 4, 0xdeadbeef);
  putI32(zeros); putc(32); putHex(load<u32>(top - 4)); nl();
  puts("huge grow "); putI32(memory.grow(100000)); nl();
  memory.fill(top - 0x20000, 7, 0x20000);
  putI32(load<u8>(top - 1)); putc(32); putI32(load<u8>(top - 0x20000)); nl();
  return memory.size();
}
