// @ts-nocheck  (AssemblyScript)
// Map and Set with integer and string keys (hashing, rehashing as they grow, deletion).
import { puts, nl, putI32, putc } from "./lib/io";

export function main(): i32 {
  const squares = new Map<i32, i32>();
  for (let i = -50; i < 150; i++) squares.set(i, i * i);
  for (let i = 0; i < 100; i += 3) squares.delete(i);
  putI32(squares.size); putc(32); putI32(squares.get(7)); putc(32); putI32(squares.has(9) ? 1 : 0); putc(32); putI32(squares.has(10) ? 1 : 0); nl();
  let sum = 0;
  const keys = squares.keys();
  for (let i = 0; i < keys.length; i++) sum += keys[i];
  putI32(sum); nl();

  const words = "the quick brown fox jumps over the lazy dog the end".split(" ");
  const counts = new Map<string, i32>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    counts.set(w, counts.has(w) ? counts.get(w) + 1 : 1);
  }
  const ks = counts.keys();
  for (let i = 0; i < ks.length; i++) { puts(ks[i]); putc(61); putI32(counts.get(ks[i])); putc(32); }
  nl();

  const seen = new Set<i64>();
  let x: i64 = 1;
  let steps = 0;
  while (!seen.has(x)) { seen.add(x); x = (x * 48271) % 2147483647 % 1000; steps++; }
  putI32(steps); putc(32); putI32(seen.size); nl();
  return counts.get("the");
}
