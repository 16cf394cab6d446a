// Sort 50,000 generated integers with a comparator; prints a checksum.
import { printNumber } from "./out";

export function main(): i32 {
  const values = new Array<i32>(50000);
  let seed: u32 = 42;
  for (let i = 0; i < values.length; i++) {
    seed = seed * 1664525 + 1013904223;
    values[i] = <i32>(seed >>> 8);
  }
  values.sort((a: i32, b: i32): i32 => a < b ? -1 : a > b ? 1 : 0);
  let check: u32 = 0;
  for (let i = 0; i < values.length; i += 97) check = check * 31 + <u32>values[i];
  printNumber(check);
  return 0;
}
