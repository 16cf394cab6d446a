// save()/load() round trips: run a scenario to a point and save every device
// (through JSON), run on and record what the guest would observe, then load
// the saved states (into the same, now changed, devices and into fresh ones)
// and check the run from that point observes exactly the same.

import { describe, expect, it } from 'vitest';
import { LoopbackNet } from '../../emu/backends/loopback-net.ts';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { MemoryBlockBackend } from '../../emu/backends/memory-disk.ts';
import { Board } from '../../emu/devices/board.ts';
import { DebugExit } from '../../emu/devices/debug-exit.ts';
import type { Device } from '../../emu/devices/device.ts';
import { BOOT_DISK, Disk, FIXED_DISK } from '../../emu/devices/disk.ts';
import { Nic } from '../../emu/devices/nic.ts';
import { Timer } from '../../emu/devices/timer.ts';
import { TraceControl, type GuestTraceEvent } from '../../emu/devices/trace-control.ts';
import { Uart } from '../../emu/devices/uart.ts';
import { FakeMachine, viaJson } from './fake-machine.ts';

interface Rig {
  m: FakeMachine;
  devices: Device[];
  /** Host-side state that a machine snapshot keeps beside the devices (disk contents). */
  extra?: { save(): unknown; load(state: unknown): void };
}

function snapshot(r: Rig) {
  return {
    cycle: r.m.cycle,
    memory: r.m.memory.slice(),
    states: viaJson([r.m.pic, ...r.devices].map((d) => d.save())) as unknown[],
    extra: r.extra?.save(),
  };
}

function restore(r: Rig, s: ReturnType<typeof snapshot>): void {
  r.m.cycle = s.cycle;
  r.m.memory.set(s.memory);
  [r.m.pic, ...r.devices].forEach((d, i) => d.load(s.states[i]));
  r.extra?.load(s.extra);
}

function observe(r: Rig, after: (r: Rig) => unknown) {
  r.m.events.length = 0;
  const result = after(r);
  return {
    result, events: [...r.m.events], intr: r.m.intrLine,
    cycle: r.m.cycle, memory: Buffer.from(r.m.memory).toString('base64'),
    states: viaJson([r.m.pic, ...r.devices].map((d) => d.save())),
  };
}

function roundTrip(setup: () => Rig, before: (r: Rig) => void, after: (r: Rig) => unknown): void {
  const a = setup();
  before(a);
  const saved = snapshot(a);
  const first = observe(a, after);
  restore(a, saved);
  expect(observe(a, after)).toEqual(first);
  const b = setup();
  restore(b, saved);
  expect(observe(b, after)).toEqual(first);
}

function rig(devices: (m: FakeMachine) => Device[], extra?: () => Rig['extra']): Rig {
  const m = new FakeMachine(1 << 20);
  const list = devices(m);
  m.plug(...list);
  return { m, devices: list, extra: extra?.() };
}

