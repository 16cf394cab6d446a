// The tx86 opcode table: the one description of every instruction.
//
// Everything that knows instruction encodings reads this table: the assembler
// (tools/asm), the disassembler, the reference interpreter (emu/reference), the
// generated decode tables of the wasm core (emu/core/generated/opcodes.ts, made
// by tools/isa/gen-core-tables.ts), the generated opcode map in docs/isa.md and
// the random-instruction fuzzer. Nothing else may hard-code an opcode byte.
//
// Interface:
//   OPCODES: Opcode[]             every defined opcode byte (a +r form is one entry
//                                 covering eight bytes)
//   opcodeAt(byte): Opcode|undef  the entry that decodes a first byte
//   encodingOf(op): Encoding      the byte-level shape (ModRM? immediate size?)
//   CONDITIONS                    the 16 x86 condition-code names and aliases
//   REG32/REG16/REG8/CONTROL_REGS register names by encoding number
//
// Semantics live in docs/isa.md, section by section; `section` names the
// section that defines each instruction.

export type OperandKind =
  | 'rm32' | 'rm16' | 'rm8'      // ModRM r/m field: register or memory
  | 'r32' | 'r16' | 'r8'         // ModRM reg field (or opcode low bits for +r forms)
  | 'm'                          // ModRM r/m, memory only (mod != 3)
  | 'cr'                         // ModRM reg field names a control register
  | 'imm32' | 'imm16' | 'imm8'   // zero-extended immediates
  | 'simm8'                      // sign-extended 8-bit immediate
  | 'rel8' | 'rel32'             // signed displacement from the next instruction
  | 'al' | 'ax' | 'eax' | 'cl' | 'dx'; // fixed registers, not encoded

/** How the r/m operand (if memory) is accessed: decides translation intent and the memory surcharge. */
export type RmAccess = 'none' | 'read' | 'write' | 'rmw';

export interface Opcode {
  mnemonic: string;        // canonical assembler name, e.g. 'add', 'je', 'rep movsb'
  opcode: number;          // first byte; for plusReg, the base (register in bits 0-2)
  operands: OperandKind[]; // in Intel order: destination first
  plusReg?: boolean;       // register operand encoded in the opcode's low three bits
  cycles: number;          // base cost in cycles (docs/isa.md "Cycle costs")
  rm: RmAccess;            // access made by a memory r/m operand
  privileged?: boolean;    // #GP(0) at CPL 3
  section: string;         // docs/isa.md section that defines it
}

/** Byte-level shape of an instruction, derived from its operand kinds. */
export interface Encoding {
  modrm: 'none' | 'reg+rm' | 'reg+mem' | 'rm' | 'mem' | 'cr';
  // 'reg+rm': reg field is a register operand, r/m any.
  // 'reg+mem': reg field is a register operand, r/m memory only (lea); mod == 3 is #UD.
  // 'rm':     only an r/m operand; the reg field must be 0 (#UD otherwise).
  // 'mem':    only a memory operand; mod == 3 is #UD; reg field must be 0.
  // 'cr':     reg field is a control register, r/m must be a register (mod == 3).
  immBytes: 0 | 1 | 2 | 4;  // immediate or relative displacement that follows
  immSigned: boolean;       // sign-extend the immediate (simm8, rel8, rel32)
  relative: boolean;        // immediate is a branch displacement
}

export const REG32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const REG16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'] as const;
export const REG8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'] as const;
/** Control registers by ModRM reg number; null numbers are #UD. */
export const CONTROL_REGS = ['cr0', null, 'cr2', 'cr3', 'ksp', null, null, null] as const;

