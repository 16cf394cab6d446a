// The host library's operations: large files through the double-indirect
// block, big directories, links, renames, the errors each operation gives,
// and the log (recovery at mount, in memory on a read-only mount). fsck is
// clean after every sequence.

import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { OverlayBlockBackend } from '../../emu/backends/overlay-disk.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import {
  BLOCK_SIZE, InodeType, MAX_BITMAP_BLOCKS, MAX_FS_BLOCKS, MAX_OP_BLOCKS, NAME_MAX, NDIRECT, POINTERS_PER_BLOCK,
  fileBlocks,
} from '../../tools/fs/format.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { decodeLogHeader, encodeLogHeader } from '../../tools/fs/log.ts';
import { errorCode, mountCopy, pattern, smallImage, RecordingBackend } from './fs-harness.ts';

const DOUBLE_START = NDIRECT + POINTERS_PER_BLOCK;

function clean(backend: MemoryBlockBackend): void {
  const report = fsck(new MemoryBlockBackend(backend.data.slice()));
  expect(report.errors).toEqual([]);
  expect(report.orphans).toEqual([]);
}

describe('files', () => {
  it('reach through the double-indirect block, and shrink back through every level', () => {
    const { fs, backend } = mountCopy(smallImage(undefined, { sizeMiB: 12 }));
    const size = (DOUBLE_START + POINTERS_PER_BLOCK + 5) * BLOCK_SIZE + 123;  // two second-level blocks
    const data = pattern(size, 9);
    fs.create('/big');
    fs.write('/big', 0, data);
    const ino = fs.stat('/big');
    expect(ino.size).toBe(size);
    expect(ino.doubleIndirect).not.toBe(0);
    expect(Buffer.compare(fs.readFile('/big'), data)).toBe(0);
    clean(backend);

    const patch = pattern(3 * BLOCK_SIZE + 17, 10);
    const at = DOUBLE_START * BLOCK_SIZE - BLOCK_SIZE - 5;  // straddles indirect → double-indirect
    fs.write('/big', at, patch);
    data.set(patch, at);
    expect(Buffer.compare(fs.read('/big', at - 100, patch.length + 200), data.subarray(at - 100, at + patch.length + 100))).toBe(0);

    const free0 = fs.usage().freeBlocks;
    for (const cut of [DOUBLE_START * BLOCK_SIZE + 1, DOUBLE_START * BLOCK_SIZE, 20 * BLOCK_SIZE + 7, NDIRECT * BLOCK_SIZE, 5000, 0]) {
      fs.truncate('/big', cut);
      expect(fs.stat('/big').size).toBe(cut);
      expect(Buffer.compare(fs.readFile('/big'), data.subarray(0, cut)), `cut ${cut}`).toBe(0);
      clean(backend);
    }
    const after = fs.stat('/big');
    expect([after.indirect, after.doubleIndirect, ...after.direct]).toEqual(new Array(NDIRECT + 2).fill(0));
    expect(fs.usage().freeBlocks).toBe(free0 + fileBlocks(size) + 1 + 1 + 2);
  });

  it('fill gaps with zeros, and never show old bytes past the end', () => {
    const { fs, backend } = mountCopy(smallImage());
    fs.writeFile('/f', pattern(10_000, 1));
    fs.truncate('/f', 5000);
    fs.write('/f', 9000, new Uint8Array([1, 2, 3]));
    const back = fs.readFile('/f');
    expect(back.length).toBe(9003);
    expect(Buffer.compare(back.subarray(0, 5000), pattern(10_000, 1).subarray(0, 5000))).toBe(0);
    expect(back.subarray(5000, 9000).every((b) => b === 0)).toBe(true);
    fs.truncate('/f', 70_000);
    expect(fs.readFile('/f').subarray(9003).every((b) => b === 0)).toBe(true);
    clean(backend);
  });

  it('split a write into transactions of MAX_WRITE_BLOCKS blocks, each within MAX_OP_BLOCKS', () => {
    const recorder = new RecordingBackend(new MemoryBlockBackend(smallImage()));
    let commits = 0;
    const fs = FileSystem.mount(recorder, { onCommitPoint: () => commits++ });
    fs.create('/f');
    commits = 0;
    fs.write('/f', 0, pattern(100 * BLOCK_SIZE, 2));
    expect(commits).toBe(Math.ceil(100 / 24));
    const logged = recorder.writes.filter((w) => w.data.length === BLOCK_SIZE).length;
    expect(logged / commits).toBeLessThanOrEqual(2 * MAX_OP_BLOCKS);
  });

  it('keep a write chunk within MAX_OP_BLOCKS when its blocks scatter over every bitmap block', () => {
    // The largest file system, held sparsely: only written sectors take memory.
    const zeros = { sectors: MAX_FS_BLOCKS * 8, readOnly: false, read: (_: number, n: number) => new Uint8Array(n * 512),
      write() { throw new Error('unreachable'); }, flush() {}, close() {} };
    const disk = new OverlayBlockBackend(zeros);
    const made = FileSystem.format(disk, { blocks: MAX_FS_BLOCKS, inodes: 1024 });
    const g = made.geometry;
    expect(g.dataStart - g.bitmapStart).toBe(MAX_BITMAP_BLOCKS);
    made.create('/f');
    const head = pattern(1030 * BLOCK_SIZE, 1);
    made.write('/f', 0, head);
    // Leave 7 free blocks in each bitmap block, far apart: a chunk's allocations touch all four.
    for (let k = 0; k < MAX_BITMAP_BLOCKS; k++) {
      const bitmap = new Uint8Array(BLOCK_SIZE).fill(0xff);
      for (let i = 0; i < 7; i++) bitmap[500 + i * 400] = 0x7f;
      disk.write((g.bitmapStart + k) * 8, bitmap);
    }
    const recorder = new RecordingBackend(disk);
    const fs = FileSystem.mount(recorder);
    const tail = pattern(20 * BLOCK_SIZE + 5, 2);  // crosses into the double-indirect block
    fs.write('/f', head.length, tail);
    expect(fs.stat('/f').doubleIndirect).not.toBe(0);
    const headers = recorder.writes.filter((w) => w.lba === g.logStart * 8).map((w) => decodeLogHeader(w.data)).filter((h) => h.count > 0);
    expect(headers.length).toBe(1);
    expect(headers[0].count).toBeLessThanOrEqual(MAX_OP_BLOCKS);
    for (let k = 0; k < MAX_BITMAP_BLOCKS; k++) expect(headers[0].blocks).toContain(g.bitmapStart + k);
    expect(Buffer.compare(fs.read('/f', head.length - 10, tail.length + 10), Buffer.concat([head.subarray(-10), tail]))).toBe(0);
  });

  it('report the limits', () => {
    const { fs } = mountCopy(smallImage());
    fs.create('/f');
    expect(errorCode(() => fs.write('/f', 0x7fffffff, new Uint8Array(1)))).toBe('EFBIG');
    expect(errorCode(() => fs.write('/f', 2 << 20, pattern(3 << 20, 1)))).toBe('ENOSPC');
    expect(fs.stat('/f').size).toBeGreaterThan(0);  // the chunks that fitted are there
  });
});

