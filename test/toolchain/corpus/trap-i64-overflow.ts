// @ts-nocheck  (AssemblyScript)
// INT64_MIN / -1: "integer overflow"; INT64_MIN % -1 is 0.
import { nl, putI64 } from "./lib/io";

const VALUES: StaticArray<i64> = [-0x8000000000000000, -1];

export function main(): i32 {
  putI64(VALUES[0] % VALUES[1]); nl();
  putI64(VALUES[0] / VALUES[1]); nl();
  return 0;
}
