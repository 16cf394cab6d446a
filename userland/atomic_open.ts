// atomic_open PATH...: tries open(PATH, O_RDONLY | O_ATOMICLOOKUP) for each
// PATH (docs/kernel.md §18) and prints one line per PATH:
//
//   /www/index.html ok              opened from memory alone (then closed)
//   /www/files/1k.html EWOULDBLOCKIO   the lookup would have waited for the disk
//   /www/none ENOENT                any other error, by its errno name
//
// Exit status 0 if every PATH was ok, else 1.
import { args, open, close, print, eprint, errno, errname, O_RDONLY, O_ATOMICLOOKUP } from "./lib/libc";

export function main(): i32 {
  const a = args();
  if (a.length < 2) { eprint("usage: atomic_open PATH...\n"); return 1; }
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    const fd = open(a[i], O_RDONLY | O_ATOMICLOOKUP);
    if (fd >= 0) {
      close(fd);
      print(a[i] + " ok\n");
    } else {
      print(a[i] + " " + errname(errno) + "\n");
      status = 1;
    }
  }
  return status;
}
