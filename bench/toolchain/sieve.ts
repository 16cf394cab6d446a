// Sieve of Eratosthenes below 200,000, five times; prints the prime count.
import { printNumber } from "./out";

export function main(): i32 {
  const n = 200000;
  let count = 0;
  for (let round = 0; round < 5; round++) {
    const composite = new Uint8Array(n);
    count = 0;
    for (let i = 2; i < n; i++) {
      if (composite[i]) continue;
      count++;
      for (let j = i * 2; j < n; j += i) composite[j] = 1;
    }
  }
  printNumber(count);
  return 0;
}