describe('directories and names', () => {
  it('hold thousands of entries, past the direct blocks', () => {
    const { fs, backend } = mountCopy(smallImage(undefined, { inodes: 4096 }));
    fs.mkdir('/many');
    const count = 1500;  // 1502 slots: 24 blocks, beyond the 12 direct ones
    for (let i = 0; i < count; i++) fs.create(`/many/file-${i}`);
    const dir = fs.stat('/many');
    expect(dir.size).toBe((count + 2) * 64);
    expect(dir.indirect).not.toBe(0);
    expect(fs.readdir('/many').length).toBe(count);
    expect(fs.stat(`/many/file-${count - 1}`).type).toBe(InodeType.File);
    for (let i = 0; i < count; i += 2) fs.unlink(`/many/file-${i}`);
    fs.create('/many/again');  // takes the first free slot
    expect(fs.readdir('/many')[0].name).toBe('again');
    expect(fs.stat('/many').size).toBe((count + 2) * 64);
    clean(backend);
  });

  it('allow NAME_MAX bytes and refuse one more', () => {
    const { fs } = mountCopy(smallImage());
    const exact = 'n'.repeat(NAME_MAX);
    fs.create(`/${exact}`);
    expect(fs.readdir('/').map((e) => e.name)).toContain(exact);
    expect(errorCode(() => fs.create(`/${exact}x`))).toBe('ENAMETOOLONG');
    expect(errorCode(() => fs.stat(`/${exact}x`))).toBe('ENAMETOOLONG');
    const utf8 = 'é'.repeat(30);  // 60 bytes
    fs.create(`/${utf8}`);
    expect(errorCode(() => fs.create(`/${utf8}e`))).toBe('ENAMETOOLONG');
  });

  it('follow . and .. as entries, and keep nlink as the entries naming an inode', () => {
    const { fs, backend } = mountCopy(smallImage());
    fs.mkdir('/a');
    fs.mkdir('/a/b');
    fs.mkdir('/a/c');
    fs.create('/a/b/f');
    expect(fs.stat('/a/b/../c/./../b/f').inum).toBe(fs.stat('/a/b/f').inum);
    expect(fs.stat('/..').inum).toBe(1);
    expect(fs.stat('/a').nlink).toBe(4);
    fs.link('/a/b/f', '/a/c/g');
    expect(fs.stat('/a/c/g').nlink).toBe(2);
    fs.unlink('/a/b/f');
    expect(fs.stat('/a/c/g').nlink).toBe(1);
    clean(backend);
  });

  it('rename files and directories, replacing what the rules allow', () => {
    const { fs, backend } = mountCopy(smallImage());
    fs.mkdir('/a');
    fs.mkdir('/b');
    fs.mkdir('/a/sub');
    fs.writeFile('/a/sub/f', pattern(50_000, 5));
    fs.writeFile('/b/old', pattern(9000, 6));
    fs.rename('/a/sub', '/b/sub');
    expect(fs.stat('/b/sub/..').inum).toBe(fs.stat('/b').inum);
    expect([fs.stat('/a').nlink, fs.stat('/b').nlink]).toEqual([2, 3]);
    fs.rename('/b/sub/f', '/b/old');
    expect(Buffer.compare(fs.readFile('/b/old'), pattern(50_000, 5))).toBe(0);
    expect(errorCode(() => fs.stat('/b/sub/f'))).toBe('ENOENT');
    fs.mkdir('/a/empty');
    fs.rename('/b/sub', '/a/empty');
    expect(fs.stat('/a').nlink).toBe(3);
    fs.rename('/b/old', '/b/old');
    expect(errorCode(() => fs.rename('/a', '/a/empty/inside'))).toBe('EINVAL');
    fs.mkdir('/c');
    fs.create('/c/x');
    expect(errorCode(() => fs.rename('/a/empty', '/c'))).toBe('ENOTEMPTY');
    expect(errorCode(() => fs.rename('/b/old', '/c'))).toBe('EISDIR');
    expect(errorCode(() => fs.rename('/c', '/b/old'))).toBe('ENOTDIR');
    clean(backend);
  });

  it('give the errors of the system calls, changing nothing', () => {
    const { fs, backend } = mountCopy(smallImage());
    fs.mkdir('/d');
    fs.create('/d/f');
    const before = backend.data.slice();
    expect(errorCode(() => fs.create('/d/f'))).toBe('EEXIST');
    expect(errorCode(() => fs.mkdir('/d'))).toBe('EEXIST');
    expect(errorCode(() => fs.create('/nope/f'))).toBe('ENOENT');
    expect(errorCode(() => fs.create('/d/f/g'))).toBe('ENOTDIR');
    expect(errorCode(() => fs.rmdir('/d'))).toBe('ENOTEMPTY');
    expect(errorCode(() => fs.rmdir('/d/f'))).toBe('ENOTDIR');
    expect(errorCode(() => fs.unlink('/d'))).toBe('EISDIR');
    expect(errorCode(() => fs.link('/d', '/e'))).toBe('EISDIR');
    expect(errorCode(() => fs.readFile('/d'))).toBe('EISDIR');
    expect(errorCode(() => fs.create('/d/.'))).toBe('EINVAL');
    expect(errorCode(() => fs.create('relative'))).toBe('EINVAL');
    expect(errorCode(() => fs.mknod('/d/n', 0, 0))).toBe('EINVAL');
    expect(errorCode(() => fs.chmod('/d', 0o10000))).toBe('EINVAL');
    expect(Buffer.compare(backend.data, before)).toBe(0);
  });

  it('run out of inodes and blocks cleanly', () => {
    const { fs, backend } = mountCopy(smallImage(undefined, { inodes: 64 }));
    let made = 0;
    expect(errorCode(() => { for (;;) { fs.create(`/f${made}`); made++; } })).toBe('ENOSPC');
    expect(made).toBe(64 - 1 - 6);  // less inode 0, /, /dev, /dev/console, /dev/null, /dev/disk, /tmp
    fs.unlink('/f0');
    fs.writeFile('/f0', new Uint8Array(0));
    expect(errorCode(() => fs.writeFile('/f1', pattern(8 << 20, 1)))).toBe('ENOSPC');
    clean(backend);
  });
});

