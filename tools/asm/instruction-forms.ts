// Instruction forms: which opcode-table entries an instruction can use.
//
//   canonicalMnemonic('JZ') -> 'je'; canonicalMnemonic('movz') -> undefined
//   matchForms('add', [eax, imm]) -> [add rm32,imm32 ; add rm32,simm8]
//
// A mnemonic is case-insensitive; condition aliases (jz, setnae, cmovnz …)
// come from CONDITIONS. matchForms keeps the table entries whose operand
// kinds accept the parsed operands; the choice among them (simm8 or imm32,
// rel8 or rel32, the shortest encoding) is made during layout, when values
// are known. It throws SourceError when no entry fits, when an unsized
// memory operand could be of several sizes, and for a misplaced short/near.

import { CONDITIONS, OPCODES, type Opcode, type OperandKind } from '../isa/opcodes.ts';
import { SourceError } from './diagnostics.ts';
import { describeOperand, type Operand, type OperandSize } from './operands.ts';

const FORMS_BY_MNEMONIC = new Map<string, Opcode[]>();
for (const op of OPCODES) {
  FORMS_BY_MNEMONIC.set(op.mnemonic, [...(FORMS_BY_MNEMONIC.get(op.mnemonic) ?? []), op]);
}

const ALIASES = new Map<string, string>();
for (const condition of CONDITIONS) {
  if (!condition.name) continue;
  for (const prefix of ['j', 'set', 'cmov']) {
    for (const alias of condition.aliases) ALIASES.set(prefix + alias, prefix + condition.name);
  }
}

export function canonicalMnemonic(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\s+/g, ' ');
  const canonical = ALIASES.get(lower) ?? lower;
  return FORMS_BY_MNEMONIC.has(canonical) ? canonical : undefined;
}

const MEMORY_SIZE: Partial<Record<OperandKind, OperandSize>> = { rm32: 32, rm16: 16, rm8: 8 };
const REGISTER_SIZE: Partial<Record<OperandKind, OperandSize>> = { r32: 32, r16: 16, r8: 8, rm32: 32, rm16: 16, rm8: 8 };
const FIXED_REGISTER: Partial<Record<OperandKind, string>> = { al: 'al', ax: 'ax', eax: 'eax', cl: 'cl', dx: 'dx' };
const IMMEDIATE_KINDS: OperandKind[] = ['imm32', 'imm16', 'imm8', 'simm8'];

function accepts(kind: OperandKind, operand: Operand): boolean {
  switch (operand.kind) {
    case 'register':
      return REGISTER_SIZE[kind] === operand.register.size || FIXED_REGISTER[kind] === operand.register.name;
    case 'control':
      return kind === 'cr';
    case 'memory':
      return kind === 'm' || (MEMORY_SIZE[kind] !== undefined && (operand.size ?? MEMORY_SIZE[kind]) === MEMORY_SIZE[kind]);
    case 'immediate':
      if (operand.jump === 'short') return kind === 'rel8';
      if (operand.jump === 'near') return kind === 'rel32';
      return IMMEDIATE_KINDS.includes(kind) || kind === 'rel8' || kind === 'rel32';
  }
}

export function matchForms(mnemonic: string, operands: Operand[]): Opcode[] {
  const all = FORMS_BY_MNEMONIC.get(mnemonic) ?? [];
  const hinted = operands.find((operand) => operand.kind === 'immediate' && operand.jump);
  if (hinted && hinted.kind === 'immediate') {
    const wanted: OperandKind = hinted.jump === 'short' ? 'rel8' : 'rel32';
    if (!all.some((form) => form.operands.some((kind) => kind === 'rel8' || kind === 'rel32'))) {
      throw new SourceError(`'${hinted.jump}' applies only to branch targets`);
    }
    if (!all.some((form) => form.operands.includes(wanted))) {
      throw new SourceError(`'${mnemonic}' has no ${hinted.jump} form`);
    }
  }

  const forms = all.filter((form) =>
    form.operands.length === operands.length && form.operands.every((kind, i) => accepts(kind, operands[i])));
  if (forms.length === 0) {
    const kinds = operands.map(describeOperand).join(', ');
    throw new SourceError(operands.length
      ? `no form of '${mnemonic}' takes operands (${kinds})`
      : `no form of '${mnemonic}' takes no operands`);
  }

  operands.forEach((operand, i) => {
    if (operand.kind !== 'memory' || operand.size) return;
    const sizes = new Set(forms.map((form) => MEMORY_SIZE[form.operands[i]]).filter((size) => size !== undefined));
    if (sizes.size > 1) throw new SourceError('ambiguous operand size: write byte, word or dword before the memory operand');
  });
  return forms;
}
