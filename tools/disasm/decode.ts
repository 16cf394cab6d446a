// Instruction decoder: bytes -> one instruction in assembler syntax, driven
// only by the opcode table (tools/isa/opcodes.ts) and docs/isa.md §2.
//
//   decodeInstruction(bytes, offset, address)
//     -> { length, mnemonic, operands, text, target?, form }
//      | { length: 1, invalid: true, text: '(bad)' }
//
//   decodeInstruction([0x40, 1, 0, 0, 0], 0, 0x100000).text === 'mov eax, 0x1'
//   decodeInstruction([0x78, 0x10], 0, 0x100000).target === 0x100012
//
// `address` is where the instruction lives; it turns rel8/rel32 into the
// absolute `target`. An undefined first byte, a ModRM breaking a §2 shape rule
// (reg ≠ 0 for r/m-only forms, a register where only memory is allowed, mod ≠ 3
// or an undefined control register for mov cr) or bytes running off the end
// give the invalid result, so a listing can step one byte and go on.
//
// Text format (what the assembler reads back):
//   memory    `dword [ebx+esi*4-0x8]`: the size is always written, except for the
//             memory-only forms (`lea eax, [ebx+0x4]`); `[0x500]` when absolute
//   immediate `0x1f` (unsigned hex); simm8 in signed hex (`-0x1`)
//   branch    the absolute target, `0x100012`
// Assembling an instruction's text at its address gives back its bytes when
// the bytes are the assembler's canonical choice. The assembler picks the
// shortest encoding, so these decode faithfully but re-assemble shorter or
// differently: an imm32 or rel32 whose value fits simm8/rel8; a disp32 that
// fits disp8, or a disp8 of 0 on a base other than ebp; a SIB byte the address
// does not need (no index, and a base other than esp or no base at all), or
// scale bits with no index; the `reg, r/m` forms with a register r/m (mov at every size and the
// ALU operations: each has an `r/m, reg` twin earlier in the table);
// `mov r/m32, imm32`, `push r/m32` and `pop r/m32` with a register operand
// (the +r forms are shorter).

import { CONTROL_REGS, encodingOf, opcodeAt, REG16, REG32, REG8, type Opcode, type OperandKind } from '../isa/opcodes.ts';

export interface DecodedInstruction {
  invalid?: false;
  length: number;
  mnemonic: string;
  operands: string[];
  text: string;
  /** Absolute target of a rel8/rel32 branch. */
  target?: number;
  form: Opcode;
}

export interface InvalidInstruction {
  invalid: true;
  length: 1;
  text: '(bad)';
}

const INVALID: InvalidInstruction = { invalid: true, length: 1, text: '(bad)' };

const ESP_BASE = 4;
const NO_INDEX = 4;
const NO_BASE = 5;

/** Reads little-endian fields in order; `undefined` once the bytes run out. */
class ByteStream {
  constructor(private bytes: Uint8Array, public position: number) {}

  take(count: number, signed: boolean): number | undefined {
    if (this.position + count > this.bytes.length) return undefined;
    let value = 0;
    for (let i = count - 1; i >= 0; i--) value = value * 256 + this.bytes[this.position + i];
    this.position += count;
    if (signed && value >= 2 ** (8 * count - 1)) value -= 2 ** (8 * count);
    return value;
  }
}

function hex(value: number): string {
  return value < 0 ? '-0x' + (-value).toString(16) : '0x' + value.toString(16);
}

interface ModRm { mod: number; reg: number; rm: number }

