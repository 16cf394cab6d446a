// fstest [-v]: the file system's error numbers, table-driven (in the manner of
// pjdfstest), run in the guest as root.
//
// Each row of TABLE is [expected, user, call, args...]:
//   expected  "0" for success, else the errno name the call must fail with
//   user      "0" runs the call in fstest itself; "UID" or "UID:GID" (GID
//             defaults to UID) runs it in a child after setgid and setuid
//   call      what to do, with its arguments (see doCall below): the system
//             calls by name (open PATH FLAGS [MODE], mkdir PATH MODE, link OLD
//             NEW, ...) and checks that read something back (size PATH N,
//             read PATH TEXT, cwd PATH, ...), which give "MISMATCH ..." when
//             the value is not the one expected
// In arguments "$D" is the scratch directory /tmp/fstest-<pid>, "$L61" a name
// of 61 letters (any length), "@BAD" a pointer into the kernel; flags are
// written "O_WRONLY|O_CREAT", modes in octal. The rows run in order, each
// building on the ones before; the scratch tree is removed at the end.
//
// Output: with -v, one line per row ("ok line N: ..."); always, one line per
// failing row, where N is the row's number in TABLE, from 1:
//
//   FAIL line 40: expected EACCES, got 0: open /tmp/fstest-9/nosearch/f O_RDONLY (uid 1000)
//
// then "fstest: N rows, M failed", and when none failed a last line
// "fstest: ALL ROWS PASSED (N rows)". Exit status 0 only when none failed.

import {
  args, print, eprint, fork, exit, wait, pipe, read, write, close, getpid, cstr, errname, errno, perror,
  listdir, stat, chmod, rmdir, unlink, chdir, mkdir, mount, octal, parseOctal, T_DIR,
  O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, O_ATOMICLOOKUP,
  SEEK_SET, SEEK_CUR, SEEK_END, MNT_RDONLY,
} from "./lib/libc";
import {
  sys_open, sys_close, sys_read, sys_write, sys_lseek, sys_fstat, sys_stat, sys_mkdir, sys_rmdir, sys_unlink,
  sys_link, sys_rename, sys_chdir, sys_chmod, sys_getcwd, sys_setuid, sys_setgid, sys_mount, sys_getdents,
  sys_pipe,
} from "./lib/sys.gen";

