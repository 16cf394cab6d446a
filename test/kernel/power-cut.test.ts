// Power cuts of the kernel's file system (docs/fs.md §7): the guest runs a
// seeded write-heavy workload (`lat_fs churn SEED N`) on the default disk,
// and the machine is stopped at chosen cycles. The image as the controller
// left it at that cycle (every completed command, nothing of the one in
// flight) must be clean for the host's fsck after log recovery, orphans
// allowed; and mounting it (which recovers) must leave nothing in the log.
//
// For each seed one full run records the disk commands; the cuts are then:
//   - mid-install (2): just after the first install write of a commit is
//     issued, so the commit point is on the disk and recovery has work to do;
//   - mid-write (2): just after a write chosen at random is issued;
//   - at random (4): cycles chosen between the first write and the last.
// Everything is seeded, so the cycles and the images are the same every run.

import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { readTree } from '../../tools/fs/extract.ts';
import { FileSystem } from '../../tools/fs/filesystem.ts';
import { BLOCK_SIZE, SECTOR_BYTES } from '../../tools/fs/format.ts';
import { fsck } from '../../tools/fs/fsck.ts';
import { random } from '../fs/fs-harness.ts';
import { bootKernel, defaultDiskBytes, type DiskCommand } from './kernel-harness.ts';

// Building the kernel and its programs takes a while on a busy machine.
beforeAll(() => defaultDiskBytes(), 300_000);

const OPS = 120;
const SECTORS_PER_BLOCK = BLOCK_SIZE / SECTOR_BYTES;

/**
 * Install writes that start a commit's install: the first write outside the
 * log after the header (the commit point) that follows writes into the log
 * (docs/fs.md §6). The header written again after the install (count 0) is
 * followed by the next commit's log writes, which this leaves out.
 */
function installWrites(writes: DiskCommand[], image: Uint8Array): DiskCommand[] {
  const g = FileSystem.mount(new MemoryBlockBackend(image.slice()), { writable: false }).geometry;
  const header = g.logStart * SECTORS_PER_BLOCK;
  const inLog = (w: DiskCommand) => w.lba > header && w.lba < (g.logStart + g.logBlocks) * SECTORS_PER_BLOCK;
  return writes.filter((w, i) => i >= 2 && w.lba !== header && !inLog(w) && writes[i - 1].lba === header
    && inLog(writes[i - 2]));
}

function checkImage(image: Uint8Array, where: string): { logBlocks: number } {
  const report = fsck(new MemoryBlockBackend(image.slice()), { label: where });
  expect(report.errors, where).toEqual([]);
  const disk = new MemoryBlockBackend(image.slice());
  const fs = FileSystem.mount(disk, { label: where });
  expect(() => readTree(fs, '/tmp/churn'), where).not.toThrow();
  const after = fsck(disk, { label: where });
  expect([after.errors, after.logBlocks], where).toEqual([[], 0]);
  return { logBlocks: report.logBlocks };
}

describe('a power cut during a write-heavy workload leaves a clean file system', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, async () => {
      const command = `lat_fs churn ${seed} ${OPS}`;
      const full = await bootKernel({ command, disk: true, traceDisk: true });
      expect(full.exit, full.output).toMatchObject({ reason: 'exit', status: 0 });
      expect(full.output).toContain(`lat_fs churn: ${OPS} operations\n`);
      checkImage(full.disk!.data, `seed ${seed}, at power-off`);

      const writes = full.diskCommands.filter((c) => c.command === 'write');
      const installs = installWrites(writes, await defaultDiskBytes());
      expect(installs.length, 'commits in the workload').toBeGreaterThan(2);
      const next = random(seed * 7919);
      const first = writes[0].cycle;
      const span = Number(writes.at(-1)!.cycle - first);
      const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
      const cuts = [
        ...[1, 2].map(() => ({ what: 'mid-install', cycle: pick(installs).cycle + 1n })),
        ...[1, 2].map(() => ({ what: 'mid-write', cycle: pick(writes).cycle + 1n })),
        ...[1, 2, 3, 4].map(() => ({ what: 'at random', cycle: first + BigInt(Math.floor(next() * span)) })),
      ];
      for (const cut of cuts) {
        const where = `seed ${seed}, cut ${cut.what} at cycle ${cut.cycle}`;
        const run = await bootKernel({ command, disk: true, maxCycles: cut.cycle });
        expect(run.exit.reason, where).toBe('cycle-limit');
        const { logBlocks } = checkImage(run.disk!.data, where);
        if (cut.what === 'mid-install') expect(logBlocks, `${where}: a committed transaction to recover`).toBeGreaterThan(0);
      }
    }, 240_000);
  }
});
