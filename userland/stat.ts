// stat PATH...: the stat record of each PATH (docs/kernel.md §16.5), one field
// a line, like /proc's files:
//
//   path /www/index.html
//   dev 1
//   ino 12
//   type file            (file, dir, device, pipe)
//   mode 644 -rw-r--r--
//   nlink 1
//   uid 0
//   gid 0
//   size 1234
//   rdev 0
//   blocks 1
//   mtime 81234567       (cycle counts)
//   ctime 81234567
//
// A blank line separates PATHs. An error is one line ("stat: /x: no such file
// or directory") and makes the status 1.
import { args, print, perror, eprint, stat, modeString, octal, T_FILE, T_DIR, T_DEVICE, T_PIPE } from "./lib/libc";

function typeName(t: u32): string {
  if (t == T_FILE) return "file";
  if (t == T_DIR) return "dir";
  if (t == T_DEVICE) return "device";
  if (t == T_PIPE) return "pipe";
  return t.toString();
}

export function main(): i32 {
  const a = args();
  if (a.length < 2) { eprint("usage: stat PATH...\n"); return 1; }
  let status = 0;
  for (let i = 1; i < a.length; i++) {
    const st = stat(a[i]);
    if (st == null) { perror("stat: " + a[i]); status = 1; continue; }
    if (i > 1) print("\n");
    print("path " + a[i] + "\ndev " + st.dev.toString() + "\nino " + st.ino.toString() +
      "\ntype " + typeName(st.type) + "\nmode " + octal(st.mode) + " " + modeString(st) +
      "\nnlink " + st.nlink.toString() + "\nuid " + st.uid.toString() + "\ngid " + st.gid.toString() +
      "\nsize " + st.size.toString() + "\nrdev " + st.rdev.toString() + "\nblocks " + st.blocks.toString() +
      "\nmtime " + st.mtime.toString() + "\nctime " + st.ctime.toString() + "\n");
  }
  return status;
}
