import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openDiskImage } from '../../emu/backends/file-disk.ts';
import { LoopbackNet } from '../../emu/backends/loopback-net.ts';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { ScriptedNet } from '../../emu/backends/scripted-net.ts';
import { TerminalConsole } from '../../emu/backends/terminal-console.ts';
import { Disk, FIXED_DISK } from '../../emu/devices/disk.ts';
import { UserError } from '../../emu/user-error.ts';
import { FakeMachine } from './fake-machine.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchless-backends-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function imageFile(name: string, sectors: number): string {
  const file = path.join(dir, name);
  const data = Buffer.alloc(sectors * 512);
  for (let s = 0; s < sectors; s++) data.fill(s, s * 512, (s + 1) * 512);
  fs.writeFileSync(file, data);
  return file;
}

function userError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('disk image files', () => {
  it('report problems as one-line UserErrors', () => {
    const missing = path.join(dir, 'missing.img');
    expect(userError(() => openDiskImage(missing))).toBe(`disk image '${missing}': no such file`);
    const odd = path.join(dir, 'odd.img');
    fs.writeFileSync(odd, Buffer.alloc(1000));
    expect(userError(() => openDiskImage(odd))).toBe(`disk image '${odd}': size 1000 is not a multiple of 512 bytes`);
    expect(userError(() => openDiskImage(dir, { readOnly: true }))).toBe(`disk image '${dir}': is a directory`);
    expect(userError(() => new MemoryBlockBackend(new Uint8Array(100), { label: 'fs.img' })))
      .toBe('fs.img: size 100 is not a multiple of 512 bytes');
  });

  it('read and write sectors in place', () => {
    const file = imageFile('rw.img', 16);
    const disk = openDiskImage(file);
    expect(disk.sectors).toBe(16);
    expect(disk.readOnly).toBe(false);
    expect(Array.from(disk.read(2, 2).filter((_, i) => i % 512 === 0))).toEqual([2, 3]);
    disk.write(5, new Uint8Array(1024).fill(0xEE));
    disk.flush();
    disk.close();
    const after = fs.readFileSync(file);
    expect([after[5 * 512], after[7 * 512 - 1], after[7 * 512]]).toEqual([0xEE, 0xEE, 7]);
  });

  it('with snapshot, keep writes in memory and leave the file as it was', () => {
    const file = imageFile('cow.img', 8);
    const before = fs.readFileSync(file);
    const disk = openDiskImage(file, { snapshot: true });
    disk.write(1, new Uint8Array(512).fill(0xAA));
    const back = disk.read(0, 3);
    expect([back[0], back[512], back[1023], back[1024]]).toEqual([0, 0xAA, 0xAA, 2]);
    disk.flush();
    disk.close();
    expect(fs.readFileSync(file)).toEqual(before);
  });

  it('opened read-only, make the guest see error 6 on write', () => {
    const m = new FakeMachine();
    const disk = new Disk(m, { ...FIXED_DISK, backend: openDiskImage(imageFile('ro.img', 4), { readOnly: true }) });
    m.plug(disk);
    m.out(0x1F4, 1);
    m.out(0x1FC, 2);
    expect(m.in(0x208)).toBe(6);
    m.out(0x1FC, 1);
    m.runTo(1n << 40n);
    expect(m.memory[0]).toBe(0);
    expect(disk.stats().reads).toBe(1);
  });
});

describe('console backends', () => {
  it('memory console: collects output, queues input fed before attach', () => {
    const con = new MemoryConsole();
    con.feed('early');
    const got: number[] = [];
    con.attach((b) => got.push(...b));
    con.feed(new Uint8Array([1, 2]));
    expect(got).toEqual([...new TextEncoder().encode('early'), 1, 2]);
    con.write(0x6F);
    con.write(0x6B);
    expect(con.text()).toBe('ok');
    con.clear();
    expect(con.bytes()).toEqual(new Uint8Array(0));
  });

  function terminal(isTTY: boolean) {
    const input = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
    const modes: boolean[] = [];
    if (isTTY) {
      input.isTTY = true;
      input.setRawMode = (on) => modes.push(on);
    }
    const output = new PassThrough();
    const written: Buffer[] = [];
    output.on('data', (b: Buffer) => written.push(b));
    let quits = 0;
    const con = new TerminalConsole({
      input: input as unknown as NodeJS.ReadStream, output: output as unknown as NodeJS.WriteStream, onQuit: () => quits++,
    });
    const got: number[] = [];
    con.attach((b) => got.push(...b));
    return { input, output, written, con, got, modes, quits: () => quits };
  }

  it('terminal console: raw mode on attach, restored on close', async () => {
    const t = terminal(true);
    expect(t.modes).toEqual([true]);
    t.con.close();
    expect(t.modes).toEqual([true, false]);
  });

  it('terminal console: passes keystrokes, handles the Ctrl-A escape, buffers output', async () => {
    const t = terminal(false);
    const woke = t.con.waitForInput();
    t.input.write(Buffer.from([0x61, 0x03, 0x01, 0x01, 0x62, 0x01, 0x78, 0x63]));
    await woke;
    expect(t.got).toEqual([0x61, 0x03, 0x01, 0x62, 0x63]);
    expect(t.quits()).toBe(1);
    t.con.write(0x68);
    t.con.write(0x69);
    expect(t.written).toEqual([]);
    await new Promise((r) => setImmediate(r));  // flushed when the event loop turns
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(t.written).toString()).toBe('hi');
    t.con.write(0x21);
    t.con.flush();  // or at once
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(t.written).toString()).toBe('hi!');
    expect(t.con.interactive).toBe(true);
    t.input.end();
    await t.con.waitForInput();
    expect(t.con.interactive).toBe(false);
    t.con.close();
  });
});

describe('network backends', () => {
  it('loopback returns frames delay cycles later, in order', () => {
    const net = new LoopbackNet(100);
    net.transmit(new Uint8Array([1]), 50n);
    net.transmit(new Uint8Array([2]), 50n);
    net.transmit(new Uint8Array([3]), 10n);
    expect(net.nextArrival()).toBe(110n);
    expect([net.takeArrival()[0], net.takeArrival()[0], net.takeArrival()[0]]).toEqual([3, 1, 2]);
    expect(net.nextArrival()).toBe(null);
  });

  it('scripted network sorts arrivals stably and records what was sent', () => {
    const net = new ScriptedNet([
      { at: 30n, frame: new Uint8Array([3]) },
      { at: 10n, frame: new Uint8Array([1]) },
      { at: 30n, frame: new Uint8Array([4]) },
    ]);
    net.schedule(20n, new Uint8Array([2]));
    const order: number[] = [];
    while (net.nextArrival() !== null) order.push(net.takeArrival()[0]);
    expect(order).toEqual([1, 2, 3, 4]);
    net.transmit(new Uint8Array([9]), 77n);
    expect(net.sent).toEqual([{ at: 77n, frame: new Uint8Array([9]) }]);
  });
});
