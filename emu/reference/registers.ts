// The register file of the reference interpreter (docs/isa.md §1, §4).
//
// One plain object holds everything an instruction can change apart from
// memory: the eight general registers, eip, eflags, CPL, the control
// registers, the IDT register and the halted flag. Executors read and write it
// directly, always after every step of the instruction that can fault (§5.1:
// faults are precise).
//
//   Registers          the state itself; read(i, size)/write(i, size, v) give the
//                      32/16/8-bit views of §1 (8-bit = low byte, no ah/bh/ch/dh)
//   REG                register numbers (eax = 0 ... edi = 7)
//   FLAG               eflags bit masks; eflagsFromWord() applies the §1 rule
//                      "bit 1 reads 1, reserved bits read 0"
//   CR0_PG, CR0_WP     the only cr0 bits that exist; CR0_DEFINED masks writes

export const REG = { EAX: 0, ECX: 1, EDX: 2, EBX: 3, ESP: 4, EBP: 5, ESI: 6, EDI: 7 } as const;

export const FLAG = {
  CF: 1 << 0,
  ALWAYS_ONE: 1 << 1,
  ZF: 1 << 6,
  SF: 1 << 7,
  IF: 1 << 9,
  DF: 1 << 10,
  OF: 1 << 11,
} as const;

/** The eflags bits that hold state (§1); every other bit is fixed. */
export const EFLAGS_DEFINED = FLAG.CF | FLAG.ZF | FLAG.SF | FLAG.IF | FLAG.DF | FLAG.OF;

/** A value as eflags would hold it after being written with `word` (§1). */
export function eflagsFromWord(word: number): number {
  return ((word & EFLAGS_DEFINED) | FLAG.ALWAYS_ONE) >>> 0;
}

export const CR0_PG = 0x8000_0000;
export const CR0_WP = 0x0001_0000;
/** §1: "other bits read 0". */
export const CR0_DEFINED = CR0_PG | CR0_WP;
/** §1: cr3 keeps bits 12-31. */
export const CR3_DEFINED = 0xffff_f000;

export type Cpl = 0 | 3;
export type OperandSize = 1 | 2 | 4;

export class Registers {
  readonly gpr = new Uint32Array(8);
  eip = 0;
  eflags: number = FLAG.ALWAYS_ONE;
  cpl: Cpl = 0;
  cr0 = 0;
  cr2 = 0;
  cr3 = 0;
  ksp = 0;
  idtBase = 0;
  idtLimit = 0;
  halted = false;

  /** §11 reset state, apart from eip (the caller sets it). */
  clear(): void {
    this.gpr.fill(0);
    this.eip = 0;
    this.eflags = FLAG.ALWAYS_ONE;
    this.cpl = 0;
    this.cr0 = this.cr2 = this.cr3 = this.ksp = 0;
    this.idtBase = this.idtLimit = 0;
    this.halted = false;
  }

  /** Register `index` seen as a 32-, 16- or 8-bit (low byte) register. */
  read(index: number, size: OperandSize): number {
    const full = this.gpr[index];
    if (size === 4) return full;
    if (size === 2) return full & 0xffff;
    return full & 0xff;
  }

  /** Writes the low `size` bytes of register `index`; the other bits are kept (§1). */
  write(index: number, size: OperandSize, value: number): void {
    if (size === 4) this.gpr[index] = value >>> 0;
    else if (size === 2) this.gpr[index] = ((this.gpr[index] & 0xffff_0000) | (value & 0xffff)) >>> 0;
    else this.gpr[index] = ((this.gpr[index] & 0xffff_ff00) | (value & 0xff)) >>> 0;
  }

  flag(mask: number): boolean {
    return (this.eflags & mask) !== 0;
  }

  setFlag(mask: number, on: boolean): void {
    this.eflags = eflagsFromWord(on ? this.eflags | mask : this.eflags & ~mask);
  }

  get pagingEnabled(): boolean {
    return (this.cr0 & CR0_PG) !== 0;
  }

  get writeProtect(): boolean {
    return (this.cr0 & CR0_WP) !== 0;
  }

  /** True when the current privilege level is 3: memory accesses are user accesses (§6). */
  get userMode(): boolean {
    return this.cpl === 3;
  }
}
