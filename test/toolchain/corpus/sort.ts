// @ts-nocheck  (AssemblyScript)
// Array.sort: default order, comparators (descending, by key), strings, stability of results.
import { puts, nl, putI32, putc } from "./lib/io";

class Item {
  constructor(public key: i32, public name: string) {}
}

export function main(): i32 {
  const nums = new Array<i32>();
  let seed: u32 = 12345;
  for (let i = 0; i < 200; i++) { seed = seed * 1103515245 + 12345; nums.push(<i32>(seed >>> 16) % 1000 - 500); }
  nums.sort();
  for (let i = 0; i < 200; i += 17) { putI32(nums[i]); putc(32); }
  nl();
  nums.sort((a: i32, b: i32): i32 => b - a);
  for (let i = 0; i < 200; i += 17) { putI32(nums[i]); putc(32); }
  nl();
  let ordered = 1;
  for (let i = 1; i < nums.length; i++) if (nums[i - 1] < nums[i]) ordered = 0;
  putI32(ordered); nl();

  const words = ["pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"];
  words.sort();
  puts(words.join(" ")); nl();
  words.sort((a: string, b: string): i32 => a.length - b.length);
  puts(words.join(" ")); nl();

  const items = new Array<Item>();
  for (let i = 0; i < 10; i++) items.push(new Item((i * 7) % 10, "item" + i.toString()));
  items.sort((a: Item, b: Item): i32 => a.key - b.key);
  for (let i = 0; i < items.length; i++) { puts(items[i].name); putc(32); }
  nl();
  const small: StaticArray<u8> = [5, 3, 9, 1, 0, 255, 128];
  const bytes = new Uint8Array(7);
  for (let i = 0; i < 7; i++) bytes[i] = small[i];
  bytes.sort();
  for (let i = 0; i < 7; i++) { putI32(bytes[i]); putc(32); }
  nl();
  return nums[0] & 127;
}