const TABLE: string[][] = [
  // the tree the rows work in: $D/file ("hello"), $D/dir/f, $D/pub (0777)
  ["0", "0", "create", "$D/file", "644"],
  ["0", "0", "write", "$D/file", "hello"],
  ["0", "0", "mkdir", "$D/dir", "755"],
  ["0", "0", "create", "$D/dir/f", "644"],
  ["0", "0", "mkdir", "$D/pub", "777"],
  ["0", "0", "mode", "$D/pub", "777"],

  // ENOENT: a missing last or non-last component
  ["ENOENT", "0", "open", "$D/none", "O_RDONLY"],
  ["ENOENT", "0", "open", "$D/none/x", "O_RDONLY"],
  ["ENOENT", "0", "open", "$D/none/x", "O_WRONLY|O_CREAT", "644"],
  ["ENOENT", "0", "stat", "$D/none"],
  ["ENOENT", "0", "unlink", "$D/none"],
  ["ENOENT", "0", "rmdir", "$D/none"],
  ["ENOENT", "0", "mkdir", "$D/none/x", "755"],
  ["ENOENT", "0", "rename", "$D/none", "$D/x"],
  ["ENOENT", "0", "link", "$D/none", "$D/x"],
  ["ENOENT", "0", "chdir", "$D/none"],
  ["ENOENT", "0", "chmod", "$D/none", "644"],

  // ENOTDIR: a file where a directory must be
  ["ENOTDIR", "0", "open", "$D/file/x", "O_RDONLY"],
  ["ENOTDIR", "0", "open", "$D/file/x", "O_WRONLY|O_CREAT", "644"],
  ["ENOTDIR", "0", "open", "$D/file", "O_RDONLY|O_DIRECTORY"],
  ["0", "0", "open", "$D/dir", "O_RDONLY|O_DIRECTORY"],
  ["ENOTDIR", "0", "rmdir", "$D/file"],
  ["ENOTDIR", "0", "mkdir", "$D/file/x", "755"],
  ["ENOTDIR", "0", "chdir", "$D/file"],
  ["ENOTDIR", "0", "getdents", "$D/file"],

  // EACCES: search, read and write permission
  ["0", "0", "mkdir", "$D/nosearch", "755"],
  ["0", "0", "create", "$D/nosearch/f", "644"],
  ["0", "0", "chmod", "$D/nosearch", "644"],
  ["EACCES", "1000", "open", "$D/nosearch/f", "O_RDONLY"],
  ["EACCES", "1000", "stat", "$D/nosearch/f"],
  ["EACCES", "1000", "chdir", "$D/nosearch"],
  ["0", "0", "open", "$D/nosearch/f", "O_RDONLY"], // root searches any directory (as in Linux)
  ["0", "1000", "stat", "$D/nosearch"],
  ["0", "0", "chmod", "$D/nosearch", "711"],
  ["0", "1000", "open", "$D/nosearch/f", "O_RDONLY"],
  ["EACCES", "1000", "getdents", "$D/nosearch"], // searchable, not readable
  ["EACCES", "1000", "open", "$D/file", "O_WRONLY"],
  ["EACCES", "1000", "open", "$D/file", "O_RDWR"],
  ["EACCES", "1000", "open", "$D/new", "O_WRONLY|O_CREAT", "644"],
  ["EACCES", "1000", "mkdir", "$D/new", "755"],
  ["EACCES", "1000", "unlink", "$D/file"],
  ["EACCES", "1000", "rename", "$D/file", "$D/pub/file"],
  ["EACCES", "1000", "link", "$D/file", "$D/link"],
  ["0", "0", "create", "$D/secret", "0"],
  ["EACCES", "1000", "open", "$D/secret", "O_RDONLY"],
  ["0", "0", "open", "$D/secret", "O_RDONLY"], // root passes read and write checks
  ["0", "0", "open", "$D/secret", "O_WRONLY"],
  ["0", "1000", "create", "$D/pub/mine", "644"],
  ["0", "0", "owner", "$D/pub/mine", "1000:1000"],
  ["0", "1000:100", "create", "$D/pub/g", "640"],
  ["0", "0", "owner", "$D/pub/g", "1000:100"],
  ["0", "2000:100", "open", "$D/pub/g", "O_RDONLY"], // the group's bits
  ["EACCES", "2000:100", "open", "$D/pub/g", "O_WRONLY"],
  ["EACCES", "2000:200", "open", "$D/pub/g", "O_RDONLY"], // the others' bits
  ["0", "1000:100", "chmod", "$D/pub/g", "70"],
  ["EACCES", "1000:100", "open", "$D/pub/g", "O_RDONLY"], // the owner's bits, though the group may
  ["0", "2000:100", "open", "$D/pub/g", "O_RDWR"],

  // EEXIST
  ["EEXIST", "0", "open", "$D/file", "O_WRONLY|O_CREAT|O_EXCL", "644"],
  ["EEXIST", "0", "open", "$D/dir", "O_RDONLY|O_CREAT|O_EXCL", "644"],
  ["0", "0", "open", "$D/file", "O_WRONLY|O_CREAT", "644"],
  ["EEXIST", "0", "mkdir", "$D/dir", "755"],
  ["EEXIST", "0", "mkdir", "$D/file", "755"],
  ["EEXIST", "0", "mkdir", "$D/dir/.", "755"],
  ["EEXIST", "0", "link", "$D/file", "$D/dir/f"],
  ["EEXIST", "0", "link", "$D/file", "$D/dir"],

  // EISDIR
  ["EISDIR", "0", "open", "$D/dir", "O_WRONLY"],
  ["EISDIR", "0", "open", "$D/dir", "O_RDWR"],
  ["EISDIR", "0", "open", "$D/dir", "O_WRONLY|O_CREAT", "644"],
  ["EISDIR", "0", "unlink", "$D/dir"],
  ["0", "0", "open", "$D/dir", "O_RDONLY"],

  // ENOTEMPTY, and rename onto directories
  ["ENOTEMPTY", "0", "rmdir", "$D/dir"],
  ["0", "0", "mkdir", "$D/full", "755"],
  ["0", "0", "create", "$D/full/x", "644"],
  ["0", "0", "names", "$D/full", "x"],
  ["0", "0", "mkdir", "$D/empty", "755"],
  ["ENOTEMPTY", "0", "rename", "$D/empty", "$D/full"],
  ["0", "0", "mkdir", "$D/empty2", "755"],
  ["0", "0", "rename", "$D/empty", "$D/empty2"],
  ["ENOENT", "0", "stat", "$D/empty"],

  // EINVAL
  ["EINVAL", "0", "rmdir", "$D/dir/."],
  ["EINVAL", "0", "rmdir", "$D/dir/.."],
  ["0", "0", "mkdir", "$D/a", "755"],
  ["0", "0", "mkdir", "$D/a/b", "755"],
  ["EINVAL", "0", "rename", "$D/a", "$D/a/b/c"],
  ["EINVAL", "0", "rename", "$D/a", "$D/a/c"],
  ["EINVAL", "0", "rename", "$D/a/.", "$D/c"],

  // ENAMETOOLONG: NAME_MAX is 60
  ["ENAMETOOLONG", "0", "open", "$D/$L61", "O_WRONLY|O_CREAT", "644"],
  ["ENAMETOOLONG", "0", "open", "$D/$L61", "O_RDONLY"],
  ["ENAMETOOLONG", "0", "mkdir", "$D/$L61", "755"],
  ["ENAMETOOLONG", "0", "open", "$D/$L61/x", "O_RDONLY"],
  ["0", "0", "create", "$D/$L60", "644"],
  ["0", "0", "stat", "$D/$L60"],
  ["0", "0", "unlink", "$D/$L60"],

  // EBADF
  ["EBADF", "0", "close", "99"],
  ["EBADF", "0", "close", "-1"],
  ["EBADF", "0", "fstat", "99"],
  ["EBADF", "0", "lseek", "99", "0", "SEEK_SET"],
  ["EBADF", "0", "fdread", "$D/file", "O_WRONLY"],
  ["EBADF", "0", "fdwrite", "$D/file", "O_RDONLY"],
  ["0", "0", "fdread", "$D/file", "O_RDWR"],

  // ESPIPE
  ["ESPIPE", "0", "lseek_pipe"],

  // EFAULT
  ["EFAULT", "0", "open", "@BAD", "O_RDONLY"],
  ["EFAULT", "0", "mkdir", "@BAD", "755"],
  ["EFAULT", "0", "stat", "@BAD"],
  ["EFAULT", "0", "rename", "$D/file", "@BAD"],
  ["EFAULT", "0", "link", "@BAD", "$D/x"],
  ["EFAULT", "0", "getcwd_bad"],
  ["ERANGE", "0", "getcwd_small"],

  // EXDEV: /proc is another file system
  ["EXDEV", "0", "link", "$D/file", "/proc/x"],
  ["EXDEV", "0", "link", "/proc/stat", "$D/procstat"],
  ["EXDEV", "0", "rename", "$D/file", "/proc/x"],
  ["EXDEV", "0", "rename", "/proc/stat", "$D/x"],

  // EPERM: a sticky directory, chmod of another's file, setuid/setgid/mount as non-root
  ["0", "0", "mkdir", "$D/sticky", "1777"],
  ["0", "0", "mode", "$D/sticky", "1777"],
  ["0", "2000", "create", "$D/sticky/his", "666"],
  ["0", "1000", "create", "$D/sticky/mine", "644"],
  ["EPERM", "1000", "unlink", "$D/sticky/his"],
  ["EPERM", "1000", "rename", "$D/sticky/his", "$D/sticky/taken"],
  ["0", "1000", "open", "$D/sticky/his", "O_WRONLY"], // writable, just not removable
  ["0", "1000", "rename", "$D/sticky/mine", "$D/sticky/mine2"],
  ["0", "1000", "unlink", "$D/sticky/mine2"],
  ["0", "0", "rename", "$D/sticky/his", "$D/sticky/his2"],
  ["0", "0", "unlink", "$D/sticky/his2"],
  ["0", "1000", "mkdir", "$D/pub/st", "1777"],
  ["0", "2000", "create", "$D/pub/st/x", "644"],
  ["0", "1000", "unlink", "$D/pub/st/x"], // the directory's owner may
  ["EPERM", "1000", "chmod", "$D/file", "777"],
  ["EPERM", "2000", "chmod", "$D/pub/mine", "777"],
  ["0", "1000", "chmod", "$D/pub/mine", "600"],
  ["0", "1000", "mode", "$D/pub/mine", "600"],
  ["0", "0", "chmod", "$D/pub/mine", "644"],
  ["EPERM", "1000", "setuid", "0"],
  ["EPERM", "1000", "setgid", "0"],
  ["0", "1000", "setuid", "1000"],
  ["0", "1000", "setgid", "1000"],
  ["EPERM", "1000", "mount", "/", "0"],

  // EROFS: / mounted read-only, then read-write again
  ["0", "0", "mount", "/", "MNT_RDONLY"],
  ["EROFS", "0", "open", "$D/ro", "O_WRONLY|O_CREAT", "644"],
  ["EROFS", "0", "open", "$D/file", "O_WRONLY"],
  ["EROFS", "0", "open", "$D/file", "O_RDWR"],
  ["EROFS", "0", "unlink", "$D/file"],
  ["EROFS", "0", "mkdir", "$D/ro", "755"],
  ["EROFS", "0", "rmdir", "$D/empty2"],
  ["EROFS", "0", "rename", "$D/file", "$D/ro"],
  ["EROFS", "0", "link", "$D/file", "$D/ro"],
  ["0", "0", "read", "$D/file", "hello"],
  ["0", "0", "mount", "/", "0"],
  ["0", "0", "create", "$D/rw", "644"],
  ["0", "0", "unlink", "$D/rw"],

  // success: create, write and read back, sizes and offsets
  ["0", "0", "create", "$D/s", "644"],
  ["0", "0", "size", "$D/s", "0"],
  ["0", "0", "write", "$D/s", "hello world"],
  ["0", "0", "size", "$D/s", "11"],
  ["0", "0", "read", "$D/s", "hello world"],
  ["0", "0", "append", "$D/s", "!"],
  ["0", "0", "read", "$D/s", "hello world!"],
  ["0", "0", "seekend", "$D/s", "12"],
  ["0", "0", "open", "$D/s", "O_WRONLY|O_TRUNC"],
  ["0", "0", "size", "$D/s", "0"],
  ["0", "0", "open", "$D/x1", "O_WRONLY|O_CREAT|O_EXCL", "600"],
  ["0", "0", "mode", "$D/x1", "600"],
  ["0", "0", "owner", "$D/x1", "0:0"],
  ["0", "0", "mkdir", "$D/md", "700"],
  ["0", "0", "mode", "$D/md", "700"],

  // success: links and their counts
  ["0", "0", "nlink", "$D/s", "1"],
  ["0", "0", "link", "$D/s", "$D/s2"],
  ["0", "0", "nlink", "$D/s", "2"],
  ["0", "0", "same", "$D/s", "$D/s2"],
  ["0", "0", "write", "$D/s2", "via s2"],
  ["0", "0", "read", "$D/s", "via s2"],
  ["0", "0", "unlink", "$D/s"],
  ["0", "0", "nlink", "$D/s2", "1"],
  ["ENOENT", "0", "stat", "$D/s"],
  ["0", "0", "nlink", "$D/a", "3"],
  ["0", "0", "nlink", "$D/a/b", "2"],

  // success: rename, replacing a file, and of a directory to another parent
  ["0", "0", "create", "$D/r1", "644"],
  ["0", "0", "write", "$D/r1", "one"],
  ["0", "0", "create", "$D/r2", "644"],
  ["0", "0", "write", "$D/r2", "two"],
  ["0", "0", "rename", "$D/r1", "$D/r2"],
  ["ENOENT", "0", "stat", "$D/r1"],
  ["0", "0", "read", "$D/r2", "one"],
  ["0", "0", "rename", "$D/r2", "$D/r2"],
  ["0", "0", "read", "$D/r2", "one"],
  ["0", "0", "rename", "$D/r2", "$D/dir/r2"],
  ["0", "0", "read", "$D/dir/r2", "one"],
  ["0", "0", "rename", "$D/a/b", "$D/b"],
  ["0", "0", "nlink", "$D/a", "2"],
  ["0", "0", "same", "$D/b/..", "$D"],

  // success: the current directory
  ["0", "0", "chdir", "$D/dir"],
  ["0", "0", "cwd", "$D/dir"],
  ["0", "0", "open", "f", "O_RDONLY"],
  ["0", "0", "chdir", ".."],
  ["0", "0", "cwd", "$D"],
  ["0", "0", "chdir", "/"],
  ["0", "0", "cwd", "/"],

  // atomic lookup: never creates or truncates; a name just used is in memory
  ["EWOULDBLOCKIO", "0", "open", "$D/file", "O_RDONLY|O_CREAT|O_ATOMICLOOKUP", "644"],
  ["EWOULDBLOCKIO", "0", "open", "$D/file", "O_WRONLY|O_TRUNC|O_ATOMICLOOKUP"],
  ["0", "0", "stat", "$D/file"],
  ["0", "0", "open", "$D/file", "O_RDONLY|O_ATOMICLOOKUP"],
];

