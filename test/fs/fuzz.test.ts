// Damaged images, at random (seeded): whatever the damage, fsck, mounting,
// listing and reading either work or fail with a one-line UserError, never
// another exception or a hang; and whatever fsck --repair leaves, it checks
// clean and the library can read all of it and write to it.

import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { listTree, readTree } from '../../tools/fs/extract.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { BLOCK_SIZE, SECTOR_BYTES } from '../../tools/fs/format.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { addNode, deviceNode, fileNode, newDir } from '../../tools/fs/tree.ts';
import { pattern, random, smallImage } from './fs-harness.ts';

function baseImage(): Uint8Array {
  const tree = newDir();
  addNode(tree, '/www/index.html', fileNode(pattern(700, 1)));
  addNode(tree, '/www/files/mid.bin', fileNode(pattern(90_000, 2)));
  addNode(tree, '/www/files/small.txt', fileNode(pattern(40, 3)));
  for (let i = 0; i < 80; i++) addNode(tree, `/many/entry-${i}`, fileNode(pattern(i * 37, i)));
  addNode(tree, '/dev/extra', deviceNode(7, 1));
  return smallImage(tree, { sizeMiB: 2 });
}

const BASE = baseImage();
const GEOMETRY = FileSystem.mount(new MemoryBlockBackend(BASE.slice())).geometry;
/** Blocks holding directories and indirect blocks: where damage is most interesting. */
const META_BLOCKS = (() => {
  const fs = FileSystem.mount(new MemoryBlockBackend(BASE.slice()));
  const blocks = new Set<number>();
  for (const path of ['/', '/www', '/www/files', '/many', '/dev']) fs.stat(path).direct.filter(Boolean).forEach((b) => blocks.add(b));
  blocks.add(fs.stat('/www/files/mid.bin').indirect);
  return [...blocks];
})();

const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0xffffffff];

function damage(image: Uint8Array, next: () => number): Uint8Array {
  const g = GEOMETRY;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const at = (block: number, span = BLOCK_SIZE) => block * BLOCK_SIZE + Math.floor(next() * span);
  const poke32 = (offset: number, value: number) => new DataView(image.buffer).setUint32(offset & ~3, value >>> 0, true);
  const hits = 1 + Math.floor(next() * 4);
  for (let h = 0; h < hits; h++) {
    const where = next();
    let offset: number;
    if (where < 0.05) offset = at(1, 64);
    else if (where < 0.15) offset = at(g.logStart, 64);
    else if (where < 0.55) offset = at(g.inodeStart + Math.floor(next() * 4), BLOCK_SIZE);
    else if (where < 0.65) offset = at(g.bitmapStart);
    else offset = at(pick(META_BLOCKS));
    const how = next();
    if (how < 0.4) image[offset] ^= 1 << Math.floor(next() * 8);
    else if (how < 0.7) poke32(offset, pick(INTERESTING));
    else if (how < 0.9) poke32(offset, g.inodeStart + Math.floor(next() * (g.blocks - g.inodeStart + 8)));
    else image[offset] = Math.floor(next() * 256);
  }
  if (next() < 0.03) return image.slice(0, Math.floor(next() * image.length / SECTOR_BYTES) * SECTOR_BYTES);
  return image;
}

/** Runs fn; a UserError is an acceptable outcome, anything else fails the test. */
function tolerate<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UserError && !e.message.includes('\n')) return undefined;
    throw new Error(`${what}: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

function readEverything(fs: FileSystem): void {
  listTree(fs);
  readTree(fs);
}

describe('damaged images give UserErrors, never crashes', () => {
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}`, () => {
      const next = random(seed);
      for (let round = 0; round < 20; round++) {
        const image = damage(BASE.slice(), next);
        const label = `seed ${seed} round ${round}`;
        tolerate(`${label}: fsck`, () => fsck(new MemoryBlockBackend(image.slice(), { readOnly: true })));
        tolerate(`${label}: read-only mount`, () => {
          const fs = FileSystem.mount(new MemoryBlockBackend(image.slice(), { readOnly: true }), { writable: false });
          readEverything(fs);
        });
        tolerate(`${label}: writing`, () => {
          const fs = FileSystem.mount(new MemoryBlockBackend(image.slice()));
          fs.writeFile('/www/new.txt', pattern(9000, round));
          fs.unlink('/www/files/small.txt');
        });
        const disk = new MemoryBlockBackend(image.slice());
        const repaired = tolerate(`${label}: repair`, () => fsck(disk, { repair: true }));
        if (!repaired) continue;
        expect(repaired.remaining, label).toEqual([]);
        const again = fsck(disk);
        expect([again.errors, again.orphans], label).toEqual([[], []]);
        const fs = FileSystem.mount(disk);  // a clean image must be readable, all of it
        readEverything(fs);
        fs.writeFile('/after.bin', pattern(60_000, round));
        fs.mkdir('/after.d');
        expect(fsck(disk).errors, label).toEqual([]);
      }
    });
  }
});
