import { describe, expect, it } from 'vitest';
import { Timer } from '../../emu/devices/timer.ts';
import { FakeMachine } from './fake-machine.ts';

const PERIOD = 0x40, CONTROL = 0x44, REMAINING = 0x48, STATUS = 0x4C, CYCLES_LO = 0x50, CYCLES_HI = 0x54;
const ENABLED = 1, PERIODIC = 2;

function machine(): { m: FakeMachine; timer: Timer } {
  const m = new FakeMachine();
  const timer = new Timer(m);
  m.plug(timer);
  m.out(0x24, 0);  // unmask the PIC
  return { m, timer };
}

describe('timer', () => {
  it('expires at exactly S+P, S+2P, ... in cycles', () => {
    const { m, timer } = machine();
    m.cycle = 900n;
    m.out(CONTROL, ENABLED | PERIODIC);
    expect(timer.nextDeadline()).toBe(null);  // no period yet
    m.cycle = 1000n;
    m.out(PERIOD, 500);
    expect(timer.nextDeadline()).toBe(1500n);
    m.runTo(3100n);
    expect(m.cyclesOf('timer.expiry')).toEqual([1500n, 2000n, 2500n, 3000n]);
    expect(timer.nextDeadline()).toBe(3500n);
  });

  it('keeps the grid when the run loop is late (no drift)', () => {
    const { m, timer } = machine();
    m.out(CONTROL, ENABLED | PERIODIC);
    m.cycle = 100n;
    m.out(PERIOD, 1000);
    // The run loop reaches each deadline 37 cycles late.
    for (let k = 1n; k <= 5n; k++) {
      m.cycle = 100n + k * 1000n + 37n;
      m.bus.fireDue(m.cycle);
      expect(timer.nextDeadline()).toBe(100n + (k + 1n) * 1000n);
    }
    expect(m.cyclesOf('timer.expiry')).toEqual([1100n, 2100n, 3100n, 4100n, 5100n]);
  });

  it('does not queue missed expiries: status stays 1, the next one stays on the grid', () => {
    const { m, timer } = machine();
    m.out(CONTROL, ENABLED | PERIODIC);
    m.out(PERIOD, 100);
    m.cycle = 1050n;  // expiries at 100..1000 were all due
    m.bus.fireDue(m.cycle);
    expect(m.in(STATUS)).toBe(1);
    expect(timer.nextDeadline()).toBe(1100n);
  });

  it('raises IRQ 0 while STATUS is set and clears it on write-1', () => {
    const { m } = machine();
    m.out(CONTROL, ENABLED | PERIODIC);
    m.out(PERIOD, 1000);
    m.runTo(999n);
    expect(m.lines[0]).toBe(false);
    m.runTo(1000n);
    expect(m.lines[0]).toBe(true);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(32);
    m.out(STATUS, 0);  // writing 0 clears nothing
    expect(m.in(STATUS)).toBe(1);
    m.out(STATUS, 1);
    expect(m.in(STATUS)).toBe(0);
    expect(m.lines[0]).toBe(false);
  });

  it('one-shot: expires once, then clears enabled; REMAINING counts down', () => {
    const { m, timer } = machine();
    m.cycle = 50n;
    m.out(PERIOD, 100);
    m.out(CONTROL, ENABLED);
    expect(timer.nextDeadline()).toBe(150n);
    m.cycle = 120n;
    expect(m.in(REMAINING)).toBe(30);
    m.runTo(10_000n);
    expect(m.cyclesOf('timer.expiry')).toEqual([150n]);
    expect(m.in(CONTROL)).toBe(0);
    expect(m.in(REMAINING)).toBe(0);
    expect(timer.nextDeadline()).toBe(null);
  });

  it('restarts from the cycle of a PERIOD or CONTROL write; PERIOD 0 stops it', () => {
    const { m, timer } = machine();
    m.out(CONTROL, ENABLED | PERIODIC);
    m.out(PERIOD, 1000);
    m.cycle = 400n;
    m.out(PERIOD, 300);
    expect(timer.nextDeadline()).toBe(700n);
    expect(m.in(REMAINING)).toBe(300);
    m.cycle = 500n;
    m.out(CONTROL, ENABLED | PERIODIC);
    expect(timer.nextDeadline()).toBe(800n);
    m.out(PERIOD, 0);
    expect(timer.nextDeadline()).toBe(null);
    expect(m.in(REMAINING)).toBe(0);
    m.out(PERIOD, 10);
    m.out(CONTROL, 0);
    expect(timer.nextDeadline()).toBe(null);
  });

  it('asks the core to stop when a write brings its deadline earlier', () => {
    const { m } = machine();
    m.out(CONTROL, ENABLED | PERIODIC);
    expect(m.stops).toBe(0);
    m.out(PERIOD, 1000);  // a new deadline
    expect(m.stops).toBe(1);
    m.cycle = 10n;
    m.out(PERIOD, 5000);  // later than before: no need
    expect(m.stops).toBe(1);
    m.out(PERIOD, 100);   // earlier
    expect(m.stops).toBe(2);
  });

  it('reads the cycle counter, latching the high half on a low read', () => {
    const { m } = machine();
    m.cycle = 0x1_2345_6789n;
    expect(m.in(CYCLES_LO)).toBe(0x2345_6789);
    m.cycle = 0x7_0000_0000n;
    expect(m.in(CYCLES_HI)).toBe(1);
    expect(m.in(CYCLES_LO + 1, 1)).toBe(0);  // a narrow read of CYCLES_LO latches too
    expect(m.in(CYCLES_HI)).toBe(7);
    m.cycle = 0xFFFF_FFFF_FFFF_FFFFn;
    expect(m.in(CYCLES_LO)).toBe(0xFFFF_FFFF);
    expect(m.in(CYCLES_HI)).toBe(0xFFFF_FFFF);
  });
});