/** The scratch directory, /tmp/fstest-<pid>. */
let D = "";
/** Whether a row left / mounted read-only (the clean-up mounts it read-write). */
let readOnly = false;

const BAD_POINTER: u32 = 0xC0000000;
const buf = memory.data(4096);
const pair = memory.data(8);

/** "$D" and "$Ln" replaced: expand("$D/$L3") = "/tmp/fstest-9/LLL". */
function expand(s: string): string {
  let out = s.split("$D").join(D); // not replaceAll: asc's overflows when the text grows more than twofold
  while (true) {
    const at = out.indexOf("$L");
    if (at < 0) return out;
    let end = at + 2;
    let n = 0;
    while (end < out.length && out.charCodeAt(end) >= 48 && out.charCodeAt(end) <= 57) {
      n = n * 10 + (out.charCodeAt(end) - 48);
      end++;
    }
    out = out.substring(0, at) + "L".repeat(n) + out.substring(end);
  }
}

/** A path argument: a C string, or a pointer the kernel must refuse. */
function path(s: string): u32 {
  return s == "@BAD" ? BAD_POINTER : <u32>cstr(expand(s));
}

function openFlags(s: string): i32 {
  const parts = s.split("|");
  let flags = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p == "O_RDONLY") flags |= O_RDONLY;
    else if (p == "O_WRONLY") flags |= O_WRONLY;
    else if (p == "O_RDWR") flags |= O_RDWR;
    else if (p == "O_CREAT") flags |= O_CREAT;
    else if (p == "O_EXCL") flags |= O_EXCL;
    else if (p == "O_TRUNC") flags |= O_TRUNC;
    else if (p == "O_APPEND") flags |= O_APPEND;
    else if (p == "O_DIRECTORY") flags |= O_DIRECTORY;
    else if (p == "O_ATOMICLOOKUP") flags |= O_ATOMICLOOKUP;
    else die("fstest: unknown flag " + p);
  }
  return flags;
}

