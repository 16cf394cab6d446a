// Arithmetic of §3.3-§3.6: results and flags (flags.ts) of the ALU operations,
// shifts, multiply, divide.
//
//   alu(k, a, b)          the eight two-operand operations (ALU_*; k constant at
//                         every call site, so the choice folds away); cmp returns a - b
//   unary(k, a)           not neg inc dec (UNARY_*)
//   shift(k, x, n)        shl shr sar rol ror (SH_*), n = 1..31
//   mulOne(src, signed)   mul/imul r/m32: edx:eax = eax * src
//   imulTruncated(a, b)   imul r32, ...: the low 32 bits
//   divide(src, signed)   div/idiv: raises #DE and changes nothing when it must

import { VEC_DE, raise } from './fault';
import { CF, OF, carry, lazyAdd, lazyDec, lazyInc, lazyLogic, lazySub, setArith, setCarryOverflow, zs32 } from './flags';
import { EAX, EDX, reg, setReg } from './state';

export const ALU_ADD: u32 = 0;
export const ALU_OR: u32 = 1;
export const ALU_ADC: u32 = 2;
export const ALU_SBB: u32 = 3;
export const ALU_AND: u32 = 4;
export const ALU_SUB: u32 = 5;
export const ALU_XOR: u32 = 6;
export const ALU_CMP: u32 = 7;

export const UNARY_NOT: u32 = 0;
export const UNARY_NEG: u32 = 1;
export const UNARY_INC: u32 = 2;
export const UNARY_DEC: u32 = 3;

export const SH_SHL: u32 = 0;
export const SH_SHR: u32 = 1;
export const SH_SAR: u32 = 2;
export const SH_ROL: u32 = 3;
export const SH_ROR: u32 = 4;

function adc(a: u32, b: u32): u32 {
  const c = carry();
  const r = a + b + c;
  const cf = <u32>(((<u64>a + <u64>b + <u64>c) >>> 32) != 0);
  setArith(zs32(r) | cf | ((((a ^ r) & (b ^ r)) >>> 31) << 11));
  return r;
}

function sbb(a: u32, b: u32): u32 {
  const c = carry();
  const r = a - b - c;
  const cf = <u32>(<u64>a < <u64>b + <u64>c);
  setArith(zs32(r) | cf | ((((a ^ b) & (a ^ r)) >>> 31) << 11));
  return r;
}

@inline export function alu(k: u32, a: u32, b: u32): u32 {
  let r: u32;
  if (k == ALU_ADD) { r = a + b; lazyAdd(a, b, r); return r; }
  if (k == ALU_OR) { r = a | b; lazyLogic(r); return r; }
  if (k == ALU_ADC) return adc(a, b);
  if (k == ALU_SBB) return sbb(a, b);
  if (k == ALU_AND) { r = a & b; lazyLogic(r); return r; }
  if (k == ALU_XOR) { r = a ^ b; lazyLogic(r); return r; }
  r = a - b;
  lazySub(a, b, r);
  return r;
}

@inline export function unary(k: u32, a: u32): u32 {
  let r: u32;
  if (k == UNARY_NOT) return ~a;
  if (k == UNARY_NEG) { r = 0 - a; lazySub(0, a, r); return r; }
  if (k == UNARY_INC) { r = a + 1; lazyInc(a, r); return r; }
  r = a - 1;
  lazyDec(a, r);
  return r;
}

export function shift(k: u32, x: u32, n: u32): u32 {
  let r: u32;
  let cf: u32;
  if (k == SH_SHL) {
    r = x << n;
    cf = (x >>> (32 - n)) & 1;
    setArith(zs32(r) | cf | (((r >>> 31) ^ cf) << 11));
  } else if (k == SH_SHR) {
    r = x >>> n;
    cf = (x >>> (n - 1)) & 1;
    setArith(zs32(r) | cf | ((x >>> 31) << 11));
  } else if (k == SH_SAR) {
    r = <u32>(<i32>x >> n);
    cf = (x >>> (n - 1)) & 1;
    setArith(zs32(r) | cf);
  } else if (k == SH_ROL) {
    r = rotl<u32>(x, n);
    cf = r & 1;
    setCarryOverflow(cf | (((r >>> 31) ^ cf) << 11));
  } else {
    r = rotr<u32>(x, n);
    cf = r >>> 31;
    setCarryOverflow(cf | ((((r >>> 31) ^ (r >>> 30)) & 1) << 11));
  }
  return r;
}

export function mulOne(src: u32, signed: bool): void {
  const eax = reg(EAX);
  let lo: u32;
  let hi: u32;
  let wide: bool;
  if (signed) {
    const p = <i64><i32>eax * <i64><i32>src;
    lo = <u32>p;
    hi = <u32>(p >>> 32);
    wide = <i64><i32>lo != p;
  } else {
    const p = <u64>eax * <u64>src;
    lo = <u32>p;
    hi = <u32>(p >>> 32);
    wide = hi != 0;
  }
  setReg(EAX, lo);
  setReg(EDX, hi);
  setArith(zs32(lo) | (wide ? CF | OF : 0));
}

export function imulTruncated(a: u32, b: u32): u32 {
  const p = <i64><i32>a * <i64><i32>b;
  const r = <u32>p;
  setArith(zs32(r) | (<i64><i32>r != p ? CF | OF : 0));
  return r;
}

export function divide(src: u32, signed: bool): void {
  if (src == 0) { raise(VEC_DE, 0); return; }
  const dividend = (<u64>reg(EDX) << 32) | <u64>reg(EAX);
  let q: u64;
  let r: u64;
  if (signed) {
    const n = <i64>dividend;
    const d = <i64><i32>src;
    let sq: i64;
    let sr: i64;
    if (d == -1) {
      if (n == i64.MIN_VALUE) { raise(VEC_DE, 0); return; }
      sq = -n;
      sr = 0;
    } else {
      sq = n / d;
      sr = n % d;
    }
    if (sq < <i64>i32.MIN_VALUE || sq > <i64>i32.MAX_VALUE) { raise(VEC_DE, 0); return; }
    q = <u64>sq;
    r = <u64>sr;
  } else {
    q = dividend / <u64>src;
    r = dividend % <u64>src;
    if (q > 0xFFFFFFFF) { raise(VEC_DE, 0); return; }
  }
  setReg(EAX, <u32>q);
  setReg(EDX, <u32>r);
}
