// Facts about tx86 registers and condition codes that the code generator uses
// (docs/isa.md §1, §3.7). Register numbering and names come from the opcode
// table; this file only adds the compiler's view: which registers are scratch,
// which survive calls, and condition-code algebra.
//
//   negate('l') = 'ge'     mirror('l') = 'g'   (a < b  <=>  b > a)
//   low8('esi') = 'sil'    low16('esi') = 'si'

import { REG16, REG32, REG8 } from '../isa/opcodes.ts';

export type Reg = 'eax' | 'ecx' | 'edx' | 'ebx' | 'esi' | 'edi' | 'ebp';

/** Callee-saved registers that can hold locals (docs/abi.md §4-§5). */
export const CALLEE_SAVED: readonly Reg[] = ['ebx', 'esi', 'edi', 'ebp'];
/** Registers a call clobbers. */
export const CALLER_SAVED: readonly Reg[] = ['eax', 'ecx', 'edx'];

export function low8(r: Reg): string {
  return REG8[REG32.indexOf(r)];
}

export function low16(r: Reg): string {
  return REG16[REG32.indexOf(r)];
}

export type Cond = 'e' | 'ne' | 'l' | 'ge' | 'le' | 'g' | 'b' | 'ae' | 'be' | 'a' | 's' | 'ns';

const NEGATED: Record<Cond, Cond> = {
  e: 'ne', ne: 'e', l: 'ge', ge: 'l', le: 'g', g: 'le', b: 'ae', ae: 'b', be: 'a', a: 'be', s: 'ns', ns: 's',
};
const MIRRORED: Record<Cond, Cond> = {
  e: 'e', ne: 'ne', l: 'g', g: 'l', le: 'ge', ge: 'le', b: 'a', a: 'b', be: 'ae', ae: 'be', s: 's', ns: 'ns',
};

export function negate(c: Cond): Cond {
  return NEGATED[c];
}

/** The condition that holds for (b, a) when `c` holds for (a, b). */
export function mirror(c: Cond): Cond {
  return MIRRORED[c];
}

/** wasm comparison -> the condition that `cmp left, right` leaves. */
export const COMPARISON: Record<string, Cond> = {
  eq: 'e', ne: 'ne', lt_s: 'l', lt_u: 'b', gt_s: 'g', gt_u: 'a', le_s: 'le', le_u: 'be', ge_s: 'ge', ge_u: 'ae',
};

/** A number as the assembler should see it: decimal when small, else hex. */
export function imm(value: number): string {
  const v = value | 0;
  return v >= -4096 && v <= 4096 ? String(v) : (v < 0 ? '-0x' + (-v >>> 0).toString(16) : '0x' + v.toString(16));
}