describe('save and load', () => {
  it('pic: lines, mask, base and in-service bits', () => {
    roundTrip(
      () => rig(() => []),
      ({ m }) => {
        m.out(0x24, 0xFF00);
        m.out(0x28, 0x50);
        m.setIrq(3, true);
        m.setIrq(1, true);
        m.bus.intAck();
        m.setIrq(9, true);
      },
      ({ m }) => {
        const seen = [m.in(0x20), m.in(0x2C), m.intrLine];
        m.out(0x20, 0);
        seen.push(m.bus.intAck(), m.in(0x2C));
        m.out(0x24, 0);
        m.out(0x20, 0);
        m.out(0x20, 0);
        seen.push(m.bus.intAck(), m.in(0x2C));
        return seen;
      },
    );
  });

  it('timer: period, control, status, next expiry and the latched high half', () => {
    roundTrip(
      () => rig((m) => [new Timer(m)]),
      ({ m }) => {
        m.out(0x24, 0);
        m.out(0x44, 3);
        m.cycle = 1000n;
        m.out(0x40, 700);
        m.cycle = 0x1_0000_0A00n;  // a late run loop: the missed expiries collapse
        m.bus.fireDue(m.cycle);
        m.in(0x50);
      },
      ({ m }) => {
        const seen = [m.in(0x54), m.in(0x48), m.in(0x4C)];
        m.out(0x4C, 1);
        m.runTo(0x1_0000_0A00n + 5000n);
        seen.push(m.in(0x4C), m.in(0x48));
        m.out(0x44, 1);  // one-shot from here
        m.runTo(0x1_0000_0A00n + 10_000n);
        seen.push(m.in(0x44), m.in(0x48));
        return seen;
      },
    );
  });

  it('uart: FIFO, IER, transmitter-empty and the scripted input position', () => {
    const consoles = new Map<Device, MemoryConsole>();
    roundTrip(
      () => rig((m) => {
        const con = new MemoryConsole();
        const uart = new Uart(m, { backend: con, input: 'hello world', inputInterval: 100 });
        consoles.set(uart, con);
        return [uart];
      }),
      ({ m }) => {
        m.out(0x24, 0);
        m.runTo(250n);
        m.in(0x3F8, 1);
        m.out(0x3F9, 3, 1);
        m.out(0x3F8, 0x41, 1);
      },
      ({ m, devices }) => {
        const con = consoles.get(devices[0])!;
        con.clear();
        const seen = [m.in(0x3FA, 1), m.in(0x3FA, 1), m.in(0x3FD, 1)];
        for (let i = 0; i < 3; i++) seen.push(m.in(0x3F8, 1));
        seen.push(m.in(0x3FA, 1));
        m.runTo(2000n);
        for (let i = 0; i < 9; i++) seen.push(m.in(0x3F8, 1));
        m.out(0x3F8, 0x42, 1);
        return [seen, con.text()];
      },
    );
  });

  it('disk: registers, head position, counters and a write in flight', () => {
    roundTrip(
      () => {
        const fixed = new MemoryBlockBackend(256);
        return rig(
          (m) => [new Disk(m, { ...FIXED_DISK, backend: fixed }), new Disk(m, { ...BOOT_DISK, backend: new MemoryBlockBackend(64) })],
          () => ({ save: () => fixed.data.slice(), load: (s) => fixed.data.set(s as Uint8Array) }),
        );
      },
      ({ m }) => {
        m.out(0x24, 0);
        m.memory.fill(0x5A, 0x4000, 0x4000 + 1024);
        m.out(0x1F0, 130);  // track 2
        m.out(0x1F4, 2);
        m.out(0x1F8, 0x4000);
        m.out(0x1FC, 2);
        m.memory.fill(0, 0x4000, 0x4000 + 1024);  // the write already has its copy
        m.out(0x170 + 0x04, 0);
        m.out(0x170 + 0x0C, 1);  // boot disk: bad count, done + error
      },
      ({ m, devices }) => {
        const seen: unknown[] = [m.in(0x200), m.in(0x170 + 0x18), devices[0].nextDeadline()];
        m.runTo(10_000_000n);
        m.out(0x200, 2);
        m.out(0x1F0, 129);  // same track now: no seek
        m.out(0x1F4, 3);
        m.out(0x1F8, 0x8000);
        m.out(0x1FC, 1);
        seen.push(devices[0].nextDeadline());
        m.runTo(20_000_000n);
        seen.push(m.memory[0x8000], m.memory[0x8000 + 512], (devices[0] as Disk).stats());
        return seen;
      },
    );
  });

  it('nic: rings, cause, a frame in flight and frames looping back', () => {
    roundTrip(
      () => rig((m) => [new Nic(m, { backend: new LoopbackNet(3000) })]),
      ({ m }) => {
        m.out(0x24, 0);
        m.out(0xC008, 7);
        m.out(0xC010, 0x1000);
        m.out(0xC014, 2);
        m.out(0xC020, 0x2000);
        m.out(0xC024, 4);
        for (let i = 0; i < 2; i++) m.poke32(0x1000 + i * 16, 0x10000 + i * 0x800);
        for (let i = 0; i < 3; i++) {
          m.memory.fill(i + 1, 0x20000 + i * 0x800, 0x20000 + i * 0x800 + 100);
          m.poke32(0x2000 + i * 16, 0x20000 + i * 0x800);
          m.poke16(0x2000 + i * 16 + 4, 100);
        }
        m.out(0xC000, 3);
        m.out(0xC01C, 1);  // one receive descriptor
        m.out(0xC02C, 3);
        m.runTo(2000n + 5600n + 2500n);  // first sent, second in flight
      },
      ({ m, devices }) => {
        const seen: unknown[] = [m.in(0xC004), m.in(0xC028), devices[0].nextDeadline()];
        m.runTo(100_000n);
        seen.push(m.in(0xC004), m.in(0xC018), m.in(0xC028), (devices[0] as Nic).stats());
        return seen;
      },
    );
  });

  it('debug-exit, trace-control and board', () => {
    const traces = new Map<Device, GuestTraceEvent[]>();
    roundTrip(
      () => rig((m) => {
        const events: GuestTraceEvent[] = [];
        const tc = new TraceControl(m, { sink: (e) => events.push(e) });
        traces.set(tc, events);
        return [new DebugExit(m), tc, new Board({ ramBytes: 1 << 20, clockKHz: 700_000 })];
      }),
      ({ m }) => {
        m.out(0x500, 3);
        m.pokeString(0x100, 'hits');
        m.out(0x514, 0x100);
        m.out(0x510, 5);
        m.out(0x518, 7);
      },
      ({ m, devices }) => {
        const events = traces.get(devices[1])!;
        events.length = 0;
        m.out(0x518, 7);
        return [(devices[0] as DebugExit).exitStatus, (devices[1] as TraceControl).guest(), events, m.in(0x520)];
      },
    );
  });

  it('refuses a state saved by another device', () => {
    const m = new FakeMachine();
    const disk = new Disk(m, { ...FIXED_DISK, backend: null });
    const boot = new Disk(m, { ...BOOT_DISK, backend: null });
    expect(() => boot.load(disk.save())).toThrow(/boot-disk/);
    expect(() => new Timer(m).load(null)).toThrow(/timer/);
  });
});