function whence(s: string): i32 {
  return s == "SEEK_SET" ? SEEK_SET : s == "SEEK_CUR" ? SEEK_CUR : s == "SEEK_END" ? SEEK_END : I32.parseInt(s);
}

function mode(s: string): u32 {
  const m = parseOctal(s);
  if (m < 0) die("fstest: bad mode " + s);
  return <u32>m;
}

/** A system call's result as a row gives it: "0", or the errno name. */
function res(r: i32): string {
  return r >= 0 ? "0" : errname(-r);
}

function mismatch(what: string, got: string): string {
  return "MISMATCH " + what + " " + got;
}

/** Opens `p` with `flags`, closes it; the open's result. */
function openClose(p: u32, flags: i32, m: u32): string {
  const fd = sys_open(p, flags, m);
  if (fd >= 0) sys_close(fd);
  return res(fd);
}

/** Writes `text` to `file` opened with `flags`. */
function writeFile(file: string, flags: i32, text: string): string {
  const fd = sys_open(path(file), flags, 0);
  if (fd < 0) return res(fd);
  const data = String.UTF8.encode(text);
  const w = sys_write(fd, <u32>changetype<usize>(data), <u32>data.byteLength);
  sys_close(fd);
  if (w < 0) return res(w);
  return w == data.byteLength ? "0" : mismatch("wrote", w.toString());
}

