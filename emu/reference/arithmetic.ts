// Results and flags of the ALU, shift, bit-scan and condition rules
// (docs/isa.md §3.3, §3.5, §3.6, §3.7), as pure functions of their inputs.
//
//   FlagChanges              which of CF OF ZF SF an operation sets (undefined = unchanged)
//   applyFlags(eflags, ch)   eflags after the changes
//   aluBinary(name, a, b, eflags, width)   add or adc sbb and sub xor cmp test (§3.3)
//   negate / increment / decrement         neg, inc, dec (§3.3)
//   shiftOrRotate(name, x, count)          shl shr sar rol ror (§3.5), null for count 0
//   conditionHolds(cc, eflags)             the 14 conditions of §3.7
//
// Widths are 32 or 8 bits (test/cmp r/m8, imm8 compute flags on bytes).

import { FLAG, eflagsFromWord } from './registers.ts';

export interface FlagChanges {
  cf?: boolean;
  of?: boolean;
  zf?: boolean;
  sf?: boolean;
}

export interface Outcome {
  result: number;
  flags: FlagChanges;
}

export type Width = 8 | 32;

export function applyFlags(eflags: number, changes: FlagChanges): number {
  let f = eflags;
  const set = (mask: number, on: boolean | undefined): void => {
    if (on === undefined) return;
    f = on ? f | mask : f & ~mask;
  };
  set(FLAG.CF, changes.cf);
  set(FLAG.OF, changes.of);
  set(FLAG.ZF, changes.zf);
  set(FLAG.SF, changes.sf);
  return eflagsFromWord(f);
}

function mask(width: Width): number {
  return width === 32 ? 0xffff_ffff : 0xff;
}

function signBit(value: number, width: Width): boolean {
  return ((value >>> (width - 1)) & 1) === 1;
}

/** ZF and SF "from result". */
export function resultFlags(result: number, width: Width): FlagChanges {
  return { zf: result === 0, sf: signBit(result, width) };
}

/** a + b + carryIn: CF is the carry out of the top bit, OF the signed overflow. */
export function addWithCarry(a: number, b: number, carryIn: 0 | 1, width: Width): Outcome {
  const full = a + b + carryIn;
  const result = (full % (mask(width) + 1)) >>> 0;
  return {
    result,
    flags: {
      cf: full > mask(width),
      of: signBit(((a ^ result) & (b ^ result)) >>> 0, width),
      ...resultFlags(result, width),
    },
  };
}

/** a - b - borrowIn: CF is the borrow, OF the signed overflow. */
export function subtractWithBorrow(a: number, b: number, borrowIn: 0 | 1, width: Width): Outcome {
  const modulus = mask(width) + 1;
  const result = ((((a - b - borrowIn) % modulus) + modulus) % modulus) >>> 0;
  return {
    result,
    flags: {
      cf: a < b + borrowIn,
      of: signBit(((a ^ b) & (a ^ result)) >>> 0, width),
      ...resultFlags(result, width),
    },
  };
}

function logical(result: number, width: Width): Outcome {
  const r = (result & mask(width)) >>> 0;
  return { result: r, flags: { cf: false, of: false, ...resultFlags(r, width) } };
}

/** The two-operand ALU operations of §3.3. `cmp` and `test` compute but do not write. */
export function aluBinary(name: string, a: number, b: number, eflags: number, width: Width): Outcome {
  const carry: 0 | 1 = eflags & FLAG.CF ? 1 : 0;
  switch (name) {
    case 'add': return addWithCarry(a, b, 0, width);
    case 'adc': return addWithCarry(a, b, carry, width);
    case 'sub': case 'cmp': return subtractWithBorrow(a, b, 0, width);
    case 'sbb': return subtractWithBorrow(a, b, carry, width);
    case 'and': case 'test': return logical(a & b, width);
    case 'or': return logical(a | b, width);
    case 'xor': return logical(a ^ b, width);
    default: throw new Error(`aluBinary: ${name} is not a two-operand ALU operation`);
  }
}

/** neg: CF = (src != 0), OF = (src = 0x80000000). */
export function negate(src: number): Outcome {
  const result = (0 - src) >>> 0;
  return { result, flags: { cf: src !== 0, of: src === 0x8000_0000, ...resultFlags(result, 32) } };
}

/** inc: CF unchanged. */
export function increment(src: number): Outcome {
  const result = (src + 1) >>> 0;
  return { result, flags: { of: src === 0x7fff_ffff, ...resultFlags(result, 32) } };
}

/** dec: CF unchanged. */
export function decrement(src: number): Outcome {
  const result = (src - 1) >>> 0;
  return { result, flags: { of: src === 0x8000_0000, ...resultFlags(result, 32) } };
}

function bit(value: number, index: number): boolean {
  return ((value >>> index) & 1) === 1;
}

/** §3.5; `count` is already masked to 5 bits. A count of 0 changes nothing: null. */
export function shiftOrRotate(name: string, x: number, count: number): Outcome | null {
  const n = count & 31;
  if (n === 0) return null;
  switch (name) {
    case 'shl': {
      const result = (x << n) >>> 0;
      const cf = bit(x, 32 - n);
      return { result, flags: { cf, of: bit(result, 31) !== cf, ...resultFlags(result, 32) } };
    }
    case 'shr': {
      const result = x >>> n;
      return { result, flags: { cf: bit(x, n - 1), of: bit(x, 31), ...resultFlags(result, 32) } };
    }
    case 'sar': {
      const result = ((x | 0) >> n) >>> 0;
      return { result, flags: { cf: bit(x, n - 1), of: false, ...resultFlags(result, 32) } };
    }
    case 'rol': {
      const result = ((x << n) | (x >>> (32 - n))) >>> 0;
      const cf = bit(result, 0);
      return { result, flags: { cf, of: bit(result, 31) !== cf } };
    }
    case 'ror': {
      const result = ((x >>> n) | (x << (32 - n))) >>> 0;
      return { result, flags: { cf: bit(result, 31), of: bit(result, 31) !== bit(result, 30) } };
    }
    default:
      throw new Error(`shiftOrRotate: ${name} is not a shift`);
  }
}

/** §3.7. Codes 0xA and 0xB have no table entries, so they never reach here. */
export function conditionHolds(cc: number, eflags: number): boolean {
  const cf = (eflags & FLAG.CF) !== 0;
  const zf = (eflags & FLAG.ZF) !== 0;
  const sf = (eflags & FLAG.SF) !== 0;
  const of = (eflags & FLAG.OF) !== 0;
  switch (cc) {
    case 0x0: return of;
    case 0x1: return !of;
    case 0x2: return cf;
    case 0x3: return !cf;
    case 0x4: return zf;
    case 0x5: return !zf;
    case 0x6: return cf || zf;
    case 0x7: return !cf && !zf;
    case 0x8: return sf;
    case 0x9: return !sf;
    case 0xc: return sf !== of;
    case 0xd: return sf === of;
    case 0xe: return zf || sf !== of;
    case 0xf: return !zf && sf === of;
    default: throw new Error(`conditionHolds: condition ${cc} does not exist`);
  }
}
