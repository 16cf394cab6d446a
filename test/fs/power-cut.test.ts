// Power cuts (docs/fs.md §7). A seeded, write-heavy workload runs through the
// library's logged write path on a recording disk. Each trial cuts the
// recorded sequence of disk writes at a random point — tearing the write in
// progress at a random sector — then recovers and checks that:
//   - fsck finds no error and no orphan, before and after recovery;
//   - the tree is exactly the state after the last transaction whose commit
//     point (the header write) reached the disk: no more, no less.

import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { readTree } from '../../tools/fs/extract.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { BLOCK_SIZE, SECTOR_BYTES } from '../../tools/fs/format.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { treeDigest } from '../../tools/fs/tree.ts';
import { RecordingBackend, pattern, random, smallImage, type RecordedWrite } from './fs-harness.ts';

interface Recording {
  base: Uint8Array;
  writes: RecordedWrite[];
  /** Index in writes of each transaction's commit point. */
  commitPoints: number[];
  /** Tree digest before any transaction (0) and after each (1 …). */
  states: string[];
}

/** Runs `ops` random operations; returns the disk writes and the committed states. */
function record(seed: number, ops: number): Recording {
  const base = smallImage(undefined, { sizeMiB: 4 });
  const recorder = new RecordingBackend(new MemoryBlockBackend(base.slice()));
  const commitPoints: number[] = [];
  const states: string[] = [];
  let clock = 0n;
  const fs: FileSystem = FileSystem.mount(recorder, {
    clock: () => ++clock,
    onCommitPoint: () => commitPoints.push(recorder.writes.length - 1),
    onCommitted: () => states.push(treeDigest(readTree(fs))),
  });
  states.push(treeDigest(readTree(fs)));
  const next = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const files: string[] = [];
  const dirs = ['/'];
  const join = (dir: string, name: string) => (dir === '/' ? '' : dir) + '/' + name;
  let serial = 0;
  for (let i = 0; i < ops; i++) {
    const roll = next();
    const size = () => (next() < 0.15 ? Math.floor(next() * 60 * BLOCK_SIZE) : Math.floor(next() * 3 * BLOCK_SIZE));
    if (files.length === 0 || roll < 0.2) {
      const path = join(pick(dirs), `f${serial++}`);
      fs.create(path, { mode: 0o600 });
      fs.write(path, 0, pattern(size(), serial));
      files.push(path);
    } else if (roll < 0.35) {
      const path = pick(files);
      fs.write(path, fs.stat(path).size, pattern(size(), serial++));
    } else if (roll < 0.5) {
      const path = pick(files);
      fs.write(path, Math.floor(next() * (fs.stat(path).size + 100)), pattern(size(), serial++));
    } else if (roll < 0.6) {
      const path = pick(files);
      fs.truncate(path, Math.floor(next() * 1.2 * fs.stat(path).size));
    } else if (roll < 0.7) {
      const path = files.splice(Math.floor(next() * files.length), 1)[0];
      fs.unlink(path);
    } else if (roll < 0.78) {
      const path = join(pick(dirs), `d${serial++}`);
      fs.mkdir(path);
      dirs.push(path);
    } else if (roll < 0.84) {
      const path = join(pick(dirs), `l${serial++}`);
      fs.link(pick(files), path);
      files.push(path);
    } else if (roll < 0.92) {
      const from = files.splice(Math.floor(next() * files.length), 1)[0];
      const to = next() < 0.3 && files.length > 0 ? files.splice(Math.floor(next() * files.length), 1)[0] : join(pick(dirs), `r${serial++}`);
      fs.rename(from, to);
      files.push(to);
    } else {
      const empty = dirs.filter((d) => d !== '/' && fs.readdir(d).length === 0);
      if (empty.length > 0) {
        const dir = pick(empty);
        fs.rmdir(dir);
        dirs.splice(dirs.indexOf(dir), 1);
      }
    }
  }
  expect(states.length).toBe(commitPoints.length + 1);
  return { base, writes: recorder.writes, commitPoints, states };
}

/** The disk after writes[0 … cut), plus the first `torn` sectors of writes[cut]. */
function cutDisk(r: Recording, cut: number, torn: number): Uint8Array {
  const image = r.base.slice();
  for (let i = 0; i < cut; i++) image.set(r.writes[i].data, r.writes[i].lba * SECTOR_BYTES);
  if (torn > 0) image.set(r.writes[cut].data.subarray(0, torn * SECTOR_BYTES), r.writes[cut].lba * SECTOR_BYTES);
  return image;
}

function checkCut(r: Recording, cut: number, torn: number): void {
  const image = cutDisk(r, cut, torn);
  const committed = r.commitPoints.filter((p) => p < cut || (p === cut && torn > 0)).length;
  const where = `cut at write ${cut} of ${r.writes.length}, ${torn} sectors of it`;
  const before = fsck(new MemoryBlockBackend(image.slice()));
  expect(before.errors, where).toEqual([]);
  expect(before.orphans, where).toEqual([]);
  const disk = new MemoryBlockBackend(image);
  const fs = FileSystem.mount(disk);
  expect(treeDigest(readTree(fs)), `${where}: state after ${committed} transactions`).toBe(r.states[committed]);
  const after = fsck(disk);
  expect([after.errors, after.logBlocks], where).toEqual([[], 0]);
}

describe('after a power cut, recovery gives exactly the committed transactions', () => {
  it('at every point of a short workload, whole and torn', () => {
    const r = record(7, 12);
    expect(r.commitPoints.length).toBeGreaterThan(12);
    for (let cut = 0; cut <= r.writes.length; cut++) {
      checkCut(r, cut, 0);
      const sectors = cut < r.writes.length ? r.writes[cut].data.length / SECTOR_BYTES : 0;
      if (sectors > 1) checkCut(r, cut, 1 + (cut % (sectors - 1)));
    }
  });

  for (const seed of [1, 2, 3]) {
    it(`at random points of a long workload (seed ${seed})`, () => {
      const r = record(seed, 60);
      const next = random(seed * 1000 + 1);
      for (let trial = 0; trial < 25; trial++) {
        const cut = Math.floor(next() * (r.writes.length + 1));
        const sectors = cut < r.writes.length ? r.writes[cut].data.length / SECTOR_BYTES : 0;
        checkCut(r, cut, Math.floor(next() * sectors));
      }
    });
  }

  it('the log header is written as one sector, after the blocks it names', () => {
    const r = record(4, 20);
    for (const p of r.commitPoints) {
      expect(r.writes[p].data.length).toBe(SECTOR_BYTES);
      const count = new DataView(r.writes[p].data.buffer).getUint32(0, true);
      for (let i = 1; i <= count; i++) expect(r.writes[p - i].data.length).toBe(BLOCK_SIZE);
    }
  });
});
