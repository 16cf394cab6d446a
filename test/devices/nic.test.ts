import { describe, expect, it } from 'vitest';
import { LoopbackNet } from '../../emu/backends/loopback-net.ts';
import { NullNet } from '../../emu/backends/null-net.ts';
import { PcapWriter } from '../../emu/backends/pcap-writer.ts';
import { ScriptedNet } from '../../emu/backends/scripted-net.ts';
import { Nic, type NetBackend, type NicOptions } from '../../emu/devices/nic.ts';
import { FakeMachine } from './fake-machine.ts';
import { readPcap } from './pcap-reader.ts';

const CTRL = 0xC000, CAUSE = 0xC004, MASK = 0xC008;
const RX_BASE = 0xC010, RX_SIZE = 0xC014, RX_HEAD = 0xC018, RX_TAIL = 0xC01C;
const TX_BASE = 0xC020, TX_SIZE = 0xC024, TX_HEAD = 0xC028, TX_TAIL = 0xC02C;
const MAC_LO = 0xC030, MAC_HI = 0xC034;
const RX_EN = 1, TX_EN = 2, RESET = 0x8000_0000;
const C_TX = 1, C_RX = 2, C_OVERRUN = 4;
const DD = 1, EOP = 2;
const TX_RING = 0x1000, RX_RING = 0x2000, TX_BUF = 0x10000, RX_BUF = 0x20000;

/** A frame of `length` bytes: broadcast, from 02:00:00:00:00:01, EtherType 0x88B5, payload `tag`. */
function frame(tag: number, length = 60): Uint8Array {
  const f = new Uint8Array(length).fill(tag);
  const header = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xB5];
  f.set(header.slice(0, length));
  return f;
}

const txTime = (length: number) => 2000n + 56n * BigInt(length);

function machine(backend: NetBackend = new ScriptedNet(), extra: Partial<NicOptions> = {}) {
  const m = new FakeMachine(1 << 20);
  const nic = new Nic(m, { backend, ...extra });
  m.plug(nic);
  m.out(0x24, 0);
  m.out(TX_BASE, TX_RING);
  m.out(TX_SIZE, 4);
  m.out(RX_BASE, RX_RING);
  m.out(RX_SIZE, 4);
  for (let i = 0; i < 4; i++) {
    m.poke32(RX_RING + i * 16, RX_BUF + i * 0x800);
  }
  /** Fill TX descriptor i with `f`. */
  const queueTx = (i: number, f: Uint8Array) => {
    m.memory.set(f, TX_BUF + i * 0x800);
    m.poke32(TX_RING + i * 16, TX_BUF + i * 0x800);
    m.poke16(TX_RING + i * 16 + 4, f.length);
    m.poke16(TX_RING + i * 16 + 6, EOP);
  };
  const rxFrame = (i: number) => m.memory.slice(RX_BUF + i * 0x800, RX_BUF + i * 0x800 + m.peek16(RX_RING + i * 16 + 4));
  return { m, nic, queueTx, rxFrame };
}

