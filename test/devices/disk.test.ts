import { describe, expect, it } from 'vitest';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { BOOT_DISK, Disk, DiskError, FIXED_DISK, type BlockBackend } from '../../emu/devices/disk.ts';
import { FakeMachine } from './fake-machine.ts';

const LBA = 0x00, COUNT = 0x04, DMA = 0x08, COMMAND = 0x0C, STATUS = 0x10, CAPACITY = 0x14, ERROR = 0x18;
const READ = 1, WRITE = 2, FLUSH = 3;
const BUSY = 1, DONE = 2, ERR = 4;
const SEEK = 3_500_000n, PER_SECTOR = 7_000n;

/** A 1024-sector image whose sector n is filled with the byte n & 0xFF. */
function image(sectors = 1024): MemoryBlockBackend {
  const data = new Uint8Array(sectors * 512);
  for (let s = 0; s < sectors; s++) data.fill(s & 0xFF, s * 512, (s + 1) * 512);
  return new MemoryBlockBackend(data);
}

function machine(backend: BlockBackend | null = image(), options = FIXED_DISK) {
  const m = new FakeMachine(1 << 20);
  const disk = new Disk(m, { ...options, backend });
  m.plug(disk);
  m.out(0x24, 0);
  const port = (offset: number) => options.portBase + offset;
  const issue = (command: number, lba: number, count: number, dma: number) => {
    m.out(port(LBA), lba);
    m.out(port(COUNT), count);
    m.out(port(DMA), dma);
    m.out(port(COMMAND), command);
  };
  return { m, disk, port, issue };
}

