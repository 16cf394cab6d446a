// echo ARGS...: prints its arguments separated by spaces, then a newline.
import { args, print } from "./lib/libc";

export function main(): i32 {
  const a = args();
  print(a.slice(1).join(" ") + "\n");
  return 0;
}
