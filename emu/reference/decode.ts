// Instruction decoding (docs/isa.md §2), driven by the opcode table.
//
//   [opcode] [ModRM] [SIB] [disp8 | disp32] [imm8 | imm16 | imm32 | rel8 | rel32]
//
// decodeInstruction(start, fetchByte) fetches the bytes in order through
// `fetchByte` (which may raise #PF) and returns an Instruction, or raises #UD
// for a byte with no table entry or a broken operand-shape rule.
//
// Every byte of the instruction is fetched before the shape rules are checked,
// so a fetch fault is reported before any decode error (§2, §5.1). The length
// of an instruction with a ModRM byte follows the generic ModRM/SIB rules even
// when its shape is then rejected (mov cr with mod != 11 still fetches its SIB
// and displacement bytes first).
//
// Shape rules, by the table's encoding (tools/isa/opcodes.ts encodingOf):
//   'rm'      reg must be 000
//   'mem'     mod != 11 and reg = 000       (invlpg, lidt)
//   'reg+mem' mod != 11                     (lea)
//   'cr'      mod = 11 and reg names a control register

import { CONTROL_REGS, encodingOf, opcodeAt, type Encoding, type Opcode } from '../../tools/isa/opcodes.ts';
import { undefinedOpcode } from './faults.ts';

export interface ModRm {
  mod: number;
  reg: number;
  rm: number;
  /** Present when mod != 11 and rm = 100. */
  sib: { scale: number; index: number; base: number } | null;
  /** Sign-extended displacement (0 when there is none), as an unsigned 32-bit value. */
  displacement: number;
}

export interface Instruction {
  op: Opcode;
  encoding: Encoding;
  start: number;     // linear address of the opcode byte
  length: number;
  next: number;      // linear address of the next instruction
  modrm: ModRm | null;
  /** Register from the opcode's low three bits (+r forms), else -1. */
  opcodeRegister: number;
  /** Immediate or relative displacement, zero- or sign-extended per §2, unsigned 32-bit. */
  immediate: number;
}

export function decodeInstruction(start: number, fetchByte: (linear: number) => number): Instruction {
  let length = 0;
  const next = (): number => fetchByte((start + length++) >>> 0);
  const readLittleEndian = (bytes: number): number => {
    let value = 0;
    for (let i = 0; i < bytes; i++) value += next() * 2 ** (8 * i);
    return value >>> 0;
  };

  const first = next();
  const op = opcodeAt(first);
  if (!op) throw undefinedOpcode();
  const encoding = encodingOf(op);

  let modrm: ModRm | null = null;
  if (encoding.modrm !== 'none') {
    const byte = next();
    const mod = byte >>> 6;
    const reg = (byte >>> 3) & 7;
    const rm = byte & 7;
    let sib: ModRm['sib'] = null;
    let displacementBytes = mod === 1 ? 1 : mod === 2 ? 4 : 0;
    if (mod !== 3 && rm === 4) {
      const s = next();
      sib = { scale: s >>> 6, index: (s >>> 3) & 7, base: s & 7 };
      if (mod === 0 && sib.base === 5) displacementBytes = 4;
    }
    if (mod === 0 && rm === 5) displacementBytes = 4;
    let displacement = readLittleEndian(displacementBytes);
    if (displacementBytes === 1) displacement = signExtend8(displacement);
    modrm = { mod, reg, rm, sib, displacement };
  }

  let immediate = readLittleEndian(encoding.immBytes);
  if (encoding.immSigned && encoding.immBytes === 1) immediate = signExtend8(immediate);

  if (modrm) checkShape(encoding, modrm);

  return {
    op,
    encoding,
    start: start >>> 0,
    length,
    next: (start + length) >>> 0,
    modrm,
    opcodeRegister: op.plusReg ? first & 7 : -1,
    immediate,
  };
}

function checkShape(encoding: Encoding, m: ModRm): void {
  switch (encoding.modrm) {
    case 'rm':
      if (m.reg !== 0) throw undefinedOpcode();
      break;
    case 'mem':
      if (m.mod === 3 || m.reg !== 0) throw undefinedOpcode();
      break;
    case 'reg+mem':
      if (m.mod === 3) throw undefinedOpcode();
      break;
    case 'cr':
      if (m.mod !== 3 || CONTROL_REGS[m.reg] === null) throw undefinedOpcode();
      break;
    default:
      break;
  }
}

export function signExtend8(value: number): number {
  return ((value << 24) >> 24) >>> 0;
}

export function signExtend16(value: number): number {
  return ((value << 16) >> 16) >>> 0;
}
