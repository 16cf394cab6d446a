import { describe, expect, it } from 'vitest';
import { FakeMachine } from './fake-machine.ts';

const PENDING = 0x20, EOI = 0x20, MASK = 0x24, BASE = 0x28, IN_SERVICE = 0x2C;

function machine(): FakeMachine {
  const m = new FakeMachine();
  m.out(MASK, 0);  // unmask everything
  return m;
}

describe('pic', () => {
  it('resets with every line masked and base 32', () => {
    const m = new FakeMachine();
    expect(m.in(MASK)).toBe(0xFFFF);
    expect(m.in(BASE)).toBe(32);
    m.setIrq(3, true);
    expect(m.in(PENDING)).toBe(0);
    expect(m.intrLine).toBe(false);
    m.out(MASK, 0xFFF7);
    expect(m.in(PENDING)).toBe(1 << 3);
    expect(m.intrLine).toBe(true);
  });

  it('acknowledges the highest-priority line and returns BASE + n', () => {
    const m = machine();
    m.setIrq(5, true);
    m.setIrq(3, true);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(35);
    expect(m.in(IN_SERVICE)).toBe(1 << 3);
    // 5 is lower priority than 3 (in service): nothing deliverable.
    expect(m.intrLine).toBe(false);
    m.out(BASE, 0x40);
    m.setIrq(3, false);
    m.out(EOI, 0);
    expect(m.in(IN_SERVICE)).toBe(0);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(0x45);
  });

  it('lets a higher-priority line interrupt a lower one in service (nesting)', () => {
    const m = machine();
    m.setIrq(4, true);
    expect(m.bus.intAck()).toBe(36);
    m.setIrq(1, true);
    m.setIrq(4, true);
    m.setIrq(6, true);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(33);
    expect(m.in(IN_SERVICE)).toBe((1 << 1) | (1 << 4));
    expect(m.intrLine).toBe(false);  // 4 and 6 are not above 1
    m.setIrq(1, false);
    m.out(EOI, 0);  // clears 1, the highest in service
    expect(m.in(IN_SERVICE)).toBe(1 << 4);
    expect(m.intrLine).toBe(false);  // 4 in service blocks 4 and 6
    m.out(EOI, 0);
    expect(m.in(IN_SERVICE)).toBe(0);
    // 4 is still high, so it is delivered again, before 6.
    expect(m.bus.intAck()).toBe(36);
  });

  it('follows the level: a line lowered before the acknowledge is not delivered', () => {
    const m = machine();
    m.setIrq(7, true);
    expect(m.intrLine).toBe(true);
    m.setIrq(7, false);
    expect(m.intrLine).toBe(false);
    expect(m.in(PENDING)).toBe(0);
    expect(() => m.bus.intAck()).toThrow(/no deliverable/);
  });

  it('masks and unmasks a pending line without losing it', () => {
    const m = machine();
    m.setIrq(2, true);
    m.out(MASK, 1 << 2);
    expect(m.intrLine).toBe(false);
    expect(m.in(PENDING)).toBe(0);
    m.out(MASK, 0);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(34);
  });

  it('re-delivers a line still high after EOI', () => {
    const m = machine();
    m.setIrq(0, true);
    expect(m.bus.intAck()).toBe(32);
    expect(m.intrLine).toBe(false);
    m.out(EOI, 0);
    expect(m.intrLine).toBe(true);
    expect(m.bus.intAck()).toBe(32);
  });

  it('ignores EOI with nothing in service, and answers narrow reads', () => {
    const m = machine();
    m.out(EOI, 0);
    expect(m.in(IN_SERVICE)).toBe(0);
    m.out(MASK, 0xABCD);
    expect(m.in(MASK, 1)).toBe(0xCD);
    expect(m.in(MASK + 1, 1)).toBe(0xAB);
    expect(m.in(MASK, 2)).toBe(0xABCD);
  });
});
