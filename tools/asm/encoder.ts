// Encoder: one instruction's bytes, exactly as docs/isa.md §2 lays them out.
//
//   encodingChoices(forms, operands) -> EncodingChoice[]
//       every (table entry, displacement width) pair, shortest first, then in
//       table order: the order the assembler prefers them in
//   choiceFits(choice, operands, values, address) -> boolean
//       whether the immediate, displacement and branch target fit the choice
//       (a value not known yet fits everything)
//   encodeInstruction(choice, operands, values, address) -> number[]
//       the bytes; throws SourceError when a value does not fit
//
// ModRM/SIB rules (the §2 drawing): an address with an index, or with esp as
// its base, needs a SIB byte; an address with no base register is disp32
// (mod=00, r/m=101, or SIB base=101 when indexed); ebp as a base has no
// displacement-free form, so it takes disp8 = 0; otherwise the displacement
// is omitted when 0, disp8 when it fits in a signed byte, else disp32.
//
// Value ranges: imm32 and disp32 accept -2^31 .. 2^32-1 (either reading of 32
// bits); imm16 -2^15 .. 2^16-1; imm8 -128 .. 255; simm8 and rel8 take a value
// whose 32-bit two's complement lies in -128 .. 127, so 0xFFFFFFFF fits simm8.

import { encodingOf, REG32, type Opcode, type OperandKind } from '../isa/opcodes.ts';
import { formatValue, SourceError } from './diagnostics.ts';
import type { MemoryOperand, Operand } from './operands.ts';
import { fitsBytes, littleEndian } from './value-bytes.ts';

export type DisplacementBytes = 0 | 1 | 4;

export interface EncodingChoice {
  form: Opcode;
  displacementBytes: DisplacementBytes;
  length: number;
}

/** Values of an instruction's expressions; undefined while not yet known. */
export interface OperandValues {
  immediate?: bigint;      // the immediate, or the branch target for rel8/rel32
  displacement?: bigint;   // the memory operand's displacement (0 when it has none)
}

const ESP = REG32.indexOf('esp');
const EBP = REG32.indexOf('ebp');
const NO_INDEX = 4;
const NO_BASE = 5;

/** Bytes of the zero-extended immediate kinds (either reading of their bits is accepted). */
const IMMEDIATE_BYTES: Partial<Record<OperandKind, number>> = { imm32: 4, imm16: 2, imm8: 1 };

function inRange(value: bigint, low: bigint, high: bigint): boolean {
  return value >= low && value <= high;
}

/** True when a 32-bit value, read as two's complement, is a signed byte. */
function isSignedByte(value: bigint): boolean {
  return fitsBytes(value, 4) && inRange(BigInt.asIntN(32, value), -128n, 127n);
}

function memoryOperandOf(operands: Operand[]): MemoryOperand | undefined {
  return operands.find((operand): operand is MemoryOperand => operand.kind === 'memory');
}

function displacementOptions(memory: MemoryOperand | undefined): DisplacementBytes[] {
  if (!memory) return [0];
  if (memory.base === undefined) return [4];
  if (memory.base === EBP) return [1, 4];
  return [0, 1, 4];
}

function needsSib(memory: MemoryOperand): boolean {
  return memory.index !== undefined || memory.base === ESP;
}

export function encodingChoices(forms: Opcode[], operands: Operand[]): EncodingChoice[] {
  const memory = memoryOperandOf(operands);
  const choices: EncodingChoice[] = [];
  for (const form of forms) {
    const encoding = encodingOf(form);
    for (const displacementBytes of displacementOptions(memory)) {
      const length = 1 + (encoding.modrm === 'none' ? 0 : 1) + (memory && needsSib(memory) ? 1 : 0)
        + displacementBytes + encoding.immBytes;
      choices.push({ form, displacementBytes, length });
    }
  }
  // Stable sort: equal lengths keep table order.
  return choices.sort((a, b) => a.length - b.length);
}

function displacementFits(bytes: DisplacementBytes, value: bigint): boolean {
  if (bytes === 0) return value === 0n;
  if (bytes === 1) return isSignedByte(value);
  return fitsBytes(value, 4);
}

/** The immediate operand and its kind in this form, if the form has one. */
function immediateOf(form: Opcode, operands: Operand[]): { kind: OperandKind; operand: Operand } | undefined {
  const index = operands.findIndex((operand) => operand.kind === 'immediate');
  return index < 0 ? undefined : { kind: form.operands[index], operand: operands[index] };
}

