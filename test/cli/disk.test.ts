// `switchless boot` and its fixed disk, as QEMU's -hda and -snapshot: the
// build's default image attached copy-on-write (the file never changes),
// --disk IMG read-write, --disk IMG --snapshot copy-on-write, --no-disk none;
// and one line for an image that is missing.
//
// Two bare programs, booted with --kernel, look at the disk controller
// (docs/devices.md §disk): `capacity` exits with CAPACITY / 256 (0 without a
// disk), `writer` writes a recognisable sector 1 and exits with the error bit.
// Then the kernel itself writes a file on a copy of the default image, which
// `switchless cat` reads back.

import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOTROM_IMAGE, DEFAULT_DISK_IMAGE } from '../../tools/build/artifacts.ts';
import { runCli, scratchDir, writeProgram } from './cli-harness.ts';

const CAPACITY = `
.equ DISK_CAPACITY, 0x1F0 + 0x14
.equ DEBUG_EXIT, 0x500
_start: mov edx, DISK_CAPACITY
        in eax, dx
        shr eax, 8
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt`;

const WRITER = `
.equ DISK, 0x1F0
.equ DEBUG_EXIT, 0x500
_start: mov edx, DISK             ; LBA 1
        mov eax, 1
        out dx, eax
        mov edx, DISK + 4         ; COUNT 1
        out dx, eax
        mov edx, DISK + 8
        mov eax, sector
        out dx, eax
        mov edx, DISK + 0xC       ; COMMAND write
        mov eax, 2
        out dx, eax
        mov edx, DISK + 0x10
wait:   in eax, dx
        test eax, 2               ; done
        jz wait
        and eax, 4                ; error
        mov edx, DEBUG_EXIT
        out dx, eax
        hlt
.data
sector: .ascii "written by the guest"
        .space 492`;

const MARK = 'written by the guest';
const SECTORS = 2048; // a 1 MiB image: CAPACITY / 256 = 8

let dir: string;
let capacity: string;
let writer: string;
/** A folder laid out like the repository's build output, whose default disk is a scratch 1 MiB image. */
let home: string;

beforeAll(() => {
  dir = scratchDir();
  capacity = writeProgram(dir, 'capacity.elf', CAPACITY);
  writer = writeProgram(dir, 'writer.elf', WRITER);
  home = join(dir, 'home');
  mkdirSync(join(home, 'build'), { recursive: true });
  copyFileSync(BOOTROM_IMAGE, join(home, BOOTROM_IMAGE));
});

function blankImage(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, new Uint8Array(SECTORS * 512));
  return path;
}

function holdsMark(path: string): boolean {
  return Buffer.from(readFileSync(path)).subarray(512, 512 + MARK.length).toString() === MARK;
}

function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('switchless boot: the fixed disk', () => {
  it('attaches the build\'s default disk image unless told --no-disk', () => {
    const sectors = statSync(DEFAULT_DISK_IMAGE).size / 512;
    expect(runCli(['boot', '--kernel', capacity]).status).toBe((sectors >> 8) & 0xff);
    expect(runCli(['boot', '--kernel', capacity, '--no-disk']).status).toBe(0);
  });

  it('the default image is copy-on-write: the guest writes, the file stays as it was', () => {
    const image = join(home, DEFAULT_DISK_IMAGE);
    writeFileSync(image, new Uint8Array(SECTORS * 512));
    expect(runCli(['boot', '--kernel', capacity], { cwd: home }).status).toBe(SECTORS >> 8);
    expect(runCli(['boot', '--kernel', writer], { cwd: home }).status).toBe(0);
    expect(holdsMark(image)).toBe(false);
  });

  it('--disk IMG is read-write: the guest\'s write reaches the file', () => {
    const image = blankImage('rw.img');
    expect(runCli(['boot', '--kernel', capacity, '--disk', image]).status).toBe(SECTORS >> 8);
    expect(runCli(['boot', '--kernel', writer, '--disk', image]).status).toBe(0);
    expect(holdsMark(image)).toBe(true);
  });

  it('--disk IMG --snapshot keeps the writes in memory', () => {
    const image = blankImage('snap.img');
    expect(runCli(['boot', '--kernel', writer, '--disk', image, '--snapshot']).status).toBe(0);
    expect(holdsMark(image)).toBe(false);
  });

  it('the kernel\'s writes persist in a --disk image, and not with --snapshot', () => {
    const image = join(dir, 'kernel.img');
    copyFileSync(DEFAULT_DISK_IMAGE, image);
    const write = runCli(['boot', '--disk', image, '--snapshot', '--exec', 'echo kept > /tmp/note; cat /tmp/note']);
    expect([write.status, write.stdout.split('\n').at(-2)]).toEqual([0, 'kept']);
    expect(readFileSync(image).equals(readFileSync(DEFAULT_DISK_IMAGE))).toBe(true);
    expect(runCli(['boot', '--disk', image, '--exec', 'echo kept > /tmp/note']).status).toBe(0);
    const read = runCli(['cat', image, '/tmp/note']);
    expect([read.status, read.stdout]).toEqual([0, 'kept\n']);
    expect(runCli(['fsck', image]).status).toBe(0);
  });

  it('run attaches a disk only when given --disk', () => {
    expect(runCli(['run', capacity]).status).toBe(0);
    expect(runCli(['run', capacity, '--disk', blankImage('run.img')]).status).toBe(SECTORS >> 8);
  });

  it('a missing image is one line', () => {
    const given = runCli(['boot', '--kernel', capacity, '--disk', join(dir, 'nope.img')]);
    expect(given.status).toBe(1);
    expectOneLineError(given.stderr, /^switchless: disk image '.*nope\.img': no such file$/);
    const bare = join(dir, 'bare');
    mkdirSync(join(bare, 'build'), { recursive: true });
    copyFileSync(BOOTROM_IMAGE, join(bare, BOOTROM_IMAGE));
    const missing = runCli(['boot', '--kernel', capacity], { cwd: bare });
    expect(missing.status).toBe(1);
    expectOneLineError(missing.stderr,
      /^switchless: the default disk image build\/disk\.img is missing: build it with 'npm run build', or boot with --no-disk$/);
    expect(runCli(['boot', '--kernel', capacity, '--no-disk'], { cwd: bare }).status).toBe(0);
  });
});
