// Seeded random tx86 programs for differential testing (the reference
// interpreter against the wasm core). Deterministic: the same options give
// the same bytes and state on every host; no Math.random.
//
//   randomProgram({ seed, instructions?, paging?, userMode? }) -> RandomProgram
//   loadRandomProgram(cpu, program)        writes memory and sets the initial state
//   createRng(seed)                        the PRNG (mulberry32), returns uint32s
//
// A program is a straight line of `instructions` random instructions drawn from
// every non-privileged entry of the opcode table, ended by `hlt`:
//   - memory operands are aimed into the data window (two pages at DATA_WINDOW),
//     at [esp + disp8] in the stack page, or, rarely, at any register + disp;
//   - branches (jmp/jcc/call rel, jmp/call through a register set just before,
//     ret after a push of its target) only go forward to an instruction
//     boundary, so every program terminates;
//   - string instructions are preceded by loads of esi/edi (into the window)
//     and, for rep, a small ecx; div/idiv sometimes by a zeroed or sign-extended edx;
//   - int n mostly uses vector 0x80, a DPL 3 gate whose handler is `iret`;
//     every other vector's handler is `hlt`, so any exception ends the run;
//   - rarely, one instruction of random bytes (an undefined opcode, or a random
//     ModRM/SIB/displacement/immediate for an entry that cannot branch or rep).
// With `paging`, the layout below is identity-mapped (user pages when
// `userMode`), the second data page is randomly read-only, and page 0x7000
// is left unmapped. With `userMode` the program starts at CPL 3.
//
//   0x00000 IDT      0x01000 handlers      0x02000 code (up to 8 KiB)
//   0x04000 data window (8 KiB)            0x06000 stack page, esp = 0x6800
//   0x08000 kernel stack (ksp = 0x9000)    0x10000 page directory, 0x11000 page table
//
// Every outcome is an architectural event: the runner stops at Dead, Halted,
// TripleFault or after maxSteps.

import type { CpuState } from '../../emu/cpu-state.ts';
import { OPCODES, encodingOf, opcodeAt, type Opcode } from '../../tools/isa/opcodes.ts';
import { encodeFields, type RawFields } from './encode.ts';
import type { IsaTestCpu, MemoryBlock } from './run-case.ts';

export interface RandomProgramOptions {
  seed: number;
  instructions?: number;
  paging?: boolean;
  userMode?: boolean;
}

export interface RandomProgram {
  options: Required<RandomProgramOptions>;
  ramBytes: number;
  memory: MemoryBlock[];
  state: Partial<CpuState>;
  maxSteps: number;
  /** Address of every generated instruction (preludes included), in order; the last is the final hlt. */
  instructionAddresses: number[];
}

export const RANDOM_LAYOUT = {
  idt: 0x0000, handlers: 0x1000, code: 0x2000, codeLimit: 0x4000, dataWindow: 0x4000, dataBytes: 0x2000,
  stackPage: 0x6000, stackTop: 0x6800, kernelStackTop: 0x9000, pageDirectory: 0x10000, pageTable: 0x11000,
  ramBytes: 0x20000, syscallVector: 0x80,
} as const;

export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const ESP = 4;
const byMnemonic = (m: string, kinds?: string): Opcode =>
  OPCODES.find((o) => o.mnemonic === m && (kinds === undefined || o.operands.join(',') === kinds))!;
const MOV_R32_IMM = byMnemonic('mov', 'r32,imm32');
const PUSH_IMM = byMnemonic('push', 'imm32');
const CANDIDATES = OPCODES.filter((o) => !o.privileged);
const NOISE_SECTIONS = new Set(['move', 'stack', 'alu', 'muldiv', 'shift', 'bits', 'flags', 'misc']);
const NOISE_FIRST_BYTES = Array.from({ length: 256 }, (_, b) => b)
  .filter((b) => { const op = opcodeAt(b); return !op || NOISE_SECTIONS.has(op.section); });

/** One instruction, with an optional fix-up of an absolute or relative target. */
interface Piece {
  bytes: number[];
  target?: { index: number; at: number; kind: 'abs32' | 'rel8' | 'rel32' };
}

class Generator {
  readonly pieces: Piece[] = [];
  /** Index of the piece each generated instruction starts at (branch targets). */
  readonly boundaries: number[] = [];

  constructor(private readonly next: () => number, private readonly count: number) {}

  below(n: number): number {
    return this.next() % n;
  }

