// ls [-l] [-a] [PATH...]: the names in each directory, one a line (default: the
// current directory); a PATH that is not a directory is printed as itself.
//
//   -a   also "." and ".."
//   -l   long form, one line per name:
//          drwxr-xr-x    2     0     0     4096 bin
//        type and permissions, links, owner, group, size in bytes, name
//
// With several PATHs each directory's listing follows a line "PATH:". Errors
// are one line ("ls: /x: no such file or directory") and make the status 1.
import { args, print, perror, Dir, Stat, statInto, modeString, T_DIR } from "./lib/libc";

let long = false;
let all = false;
const st = new Stat();

function pad(s: string, n: i32): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

/** One name, short or long; `path` is where to stat it. */
function show(name: string, path: string): bool {
  if (!long) { print(name + "\n"); return true; }
  if (statInto(path, st) < 0) { perror("ls: " + path); return false; }
  print(modeString(st) + pad(st.nlink.toString(), 5) + pad(st.uid.toString(), 6) + pad(st.gid.toString(), 6) +
    pad(st.size.toString(), 9) + " " + name + "\n");
  return true;
}

function listDirectory(path: string): bool {
  const d = Dir.open(path);
  if (d == null) { perror("ls: " + path); return false; }
  const names: string[] = [];
  while (d.next()) {
    if (all || (d.name != "." && d.name != "..")) names.push(d.name);
  }
  const failed = d.failed;
  if (failed) perror("ls: " + path);
  d.close();
  let ok = !failed;
  const prefix = path.endsWith("/") ? path : path + "/";
  for (let i = 0; i < names.length; i++) ok = show(names[i], prefix + names[i]) && ok;
  return ok;
}

export function main(): i32 {
  const a = args();
  const paths: string[] = [];
  for (let i = 1; i < a.length; i++) {
    if (a[i] == "-l") long = true;
    else if (a[i] == "-a") all = true;
    else if (a[i] == "-la" || a[i] == "-al") { long = true; all = true; }
    else paths.push(a[i]);
  }
  if (paths.length == 0) paths.push(".");
  let status = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    if (statInto(path, st) < 0) { perror("ls: " + path); status = 1; continue; }
    if (st.type != T_DIR) {
      if (!show(path, path)) status = 1;
      continue;
    }
    if (paths.length > 1) print(path + ":\n");
    if (!listDirectory(path)) status = 1;
  }
  return status;
}
