// Helpers for the file system tests.
//
//   smallImage(tree?, options?) -> Uint8Array     an mkfs image in memory
//   mountCopy(image, options?) -> { fs, backend }  a writable mount of a copy
//   RecordingBackend                               a disk that keeps every write, in order
//   random(seed) -> () => number in [0, 1)         seeded, for reproducible workloads
//   userError(fn) -> message                        fn must throw a one-line UserError
//   errorCode(fn) -> 'ENOENT' | ...                  fn must throw an FsError; its errno name
//   pattern(length, seed) -> bytes                   recognisable contents

import { expect } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import type { BlockBackend } from '../../emu/devices/disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { FileSystem, type MountOptions } from '../../tools/fs/filesystem.ts';
import { buildImage, type MkfsOptions } from '../../tools/fs/mkfs.ts';
import { newDir, type TreeDir } from '../../tools/fs/tree.ts';

export function smallImage(tree: TreeDir = newDir(), options: MkfsOptions = {}): Uint8Array {
  return buildImage(tree, { sizeMiB: 4, ...options }).image;
}

export function mountCopy(image: Uint8Array, options: MountOptions = {}): { fs: FileSystem; backend: MemoryBlockBackend } {
  const backend = new MemoryBlockBackend(image.slice());
  return { fs: FileSystem.mount(backend, { label: 'test.img', ...options }), backend };
}

export interface RecordedWrite { lba: number; data: Uint8Array }

export class RecordingBackend implements BlockBackend {
  readonly writes: RecordedWrite[] = [];
  readonly sectors: number;
  readonly readOnly = false;

  constructor(private readonly inner: BlockBackend) {
    this.sectors = inner.sectors;
  }

  read(lba: number, count: number): Uint8Array {
    return this.inner.read(lba, count);
  }

  write(lba: number, data: Uint8Array): void {
    this.writes.push({ lba, data: data.slice() });
    this.inner.write(lba, data);
  }

  flush(): void {}
  close(): void {}
}

export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

export function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UserError, nothing was thrown');
}

export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as { code?: string }).code ?? 'none';
  }
  throw new Error('expected an FsError, nothing was thrown');
}
