// rm [-r] [-f] PATH...: removes each name (unlink). -r removes directories
// and everything in them; -f says nothing about names that do not exist. An
// error is one line ("rm: /x: is a directory") and makes the status 1.
import { args, unlink, rmdir, stat, listdir, perror, eprint, errno, T_DIR } from "./lib/libc";
import { ENOENT } from "./lib/errno.gen";

let recursive = false;
let force = false;

function remove(path: string): bool {
  if (recursive) {
    const st = stat(path);
    if (st != null && st.type == T_DIR) {
      const names = listdir(path);
      if (names == null) { perror("rm: " + path); return false; }
      let ok = true;
      for (let i = 0; i < names.length; i++) ok = remove(path + "/" + names[i]) && ok;
      if (rmdir(path) < 0) { perror("rm: " + path); return false; }
      return ok;
    }
  }
  if (unlink(path) < 0) {
    if (force && errno == ENOENT) return true;
    perror("rm: " + path);
    return false;
  }
  return true;
}

export function main(): i32 {
  const a = args();
  const paths: string[] = [];
  for (let i = 1; i < a.length; i++) {
    if (a[i] == "-r") recursive = true;
    else if (a[i] == "-f") force = true;
    else if (a[i] == "-rf" || a[i] == "-fr") { recursive = true; force = true; }
    else paths.push(a[i]);
  }
  if (paths.length == 0) { eprint("usage: rm [-r] [-f] PATH...\n"); return 1; }
  let status = 0;
  for (let i = 0; i < paths.length; i++) if (!remove(paths[i])) status = 1;
  return status;
}