/** x86 condition codes by number. Codes 0xA and 0xB (parity) do not exist in tx86: #UD. */
export const CONDITIONS: { name: string; aliases: string[] }[] = [
  { name: 'o', aliases: [] },
  { name: 'no', aliases: [] },
  { name: 'b', aliases: ['c', 'nae'] },
  { name: 'ae', aliases: ['nc', 'nb'] },
  { name: 'e', aliases: ['z'] },
  { name: 'ne', aliases: ['nz'] },
  { name: 'be', aliases: ['na'] },
  { name: 'a', aliases: ['nbe'] },
  { name: 's', aliases: [] },
  { name: 'ns', aliases: [] },
  { name: '', aliases: [] }, // 0xA: no parity flag in tx86
  { name: '', aliases: [] }, // 0xB
  { name: 'l', aliases: ['nge'] },
  { name: 'ge', aliases: ['nl'] },
  { name: 'le', aliases: ['ng'] },
  { name: 'g', aliases: ['nle'] },
];

/** The eight two-operand ALU operations, in encoding order (opcode = index*4 + form). */
export const ALU_OPS = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'] as const;

const table: Opcode[] = [];
function def(mnemonic: string, opcode: number, operands: OperandKind[], cycles: number, rm: RmAccess,
  section: string, extra: Partial<Opcode> = {}): void {
  table.push({ mnemonic, opcode, operands, cycles, rm, section, ...extra });
}

// 0x00-0x1F: ALU. Four forms each. cmp never writes its destination.
ALU_OPS.forEach((name, i) => {
  const dst: RmAccess = name === 'cmp' ? 'read' : 'rmw';
  def(name, i * 4 + 0, ['rm32', 'r32'], 1, dst, 'alu');
  def(name, i * 4 + 1, ['r32', 'rm32'], 1, 'read', 'alu');
  def(name, i * 4 + 2, ['rm32', 'imm32'], 1, dst, 'alu');
  def(name, i * 4 + 3, ['rm32', 'simm8'], 1, dst, 'alu');
});
def('test', 0x20, ['rm32', 'r32'], 1, 'read', 'alu');
def('test', 0x21, ['rm32', 'imm32'], 1, 'read', 'alu');
def('test', 0x22, ['rm8', 'imm8'], 1, 'read', 'alu');
def('cmp', 0x23, ['rm8', 'imm8'], 1, 'read', 'alu');
def('xchg', 0x24, ['rm32', 'r32'], 2, 'rmw', 'move');
def('lea', 0x25, ['r32', 'm'], 1, 'none', 'move');
def('cdq', 0x26, [], 1, 'none', 'muldiv');
def('leave', 0x27, [], 3, 'none', 'stack');
def('nop', 0x28, [], 1, 'none', 'misc');
def('pushfd', 0x29, [], 2, 'none', 'stack');
def('popfd', 0x2a, [], 3, 'none', 'stack');
def('push', 0x2b, ['imm32'], 2, 'none', 'stack');
def('push', 0x2c, ['simm8'], 2, 'none', 'stack');
def('push', 0x2d, ['rm32'], 2, 'read', 'stack');
def('pop', 0x2e, ['rm32'], 2, 'write', 'stack');
def('ud2', 0x2f, [], 1, 'none', 'misc');
def('push', 0x30, ['r32'], 2, 'none', 'stack', { plusReg: true });
def('pop', 0x38, ['r32'], 2, 'none', 'stack', { plusReg: true });
def('mov', 0x40, ['r32', 'imm32'], 1, 'none', 'move', { plusReg: true });
def('mov', 0x48, ['rm32', 'r32'], 1, 'write', 'move');
def('mov', 0x49, ['r32', 'rm32'], 1, 'read', 'move');
def('mov', 0x4a, ['rm32', 'imm32'], 1, 'write', 'move');
def('mov', 0x4b, ['rm8', 'r8'], 1, 'write', 'move');
def('mov', 0x4c, ['r8', 'rm8'], 1, 'read', 'move');
def('mov', 0x4d, ['rm8', 'imm8'], 1, 'write', 'move');
def('mov', 0x4e, ['rm16', 'r16'], 1, 'write', 'move');
def('mov', 0x4f, ['rm16', 'imm16'], 1, 'write', 'move');
def('mov', 0x50, ['r16', 'rm16'], 1, 'read', 'move');
def('movzx', 0x51, ['r32', 'rm8'], 1, 'read', 'move');
def('movzx', 0x52, ['r32', 'rm16'], 1, 'read', 'move');
def('movsx', 0x53, ['r32', 'rm8'], 1, 'read', 'move');
def('movsx', 0x54, ['r32', 'rm16'], 1, 'read', 'move');

