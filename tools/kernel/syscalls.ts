// The one list of system calls and error numbers. Everything else is
// generated from it by tools/kernel/gen-syscalls.ts:
//
//   kernel-as/syscalls.gen.ts   numbers and the dispatch table (calls sys_NAME in the listed kernel file)
//   kernel-as/errno.gen.ts      the error numbers, for the kernel
//   userland/lib/sys.gen.ts     `sys` imports (docs/abi.md §10.3), one per call
//   userland/lib/errno.gen.ts   the error numbers and their messages, for the userland
//   docs/syscalls.md            the table below, as a document
//
// SYSCALL_NUMBERS (name -> number) is what `switchless cc --target user` needs.
// A system call takes at most five 32-bit arguments (ebx ecx edx esi edi) and
// returns a value in eax: >= 0 on success, a negative error number on failure.

export type ArgKind = 'int' | 'uint' | 'ptr' | 'str';

export interface SyscallArg {
  name: string;
  /** int/uint: a number; ptr: a user buffer (copyin/copyout); str: a NUL-terminated user string. */
  kind: ArgKind;
}

export interface Syscall {
  number: number;
  name: string;
  args: SyscallArg[];
  /** The kernel file (kernel-as/NAME.ts) that defines sys_NAME. */
  file: 'sysproc' | 'sysfile';
  /** One line for docs/syscalls.md: what it does and returns. */
  doc: string;
}

const int = (name: string): SyscallArg => ({ name, kind: 'int' });
const uint = (name: string): SyscallArg => ({ name, kind: 'uint' });
const ptr = (name: string): SyscallArg => ({ name, kind: 'ptr' });
const str = (name: string): SyscallArg => ({ name, kind: 'str' });

