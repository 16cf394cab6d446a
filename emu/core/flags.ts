// eflags with lazily computed arithmetic flags (docs/isa.md §1, §3.3, §3.7).
//
// The common ALU operations do not compute CF ZF SF OF; they record the
// operation and its operands in STATE_FLAGS_OP/RES/A/B, and the flags are
// derived when something needs them:
//
//   FLAGS_EAGER   CF ZF SF OF are the bits in STATE_EFLAGS
//   FLAGS_ADD     res = a + b          FLAGS_SUB   res = a - b (sub, cmp, neg)
//   FLAGS_LOGIC   CF = OF = 0          FLAGS_INC/DEC  res = a +/- 1, CF = STATE_FLAGS_B
// (b itself is not stored: it is res - a for ADD and a - res for SUB.)
//
//   lazyAdd/lazySub/lazyLogic/lazyInc/lazyDec   record an operation
//   setArith(bits)        make CF ZF SF OF exactly `bits` (eager)
//   arithFlags()          the current CF ZF SF OF bits
//   carry()               CF as 0/1
//   condition(cc)         the §3.7 condition cc (0-15; 10 and 11 never reach here)
//   getEflags/setEflags   the architectural value, materialised / written whole
//
// STATE_EFLAGS always holds IF, DF and bit 1 exactly.

import {
  STATE_EFLAGS, STATE_FLAGS_A, STATE_FLAGS_B, STATE_FLAGS_OP, STATE_FLAGS_RES,
} from './layout';

export const CF: u32 = 1 << 0;
export const ALWAYS_ONE: u32 = 1 << 1;
export const ZF: u32 = 1 << 6;
export const SF: u32 = 1 << 7;
export const IF: u32 = 1 << 9;
export const DF: u32 = 1 << 10;
export const OF: u32 = 1 << 11;
export const ARITH: u32 = CF | ZF | SF | OF;
export const EFLAGS_DEFINED: u32 = ARITH | IF | DF;

export const FLAGS_EAGER: u32 = 0;
export const FLAGS_ADD: u32 = 1;
export const FLAGS_SUB: u32 = 2;
export const FLAGS_LOGIC: u32 = 3;
export const FLAGS_INC: u32 = 4;
export const FLAGS_DEC: u32 = 5;

@inline function record(op: u32, res: u32, a: u32): void {
  store<u32>(0, op, STATE_FLAGS_OP);
  store<u32>(0, res, STATE_FLAGS_RES);
  store<u32>(0, a, STATE_FLAGS_A);
}

@inline export function lazyAdd(a: u32, b: u32, res: u32): void { record(FLAGS_ADD, res, a); }
@inline export function lazySub(a: u32, b: u32, res: u32): void { record(FLAGS_SUB, res, a); }
@inline export function lazyLogic(res: u32): void {
  store<u32>(0, FLAGS_LOGIC, STATE_FLAGS_OP);
  store<u32>(0, res, STATE_FLAGS_RES);
}
@inline export function lazyInc(a: u32, res: u32): void {
  store<u32>(0, carry(), STATE_FLAGS_B);
  record(FLAGS_INC, res, a);
}
@inline export function lazyDec(a: u32, res: u32): void {
  store<u32>(0, carry(), STATE_FLAGS_B);
  record(FLAGS_DEC, res, a);
}

/** ZF and SF of a 32-bit result. */
@inline export function zs32(res: u32): u32 {
  return (res == 0 ? ZF : 0) | ((res >>> 31) << 7);
}

/** ZF and SF of an 8-bit result. */
@inline export function zs8(res: u32): u32 {
  return ((res & 0xFF) == 0 ? ZF : 0) | (res & 0x80);
}

export function arithFlags(): u32 {
  const op = load<u32>(0, STATE_FLAGS_OP);
  const res = load<u32>(0, STATE_FLAGS_RES);
  const a = load<u32>(0, STATE_FLAGS_A);
  let b: u32;
  switch (op) {
    case FLAGS_ADD:
      b = res - a;
      return zs32(res) | (res < a ? CF : 0) | ((((a ^ res) & (b ^ res)) >>> 31) << 11);
    case FLAGS_SUB:
      b = a - res;
      return zs32(res) | (a < b ? CF : 0) | ((((a ^ b) & (a ^ res)) >>> 31) << 11);
    case FLAGS_LOGIC:
      return zs32(res);
    case FLAGS_INC:
      return zs32(res) | (load<u32>(0, STATE_FLAGS_B) & CF) | (res == 0x80000000 ? OF : 0);
    case FLAGS_DEC:
      return zs32(res) | (load<u32>(0, STATE_FLAGS_B) & CF) | (res == 0x7FFFFFFF ? OF : 0);
    default:
      return load<u32>(0, STATE_EFLAGS) & ARITH;
  }
}

