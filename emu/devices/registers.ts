// Narrow and unaligned access to a bank of 32-bit registers (docs/devices.md).
// Ports are byte addresses; register i occupies offsets 4i..4i+3, little-endian.
//
//   read  of size s at offset o: the bytes o..o+s-1 of the bank, each from its
//         register, so readRegisters(0x11, 1, r) = (r(4) >>> 8) & 0xFF;
//   write of size s at offset o: each register touched is written once, with
//         the written bytes in place and its other bytes zero, so
//         writeRegisters(0x04, 1, 0x1FF, w) calls w(1, 0xFF).
//
// A register with a side effect on read (a FIFO pop, a latch) sees it once per
// access that touches any of its bytes.

import type { AccessSize } from './device.ts';

const SIZE_MASK = [0, 0xFF, 0xFFFF, 0, 0xFFFFFFFF];

/** All ones of an access size: what an unassigned port reads. */
export function allOnes(size: AccessSize): number {
  return SIZE_MASK[size];
}

export function readRegisters(offset: number, size: AccessSize, reg: (index: number) => number): number {
  const byte = offset & 3;
  const shift = byte * 8;
  if (byte + size <= 4) return ((reg(offset >> 2) >>> shift) & SIZE_MASK[size]) >>> 0;
  const lo = reg(offset >> 2) >>> shift;
  const hi = reg((offset >> 2) + 1) << (32 - shift);
  return ((lo | hi) & SIZE_MASK[size]) >>> 0;
}

export function writeRegisters(
  offset: number, size: AccessSize, value: number, write: (index: number, value: number) => void,
): void {
  const v = (value & SIZE_MASK[size]) >>> 0;
  const byte = offset & 3;
  const shift = byte * 8;
  write(offset >> 2, (v << shift) >>> 0);
  if (byte + size > 4) write((offset >> 2) + 1, v >>> (32 - shift));
}