export const SYSCALLS: Syscall[] = [
  { number: 1, name: 'exit', args: [int('status')], file: 'sysproc', doc: 'ends the process with `status & 255`; never returns' },
  { number: 2, name: 'fork', args: [], file: 'sysproc', doc: 'copies the process: the child\'s pid in the parent, 0 in the child' },
  { number: 3, name: 'read', args: [int('fd'), ptr('buf'), uint('n')], file: 'sysfile', doc: 'reads at most `n` bytes; the count, 0 at end of file' },
  { number: 4, name: 'write', args: [int('fd'), ptr('buf'), uint('n')], file: 'sysfile', doc: 'writes `n` bytes; the count' },
  { number: 5, name: 'open', args: [str('path'), int('flags'), uint('mode')], file: 'sysfile', doc: 'opens (with `O_CREAT`, creates with permission bits `mode`) a file, directory, device or `/proc/...`; the lowest free descriptor. `O_ATOMICLOOKUP`: `-EWOULDBLOCKIO` unless every component resolves from memory (docs/kernel.md §18)' },
  { number: 6, name: 'close', args: [int('fd')], file: 'sysfile', doc: 'releases a descriptor; 0' },
  { number: 7, name: 'wait', args: [ptr('status')], file: 'sysproc', doc: 'waits for a child to exit, stores its status (if `status` is not 0); its pid' },
  { number: 8, name: 'exec', args: [str('path'), ptr('argv')], file: 'sysproc', doc: 'replaces the program; `argv` is a 0-terminated array of string pointers; returns only on failure' },
  { number: 9, name: 'getpid', args: [], file: 'sysproc', doc: 'the process id' },
  { number: 10, name: 'kill', args: [int('pid')], file: 'sysproc', doc: 'marks a process killed; it exits with status 137 when it next leaves the kernel; 0 (-EPERM for init, pid 1)' },
  { number: 11, name: 'sbrk', args: [int('n')], file: 'sysproc', doc: 'moves the break by `n` bytes (demand-zero pages); the old break' },
  { number: 12, name: 'sleep', args: [uint('ticks')], file: 'sysproc', doc: 'sleeps for `ticks` timer ticks; 0, or -EINTR if killed' },
  { number: 13, name: 'uptime', args: [], file: 'sysproc', doc: 'timer ticks since boot' },
  { number: 14, name: 'dup', args: [int('fd')], file: 'sysfile', doc: 'a new descriptor (the lowest free) for the same open file' },
  { number: 15, name: 'pipe', args: [ptr('fds')], file: 'sysfile', doc: 'makes a pipe; stores the read and write descriptors (two i32) at `fds`; 0' },
  { number: 16, name: 'chdir', args: [str('path')], file: 'sysfile', doc: 'changes the current directory; 0' },
  { number: 17, name: 'fstat', args: [int('fd'), ptr('st')], file: 'sysfile', doc: 'stores the 56-byte stat record (docs/kernel.md §16.5) of the open file at `st`; 0' },
  { number: 18, name: 'getargs', args: [ptr('buf'), uint('n')], file: 'sysproc', doc: 'copies the arguments of `exec`, each NUL-terminated, into `buf`; their total length' },
  { number: 19, name: 'kstat', args: [int('pid'), ptr('buf'), uint('n')], file: 'sysproc', doc: 'copies the accounting record of process `pid`, or the global one for pid -1 (docs/kernel.md §10); its length' },
  { number: 20, name: 'yield', args: [], file: 'sysproc', doc: 'gives up the CPU to the next runnable thread (a voluntary switch if there is one); 0' },
  { number: 21, name: 'poweroff', args: [int('status')], file: 'sysproc', doc: 'reports the kernel counters and powers the machine off with `status`' },
  { number: 22, name: 'getppid', args: [], file: 'sysproc', doc: 'the parent\'s process id (the null system call of `lat_syscall`)' },
  { number: 23, name: 'setpgid', args: [int('pid'), int('pgid')], file: 'sysproc', doc: 'puts process `pid` (0: the caller) in group `pgid` (0: its own pid); 0' },
  { number: 24, name: 'tcsetpgrp', args: [int('pgid')], file: 'sysproc', doc: 'makes `pgid` the console\'s foreground group (the target of ^C); 0' },
  { number: 25, name: 'bootargs', args: [ptr('buf'), uint('n')], file: 'sysproc', doc: 'copies the boot command line (`switchless boot --exec`); its length, 0 if none' },
  { number: 26, name: 'getdents', args: [int('fd'), ptr('buf'), uint('n')], file: 'sysfile', doc: 'fills `buf` with directory records from the directory open at `fd` (docs/kernel.md §16.5); the bytes filled, 0 at the end' },
  { number: 27, name: 'lseek', args: [int('fd'), int('offset'), int('whence')], file: 'sysfile', doc: 'moves the offset of a file (`whence` 0 set, 1 current, 2 end); the new offset (-ESPIPE for pipes and the console)' },
  { number: 28, name: 'stat', args: [str('path'), ptr('st')], file: 'sysfile', doc: 'stores the stat record of `path` at `st`; 0' },
  { number: 29, name: 'mkdir', args: [str('path'), uint('mode')], file: 'sysfile', doc: 'makes a directory with permission bits `mode`; 0' },
  { number: 30, name: 'rmdir', args: [str('path')], file: 'sysfile', doc: 'removes an empty directory; 0' },
  { number: 31, name: 'unlink', args: [str('path')], file: 'sysfile', doc: 'removes a name of a file (not a directory); the file goes with its last name and last open descriptor; 0' },
  { number: 32, name: 'link', args: [str('oldpath'), str('newpath')], file: 'sysfile', doc: 'gives the file `oldpath` a second name `newpath` (not for directories); 0' },
  { number: 33, name: 'rename', args: [str('oldpath'), str('newpath')], file: 'sysfile', doc: 'renames `oldpath` to `newpath`, replacing a file (or an empty directory) there; 0' },
  { number: 34, name: 'getcwd', args: [ptr('buf'), uint('n')], file: 'sysfile', doc: 'copies the current directory\'s absolute path, NUL-terminated; its length (-ERANGE if `n` is too small)' },
  { number: 35, name: 'chmod', args: [str('path'), uint('mode')], file: 'sysfile', doc: 'sets the permission bits (owner or root only); 0' },
  { number: 36, name: 'setuid', args: [uint('uid')], file: 'sysproc', doc: 'sets the user id (root: any; others: only their own); 0' },
  { number: 37, name: 'getuid', args: [], file: 'sysproc', doc: 'the user id' },
  { number: 38, name: 'setgid', args: [uint('gid')], file: 'sysproc', doc: 'sets the group id (root: any; others: only their own); 0' },
  { number: 39, name: 'getgid', args: [], file: 'sysproc', doc: 'the group id' },
  { number: 40, name: 'mount', args: [str('path'), uint('flags')], file: 'sysfile', doc: 'changes the flags of the file system mounted at `path` (only `/`): `MNT_RDONLY` (1) makes it read-only (after a sync), 0 read-write; root only; 0' },
  { number: 41, name: 'sync', args: [], file: 'sysfile', doc: 'commits the file system\'s transaction and waits for it to reach the disk; 0' },
  { number: 42, name: 'fsync', args: [int('fd')], file: 'sysfile', doc: 'the same as `sync` for an open file (the log commits everything at once); 0' },
];