describe('the log', () => {
  it('is replayed at mount, and in memory only on a read-only mount', () => {
    const { fs, backend } = mountCopy(smallImage());
    fs.writeFile('/f', pattern(1000, 1));
    // Stage a committed transaction by hand: /f's first block, new contents, in log slot 0.
    const home = fs.stat('/f').direct[0];
    const block = backend.data.slice(home * BLOCK_SIZE, (home + 1) * BLOCK_SIZE);
    block.set(pattern(1000, 2));
    const g = fs.geometry;
    backend.data.set(block, (g.logStart + 1) * BLOCK_SIZE);
    backend.data.set(encodeLogHeader([home]), g.logStart * BLOCK_SIZE);
    const staged = backend.data.slice();

    const readOnly = FileSystem.mount(new MemoryBlockBackend(staged.slice(), { readOnly: true }));
    expect(readOnly.recovered).toBe(1);
    expect(readOnly.readFile('/f')).toEqual(pattern(1000, 2));
    expect(errorCode(() => readOnly.create('/g'))).toBe('EROFS');

    const disk = new MemoryBlockBackend(staged.slice());
    const report = fsck(disk);
    expect([report.logBlocks, report.errors.length]).toEqual([1, 0]);
    expect(Buffer.compare(disk.data, staged)).toBe(0);  // checking writes nothing

    const mounted = FileSystem.mount(disk);
    expect(mounted.recovered).toBe(1);
    expect(mounted.readFile('/f')).toEqual(pattern(1000, 2));
    expect(FileSystem.mount(disk).recovered).toBe(0);
  });
});