/** Why `value` does not fit an immediate of `kind` at this place, or undefined if it fits. */
function immediateProblem(kind: OperandKind, value: bigint, nextAddress: number): string | undefined {
  if (kind === 'rel8' || kind === 'rel32') {
    if (!fitsBytes(value, 4)) return `branch target ${formatValue(value)} is out of range`;
    const distance = BigInt.asIntN(32, value - BigInt(nextAddress));
    if (kind === 'rel8' && !inRange(distance, -128n, 127n)) {
      return `branch target is out of range for rel8 (displacement ${formatValue(distance)})`;
    }
    return undefined;
  }
  const fits = kind === 'simm8' ? isSignedByte(value) : fitsBytes(value, IMMEDIATE_BYTES[kind]!);
  return fits ? undefined : `value ${formatValue(value)} is out of range for ${kind}`;
}

export function choiceFits(choice: EncodingChoice, operands: Operand[], values: OperandValues, address: number): boolean {
  if (values.displacement !== undefined && !displacementFits(choice.displacementBytes, values.displacement)) return false;
  const immediate = immediateOf(choice.form, operands);
  if (immediate && values.immediate !== undefined) {
    return immediateProblem(immediate.kind, values.immediate, address + choice.length) === undefined;
  }
  return true;
}

function modrmByte(mod: number, reg: number, rm: number): number {
  return (mod << 6) | (reg << 3) | rm;
}

/** ModRM, SIB and displacement bytes for a memory operand. */
function encodeMemory(memory: MemoryOperand, reg: number, displacementBytes: DisplacementBytes, displacement: bigint): number[] {
  if (!displacementFits(displacementBytes, displacement)) {
    throw new SourceError(`displacement ${formatValue(displacement)} is out of range`);
  }
  const mod = displacementBytes === 0 ? 0 : displacementBytes === 1 ? 1 : 2;
  const scaleBits = Math.log2(memory.scale);
  let bytes: number[];
  if (memory.base === undefined && memory.index === undefined) {
    bytes = [modrmByte(0, reg, NO_BASE)];
  } else if (memory.base === undefined) {
    bytes = [modrmByte(0, reg, 4), modrmByte(scaleBits, memory.index!, NO_BASE)];
  } else if (needsSib(memory)) {
    bytes = [modrmByte(mod, reg, 4), modrmByte(scaleBits, memory.index ?? NO_INDEX, memory.base)];
  } else {
    bytes = [modrmByte(mod, reg, memory.base)];
  }
  return [...bytes, ...littleEndian(displacement, displacementBytes)];
}

export function encodeInstruction(choice: EncodingChoice, operands: Operand[], values: Required<OperandValues>,
  address: number): number[] {
  const { form } = choice;
  const encoding = encodingOf(form);

  // Operand roles, by the form's kinds.
  let regField = 0;
  let rmOperand: Operand | undefined;
  form.operands.forEach((kind, i) => {
    const operand = operands[i];
    if (kind === 'cr' && operand.kind === 'control') regField = operand.number;
    else if ((kind === 'r32' || kind === 'r16' || kind === 'r8') && operand.kind === 'register') {
      if (encoding.modrm === 'cr') rmOperand = operand;
      else regField = operand.register.number;
    } else if (kind === 'rm32' || kind === 'rm16' || kind === 'rm8' || kind === 'm') {
      rmOperand = operand;
    }
  });

  const bytes = [form.plusReg ? form.opcode + regField : form.opcode];
  if (encoding.modrm !== 'none') {
    if (rmOperand?.kind === 'register') bytes.push(modrmByte(3, regField, rmOperand.register.number));
    else if (rmOperand?.kind === 'memory') {
      bytes.push(...encodeMemory(rmOperand, regField, choice.displacementBytes, values.displacement));
    } else throw new Error(`encoder: ${form.mnemonic} has a ModRM but no r/m operand`);
  }

  const immediate = immediateOf(form, operands);
  if (immediate) {
    const problem = immediateProblem(immediate.kind, values.immediate, address + choice.length);
    if (problem) throw new SourceError(problem);
    const value = encoding.relative ? values.immediate - BigInt(address + choice.length) : values.immediate;
    bytes.push(...littleEndian(value, encoding.immBytes));
  }
  if (bytes.length !== choice.length) throw new Error(`encoder: ${form.mnemonic} encoded in ${bytes.length} bytes, expected ${choice.length}`);
  return bytes;
}