// 0x58-0x5F: one-operand group.
def('not', 0x58, ['rm32'], 1, 'rmw', 'alu');
def('neg', 0x59, ['rm32'], 1, 'rmw', 'alu');
def('inc', 0x5a, ['rm32'], 1, 'rmw', 'alu');
def('dec', 0x5b, ['rm32'], 1, 'rmw', 'alu');
def('mul', 0x5c, ['rm32'], 4, 'read', 'muldiv');
def('imul', 0x5d, ['rm32'], 4, 'read', 'muldiv');
def('div', 0x5e, ['rm32'], 22, 'read', 'muldiv');
def('idiv', 0x5f, ['rm32'], 22, 'read', 'muldiv');
def('imul', 0x60, ['r32', 'rm32'], 4, 'read', 'muldiv');
def('imul', 0x61, ['r32', 'rm32', 'imm32'], 4, 'read', 'muldiv');
def('imul', 0x62, ['r32', 'rm32', 'simm8'], 4, 'read', 'muldiv');
def('bsf', 0x63, ['r32', 'rm32'], 2, 'read', 'bits');
def('bsr', 0x64, ['r32', 'rm32'], 2, 'read', 'bits');
def('popcnt', 0x65, ['r32', 'rm32'], 2, 'read', 'bits');

// 0x68-0x71: shifts and rotates, by an immediate or by CL.
(['shl', 'shr', 'sar', 'rol', 'ror'] as const).forEach((name, i) => {
  def(name, 0x68 + i * 2, ['rm32', 'imm8'], 1, 'rmw', 'shift');
  def(name, 0x69 + i * 2, ['rm32', 'cl'], 1, 'rmw', 'shift');
});

// 0x78-0x7E: unconditional control transfer.
def('jmp', 0x78, ['rel8'], 2, 'none', 'branch');
def('jmp', 0x79, ['rel32'], 2, 'none', 'branch');
def('jmp', 0x7a, ['rm32'], 3, 'read', 'branch');
def('call', 0x7b, ['rel32'], 3, 'none', 'branch');
def('call', 0x7c, ['rm32'], 4, 'read', 'branch');
def('ret', 0x7d, [], 3, 'none', 'branch');
def('ret', 0x7e, ['imm16'], 3, 'none', 'branch');

// 0x80-0xBF: condition-code families (cc in the low nibble).
CONDITIONS.forEach((cc, n) => {
  if (!cc.name) return;
  def('j' + cc.name, 0x80 + n, ['rel8'], 1, 'none', 'branch');
  def('j' + cc.name, 0x90 + n, ['rel32'], 1, 'none', 'branch');
  def('set' + cc.name, 0xa0 + n, ['rm8'], 1, 'write', 'flags');
  def('cmov' + cc.name, 0xb0 + n, ['r32', 'rm32'], 1, 'read', 'flags');
});

// 0xC0-0xCC: string operations and flag control.
def('movsb', 0xc0, [], 3, 'none', 'string');
def('movsd', 0xc1, [], 3, 'none', 'string');
def('stosb', 0xc2, [], 2, 'none', 'string');
def('stosd', 0xc3, [], 2, 'none', 'string');
def('rep movsb', 0xc4, [], 4, 'none', 'string');
def('rep movsd', 0xc5, [], 4, 'none', 'string');
def('rep stosb', 0xc6, [], 4, 'none', 'string');
def('rep stosd', 0xc7, [], 4, 'none', 'string');
def('cld', 0xc8, [], 1, 'none', 'flags');
def('std', 0xc9, [], 1, 'none', 'flags');
def('clc', 0xca, [], 1, 'none', 'flags');
def('stc', 0xcb, [], 1, 'none', 'flags');
def('cmc', 0xcc, [], 1, 'none', 'flags');