  chance(percent: number): boolean {
    return this.below(100) < percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  register(avoidEsp = true): number {
    const r = this.below(8);
    return avoidEsp && r === ESP ? 0 : r;
  }

  windowAddress(size = 4): number {
    return RANDOM_LAYOUT.dataWindow + this.below(RANDOM_LAYOUT.dataBytes - size + 4);
  }

  immediate(bytes: number): number {
    if (bytes === 4) return this.chance(50) ? this.next() : this.pick([0, 1, 0x7fffffff, 0x80000000, 0xffffffff, this.below(256)]);
    if (bytes === 2) return this.below(0x10000);
    return this.below(256);
  }

  memoryFields(reg: number): RawFields {
    const mode = this.below(20);
    if (mode < 12) return { modrm: { mod: 0, reg, rm: 5 }, displacement: { bytes: 4, value: this.windowAddress() } };
    if (mode < 14) {
      return { modrm: { mod: 0, reg, rm: 4 }, sib: { scale: this.below(4), index: 4, base: 5 },
        displacement: { bytes: 4, value: this.windowAddress() } };
    }
    if (mode < 19) {
      return { modrm: { mod: 1, reg, rm: 4 }, sib: { scale: 0, index: 4, base: ESP },
        displacement: { bytes: 1, value: this.below(64) } };
    }
    const mod = this.pick([1, 2]);
    return { modrm: { mod, reg, rm: this.register() }, displacement: { bytes: mod === 1 ? 1 : 4, value: this.next() } };
  }

  /**
   * One instruction of random bytes, kept aligned with the next one: an undefined
   * byte, or a table entry from a section that cannot transfer control or run a
   * rep, with random ModRM/SIB/displacement/immediate bytes of the right length.
   */
  noise(): number[] {
    const first = this.pick(NOISE_FIRST_BYTES);
    const op = opcodeAt(first);
    if (!op) return [first];
    const enc = encodingOf(op);
    const bytes = [first];
    if (enc.modrm !== 'none') {
      const modrm = this.below(256);
      bytes.push(modrm);
      const mod = modrm >>> 6;
      const rm = modrm & 7;
      let displacement = mod === 1 ? 1 : mod === 2 ? 4 : mod === 0 && rm === 5 ? 4 : 0;
      if (mod !== 3 && rm === 4) {
        const sib = this.below(256);
        bytes.push(sib);
        if (mod === 0 && (sib & 7) === 5) displacement = 4;
      }
      for (let i = 0; i < displacement; i++) bytes.push(this.below(256));
    }
    for (let i = 0; i < enc.immBytes; i++) bytes.push(this.below(256));
    return bytes;
  }

  forwardTarget(): number {
    return this.boundaries.length + this.below(Math.min(8, this.count - this.boundaries.length) + 1);
  }

  emit(piece: Piece): void {
    this.pieces.push(piece);
  }

  instruction(): void {
    this.boundaries.push(this.pieces.length);
    if (this.below(200) === 0) {
      this.emit({ bytes: this.noise() });
      return;
    }
    const op = this.pick(CANDIDATES);
    const enc = encodingOf(op);
    const m = op.mnemonic;

    if (m.startsWith('rep ') || ['movsb', 'movsd', 'stosb', 'stosd'].includes(m)) {
      this.emit({ bytes: encodeFields(MOV_R32_IMM, { register: 6, immediate: this.windowAddress(64) }) });
      this.emit({ bytes: encodeFields(MOV_R32_IMM, { register: 7, immediate: this.windowAddress(64) }) });
      if (m.startsWith('rep ')) this.emit({ bytes: encodeFields(MOV_R32_IMM, { register: 1, immediate: this.below(9) }) });
      this.emit({ bytes: encodeFields(op, {}) });
      return;
    }
    if ((m === 'div' || m === 'idiv') && this.chance(60)) {
      this.emit({ bytes: m === 'div' ? encodeFields(MOV_R32_IMM, { register: 2, immediate: 0 }) : encodeFields(byMnemonic('cdq'), {}) });
    }
    if (m === 'leave') {
      this.emit({ bytes: encodeFields(MOV_R32_IMM, { register: 5, immediate: RANDOM_LAYOUT.stackTop - 4 * this.below(32) }) });
    }
    if (m === 'ret') {
      const at = encodeFields(PUSH_IMM, { immediate: 0 }).length - 4;
      this.emit({ bytes: encodeFields(PUSH_IMM, { immediate: 0 }), target: { index: this.forwardTarget(), at, kind: 'abs32' } });
      this.emit({ bytes: encodeFields(op, { immediate: 4 * this.below(5) }) });
      return;
    }
    if ((m === 'jmp' || m === 'call') && op.operands[0] === 'rm32') {
      const reg = this.register();
      this.emit({ bytes: encodeFields(MOV_R32_IMM, { register: reg, immediate: 0 }),
        target: { index: this.forwardTarget(), at: 1, kind: 'abs32' } });
      this.emit({ bytes: encodeFields(op, { modrm: { mod: 3, reg: 0, rm: reg } }) });
      return;
    }
    if (enc.relative) {
      const bytes = encodeFields(op, { immediate: 0 });
      this.emit({ bytes, target: { index: this.forwardTarget(), at: bytes.length - enc.immBytes,
        kind: enc.immBytes === 1 ? 'rel8' : 'rel32' } });
      return;
    }

    const fields: RawFields = { register: this.register(), immediate: this.immediate(enc.immBytes) };
    if (m === 'int') fields.immediate = this.chance(95) ? RANDOM_LAYOUT.syscallVector : this.below(256);
    if (op.operands.includes('imm8') && op.section === 'shift') fields.immediate = this.pick([0, 1, 31, 32, this.below(256)]);
    if (enc.modrm !== 'none') {
      const reg = enc.modrm === 'rm' ? 0 : this.register();
      const useMemory = enc.modrm === 'reg+mem' || this.chance(50);
      Object.assign(fields, useMemory ? this.memoryFields(reg) : { modrm: { mod: 3, reg, rm: this.register() } });
    }
    this.emit({ bytes: encodeFields(op, fields) });
  }
}

function layOut(pieces: Piece[], boundaries: number[], base: number): { code: number[]; addresses: number[] } {
  const addresses: number[] = [];
  let address = base;
  for (const p of pieces) {
    addresses.push(address);
    address += p.bytes.length;
  }
  const targetAddress = (index: number): number => addresses[boundaries[index]] ?? address;
  const out: number[] = [];
  pieces.forEach((p, i) => {
    const bytes = [...p.bytes];
    if (p.target) {
      const end = addresses[i] + bytes.length;
      let value = p.target.kind === 'abs32' ? targetAddress(p.target.index) : targetAddress(p.target.index) - end;
      if (p.target.kind === 'rel8' && (value < -128 || value > 127)) value = 0;
      const width = p.target.kind === 'rel8' ? 1 : 4;
      for (let b = 0; b < width; b++) bytes[p.target.at + b] = Math.floor((value >>> 0) / 2 ** (8 * b)) & 0xff;
    }
    out.push(...bytes);
  });
  return { code: out, addresses };
}

function gate(handler: number, dpl: number): number[] {
  const flagsWord = 1 | (dpl << 2);
  return [handler, flagsWord].flatMap((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
}

const dword = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

export function randomProgram(options: RandomProgramOptions): RandomProgram {
  const o: Required<RandomProgramOptions> = { instructions: 64, paging: false, userMode: false, ...options };
  const rng = createRng(o.seed);
  const L = RANDOM_LAYOUT;
  const g = new Generator(rng, o.instructions);
  for (let i = 0; i < o.instructions; i++) g.instruction();
  g.boundaries.push(g.pieces.length);
  g.emit({ bytes: encodeFields(byMnemonic('hlt'), {}) });
  const { code, addresses } = layOut(g.pieces, g.boundaries, L.code);
  if (code.length > L.codeLimit - L.code) throw new Error(`${o.instructions} instructions need more than 8 KiB of code`);

  const hlt = encodeFields(byMnemonic('hlt'), {});
  const iret = encodeFields(byMnemonic('iret'), {});
  const gates: number[] = [];
  const handlers: number[] = [];
  for (let v = 0; v < 256; v++) {
    gates.push(...gate(L.handlers + 8 * v, v === L.syscallVector ? 3 : 0));
    const body = v === L.syscallVector ? iret : hlt;
    handlers.push(...body, ...new Array(8 - body.length).fill(0));
  }
  const data = Array.from({ length: L.dataBytes }, () => rng() & 0xff);
  const memory: MemoryBlock[] = [
    { address: L.idt, bytes: gates },
    { address: L.handlers, bytes: handlers },
    { address: L.code, bytes: code },
    { address: L.dataWindow, bytes: data },
  ];

  const state: Partial<CpuState> = {
    regs: [rng(), rng() & 0xff, rng(), rng(), L.stackTop, rng(), L.dataWindow + (rng() & 0xfff), L.dataWindow + (rng() & 0xfff)],
    eip: L.code,
    eflags: 0x2 | (rng() & 0xcc1), // CF ZF SF DF OF at random, IF clear
    cpl: o.userMode ? 3 : 0,
    ksp: L.kernelStackTop,
    idtBase: L.idt,
    idtLimit: 256 * 8 - 1,
    cr0: 0, cr2: 0, cr3: 0, halted: false, cycles: 0n, instructions: 0n,
  };

  if (o.paging) {
    const P = 1, RW = 2, US = 4;
    const userBits = o.userMode ? US : 0;
    const pages: [number, number][] = [
      [L.idt, P | RW], [L.handlers, P | RW],
      [L.code, P | userBits], [L.code + 0x1000, P | userBits],
      [L.dataWindow, P | RW | userBits], [L.dataWindow + 0x1000, P | userBits | (rng() & 1 ? RW : 0)],
      [L.stackPage, P | RW | userBits], [L.kernelStackTop - 0x1000, P | RW],
    ];
    memory.push({ address: L.pageDirectory, bytes: dword(L.pageTable | P | RW | US) });
    for (const [linear, flagBits] of pages) memory.push({ address: L.pageTable + (linear >>> 12) * 4, bytes: dword(linear | flagBits) });
    state.cr0 = 0x8000_0000;
    state.cr3 = L.pageDirectory;
  }
  return { options: o, ramBytes: L.ramBytes, memory, state, maxSteps: 2 * o.instructions + 16, instructionAddresses: addresses };
}

export function loadRandomProgram(cpu: IsaTestCpu, program: RandomProgram): void {
  for (const block of program.memory) cpu.writeMemory(block.address, Uint8Array.from(block.bytes));
  cpu.setState(program.state);
}
