// debug-exit, trace-control and board.

import { describe, expect, it } from 'vitest';
import { Board } from '../../emu/devices/board.ts';
import { DebugExit } from '../../emu/devices/debug-exit.ts';
import { TraceControl, type GuestTraceEvent } from '../../emu/devices/trace-control.ts';
import { FakeMachine } from './fake-machine.ts';

const ARG = 0x510, NAME = 0x514, COMMAND = 0x518;

function traceMachine() {
  const m = new FakeMachine(0x10000);
  const events: GuestTraceEvent[] = [];
  const tc = new TraceControl(m, { sink: (e) => events.push(e) });
  m.plug(tc);
  const command = (command: number, arg: number, name?: string) => {
    if (name !== undefined) {
      m.pokeString(0x100, name);
      m.out(NAME, 0x100);
    }
    m.out(ARG, arg);
    m.out(COMMAND, command);
  };
  return { m, tc, events, command };
}

describe('debug-exit', () => {
  it('powers off with value & 0xFF and asks the core to stop', () => {
    const m = new FakeMachine();
    const exit = new DebugExit(m);
    m.plug(exit);
    expect(exit.exitStatus).toBe(null);
    m.out(0x500, 0x1234, 2);
    expect(exit.exitStatus).toBe(0x34);
    expect(m.stops).toBe(1);
    expect(m.in(0x500)).toBe(0);
    expect(m.in(0x503, 1)).toBe(0);
    m.out(0x500, 0, 1);
    expect(exit.exitStatus).toBe(0);
  });
});

describe('trace-control', () => {
  it('turns each command into a typed event stamped with the cycle of the write', () => {
    const { m, events, command } = traceMachine();
    m.cycle = 100n;
    command(1, 42, 'tick');
    m.cycle = 200n;
    command(2, 0, 'handle request');
    command(3, 0);
    command(4, 7, 'runq');
    command(5, 3, 'init');
    command(6, 5, 'files');
    expect(events).toEqual([
      { kind: 'mark', cycle: 100n, name: 'tick', value: 42 },
      { kind: 'begin', cycle: 200n, name: 'handle request' },
      { kind: 'end', cycle: 200n },
      { kind: 'counter', cycle: 200n, name: 'runq', value: 7 },
      { kind: 'thread', cycle: 200n, thread: 3, name: 'init' },
      { kind: 'report', cycle: 200n, name: 'files', value: 5 },
    ]);
    expect(m.in(ARG)).toBe(5);
    expect(m.in(NAME)).toBe(0x100);
  });

  it('keeps the guest report map: REPORT sets, REPORT_ADD adds', () => {
    const { tc, events, command } = traceMachine();
    command(7, 3, 'requests');
    command(7, 4, 'requests');
    command(6, 100, 'bytes');
    command(6, 9, 'bytes');
    command(7, 1, 'bytes');
    expect(tc.guest()).toEqual({ requests: 7, bytes: 10 });
    expect(Object.keys(tc.guest())).toEqual(['requests', 'bytes']);
    expect(events.map((e) => (e.kind === 'report' ? e.value : null))).toEqual([3, 7, 100, 9, 10]);
  });

  it('reads at most 63 bytes of NAME, stops at NUL or the end of RAM, decodes UTF-8', () => {
    const { m, events, command } = traceMachine();
    command(1, 0, 'x'.repeat(100));
    command(1, 0, 'héllo');
    m.memory.set([0x61, 0x62], 0xFFFE);  // no NUL before the end of RAM
    m.out(NAME, 0xFFFE);
    m.out(COMMAND, 1);
    m.out(NAME, 0x9000_0000);  // outside RAM
    m.out(COMMAND, 1);
    expect(events.map((e) => (e.kind === 'mark' ? e.name : null))).toEqual(['x'.repeat(63), 'héllo', 'ab', '']);
  });

  it('ignores unknown commands', () => {
    const { events, command, m } = traceMachine();
    command(0, 1, 'a');
    command(99, 1, 'a');
    expect(events).toEqual([]);
    expect(m.events.map((e) => e.kind)).toEqual(['trace-control.ignored', 'trace-control.ignored']);
  });
});

describe('board', () => {
  it('reports RAM size and clock, and ignores writes', () => {
    const m = new FakeMachine();
    m.plug(new Board({ ramBytes: 64 << 20, clockKHz: 700_000 }));
    expect(m.in(0x520)).toBe(64 << 20);
    expect(m.in(0x524)).toBe(700_000);
    m.out(0x520, 5);
    expect(m.in(0x520)).toBe(64 << 20);
    expect(m.in(0x528)).toBe(0);
    expect(m.in(0x526, 2)).toBe(700_000 >>> 16);
  });
});
