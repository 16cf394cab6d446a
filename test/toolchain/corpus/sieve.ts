// @ts-nocheck  (AssemblyScript)
// Sieve of Eratosthenes over a Uint8Array; prime counting and the last primes.
import { puts, nl, putI32, putc } from "./lib/io";

const LIMIT: StaticArray<i32> = [20000];

export function main(): i32 {
  const n = LIMIT[0];
  const composite = new Uint8Array(n + 1);
  for (let i = 2; i * i <= n; i++) {
    if (composite[i]) continue;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  let count = 0;
  let last = 0;
  for (let i = 2; i <= n; i++) if (!composite[i]) { count++; last = i; }
  puts("primes "); putI32(count); putc(32); putI32(last); nl();
  for (let i = n; i > n - 200; i--) if (!composite[i]) { putI32(i); putc(32); }
  nl();
  return count & 255;
}
