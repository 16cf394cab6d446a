// mv OLD NEW: renames OLD to NEW, replacing a file there (NEW may be a
// directory, to move OLD into it). An error is one line
// ("mv: /x: no such file or directory") and makes the status 1.
import { args, rename, perror, eprint, intoDirectory } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length != 3) { eprint("usage: mv OLD NEW\n"); return 1; }
  const target = intoDirectory(a[1], a[2]);
  if (rename(a[1], target) < 0) { perror("mv: " + a[1]); return 1; }
  return 0;
}
