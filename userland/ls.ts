// ls [DIR...]: the names in each directory (/, /bin, /proc; default /bin).
import { args, print, readdir, perror } from "./lib/libc";

export function main(): i32 {
  const a = args();
  const dirs = a.length > 1 ? a.slice(1) : ["/bin"];
  let status = 0;
  for (let i = 0; i < dirs.length; i++) {
    if (dirs.length > 1) print(dirs[i] + ":\n");
    for (let k: u32 = 0; ; k++) {
      const name = readdir(dirs[i], k);
      if (name == null) {
        if (k == 0) { perror("ls: " + dirs[i]); status = 1; }
        break;
      }
      print(name + "\n");
    }
  }
  return status;
}
