// Representative instructions for every opcode-table entry, written exactly
// as the disassembler prints them, with the byte length each must encode to.
//
//   samplesFor(op) -> { text, length }[]
//
// Memory operands cover every ModRM/SIB shape of docs/isa.md §2: plain base,
// esp base (SIB), ebp base (forced disp8), disp8 at both ends of its range,
// disp32, base+index*scale, ebp base with an index, index with no base, and
// an absolute address. Lengths are worked out here from the shape, not by the
// assembler. Only canonical encodings are generated (the ones the assembler
// picks): register r/m operands are left out where another entry takes the
// same registers in fewer bytes or earlier in the table. Branches are
// separate (branchSamples): their text depends on their address.

import { encodingOf, OPCODES, REG32, type Opcode, type OperandKind } from '../../tools/isa/opcodes.ts';

export interface Sample { text: string; length: number }

/** Address shapes, with the SIB and displacement bytes each needs. */
export const ADDRESS_SHAPES: { text: string; extraBytes: number }[] = [
  { text: '[ebx]', extraBytes: 0 },
  { text: '[esp]', extraBytes: 1 },                 // SIB
  { text: '[ebp]', extraBytes: 1 },                 // disp8 = 0
  { text: '[esi+0x7f]', extraBytes: 1 },
  { text: '[edi-0x80]', extraBytes: 1 },
  { text: '[eax+0x80]', extraBytes: 4 },
  { text: '[ecx-0x81]', extraBytes: 4 },
  { text: '[esp+0x8]', extraBytes: 2 },             // SIB + disp8
  { text: '[ebp-0x4]', extraBytes: 1 },
  { text: '[eax+ecx*4-0xc]', extraBytes: 2 },
  { text: '[ebp+esi*8+0x12345]', extraBytes: 5 },
  { text: '[ebp+edx]', extraBytes: 2 },             // SIB + disp8 = 0
  { text: '[esp+eax*2]', extraBytes: 1 },
  { text: '[edx*2+0x1000]', extraBytes: 5 },        // SIB base=101, disp32
  { text: '[edi*8]', extraBytes: 5 },
  { text: '[0x500]', extraBytes: 4 },               // mod=00 r/m=101
];

interface Choice { text: string; extraBytes: number }

const SIZE_WORD: Partial<Record<OperandKind, string>> = { rm32: 'dword ', rm16: 'word ', rm8: 'byte ', m: '' };
const REGISTER_RM: Partial<Record<OperandKind, string>> = { rm32: 'esi', rm16: 'si', rm8: 'sil' };

/**
 * True when the assembler never picks this entry for a register r/m operand:
 * `op r32, r/m32` has an `op r/m32, r32` twin that comes first, and
 * `mov r/m32, imm32`, `push r/m32`, `pop r/m32` have shorter +r forms.
 */
function registerRmIsNotCanonical(op: Opcode): boolean {
  const [first, second] = op.operands;
  const swappedTwin = op.operands.length === 2 && /^r\d+$/.test(first) && second.startsWith('rm')
    && OPCODES.some((other) => other.mnemonic === op.mnemonic && other.operands[0] === second && other.operands[1] === first);
  const shorterPlusReg = OPCODES.some((other) => other.mnemonic === op.mnemonic && other.plusReg
    && other.operands.length === op.operands.length
    && other.operands.every((kind, i) => kind === op.operands[i] || (kind === 'r32' && op.operands[i] === 'rm32')));
  return swappedTwin || shorterPlusReg;
}

function choicesFor(op: Opcode, kind: OperandKind): Choice[] {
  const none = (text: string): Choice => ({ text, extraBytes: 0 });
  switch (kind) {
    case 'r32':
      if (op.plusReg) return REG32.map(none);
      return [none(encodingOf(op).modrm === 'cr' ? 'edi' : 'ecx')];
    case 'r16': return [none('dx')];
    case 'r8': return [none('dil')];
    case 'rm32': case 'rm16': case 'rm8': case 'm': {
      const memory = ADDRESS_SHAPES.map((shape) => ({ text: SIZE_WORD[kind] + shape.text, extraBytes: shape.extraBytes }));
      const register = REGISTER_RM[kind];
      return register && !registerRmIsNotCanonical(op) ? [none(register), ...memory] : memory;
    }
    case 'cr': return ['cr0', 'cr2', 'cr3', 'ksp'].map(none);
    case 'imm32': return [none('0x12345678'), none('0xffffff7f')];
    case 'imm16': return [none('0x1234'), none('0xfffe')];
    case 'imm8': return [none('0xab'), none('0x1')];
    case 'simm8': return [none('-0x5'), none('0x7f'), none('-0x80')];
    case 'rel8': case 'rel32': throw new Error('branches are sampled by branchSamples');
    default: return [none(kind)]; // al ax eax cl dx
  }
}

export function isBranch(op: Opcode): boolean {
  return op.operands.includes('rel8') || op.operands.includes('rel32');
}

export function samplesFor(op: Opcode): Sample[] {
  const encoding = encodingOf(op);
  const fixedLength = 1 + (encoding.modrm === 'none' ? 0 : 1) + encoding.immBytes;
  let combinations: Choice[][] = [[]];
  for (const kind of op.operands) {
    const choices = choicesFor(op, kind);
    combinations = combinations.flatMap((prefix) => choices.map((choice) => [...prefix, choice]));
  }
  return combinations.map((operands) => ({
    text: operands.length ? `${op.mnemonic} ${operands.map((o) => o.text).join(', ')}` : op.mnemonic,
    length: fixedLength + operands.reduce((sum, o) => sum + o.extraBytes, 0),
  }));
}

/**
 * Branch samples at `address`: for rel8, targets at both ends of its range;
 * for rel32, targets just beyond rel8's range (measured from the end of the
 * 2-byte rel8 form) in both directions, and a far one.
 */
export function branchSamples(op: Opcode, address: number): Sample[] {
  const length = 1 + encodingOf(op).immBytes;
  const shortNext = address + 2;
  const targets = op.operands.includes('rel8') ? [shortNext + 127, shortNext - 128, shortNext]
    : [shortNext + 128, shortNext - 129, 0x200000];
  return targets.map((target) => ({ text: `${op.mnemonic} 0x${target.toString(16)}`, length }));
}
