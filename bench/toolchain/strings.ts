// A string workload: build, split, join and search text; prints a checksum.
import { printNumber } from "./out";

export function main(): i32 {
  let check: u32 = 0;
  for (let round = 0; round < 30; round++) {
    const words = new Array<string>();
    for (let i = 0; i < 200; i++) words.push("w" + (i * 7919 % 1000).toString());
    const text = words.join(" ");
    const parts = text.split(" ");
    for (let i = 0; i < parts.length; i++) {
      check = check * 33 + <u32>parts[i].length;
      if (parts[i].indexOf("99") >= 0) check ^= <u32>i;
    }
    check += <u32>text.replaceAll("w1", "W").length;
  }
  printNumber(check);
  return 0;
}
