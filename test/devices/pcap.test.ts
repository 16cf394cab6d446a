import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter, pcapHeader, pcapRecord } from '../../emu/backends/pcap-writer.ts';
import { UserError } from '../../emu/user-error.ts';
import { readPcap } from './pcap-reader.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchless-pcap-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

/** An Ethernet frame: broadcast from 02:00:00:00:00:07, EtherType 0x88B5, `length` bytes. */
function frame(tag: number, length: number): Uint8Array {
  const f = new Uint8Array(length).fill(tag);
  f.set([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0, 0, 0, 0x07, 0x88, 0xB5]);
  return f;
}

const CLOCK = 700_000_000;
const traffic: [bigint, Uint8Array][] = [
  [0n, frame(1, 60)],
  [700n, frame(2, 1514)],                 // 1 us
  [700_000_000n + 1n, frame(3, 64)],      // just after 1 s
  [3n * 700_000_000n + 350_000_000n, frame(4, 14)],  // 3.5 s
];

function writeFile(name: string, nanoseconds = false): string {
  const file = path.join(dir, name);
  const w = PcapWriter.toFile(file, { clockHz: CLOCK, nanoseconds });
  for (const [cycle, f] of traffic) w.frame(f, cycle);
  w.close();
  return file;
}

describe('pcap writer', () => {
  it('writes a classic little-endian pcap header for Ethernet', () => {
    expect(Buffer.from(pcapHeader()).toString('hex')).toBe('d4c3b2a1020004000000000000000000ffff000001000000');
    expect(Buffer.from(pcapHeader(true)).toString('hex').slice(0, 8)).toBe('4d3cb2a1');
  });

  it('stamps records with cycles ÷ clock', () => {
    const rec = pcapRecord(frame(1, 60), 3n * 700_000_000n + 700n * 5n, { clockHz: CLOCK });
    const view = new DataView(rec.buffer);
    expect([view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)])
      .toEqual([3, 5, 60, 60]);
    const ns = new DataView(pcapRecord(frame(1, 60), 7n, { clockHz: CLOCK, nanoseconds: true }).buffer);
    expect(ns.getUint32(4, true)).toBe(10);
  });

  it('writes a file the tiny reader parses back, byte for byte', () => {
    const file = readPcap(fs.readFileSync(writeFile('us.pcap')));
    expect(file.version).toEqual([2, 4]);
    expect(file.linkType).toBe(1);
    expect(file.nanoseconds).toBe(false);
    expect(file.records.map((r) => [r.seconds, r.fraction])).toEqual([[0, 0], [0, 1], [1, 0], [3, 500_000]]);
    expect(file.records.map((r) => r.data)).toEqual(traffic.map(([, f]) => f));
    expect(file.records.map((r) => r.originalLength)).toEqual([60, 1514, 64, 14]);
    const ns = readPcap(fs.readFileSync(writeFile('ns.pcap', true)));
    expect(ns.nanoseconds).toBe(true);
    expect(ns.records.map((r) => [r.seconds, r.fraction])).toEqual([[0, 0], [0, 1000], [1, 1], [3, 500_000_000]]);
  });

  it('writes the same bytes every time', () => {
    expect(fs.readFileSync(writeFile('a.pcap'))).toEqual(fs.readFileSync(writeFile('b.pcap')));
  });

  it('is readable by tshark (when installed)', () => {
    if (!hasTshark) return;
    for (const nanoseconds of [false, true]) {
      const file = writeFile(nanoseconds ? 'tshark-ns.pcap' : 'tshark-us.pcap', nanoseconds);
      const out = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch', '-e', 'eth.type'], {
        encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
      });
      const rows = out.trim().split('\n').map((line) => line.split('\t'));
      expect(rows.map((r) => Number(r[0]))).toEqual([60, 1514, 64, 14]);
      expect(rows.map((r) => Math.round(Number(r[1]) * 1e6))).toEqual([0, 1, 1_000_000, 3_500_000]);
      expect(rows.map((r) => r[2])).toEqual(['0x88b5', '0x88b5', '0x88b5', '0x88b5']);
    }
  });

  it('reports a file it cannot create as a UserError', () => {
    expect(() => PcapWriter.toFile(path.join(dir, 'no', 'such', 'dir.pcap'), { clockHz: CLOCK }))
      .toThrow(UserError);
  });
});
