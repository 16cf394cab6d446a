// A disk backed by an image file, read and written in place with positioned
// I/O. openDiskImage() is the entry point: it checks the file and, with
// `snapshot`, puts a copy-on-write overlay on top so the file is never written.
//
//   openDiskImage('fs.img')                       read-write
//   openDiskImage('fs.img', { snapshot: true })   writes kept in memory
//   openDiskImage('kernel.img', { readOnly: true })
//
// Problems with the file are UserErrors on one line, e.g.
//   "disk image 'fs.img': no such file"
//   "disk image 'fs.img': size 1000 is not a multiple of 512 bytes"

import fs from 'node:fs';
import type { BlockBackend } from '../devices/disk.ts';
import { SECTOR_BYTES } from '../devices/disk.ts';
import { UserError } from '../user-error.ts';
import { OverlayBlockBackend } from './overlay-disk.ts';

export interface DiskImageOptions {
  /** Refuse writes (the guest sees error 6, read-only). */
  readOnly?: boolean;
  /** Copy-on-write: writes are kept in memory and the file is left as it was. */
  snapshot?: boolean;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
};

export function openDiskImage(path: string, options: DiskImageOptions = {}): BlockBackend {
  const writable = !options.readOnly && !options.snapshot;
  let fd: number;
  let size: number;
  try {
    fd = fs.openSync(path, writable ? 'r+' : 'r');
  } catch (e) {
    throw openError(path, e);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (e) {
    fs.closeSync(fd);
    throw openError(path, e);
  }
  if (size % SECTOR_BYTES !== 0) {
    fs.closeSync(fd);
    throw new UserError(`disk image '${path}': size ${size} is not a multiple of ${SECTOR_BYTES} bytes`);
  }
  const file = new FileBlockBackend(fd, size / SECTOR_BYTES, !writable);
  return options.snapshot ? new OverlayBlockBackend(file) : file;
}

function openError(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return new UserError(`disk image '${path}': ${REASONS[code] ?? `cannot open (${code})`}`);
}

export class FileBlockBackend implements BlockBackend {
  private fd: number | null;

  constructor(fd: number, readonly sectors: number, readonly readOnly: boolean) {
    this.fd = fd;
  }

  read(lba: number, count: number): Uint8Array {
    const data = new Uint8Array(count * SECTOR_BYTES);
    let done = 0;
    while (done < data.length) {
      const n = fs.readSync(this.open(), data, done, data.length - done, lba * SECTOR_BYTES + done);
      if (n === 0) throw new Error(`disk image: short read at sector ${lba}`);
      done += n;
    }
    return data;
  }

  write(lba: number, data: Uint8Array): void {
    if (this.readOnly) throw new Error('disk image: write to a read-only image');
    let done = 0;
    while (done < data.length) {
      done += fs.writeSync(this.open(), data, done, data.length - done, lba * SECTOR_BYTES + done);
    }
  }

  flush(): void {
    if (!this.readOnly) fs.fsyncSync(this.open());
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    if (this.fd === null) throw new Error('disk image: used after close()');
    return this.fd;
  }
}
