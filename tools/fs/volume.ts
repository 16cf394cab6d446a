// A mounted file system's shared state, handed to the layers of the host
// library (inode.ts, bitmap.ts, block-map.ts, directory.ts, filesystem.ts):
// the log (every block goes through it), the geometry from the superblock,
// the image's name for messages, and the clock that stamps mtime/ctime.
//
//   corrupt(v, 'inode 7: block pointer 9 outside the data region')  throws the
//   one-line UserError "fs.img: inode 7: block pointer 9 outside the data region"
//   fsError(v, 'ENOENT', '/www/x')  throws FsError "fs.img: /www/x: no such file or directory"

import { UserError } from '../../emu/user-error.ts';
import type { Geometry } from './format.ts';
import type { Log } from './log.ts';

export interface Volume {
  readonly log: Log;
  readonly geometry: Geometry;
  readonly label: string;
  /** The time stamped on changed inodes (the guest's cycle counter; 0 in mkfs). */
  now(): bigint;
  /** Where the allocators start looking: the block and inode after the last ones they handed out. */
  hint: { block: number; inode: number };
}

export function corrupt(v: { label: string }, problem: string): never {
  throw new UserError(`${v.label}: ${problem}`);
}

export const FS_ERRORS = {
  ENOENT: 'no such file or directory',
  EEXIST: 'file exists',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EFBIG: 'file too large',
  EINVAL: 'invalid argument',
  EMLINK: 'too many links',
  EROFS: 'read-only file system',
} as const;
export type FsErrorCode = keyof typeof FS_ERRORS;

/** An operation that fails as the kernel's system call would, with its errno name in `code`. */
export class FsError extends UserError {
  constructor(readonly code: FsErrorCode, message: string) {
    super(message);
    this.name = 'FsError';
  }
}

export function fsError(v: { label: string }, code: FsErrorCode, path: string, detail?: string): never {
  throw new FsError(code, `${v.label}: ${path}: ${detail ?? FS_ERRORS[code]}`);
}