/** The whole file as text, or its error's name after "!". */
function readFile(file: string): string {
  const fd = sys_open(path(file), O_RDONLY, 0);
  if (fd < 0) return "!" + res(fd);
  let text = "";
  while (true) {
    const n = sys_read(fd, <u32>buf, 4096);
    if (n < 0) { sys_close(fd); return "!" + res(n); }
    if (n == 0) break;
    text += String.UTF8.decodeUnsafe(buf, <usize>n);
  }
  sys_close(fd);
  return text;
}

/** Opens `file` with `flags`, then reads or writes one byte: that call's result. */
function fdIo(file: string, flags: i32, writing: bool): string {
  const fd = sys_open(path(file), flags, 0);
  if (fd < 0) return res(fd);
  store<u8>(buf, 120);
  const r = writing ? sys_write(fd, <u32>buf, 1) : sys_read(fd, <u32>buf, 1);
  sys_close(fd);
  return res(r);
}

/** A stat field, compared with `want`. */
function statCheck(what: string, file: string, want: string): string {
  const st = stat(expand(file));
  if (st == null) return errname(errno);
  let got = "";
  if (what == "size") got = st.size.toString();
  else if (what == "nlink") got = st.nlink.toString();
  else if (what == "mode") got = octal(st.mode);
  else if (what == "owner") got = st.uid.toString() + ":" + st.gid.toString();
  return got == want ? "0" : mismatch(what, got);
}

