// ln OLD NEW: gives the file OLD a second name NEW (a hard link; NEW may be a
// directory, to link OLD's last component into it). An error is one line
// ("ln: /x: file exists") and makes the status 1.
import { args, link, perror, eprint, intoDirectory } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length != 3) { eprint("usage: ln OLD NEW\n"); return 1; }
  const target = intoDirectory(a[1], a[2]);
  if (link(a[1], target) < 0) { perror("ln: " + target); return 1; }
  return 0;
}
