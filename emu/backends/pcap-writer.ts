// A classic pcap writer (`--pcap FILE`): every frame on the NIC's wire, in both
// directions, with timestamps from emulated time (cycles ÷ clock), so the same
// run always writes the same bytes. Wireshark and `tshark -r` read it.
//
//   global header (24 bytes, little-endian)    record header (16 bytes)
//   +0  magic a1b2c3d4 (us) / a1b23c4d (ns)    +0  seconds
//   +4  version 2.4                            +4  microseconds (or nanoseconds)
//   +8  thiszone 0, +12 sigfigs 0              +8  captured length
//   +16 snaplen 65535                          +12 original length
//   +20 link type 1 (LINKTYPE_ETHERNET)        then the frame's bytes

import fs from 'node:fs';
import type { FrameCapture } from '../devices/nic.ts';
import { UserError } from '../user-error.ts';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const LINKTYPE_ETHERNET = 1;
export const PCAP_SNAPLEN = 65535;

export interface PcapOptions {
  /** The emulated clock in Hz (cycles per second). */
  clockHz: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanoseconds?: boolean;
}

export function pcapHeader(nanoseconds = false): Uint8Array {
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  view.setUint32(0, nanoseconds ? PCAP_MAGIC_NS : PCAP_MAGIC_US, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, PCAP_SNAPLEN, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  return out;
}

/** One record: the frame stamped with cycle ÷ clockHz, truncated to whole units. */
export function pcapRecord(frame: Uint8Array, cycle: bigint, options: PcapOptions): Uint8Array {
  const perSecond = options.nanoseconds ? 1_000_000_000n : 1_000_000n;
  const units = (cycle * perSecond) / BigInt(options.clockHz);
  const captured = Math.min(frame.length, PCAP_SNAPLEN);
  const out = new Uint8Array(16 + captured);
  const view = new DataView(out.buffer);
  view.setUint32(0, Number(units / perSecond), true);
  view.setUint32(4, Number(units % perSecond), true);
  view.setUint32(8, captured, true);
  view.setUint32(12, frame.length, true);
  out.set(frame.subarray(0, captured), 16);
  return out;
}

export class PcapWriter implements FrameCapture {
  private closed = false;
  private onClose: () => void = () => {};

  /** Writes to `sink`, starting with the global header. */
  constructor(private readonly sink: (bytes: Uint8Array) => void, private readonly options: PcapOptions) {
    if (!Number.isInteger(options.clockHz) || options.clockHz <= 0) throw new Error('pcap: clockHz must be a positive integer');
    sink(pcapHeader(options.nanoseconds));
  }

  /** A writer to a new file at `path` (replaced if it exists); close() closes the file. */
  static toFile(path: string, options: PcapOptions): PcapWriter {
    let fd: number;
    try {
      fd = fs.openSync(path, 'w');
    } catch (e) {
      throw new UserError(`pcap file '${path}': cannot create (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const writer = new PcapWriter((bytes) => {
      for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    }, options);
    writer.onClose = () => fs.closeSync(fd);
    return writer;
  }

  frame(data: Uint8Array, cycle: bigint): void {
    if (this.closed) return;
    this.sink(pcapRecord(data, cycle, this.options));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
