// sync: commits the file system's open transaction and waits until it is on
// the disk (docs/kernel.md §16.4). An error is one line and status 1.
import { sync, perror } from "./lib/libc";

export function main(): i32 {
  if (sync() < 0) { perror("sync"); return 1; }
  return 0;
}