describe('disk', () => {
  it('reports its capacity, and 0 with no medium', () => {
    expect(machine().m.in(0x1F0 + CAPACITY)).toBe(1024);
    expect(machine(null).m.in(0x1F0 + CAPACITY)).toBe(0);
  });

  it('reads by DMA, completing at C + seek + count × perSector when the track changes', () => {
    const { m, disk, port, issue } = machine();
    m.cycle = 10_000n;
    issue(READ, 128, 4, 0x1000);  // track 2, head on track 0
    const done = 10_000n + SEEK + 4n * PER_SECTOR;
    expect(disk.nextDeadline()).toBe(done);
    expect(m.in(port(STATUS))).toBe(BUSY);
    expect(m.stops).toBe(1);
    m.runTo(done - 1n);
    expect(m.in(port(STATUS))).toBe(BUSY);
    expect(m.memory[0x1000]).toBe(0);  // the data lands at completion
    expect(m.lines[14]).toBe(false);
    m.runTo(done);
    expect(m.in(port(STATUS))).toBe(DONE);
    expect(m.in(port(ERROR))).toBe(0);
    expect(m.lines[14]).toBe(true);
    expect(m.bus.intAck()).toBe(32 + 14);
    expect(m.memory[0x1000]).toBe(128);
    expect(m.memory[0x1000 + 3 * 512 + 511]).toBe(131);
    expect(m.memory[0x1000 + 4 * 512]).toBe(0);
    expect(m.written).toContainEqual([0x1000, 2048]);
    expect(m.cyclesOf('disk.done')).toEqual([done]);
    m.out(port(STATUS), DONE);
    expect(m.in(port(STATUS))).toBe(0);
    expect(m.lines[14]).toBe(false);
  });

  it('skips the seek on the same track, and moves the head to the last sector read', () => {
    const { m, disk, issue } = machine();
    issue(READ, 60, 8, 0);  // track 0 = head: no seek; ends on track 1
    expect(disk.nextDeadline()).toBe(8n * PER_SECTOR);
    m.runTo(8n * PER_SECTOR);
    m.cycle = 100_000n;
    issue(READ, 64, 1, 0);  // track 1 = head
    expect(disk.nextDeadline()).toBe(100_000n + PER_SECTOR);
    m.runTo(200_000n);
    issue(READ, 0, 1, 0);  // back to track 0: seek
    expect(disk.nextDeadline()).toBe(200_000n + SEEK + PER_SECTOR);
  });

  it('writes the RAM as it was at issue, stored at completion', () => {
    const backend = image();
    const { m, disk, issue } = machine(backend);
    m.memory.fill(0xAB, 0x2000, 0x2000 + 1024);
    m.cycle = 5n;
    issue(WRITE, 3, 2, 0x2000);
    m.memory.fill(0xCD, 0x2000, 0x2000 + 1024);  // too late: already copied
    const done = 5n + 2n * PER_SECTOR;
    expect(disk.nextDeadline()).toBe(done);
    m.runTo(done - 1n);
    expect(backend.data[3 * 512]).toBe(3);  // not yet stored
    m.runTo(done);
    expect(backend.data[3 * 512]).toBe(0xAB);
    expect(backend.data[5 * 512 - 1]).toBe(0xAB);
    expect(backend.data[5 * 512]).toBe(5);
    expect(m.in(0x1F0 + STATUS)).toBe(DONE);
    expect(disk.stats()).toEqual({ reads: 0, writes: 1, bytesRead: 0, bytesWritten: 1024 });
  });

  it('counts reads and bytes', () => {
    const { m, disk, issue } = machine();
    issue(READ, 0, 256, 0);
    m.runTo(10_000_000n);
    m.out(0x1F0 + STATUS, DONE);
    issue(READ, 1000, 24, 0x40000);
    m.runTo(20_000_000n);
    expect(disk.stats()).toEqual({ reads: 2, writes: 0, bytesRead: 280 * 512, bytesWritten: 0 });
  });

  const errors: [string, () => ReturnType<typeof machine>, number, number, number, number][] = [
    ['out of range', () => machine(), READ, 1020, 5, DiskError.OutOfRange],
    ['count 0', () => machine(), READ, 0, 0, DiskError.BadCount],
    ['count 257', () => machine(), READ, 0, 257, DiskError.BadCount],
    ['no medium', () => machine(null), READ, 0, 1, DiskError.NoMedium],
    ['read-only', () => machine(new MemoryBlockBackend(new Uint8Array(512 * 8), { readOnly: true })), WRITE, 0, 1, DiskError.ReadOnly],
  ];
  for (const [what, make, command, lba, count, code] of errors) {
    it(`fails at once on ${what} (error ${code})`, () => {
      const { m, disk, issue } = make();
      m.cycle = 77n;
      issue(command, lba, count, 0);
      expect(m.in(0x1F0 + STATUS)).toBe(DONE | ERR);
      expect(m.in(0x1F0 + ERROR)).toBe(code);
      expect(m.lines[14]).toBe(true);
      expect(disk.nextDeadline()).toBe(null);
      m.out(0x1F0 + STATUS, DONE | ERR);
      expect(m.in(0x1F0 + STATUS)).toBe(0);
      expect(m.lines[14]).toBe(false);
    });
  }

  it('rejects a DMA buffer outside RAM (error 3), for reads and writes', () => {
    const { m, issue } = machine();
    issue(READ, 0, 2, (1 << 20) - 512);
    expect(m.in(0x1F0 + ERROR)).toBe(DiskError.BadDmaAddress);
    m.out(0x1F0 + STATUS, DONE | ERR);
    issue(WRITE, 0, 1, 0xFFFF_FE00);
    expect(m.in(0x1F0 + ERROR)).toBe(DiskError.BadDmaAddress);
    issue(READ, 0, 2, (1 << 20) - 1024);  // exactly fits
    expect(m.in(0x1F0 + ERROR)).toBe(0);
    expect(m.in(0x1F0 + STATUS)).toBe(BUSY);
  });

  it('rejects a command while busy (error 4) without disturbing the one in flight', () => {
    const { m, disk, issue } = machine();
    issue(READ, 0, 1, 0x100);
    const done = disk.nextDeadline();
    issue(READ, 5, 1, 0x800);
    expect(m.in(0x1F0 + STATUS)).toBe(BUSY | DONE | ERR);
    expect(m.in(0x1F0 + ERROR)).toBe(DiskError.Busy);
    expect(disk.nextDeadline()).toBe(done);
    m.out(0x1F0 + STATUS, DONE | ERR);
    m.runTo(done!);
    expect(m.in(0x1F0 + STATUS)).toBe(DONE);
    expect(m.in(0x1F0 + ERROR)).toBe(0);
    expect(m.memory[0x100]).toBe(0);  // sector 0 holds zeros
    expect(m.memory[0x800]).toBe(0);  // the rejected read did nothing
  });

  it('flushes the backend and completes at once', () => {
    const backend = image();
    const { m, disk } = machine(backend);
    m.out(0x1F0 + COMMAND, FLUSH);
    expect(backend.flushes).toBe(1);
    expect(m.in(0x1F0 + STATUS)).toBe(DONE);
    expect(m.lines[14]).toBe(true);
    expect(disk.nextDeadline()).toBe(null);
  });

  it('ignores unknown commands', () => {
    const { m, disk } = machine();
    m.out(0x1F0 + COMMAND, 9);
    expect(m.in(0x1F0 + STATUS)).toBe(0);
    expect(disk.nextDeadline()).toBe(null);
  });

  it('clears done and error when a new command is accepted', () => {
    const { m, issue } = machine();
    issue(READ, 0, 0, 0);
    expect(m.in(0x1F0 + STATUS)).toBe(DONE | ERR);
    issue(READ, 0, 1, 0);
    expect(m.in(0x1F0 + STATUS)).toBe(BUSY);
    expect(m.in(0x1F0 + ERROR)).toBe(0);
    expect(m.lines[14]).toBe(false);
  });

  it('works as the boot disk at 0x170, IRQ 6, with diskette latencies', () => {
    const { m, disk, port, issue } = machine(image(2880), BOOT_DISK);
    expect(disk.name).toBe('boot-disk');
    expect(m.in(0x170 + CAPACITY)).toBe(2880);
    expect(m.in(0x1F0 + CAPACITY)).toBe(0xFFFF_FFFF);  // no fixed disk on this bus
    m.cycle = 1000n;
    issue(READ, 64, 2, 0x8000);
    const done = 1000n + 70_000_000n + 2n * 1_400_000n;
    expect(disk.nextDeadline()).toBe(done);
    m.runTo(done);
    expect(m.in(port(STATUS))).toBe(DONE);
    expect(m.lines[6]).toBe(true);
    expect(m.bus.intAck()).toBe(32 + 6);
    expect(m.memory[0x8000]).toBe(64);
    expect(m.cyclesOf('boot-disk.done')).toEqual([done]);
  });

  it('lets both instances work side by side', () => {
    const m = new FakeMachine();
    const fixed = new Disk(m, { ...FIXED_DISK, backend: image() });
    const boot = new Disk(m, { ...BOOT_DISK, seek: 100, perSector: 10, backend: image(16) });
    m.plug(fixed, boot);
    m.out(0x1F0 + COUNT, 1);
    m.out(0x1F0 + LBA, 200);
    m.out(0x1F0 + COMMAND, READ);
    m.out(0x170 + COUNT, 1);
    m.out(0x170 + LBA, 7);
    m.out(0x170 + DMA, 0x200);
    m.out(0x170 + COMMAND, READ);
    expect(boot.nextDeadline()).toBe(10n);
    m.runTo(1n << 30n);
    expect(m.memory[0]).toBe(200);
    expect(m.memory[0x200]).toBe(7);
    expect(m.lines[6] && m.lines[14]).toBe(true);
  });
});