describe('nic', () => {
  it('reads its MAC address', () => {
    const { m } = machine();
    expect(m.in(MAC_LO)).toBe(0x1200_5452);
    expect(m.in(MAC_HI)).toBe(0x5634);
    const other = machine(new NullNet(), { mac: [1, 2, 3, 4, 5, 6] }).m;
    expect(other.in(MAC_LO)).toBe(0x0403_0201);
    expect(other.in(MAC_HI)).toBe(0x0605);
  });

  it('transmits through the ring, one frame after another, wrapping at TX_SIZE', () => {
    const net = new ScriptedNet();
    const { m, nic, queueTx } = machine(net);
    m.out(CTRL, TX_EN);
    m.out(MASK, C_TX);
    const lengths = [60, 100, 1514, 14, 200, 61];
    for (let i = 0; i < 3; i++) queueTx(i, frame(i + 1, lengths[i]));
    m.cycle = 1000n;
    m.out(TX_TAIL, 3);
    expect(m.stops).toBe(1);
    const d0 = 1000n + txTime(60), d1 = d0 + txTime(100), d2 = d1 + txTime(1514);
    expect(nic.nextDeadline()).toBe(d0);
    m.runTo(d0);
    expect(m.in(TX_HEAD)).toBe(1);
    expect(m.peek16(TX_RING + 6)).toBe(EOP | DD);
    expect(m.peek16(TX_RING + 16 + 6)).toBe(EOP);
    expect(m.lines[11]).toBe(true);
    m.runTo(d2 + 500n);
    expect(net.sent.map((s) => s.at)).toEqual([d0, d1, d2]);
    expect(m.in(TX_HEAD)).toBe(3);
    expect(m.in(CAUSE)).toBe(C_TX);

    // Three more, in descriptors 3, 0 and 1: the ring wraps.
    m.out(CAUSE, C_TX);
    expect(m.lines[11]).toBe(false);
    queueTx(3, frame(4, lengths[3]));
    queueTx(0, frame(5, lengths[4]));
    queueTx(1, frame(6, lengths[5]));
    m.out(TX_TAIL, 2);
    const d3 = d2 + 500n + txTime(14), d4 = d3 + txTime(200), d5 = d4 + txTime(61);
    m.runTo(d5);
    expect(net.sent.map((s) => s.at)).toEqual([d0, d1, d2, d3, d4, d5]);
    expect(net.sent.map((s) => s.frame)).toEqual(lengths.map((length, i) => frame(i + 1, length)));
    expect(m.in(TX_HEAD)).toBe(2);
    expect(nic.nextDeadline()).toBe(null);
    expect(nic.stats()).toMatchObject({ txFrames: 6, txBytes: lengths.reduce((a, b) => a + b), txErrors: 0 });
  });

  it('does not transmit until transmit is enabled', () => {
    const net = new ScriptedNet();
    const { m, nic, queueTx } = machine(net);
    queueTx(0, frame(1));
    m.out(TX_TAIL, 1);
    expect(nic.nextDeadline()).toBe(null);
    m.cycle = 50n;
    m.out(CTRL, TX_EN);
    expect(nic.nextDeadline()).toBe(50n + txTime(60));
  });

  it('completes a descriptor with a bad length after txFixed cycles, counting an error', () => {
    const net = new ScriptedNet();
    const { m, nic, queueTx } = machine(net);
    m.out(CTRL, TX_EN);
    queueTx(0, frame(1, 13));
    queueTx(1, frame(2, 60));
    m.poke16(TX_RING + 16 + 4, 1515);
    queueTx(2, frame(3, 60));
    m.out(TX_TAIL, 3);
    m.runTo(1_000_000n);
    expect(net.sent.map((s) => s.at)).toEqual([2000n + 2000n + txTime(60)]);
    expect(m.peek16(TX_RING + 6) & DD).toBe(DD);
    expect(m.peek16(TX_RING + 16 + 6) & DD).toBe(DD);
    expect(nic.stats()).toMatchObject({ txFrames: 1, txErrors: 2 });
  });

  it('receives into the ring, wrapping, and drops with OVERRUN when it is full', () => {
    const net = new ScriptedNet([1, 2, 3, 4, 5].map((t) => ({ at: BigInt(t) * 1000n, frame: frame(t, 60 + t) })));
    const { m, nic, rxFrame } = machine(net);
    m.out(CTRL, RX_EN);
    m.out(MASK, C_RX | C_OVERRUN);
    m.out(RX_TAIL, 3);  // descriptors 0, 1, 2 are available
    m.runTo(1000n);
    expect(m.in(RX_HEAD)).toBe(1);
    expect(m.in(CAUSE)).toBe(C_RX);
    expect(m.lines[11]).toBe(true);
    expect(rxFrame(0)).toEqual(frame(1, 61));
    expect(m.peek16(RX_RING + 6)).toBe(DD | EOP);
    expect(m.written).toContainEqual([RX_BUF, 61]);
    m.runTo(4500n);
    expect(m.in(RX_HEAD)).toBe(3);
    expect(rxFrame(2)).toEqual(frame(3, 63));
    expect(m.in(CAUSE)).toBe(C_RX | C_OVERRUN);  // frame 4 found no descriptor
    expect(nic.stats()).toMatchObject({ rxFrames: 3, rxDropped: 1, rxBytes: 61 + 62 + 63 });

    // The driver takes the three frames and hands 3, 0 and 1 back.
    m.out(CAUSE, C_RX | C_OVERRUN);
    expect(m.lines[11]).toBe(false);
    for (let i = 0; i < 4; i++) m.poke16(RX_RING + i * 16 + 6, 0);
    m.out(RX_TAIL, 2);
    net.schedule(6000n, frame(6, 66));
    net.schedule(7000n, frame(7, 67));
    net.schedule(8000n, frame(8, 68));
    m.runTo(10_000n);
    expect(rxFrame(3)).toEqual(frame(5, 65));
    expect(rxFrame(0)).toEqual(frame(6, 66));
    expect(rxFrame(1)).toEqual(frame(7, 67));
    expect(m.peek16(RX_RING + 2 * 16 + 6)).toBe(0);  // frame 8 was dropped
    expect(m.in(RX_HEAD)).toBe(2);
    expect(nic.stats()).toMatchObject({ rxFrames: 6, rxDropped: 2 });
  });

  it('drops frames silently while receive is disabled', () => {
    const net = new ScriptedNet([{ at: 10n, frame: frame(1) }]);
    const { m, nic } = machine(net);
    m.out(MASK, 7);
    m.out(RX_TAIL, 3);
    m.runTo(100n);
    expect(m.in(RX_HEAD)).toBe(0);
    expect(m.in(CAUSE)).toBe(0);
    expect(nic.stats().rxDropped).toBe(1);
  });

  it('holds its IRQ line high exactly while CAUSE & MASK is non-zero', () => {
    const net = new ScriptedNet([{ at: 10n, frame: frame(1) }]);
    const { m } = machine(net);
    m.out(CTRL, RX_EN);
    m.out(RX_TAIL, 1);
    m.runTo(100n);
    expect(m.in(CAUSE)).toBe(C_RX);
    expect(m.lines[11]).toBe(false);  // masked
    m.out(MASK, C_TX);
    expect(m.lines[11]).toBe(false);
    m.out(MASK, C_RX);
    expect(m.lines[11]).toBe(true);
    expect(m.bus.intAck()).toBe(32 + 11);
    m.out(CAUSE, C_TX);  // W1C of a bit not set: no change
    expect(m.lines[11]).toBe(true);
    m.out(CAUSE, C_RX);
    expect(m.lines[11]).toBe(false);
  });

  it('loops frames back loopbackDelay cycles after they were sent', () => {
    const { m, nic, queueTx, rxFrame } = machine(new LoopbackNet(7000));
    m.out(CTRL, RX_EN | TX_EN);
    m.out(RX_TAIL, 3);
    queueTx(0, frame(9, 100));
    m.cycle = 10n;
    m.out(TX_TAIL, 1);
    const sent = 10n + txTime(100);
    m.runTo(sent);
    expect(m.in(CAUSE)).toBe(C_TX);
    expect(nic.nextDeadline()).toBe(sent + 7000n);
    m.runTo(sent + 6999n);
    expect(m.in(RX_HEAD)).toBe(0);
    m.runTo(sent + 7000n);
    expect(m.in(RX_HEAD)).toBe(1);
    expect(rxFrame(0)).toEqual(frame(9, 100));
    expect(m.cyclesOf('nic.rx')).toEqual([sent + 7000n]);
  });

  it('captures both directions to pcap with emulated timestamps', () => {
    const chunks: Uint8Array[] = [];
    const capture = new PcapWriter((b) => chunks.push(b), { clockHz: 700_000_000 });
    const { m, queueTx } = machine(new LoopbackNet(700_000), { capture });
    m.out(CTRL, RX_EN | TX_EN);
    m.out(RX_TAIL, 3);
    queueTx(0, frame(1, 64));
    m.cycle = 700_000_000n;  // one second in
    m.out(TX_TAIL, 1);
    m.runTo(800_000_000n);
    const pcap = readPcap(Buffer.concat(chunks));
    expect(pcap.linkType).toBe(1);
    expect(pcap.records.map((r) => [r.seconds, r.fraction, r.data.length])).toEqual([
      [1, Number(txTime(64) * 1_000_000n / 700_000_000n), 64],
      [1, Number((txTime(64) + 700_000n) * 1_000_000n / 700_000_000n), 64],
    ]);
    expect(pcap.records[0].data).toEqual(frame(1, 64));
  });

  it('resets with CTRL bit 31, which reads back as 0', () => {
    const { m, nic, queueTx } = machine();
    m.out(CTRL, TX_EN | RX_EN);
    m.out(MASK, 7);
    queueTx(0, frame(1));
    m.out(TX_TAIL, 1);
    expect(nic.nextDeadline()).not.toBe(null);
    m.out(CTRL, RESET);
    expect(nic.nextDeadline()).toBe(null);
    for (const port of [CTRL, CAUSE, MASK, RX_BASE, RX_SIZE, RX_HEAD, RX_TAIL, TX_BASE, TX_SIZE, TX_HEAD, TX_TAIL]) {
      expect(m.in(port)).toBe(0);
    }
    expect(m.in(MAC_HI)).toBe(0x5634);
  });

  it('ignores rings whose size is not a power of two in 2-1024', () => {
    const { m, nic, queueTx } = machine();
    m.out(CTRL, TX_EN);
    m.out(TX_SIZE, 3);
    queueTx(0, frame(1));
    m.out(TX_TAIL, 1);
    expect(nic.nextDeadline()).toBe(null);
    m.out(TX_SIZE, 2048);
    m.out(TX_TAIL, 1);
    expect(nic.nextDeadline()).toBe(null);
    m.out(TX_SIZE, 2);
    m.out(TX_TAIL, 1);
    expect(nic.nextDeadline()).not.toBe(null);
  });
});