export interface Errno {
  number: number;
  name: string;
  message: string;
}

/** Linux's numbers, so the names mean what people expect. */
export const ERRNOS: Errno[] = [
  { number: 1, name: 'EPERM', message: 'operation not permitted' },
  { number: 2, name: 'ENOENT', message: 'no such file or directory' },
  { number: 3, name: 'ESRCH', message: 'no such process' },
  { number: 4, name: 'EINTR', message: 'interrupted' },
  { number: 5, name: 'EIO', message: 'input/output error' },
  { number: 6, name: 'ENXIO', message: 'no such device or address' },
  { number: 7, name: 'E2BIG', message: 'argument list too long' },
  { number: 8, name: 'ENOEXEC', message: 'exec format error' },
  { number: 9, name: 'EBADF', message: 'bad file descriptor' },
  { number: 10, name: 'ECHILD', message: 'no child processes' },
  { number: 11, name: 'EAGAIN', message: 'resource temporarily unavailable' },
  { number: 12, name: 'ENOMEM', message: 'out of memory' },
  { number: 13, name: 'EACCES', message: 'permission denied' },
  { number: 14, name: 'EFAULT', message: 'bad address' },
  { number: 16, name: 'EBUSY', message: 'device or resource busy' },
  { number: 17, name: 'EEXIST', message: 'file exists' },
  { number: 18, name: 'EXDEV', message: 'invalid cross-device link' },
  { number: 20, name: 'ENOTDIR', message: 'not a directory' },
  { number: 21, name: 'EISDIR', message: 'is a directory' },
  { number: 22, name: 'EINVAL', message: 'invalid argument' },
  { number: 23, name: 'ENFILE', message: 'too many open files in the system' },
  { number: 24, name: 'EMFILE', message: 'too many open files' },
  { number: 27, name: 'EFBIG', message: 'file too large' },
  { number: 28, name: 'ENOSPC', message: 'no space left on device' },
  { number: 29, name: 'ESPIPE', message: 'illegal seek' },
  { number: 30, name: 'EROFS', message: 'read-only file system' },
  { number: 31, name: 'EMLINK', message: 'too many links' },
  { number: 32, name: 'EPIPE', message: 'broken pipe' },
  { number: 34, name: 'ERANGE', message: 'result too large' },
  { number: 36, name: 'ENAMETOOLONG', message: 'file name too long' },
  { number: 38, name: 'ENOSYS', message: 'function not implemented' },
  { number: 39, name: 'ENOTEMPTY', message: 'directory not empty' },
  { number: 530, name: 'EWOULDBLOCKIO', message: 'would block on I/O' },
];

export const SYSCALL_NUMBERS: Record<string, number> = Object.fromEntries(SYSCALLS.map((s) => [s.name, s.number]));