@inline export function carry(): u32 {
  const op = load<u32>(0, STATE_FLAGS_OP);
  switch (op) {
    case FLAGS_ADD: return u32(load<u32>(0, STATE_FLAGS_RES) < load<u32>(0, STATE_FLAGS_A));
    case FLAGS_SUB: {
      const a = load<u32>(0, STATE_FLAGS_A);
      return u32(a < a - load<u32>(0, STATE_FLAGS_RES));
    }
    case FLAGS_LOGIC: return 0;
    case FLAGS_INC:
    case FLAGS_DEC: return load<u32>(0, STATE_FLAGS_B) & 1;
    default: return load<u32>(0, STATE_EFLAGS) & CF;
  }
}

/** Sets CF ZF SF OF to exactly `bits`, leaving the other flags. */
export function setArith(bits: u32): void {
  const f = load<u32>(0, STATE_EFLAGS);
  store<u32>(0, (f & ~ARITH) | (bits & ARITH), STATE_EFLAGS);
  store<u32>(0, FLAGS_EAGER, STATE_FLAGS_OP);
}

/** Changes only the flags in `mask` to the values in `bits`. */
export function updateArith(mask: u32, bits: u32): void {
  setArith((arithFlags() & ~mask) | (bits & mask));
}

/** Sets CF and OF, keeping ZF and SF (rotates): ZF and SF of a lazy result need no switch. */
export function setCarryOverflow(bits: u32): void {
  const f = load<u32>(0, STATE_EFLAGS);
  const zs = load<u32>(0, STATE_FLAGS_OP) == FLAGS_EAGER ? f & (ZF | SF) : zs32(load<u32>(0, STATE_FLAGS_RES));
  store<u32>(0, (f & ~ARITH) | zs | (bits & (CF | OF)), STATE_EFLAGS);
  store<u32>(0, FLAGS_EAGER, STATE_FLAGS_OP);
}

function conditionOfFlags(cc: u32, f: u32): bool {
  const cf = (f & CF) != 0;
  const zf = (f & ZF) != 0;
  const sf = (f & SF) != 0;
  const ovf = (f & OF) != 0;
  switch (cc) {
    case 0x0: return ovf;
    case 0x1: return !ovf;
    case 0x2: return cf;
    case 0x3: return !cf;
    case 0x4: return zf;
    case 0x5: return !zf;
    case 0x6: return cf || zf;
    case 0x7: return !cf && !zf;
    case 0x8: return sf;
    case 0x9: return !sf;
    case 0xC: return sf != ovf;
    case 0xD: return sf == ovf;
    case 0xE: return zf || sf != ovf;
    default: return !zf && sf == ovf;
  }
}

@inline export function condition(cc: u32): bool {
  const op = load<u32>(0, STATE_FLAGS_OP);
  if (op != FLAGS_EAGER) {
    if (cc == 4) return load<u32>(0, STATE_FLAGS_RES) == 0;
    if (cc == 5) return load<u32>(0, STATE_FLAGS_RES) != 0;
    if (op == FLAGS_SUB) {
      const a = load<u32>(0, STATE_FLAGS_A);
      const b = a - load<u32>(0, STATE_FLAGS_RES);
      switch (cc) {
        case 0x2: return a < b;
        case 0x3: return a >= b;
        case 0x6: return a <= b;
        case 0x7: return a > b;
        case 0xC: return i32(a) < i32(b);
        case 0xD: return i32(a) >= i32(b);
        case 0xE: return i32(a) <= i32(b);
        case 0xF: return i32(a) > i32(b);
        default: break;
      }
    }
  }
  return conditionOfFlags(cc, arithFlags());
}

export function getEflags(): u32 {
  const f = load<u32>(0, STATE_EFLAGS);
  return (f & (IF | DF)) | ALWAYS_ONE | arithFlags();
}

export function setEflags(value: u32): void {
  store<u32>(0, (value & EFLAGS_DEFINED) | ALWAYS_ONE, STATE_EFLAGS);
  store<u32>(0, FLAGS_EAGER, STATE_FLAGS_OP);
}

/** IF, DF and bit 1: the flags that are never lazy. */
@inline export function controlFlags(): u32 {
  return load<u32>(0, STATE_EFLAGS);
}

@inline export function setControlFlag(mask: u32, on: bool): void {
  const f = load<u32>(0, STATE_EFLAGS);
  store<u32>(0, on ? f | mask : f & ~mask, STATE_EFLAGS);
}
