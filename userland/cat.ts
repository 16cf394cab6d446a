// cat [FILE...]: copies each file (or the standard input) to the standard output.
import { args, open, read, write, close, perror, O_RDONLY } from "./lib/libc";

function copy(fd: i32): bool {
  const buf = heap.alloc(512);
  while (true) {
    const n = read(fd, buf, 512);
    if (n < 0) return false;
    if (n == 0) return true;
    if (write(1, buf, <u32>n) != n) return false;
  }
}

export function main(): i32 {
  const a = args();
  if (a.length < 2) return copy(0) ? 0 : 1;
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    const fd = open(a[i], O_RDONLY);
    if (fd < 0) { perror("cat: " + a[i]); status = 1; continue; }
    if (!copy(fd)) { perror("cat: " + a[i]); status = 1; }
    close(fd);
  }
  return status;
}