/** The text of a memory operand (without its size), or undefined when the bytes run out. */
function decodeAddress(stream: ByteStream, modrm: ModRm): string | undefined {
  let base: number | undefined = modrm.rm;
  let index: number | undefined;
  let scale = 1;
  let displacementBytes = modrm.mod === 1 ? 1 : modrm.mod === 2 ? 4 : 0;
  if (modrm.rm === ESP_BASE) {
    const sib = stream.take(1, false);
    if (sib === undefined) return undefined;
    scale = 1 << (sib >> 6);
    index = ((sib >> 3) & 7) === NO_INDEX ? undefined : (sib >> 3) & 7;
    base = sib & 7;
    if (base === NO_BASE && modrm.mod === 0) {
      base = undefined;
      displacementBytes = 4;
    }
  } else if (modrm.rm === NO_BASE && modrm.mod === 0) {
    base = undefined;
    displacementBytes = 4;
  }
  const displacement = displacementBytes ? stream.take(displacementBytes, true) : 0;
  if (displacement === undefined) return undefined;

  const parts: string[] = [];
  if (base !== undefined) parts.push(REG32[base]);
  if (index !== undefined) parts.push(scale === 1 ? REG32[index] : `${REG32[index]}*${scale}`);
  let text = parts.join('+');
  if (parts.length === 0) text = hex(displacement >>> 0);
  else if (displacement !== 0) text += (displacement < 0 ? '' : '+') + hex(displacement);
  return `[${text}]`;
}

const SIZE_WORDS: Partial<Record<OperandKind, string>> = { rm32: 'dword ', rm16: 'word ', rm8: 'byte ', m: '' };
const REGISTER_NAMES: Partial<Record<OperandKind, readonly string[]>> = {
  r32: REG32, r16: REG16, r8: REG8, rm32: REG32, rm16: REG16, rm8: REG8,
};

export function decodeInstruction(bytes: Uint8Array, offset: number, address: number): DecodedInstruction | InvalidInstruction {
  if (offset < 0 || offset >= bytes.length) return INVALID;
  const form = opcodeAt(bytes[offset]);
  if (!form) return INVALID;
  const encoding = encodingOf(form);
  const stream = new ByteStream(bytes, offset + 1);

  let modrm: ModRm | undefined;
  if (encoding.modrm !== 'none') {
    const byte = stream.take(1, false);
    if (byte === undefined) return INVALID;
    modrm = { mod: byte >> 6, reg: (byte >> 3) & 7, rm: byte & 7 };
    const shapeBroken =
      ((encoding.modrm === 'rm' || encoding.modrm === 'mem') && modrm.reg !== 0)
      || ((encoding.modrm === 'mem' || encoding.modrm === 'reg+mem') && modrm.mod === 3)
      || (encoding.modrm === 'cr' && (modrm.mod !== 3 || CONTROL_REGS[modrm.reg] === null));
    if (shapeBroken) return INVALID;
  }
  const memoryText = modrm && modrm.mod !== 3 ? decodeAddress(stream, modrm) : undefined;
  if (modrm && modrm.mod !== 3 && memoryText === undefined) return INVALID;
  const immediate = encoding.immBytes ? stream.take(encoding.immBytes, encoding.immSigned) : 0;
  if (immediate === undefined) return INVALID;
  const length = stream.position - offset;

  let target: number | undefined;
  const operands = form.operands.map((kind): string => {
    switch (kind) {
      case 'r32': case 'r16': case 'r8': {
        const number = form.plusReg ? bytes[offset] - form.opcode : encoding.modrm === 'cr' ? modrm!.rm : modrm!.reg;
        return REGISTER_NAMES[kind]![number];
      }
      case 'rm32': case 'rm16': case 'rm8': case 'm':
        return modrm!.mod === 3 ? REGISTER_NAMES[kind]![modrm!.rm] : SIZE_WORDS[kind] + memoryText!;
      case 'cr':
        return CONTROL_REGS[modrm!.reg]!;
      case 'imm32': case 'imm16': case 'imm8': case 'simm8':
        return hex(immediate);   // signed only for simm8 (encoding.immSigned)
      case 'rel8': case 'rel32':
        target = (address + length + immediate) >>> 0;
        return hex(target);
      case 'al': case 'ax': case 'eax': case 'cl': case 'dx':
        return kind;
    }
  });
  const text = operands.length ? `${form.mnemonic} ${operands.join(', ')}` : form.mnemonic;
  return { length, mnemonic: form.mnemonic, operands, text, ...(target !== undefined ? { target } : {}), form };
}
