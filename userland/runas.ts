// runas UID[:GID] CMD ARGS...: runs CMD as user UID and group GID (default:
// GID = UID), for permission demos: setgid, setuid, then exec (a CMD without
// "/" is taken from /bin). Only root can change to another user. An error is
// one line ("runas: setuid 1000: operation not permitted") and status 1
// (127 if CMD cannot be run).
//
//   runas 1000 touch /tmp/mine
//   runas 1000:100 ls -l /tmp
import { args, exec, setuid, setgid, perror, eprint } from "./lib/libc";

function number(s: string): i32 {
  if (s.length == 0) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57 || v > 100000000) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

export function main(): i32 {
  const a = args();
  if (a.length < 3) { eprint("usage: runas UID[:GID] CMD ARGS...\n"); return 1; }
  const colon = a[1].indexOf(":");
  const uid = number(colon < 0 ? a[1] : a[1].substring(0, colon));
  const gid = colon < 0 ? uid : number(a[1].substring(colon + 1));
  if (uid < 0 || gid < 0) { eprint("runas: " + a[1] + ": not UID or UID:GID\n"); return 1; }
  if (setgid(<u32>gid) < 0) { perror("runas: setgid " + gid.toString()); return 1; }
  if (setuid(<u32>uid) < 0) { perror("runas: setuid " + uid.toString()); return 1; }
  const argv = a.slice(2);
  const name = argv[0];
  exec(name.includes("/") ? name : "/bin/" + name, argv);
  perror("runas: " + name);
  return 127;
}
