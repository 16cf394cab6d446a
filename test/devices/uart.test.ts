import { describe, expect, it } from 'vitest';
import { MemoryConsole } from '../../emu/backends/memory-console.ts';
import { Uart } from '../../emu/devices/uart.ts';
import { FakeMachine } from './fake-machine.ts';

const RBR = 0x3F8, THR = 0x3F8, IER = 0x3F9, IIR = 0x3FA, LSR = 0x3FD;

function machine(options: { input?: string; inputInterval?: number } = {}) {
  const m = new FakeMachine();
  const con = new MemoryConsole();
  const uart = new Uart(m, { backend: con, ...options });
  m.plug(uart);
  m.out(0x24, 0);
  return { m, con, uart };
}

describe('uart', () => {
  it('transmits bytes to the backend at once; the transmitter is always empty', () => {
    const { m, con } = machine();
    for (const c of 'hi\n') m.out(THR, c.charCodeAt(0), 1);
    m.out(THR, 0x1241, 4);  // a wider write sends its low byte
    expect(con.text()).toBe('hi\nA');
    expect(m.in(LSR, 1)).toBe(0x60);
  });

  it('queues received bytes in a FIFO read through RBR', () => {
    const { m, con } = machine();
    con.feed('abc');
    expect(m.in(LSR, 1) & 1).toBe(1);
    expect(String.fromCharCode(m.in(RBR, 1), m.in(RBR, 1))).toBe('ab');
    con.feed('de');
    expect(String.fromCharCode(m.in(RBR, 1), m.in(RBR, 4), m.in(RBR, 1))).toBe('cde');
    expect(m.in(LSR, 1)).toBe(0x60);
    expect(m.in(RBR, 1)).toBe(0);  // empty
  });

  it('holds far more input than a 16550 FIFO', () => {
    const { m, con, uart } = machine();
    const big = 'x'.repeat(10_000) + 'y';
    con.feed(big);
    expect(uart.pendingInput()).toBe(10_001);
    let last = 0;
    for (let i = 0; i < 10_001; i++) last = m.in(RBR, 1);
    expect(String.fromCharCode(last)).toBe('y');
    expect(uart.pendingInput()).toBe(0);
  });

  it('raises IRQ 4 for received data while IER bit 0 is set', () => {
    const { m, con } = machine();
    con.feed('q');
    expect(m.lines[4]).toBe(false);  // IER = 0
    expect(m.in(IIR, 1)).toBe(0x01);
    m.out(IER, 1, 1);
    expect(m.lines[4]).toBe(true);
    expect(m.in(IIR, 1)).toBe(0x04);
    expect(m.bus.intAck()).toBe(36);
    m.in(RBR, 1);
    expect(m.lines[4]).toBe(false);
    expect(m.in(IIR, 1)).toBe(0x01);
    expect(m.in(IER, 1)).toBe(1);
  });

  it('raises "transmitter empty" on enabling and after each THR write; an IIR read clears it', () => {
    const { m } = machine();
    m.out(IER, 2, 1);
    expect(m.lines[4]).toBe(true);
    expect(m.in(IIR, 1)).toBe(0x02);
    expect(m.lines[4]).toBe(false);
    expect(m.in(IIR, 1)).toBe(0x01);
    m.out(THR, 0x41, 1);
    expect(m.lines[4]).toBe(true);
    m.out(IER, 0, 1);
    expect(m.lines[4]).toBe(false);
  });

  it('reports received data before transmitter empty', () => {
    const { m, con } = machine();
    m.out(IER, 3, 1);
    con.feed('z');
    expect(m.in(IIR, 1)).toBe(0x04);
    m.in(RBR, 1);
    expect(m.in(IIR, 1)).toBe(0x02);
    expect(m.in(IIR, 1)).toBe(0x01);
  });

  it('delivers scripted input one byte every inputInterval cycles from cycle 0', () => {
    const { m, uart } = machine({ input: 'hey', inputInterval: 1000 });
    expect(uart.nextDeadline()).toBe(0n);
    m.runTo(0n);
    expect(uart.pendingInput()).toBe(1);
    expect(uart.nextDeadline()).toBe(1000n);
    m.runTo(1999n);
    expect(uart.pendingInput()).toBe(2);
    m.runTo(2000n);
    expect(uart.pendingInput()).toBe(3);
    expect(uart.nextDeadline()).toBe(null);
    expect(String.fromCharCode(m.in(RBR, 1), m.in(RBR, 1), m.in(RBR, 1))).toBe('hey');
  });

  it('delivers every scripted byte that is due when the run loop is late', () => {
    const { m, uart } = machine({ input: 'abcdef' });  // default interval 10 000
    m.cycle = 25_000n;
    m.bus.fireDue(m.cycle);
    expect(uart.pendingInput()).toBe(3);
    expect(uart.nextDeadline()).toBe(30_000n);
  });

  it('raises the receive interrupt when a scripted byte arrives', () => {
    const { m } = machine({ input: 'a', inputInterval: 500 });
    m.out(IER, 1, 1);
    expect(m.lines[4]).toBe(false);
    m.runTo(0n);
    expect(m.lines[4]).toBe(true);
  });
});