/** Runs one call; "0", an errno name or "MISMATCH ...". */
function doCall(call: string, a: string[]): string {
  if (call == "open") return openClose(path(a[0]), openFlags(a[1]), a.length > 2 ? mode(a[2]) : 0);
  if (call == "create") return openClose(path(a[0]), O_WRONLY | O_CREAT | O_TRUNC, mode(a[1]));
  if (call == "mkdir") return res(sys_mkdir(path(a[0]), mode(a[1])));
  if (call == "rmdir") return res(sys_rmdir(path(a[0])));
  if (call == "unlink") return res(sys_unlink(path(a[0])));
  if (call == "link") return res(sys_link(path(a[0]), path(a[1])));
  if (call == "rename") return res(sys_rename(path(a[0]), path(a[1])));
  if (call == "chmod") return res(sys_chmod(path(a[0]), mode(a[1])));
  if (call == "chdir") return res(sys_chdir(path(a[0])));
  if (call == "stat") return res(sys_stat(path(a[0]), <u32>buf));
  if (call == "setuid") return res(sys_setuid(<u32>I32.parseInt(a[0])));
  if (call == "setgid") return res(sys_setgid(<u32>I32.parseInt(a[0])));
  if (call == "mount") {
    const r = sys_mount(path(a[0]), a[1] == "MNT_RDONLY" ? MNT_RDONLY : <u32>I32.parseInt(a[1]));
    if (r >= 0) readOnly = a[1] == "MNT_RDONLY";
    return res(r);
  }
  if (call == "close") return res(sys_close(I32.parseInt(a[0])));
  if (call == "fstat") return res(sys_fstat(I32.parseInt(a[0]), <u32>buf));
  if (call == "lseek") return res(sys_lseek(I32.parseInt(a[0]), I32.parseInt(a[1]), whence(a[2])));
  if (call == "lseek_pipe") {
    if (sys_pipe(<u32>pair) < 0) return "MISMATCH no pipe";
    const r = sys_lseek(load<i32>(pair), 0, SEEK_SET);
    sys_close(load<i32>(pair));
    sys_close(load<i32>(pair, 4));
    return res(r);
  }
  if (call == "getcwd_bad") return res(sys_getcwd(BAD_POINTER, 64));
  if (call == "getcwd_small") return res(sys_getcwd(<u32>buf, 1)); // not even "/" fits
  if (call == "getdents") {
    const fd = sys_open(path(a[0]), O_RDONLY, 0);
    if (fd < 0) return res(fd);
    const r = sys_getdents(fd, <u32>buf, 4096);
    sys_close(fd);
    return res(r);
  }
  if (call == "write") return writeFile(a[0], O_WRONLY | O_TRUNC, a[1]);
  if (call == "append") return writeFile(a[0], O_WRONLY | O_APPEND, a[1]);
  if (call == "read") {
    const text = readFile(a[0]);
    if (text.startsWith("!")) return text.substring(1);
    return text == a[1] ? "0" : mismatch("read", "\"" + text + "\"");
  }
  if (call == "fdread") return fdIo(a[0], openFlags(a[1]), false);
  if (call == "fdwrite") return fdIo(a[0], openFlags(a[1]), true);
  if (call == "seekend") {
    const fd = sys_open(path(a[0]), O_RDONLY, 0);
    if (fd < 0) return res(fd);
    const r = sys_lseek(fd, 0, SEEK_END);
    sys_close(fd);
    if (r < 0) return res(r);
    return r.toString() == a[1] ? "0" : mismatch("offset", r.toString());
  }
  if (call == "size" || call == "nlink" || call == "mode" || call == "owner") return statCheck(call, a[0], a[1]);
  if (call == "same") {
    const x = stat(expand(a[0]));
    if (x == null) return errname(errno);
    const y = stat(expand(a[1]));
    if (y == null) return errname(errno);
    return x.dev == y.dev && x.ino == y.ino ? "0" : mismatch("inodes", x.ino.toString() + " " + y.ino.toString());
  }
  if (call == "names") {
    const names = listdir(expand(a[0]));
    if (names == null) return errname(errno);
    names.sort();
    const got = names.join(",");
    return got == a[1] ? "0" : mismatch("names", got);
  }
  if (call == "cwd") {
    const n = sys_getcwd(<u32>buf, 4096);
    if (n < 0) return res(n);
    let len = 0;
    while (len < 4096 && load<u8>(buf + len) != 0) len++;
    const got = String.UTF8.decodeUnsafe(buf, len);
    return got == expand(a[0]) ? "0" : mismatch("cwd", got);
  }
  die("fstest: unknown call " + call);
  return "";
}

