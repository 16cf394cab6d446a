// The physical address space seen by the reference CPU (docs/isa.md §9).
//
//   0xFFFFFFFF +--------------------+
//              | boot ROM, 64 KiB   |  reads the ROM image; writes are ignored
//   0xFFFF0000 +--------------------+
//              | unmapped           |  reads 0xFF, writes are ignored
//     ramBytes +--------------------+
//              | RAM                |
//   0x00000000 +--------------------+
//
// Multi-byte accesses are made byte by byte, little-endian, and wrap modulo
// 2^32, so an access that straddles two regions reads each byte from its own
// region. The ROM image may be shorter than 64 KiB; the rest reads 0xFF.
//
//   new PhysicalMemory(ramBytes, rom?)
//   read8/write8, read32/write32    byte-wise, wrapping
//   readBytes/writeBytes            host-side bulk access (loaders, tests)

export const ROM_BASE = 0xffff_0000;
export const ROM_BYTES = 0x1_0000;

export class PhysicalMemory {
  readonly ram: Uint8Array;
  readonly rom: Uint8Array;

  constructor(ramBytes: number, romImage?: Uint8Array) {
    if (ramBytes > ROM_BASE) throw new Error(`RAM of ${ramBytes} bytes overlaps the boot ROM`);
    this.ram = new Uint8Array(ramBytes);
    this.rom = new Uint8Array(ROM_BYTES).fill(0xff);
    if (romImage) {
      if (romImage.length > ROM_BYTES) throw new Error(`ROM image of ${romImage.length} bytes exceeds 64 KiB`);
      this.rom.set(romImage);
    }
  }

  read8(address: number): number {
    const a = address >>> 0;
    if (a < this.ram.length) return this.ram[a];
    if (a >= ROM_BASE) return this.rom[a - ROM_BASE];
    return 0xff;
  }

  write8(address: number, value: number): void {
    const a = address >>> 0;
    if (a < this.ram.length) this.ram[a] = value & 0xff;
    // ROM and unmapped addresses ignore writes.
  }

  read32(address: number): number {
    let value = 0;
    for (let i = 3; i >= 0; i--) value = (value * 256) + this.read8(address + i);
    return value >>> 0;
  }

  write32(address: number, value: number): void {
    for (let i = 0; i < 4; i++) this.write8(address + i, (value >>> (8 * i)) & 0xff);
  }

  readBytes(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.read8(address + i);
    return out;
  }

  writeBytes(address: number, bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.write8(address + i, bytes[i]);
  }
}
