// fsck finds each kind of damage, names it on one line, and repair leaves an
// image that checks clean (and keeps what was not damaged).

import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import {
  BLOCK_SIZE, DIRENT_BYTES, INODE, LOG_MAX, ROOT_INODE, SUPERBLOCK, bitmapByte, bitmapMask, inodeBlock, inodeOffset,
  type Geometry,
} from '../../tools/fs/format.ts';
import { formatReport, fsck } from '../../tools/fs/fsck.ts';
import { encodeLogHeader } from '../../tools/fs/log.ts';
import { writeField } from '../../tools/fs/struct.ts';
import { addNode, deviceNode, fileNode, newDir } from '../../tools/fs/tree.ts';
import { pattern, smallImage, userError } from './fs-harness.ts';

const BIG = (12 + 1024 + 3) * BLOCK_SIZE + 100;  // through the double-indirect block

function baseImage(): Uint8Array {
  const tree = newDir();
  addNode(tree, '/www/index.html', fileNode(pattern(300, 1)));
  addNode(tree, '/www/mid.bin', fileNode(pattern(60_000, 2)));  // uses the indirect block
  addNode(tree, '/www/big.bin', fileNode(pattern(BIG, 3)));
  addNode(tree, '/www/sub/a.txt', fileNode(pattern(5000, 4)));
  addNode(tree, '/www/sub/b.txt', fileNode(pattern(10, 5)));
  addNode(tree, '/etc/motd', fileNode(pattern(100, 6)));
  addNode(tree, '/dev/tty', deviceNode(1, 1));
  const image = smallImage(tree, { sizeMiB: 8 });
  const fs = FileSystem.mount(new MemoryBlockBackend(image));
  fs.link('/etc/motd', '/etc/motd2');
  fs.create('/etc/gone');
  fs.unlink('/etc/gone');  // leaves a free slot, 4
  return image;
}

const BASE = baseImage();

/** A writable copy of the base image, with the means to find and poke its structures. */
class Damage {
  readonly disk = new MemoryBlockBackend(BASE.slice());
  readonly fs = FileSystem.mount(new MemoryBlockBackend(BASE.slice()), { writable: false });
  readonly g: Geometry = this.fs.geometry;
  get bytes(): Uint8Array { return this.disk.data; }
  inum(path: string): number { return this.fs.stat(path).inum; }
  inodeAt(inum: number): number { return inodeBlock(this.g, inum) * BLOCK_SIZE + inodeOffset(inum); }
  setInode(path: string | number, field: keyof typeof INODE.fields, value: number, index = 0): void {
    const inum = typeof path === 'number' ? path : this.inum(path);
    writeField(this.bytes, this.inodeAt(inum), INODE.fields[field], value, index);
  }
  /** Byte offset of directory entry `slot` of a (small) directory. */
  entryAt(dir: string, slot: number): number {
    return this.fs.stat(dir).direct[Math.floor(slot * DIRENT_BYTES / BLOCK_SIZE)] * BLOCK_SIZE + (slot * DIRENT_BYTES) % BLOCK_SIZE;
  }
  slotOf(dir: string, name: string): number {
    return this.fs.readdir(dir, { dots: true }).findIndex((e) => e.name === name);
  }
  setEntryInum(dir: string, name: string, inum: number): void {
    const at = this.entryAt(dir, this.slotOf(dir, name));
    new DataView(this.bytes.buffer).setUint32(at, inum, true);
  }
  flipBit(block: number): void {
    this.bytes[(this.g.bitmapStart + Math.floor(block / (BLOCK_SIZE * 8))) * BLOCK_SIZE + bitmapByte(block)] ^= bitmapMask(block);
  }
  block(path: string, k = 0): number { return this.fs.stat(path).direct[k]; }
}

interface Case {
  name: string;
  damage: (d: Damage) => void;
  found: RegExp;
  /** Files that must read back intact after repair. */
  intact?: string[];
}