def('rdtsc', 0xd0, [], 20, 'none', 'misc');
def('int', 0xd1, ['imm8'], 0, 'none', 'interrupts'); // cost is the delivery cost

// 0xE0-0xF1: privileged.
const P = { privileged: true };
def('cli', 0xe0, [], 2, 'none', 'system', P);
def('sti', 0xe1, [], 2, 'none', 'system', P);
def('hlt', 0xe2, [], 2, 'none', 'system', P);
def('in', 0xe3, ['al', 'dx'], 30, 'none', 'io', P);
def('in', 0xe4, ['ax', 'dx'], 30, 'none', 'io', P);
def('in', 0xe5, ['eax', 'dx'], 30, 'none', 'io', P);
def('in', 0xe6, ['al', 'imm8'], 30, 'none', 'io', P);
def('in', 0xe7, ['eax', 'imm8'], 30, 'none', 'io', P);
def('out', 0xe8, ['dx', 'al'], 30, 'none', 'io', P);
def('out', 0xe9, ['dx', 'ax'], 30, 'none', 'io', P);
def('out', 0xea, ['dx', 'eax'], 30, 'none', 'io', P);
def('out', 0xeb, ['imm8', 'al'], 30, 'none', 'io', P);
def('out', 0xec, ['imm8', 'eax'], 30, 'none', 'io', P);
def('mov', 0xed, ['cr', 'r32'], 10, 'none', 'system', P);
def('mov', 0xee, ['r32', 'cr'], 2, 'none', 'system', P);
def('invlpg', 0xef, ['m'], 15, 'none', 'system', P);
def('lidt', 0xf0, ['m'], 10, 'read', 'system', P);
def('iret', 0xf1, [], 20, 'none', 'interrupts', P);

export const OPCODES: readonly Opcode[] = table;

const byFirstByte: (Opcode | undefined)[] = new Array(256).fill(undefined);
for (const op of table) {
  const span = op.plusReg ? 8 : 1;
  for (let k = 0; k < span; k++) {
    if (byFirstByte[op.opcode + k]) {
      throw new Error(`opcode table: byte 0x${(op.opcode + k).toString(16)} defined twice`);
    }
    byFirstByte[op.opcode + k] = op;
  }
}

/** The table entry that a first byte decodes to, or undefined (#UD). */
export function opcodeAt(byte: number): Opcode | undefined {
  return byFirstByte[byte & 0xff];
}

const IMM_BYTES: Partial<Record<OperandKind, 1 | 2 | 4>> = {
  imm32: 4, imm16: 2, imm8: 1, simm8: 1, rel8: 1, rel32: 4,
};

/** The byte-level shape of an instruction, derived from its operand kinds. */
export function encodingOf(op: Opcode): Encoding {
  const kinds = op.operands;
  const has = (k: OperandKind) => kinds.includes(k);
  let modrm: Encoding['modrm'] = 'none';
  if (has('cr')) modrm = 'cr';
  else if (has('m')) modrm = kinds.some((k) => k === 'r32') ? 'reg+mem' : 'mem';
  else if (kinds.some((k) => k === 'rm32' || k === 'rm16' || k === 'rm8')) {
    modrm = kinds.some((k) => k === 'r32' || k === 'r16' || k === 'r8') ? 'reg+rm' : 'rm';
  } else if (!op.plusReg && kinds.some((k) => k === 'r32' || k === 'r16' || k === 'r8')) {
    throw new Error(`opcode table: ${op.mnemonic} has a register operand but no ModRM`);
  }
  const imm = kinds.find((k) => IMM_BYTES[k] !== undefined);
  return {
    modrm,
    immBytes: imm ? IMM_BYTES[imm]! : 0,
    immSigned: imm === 'simm8' || imm === 'rel8' || imm === 'rel32',
    relative: imm === 'rel8' || imm === 'rel32',
  };
}

/** Condition number of a j/set/cmov opcode (its low nibble). */
export function conditionOf(op: Opcode): number {
  return op.opcode & 0x0f;
}