/** A table mistake: says what and stops. */
function die(message: string): void {
  eprint(message + "\n");
  exit(2);
}

/** Runs `call` as uid:gid in a child; its result. */
function runAs(uid: u32, gid: u32, call: string, a: string[]): string {
  const fds = pipe();
  if (fds == null) { perror("fstest: pipe"); return "MISMATCH no pipe"; }
  const pid = fork();
  if (pid < 0) { perror("fstest: fork"); return "MISMATCH no fork"; }
  if (pid == 0) {
    close(fds[0]);
    let r = "";
    if (sys_setgid(gid) < 0 || sys_setuid(uid) < 0) r = "MISMATCH could not become " + uid.toString();
    else r = doCall(call, a);
    const data = String.UTF8.encode(r);
    write(fds[1], changetype<usize>(data), <u32>data.byteLength);
    exit(0);
  }
  close(fds[1]);
  let got = "";
  while (true) {
    const n = read(fds[0], buf, 4096);
    if (n <= 0) break;
    got += String.UTF8.decodeUnsafe(buf, <usize>n);
  }
  close(fds[0]);
  while (wait() != pid) {}
  return got.length > 0 ? got : "MISMATCH the child said nothing";
}

/** Removes `p` and everything under it, as root; false if something stayed. */
function removeTree(p: string): bool {
  const st = stat(p);
  if (st == null) return false;
  if (st.type != T_DIR) return unlink(p) == 0;
  chmod(p, 0o755); // a directory without search permission cannot be emptied
  const names = listdir(p);
  let ok = names != null;
  if (names != null) for (let i = 0; i < names.length; i++) ok = removeTree(p + "/" + names[i]) && ok;
  return rmdir(p) == 0 && ok;
}

export function main(): i32 {
  const a = args();
  const verbose = a.includes("-v");
  D = "/tmp/fstest-" + getpid().toString();
  if (mkdir(D, 0o755) < 0) { perror("fstest: " + D); return 1; }
  let failed = 0;
  for (let i = 0; i < TABLE.length; i++) {
    const row = TABLE[i];
    const expected = row[0];
    const user = row[1];
    const call = row[2];
    const callArgs = row.slice(3);
    let got = "";
    let who = "";
    if (user == "0") got = doCall(call, callArgs);
    else {
      const colon = user.indexOf(":");
      const uid = <u32>I32.parseInt(colon < 0 ? user : user.substring(0, colon));
      const gid = colon < 0 ? uid : <u32>I32.parseInt(user.substring(colon + 1));
      got = runAs(uid, gid, call, callArgs);
      who = " (uid " + uid.toString() + (gid != uid ? " gid " + gid.toString() : "") + ")";
    }
    let shown = call;
    for (let k = 0; k < callArgs.length; k++) shown += " " + expand(callArgs[k]);
    const line = (i + 1).toString();
    if (got != expected) {
      failed++;
      print("FAIL line " + line + ": expected " + expected + ", got " + got + ": " + shown + who + "\n");
    } else if (verbose) {
      print("ok line " + line + ": " + expected + ": " + shown + who + "\n");
    }
  }
  if (readOnly && mount("/", 0) < 0) perror("fstest: mount / read-write");
  chdir("/");
  if (!removeTree(D)) {
    failed++;
    print("FAIL cleanup: " + D + " was not removed\n");
  }
  print("fstest: " + TABLE.length.toString() + " rows, " + failed.toString() + " failed\n");
  if (failed == 0) print("fstest: ALL ROWS PASSED (" + TABLE.length.toString() + " rows)\n");
  return failed == 0 ? 0 : 1;
}