const CASES: Case[] = [
  { name: 'a log header counting more than the log holds', found: /log header: count 200 exceeds the log's capacity/,
    damage: (d) => d.bytes.set(new Uint8Array([200, 0, 0, 0]), d.g.logStart * BLOCK_SIZE) },
  { name: 'a log header naming the superblock', found: /log header: home block 1 is not an inode, bitmap or data block/,
    damage: (d) => d.bytes.set(encodeLogHeader([1]), d.g.logStart * BLOCK_SIZE) },
  { name: 'a log header naming a block twice', found: /log header: block \d+ logged twice/,
    damage: (d) => d.bytes.set(encodeLogHeader([d.g.dataStart, d.g.dataStart]), d.g.logStart * BLOCK_SIZE) },
  { name: 'inode 0 in use', found: /^inode 0 is not all zero$/, damage: (d) => { d.bytes[d.inodeAt(0)] = 1; } },
  { name: 'an unknown inode type', found: /inode \d+: unknown type 9; freed/, intact: ['/www/index.html'],
    damage: (d) => d.setInode('/www/sub/b.txt', 'type', 9) },
  { name: 'a free inode that is not zero', found: /inode \d+ is free but not all zero/,
    damage: (d) => { d.bytes[d.inodeAt(d.g.inodes - 1) + 20] = 7; } },
  { name: 'mode bits beyond 0o7777', found: /mode 0o17644 has bits beyond 0o7777/,
    damage: (d) => d.setInode('/etc/motd', 'mode', 0o17644) },
  { name: 'reserved inode bytes', found: /reserved fields are not zero/, damage: (d) => d.setInode('/etc/motd', 'spare1', 5) },
  { name: 'a device with blocks', found: /a device with a size or blocks/, damage: (d) => d.setInode('/dev/tty', 'size', 10) },
  { name: 'a device with major 0', found: /device with major number 0; freed/, damage: (d) => d.setInode('/dev/tty', 'major', 0) },
  { name: 'device numbers on a file', found: /device numbers on a non-device/, damage: (d) => d.setInode('/etc/motd', 'minor', 3) },
  { name: 'a pointer outside the data region', found: /block 1 of the file: pointer 3 is outside the data region; truncated to 4096 bytes/,
    intact: ['/www/index.html'], damage: (d) => d.setInode('/www/sub/a.txt', 'direct', 3, 1) },
  { name: 'a hole', found: /block 5 of the file is missing \(a hole\); truncated to 20480 bytes/,
    damage: (d) => d.setInode('/www/mid.bin', 'direct', 0, 5) },
  { name: 'a size larger than the map', found: /block 1 of the file is missing/,
    damage: (d) => d.setInode('/www/sub/b.txt', 'size', 9000) },
  { name: 'a size beyond the limit', found: /size 4294967295 exceeds the limit/,
    damage: (d) => d.setInode('/www/sub/b.txt', 'size', 0xffffffff) },
  { name: 'a block mapped beyond the size', found: /blocks mapped beyond its size 10/,
    damage: (d) => d.setInode('/www/sub/b.txt', 'direct', d.g.blocks - 1, 11) },
  { name: 'an indirect block that is not needed', found: /blocks mapped beyond its size 300/,
    damage: (d) => d.setInode('/www/index.html', 'indirect', d.g.blocks - 2) },
  { name: 'bytes past the end of a file', found: /bytes past the end of the file are not zero/,
    damage: (d) => { d.bytes[d.block('/www/sub/b.txt') * BLOCK_SIZE + 100] = 1; } },
  { name: 'a cross-linked block', found: /block 0 of the file: block \d+ is also used by inode \d+ \(cross-linked\)/,
    intact: ['/www/index.html'], damage: (d) => d.setInode('/www/sub/b.txt', 'direct', d.block('/www/index.html')) },
  { name: 'a bad indirect pointer', found: /the indirect block: pointer 2 is outside the data region; truncated to 49152 bytes/,
    damage: (d) => d.setInode('/www/mid.bin', 'indirect', 2) },
  { name: 'a bad double-indirect entry', found: /indirect block 0 of the double-indirect block is missing/,
    intact: ['/www/mid.bin'],
    damage: (d) => { d.bytes.fill(0, d.fs.stat('/www/big.bin').doubleIndirect * BLOCK_SIZE, d.fs.stat('/www/big.bin').doubleIndirect * BLOCK_SIZE + 4); } },
  { name: 'a used block marked free', found: /bitmap: 1 block in use marked free/, damage: (d) => d.flipBit(d.block('/etc/motd')) },
  { name: 'an unused block marked in use', found: /bitmap: 1 unused block marked in use/, damage: (d) => d.flipBit(d.g.blocks - 3) },
  { name: 'bits beyond the end of the bitmap', found: /bits are set for blocks beyond the end/, damage: (d) => d.flipBit(d.g.blocks + 5) },
  { name: 'a wrong link count', found: /nlink is 1, 2 entries name it/, damage: (d) => d.setInode('/etc/motd', 'nlink', 1) },
  { name: 'a directory link count', found: /inode \d+: nlink is 9, 3 entries name it/, damage: (d) => d.setInode('/www', 'nlink', 9) },
  { name: 'an inode in no directory', found: /inode \d+ \(nlink 1\) is in no directory; freed/,
    damage: (d) => d.bytes.fill(0, d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')), d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')) + 64) },
  { name: 'an entry naming a free inode', found: /'b\.txt' names free inode \d+; removed/,
    damage: (d) => d.setEntryInum('/www/sub', 'b.txt', d.g.inodes - 2) },
  { name: 'an entry beyond the inode table', found: /names inode 99999, beyond the inode table; removed/,
    damage: (d) => d.setEntryInum('/www/sub', 'b.txt', 99999) },
  { name: 'a name with a slash', found: /invalid name 'a\/txt'; removed/,
    damage: (d) => { d.bytes[d.entryAt('/www/sub', d.slotOf('/www/sub', 'a.txt')) + 5] = 0x2f; } },
  { name: 'garbage after a name', found: /invalid name 'b\.txt'; removed/,
    damage: (d) => { d.bytes[d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')) + 40] = 0x41; } },
  { name: 'a name twice', found: /'a\.txt' appears twice; removed/,
    damage: (d) => { const at = d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')); d.bytes[at + 4] = 0x61; } },
  { name: 'a wrong .', found: /entry 0: should be '\.' naming inode \d+/, damage: (d) => d.setEntryInum('/www/sub', '.', ROOT_INODE) },
  { name: 'a wrong ..', found: /entry 1: should be '\.\.' naming inode \d+/, damage: (d) => d.setEntryInum('/www/sub', '..', ROOT_INODE) },
  { name: 'a second name for a directory', found: /is a second name of directory inode \d+; removed/,
    damage: (d) => d.setEntryInum('/etc', 'motd2', d.inum('/www/sub')) },
  { name: 'a directory cycle', found: /'sub' is a second name of directory inode 1; removed/,
    damage: (d) => d.setEntryInum('/www', 'sub', ROOT_INODE) },
  { name: 'a free slot that is not zero', found: /a free slot that is not all zero/,
    damage: (d) => { d.bytes[d.entryAt('/etc', 4) + 10] = 1; } },
  { name: 'a directory size that is not whole entries', found: /directory size 250 is not a multiple of 64/,
    damage: (d) => d.setInode('/www/sub', 'size', 250) },
  { name: 'a directory too small for . and ..', found: /too small to hold \. and \.\.; freed/,
    damage: (d) => d.setInode('/www/sub', 'size', 64) },
];

describe('fsck', () => {
  it('finds the base image clean', () => {
    const report = fsck(new MemoryBlockBackend(BASE.slice()));
    expect(report.errors).toEqual([]);
    expect(report.stats).toMatchObject({ files: 6, directories: 6, devices: 4 });
    expect(formatReport(report)).toMatch(/^disk image: clean; 6 files \(\d+ bytes\), 6 directories, 4 devices/);
  });

  for (const c of CASES) {
    it(`finds and repairs ${c.name}`, () => {
      const d = new Damage();
      c.damage(d);
      const damaged = d.bytes.slice();
      const report = fsck(d.disk);
      expect(Buffer.compare(d.bytes, damaged), 'checking writes nothing').toBe(0);
      expect(report.clean).toBe(false);
      expect(report.errors.some((e) => c.found.test(e)), report.errors.join('\n')).toBe(true);
      for (const e of report.errors) expect(e).not.toContain('\n');

      const repaired = fsck(d.disk, { repair: true });
      expect(repaired.remaining).toEqual([]);
      const again = fsck(d.disk);
      expect(again.errors).toEqual([]);
      expect(again.orphans).toEqual([]);
      const fs = FileSystem.mount(d.disk);
      for (const path of c.intact ?? []) expect(Buffer.compare(fs.readFile(path), d.fs.readFile(path)), path).toBe(0);
      fs.writeFile('/after-repair', pattern(70_000, 8));  // the repaired image is usable
      expect(fsck(d.disk).errors).toEqual([]);
    });
  }

  it('lists orphans apart from errors, and repair frees them', () => {
    const d = new Damage();
    d.setInode('/www/sub/b.txt', 'nlink', 0);
    d.bytes.fill(0, d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')), d.entryAt('/www/sub', d.slotOf('/www/sub', 'b.txt')) + 64);
    const report = fsck(d.disk);
    expect(report.errors).toEqual([]);
    expect(report.clean).toBe(true);
    expect(report.orphans).toEqual([d.inum('/www/sub/b.txt')]);
    expect(formatReport(report)).toMatch(/orphan inode \d+ \(unlinked while open\); freed on repair/);
    fsck(d.disk, { repair: true });
    expect(fsck(d.disk).orphans).toEqual([]);
  });

  it('refuses an image that is not a file system, on one line', () => {
    const d = new Damage();
    writeField(d.bytes, BLOCK_SIZE, SUPERBLOCK.fields.dataStart, 5);
    expect(userError(() => fsck(d.disk, { label: 'x.img' }))).toMatch(/^x\.img: superblock: dataStart is 5, the layout puts it at \d+$/);
    writeField(d.bytes, BLOCK_SIZE, SUPERBLOCK.fields.logBlocks, LOG_MAX + 2);
    expect(userError(() => fsck(d.disk))).toMatch(/superblock: log of 128 blocks \(capacity must be 32 … 126\)/);
    writeField(d.bytes, BLOCK_SIZE, SUPERBLOCK.fields.magic, 0);
    expect(userError(() => fsck(d.disk))).toMatch(/bad magic 0x0/);
    expect(userError(() => fsck(new MemoryBlockBackend(4)))).toMatch(/too small to hold a file system \(4 sectors\)$/);
    const small = new Damage();
    writeField(small.bytes, BLOCK_SIZE, SUPERBLOCK.fields.blocks, small.g.blocks * 2);
    expect(userError(() => fsck(small.disk))).toMatch(/blocks do not fit on a disk of \d+ blocks/);
    const rootless = new Damage();
    rootless.setInode(ROOT_INODE, 'type', 1);
    expect(userError(() => fsck(rootless.disk))).toMatch(/the root inode is not a directory/);
  });
});
