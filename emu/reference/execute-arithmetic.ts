// Executors for computation (docs/isa.md §3.3 `alu`, §3.4 `muldiv`, §3.5 `shift`,
// §3.6 `bits`, §3.7 `flags`). The flag rules themselves are in arithmetic.ts.
//
//   executeAlu(ctx)      add or adc sbb and sub xor cmp test not neg inc dec
//   executeMulDiv(ctx)   mul imul (1, 2, 3 operands) div idiv cdq
//   executeShift(ctx)    shl shr sar rol ror, by imm8 or cl
//   executeBits(ctx)     bsf bsr popcnt
//   executeFlags(ctx)    setcc cmovcc clc stc cmc cld std

import { conditionOf } from '../../tools/isa/opcodes.ts';
import {
  aluBinary, applyFlags, conditionHolds, decrement, increment, negate, shiftOrRotate, type Width,
} from './arithmetic.ts';
import type { ExecutionContext } from './execution-context.ts';
import { divideError } from './faults.ts';
import { operandSize, readOperand, writeOperand } from './operands.ts';
import { FLAG, REG } from './registers.ts';

export function executeAlu(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  switch (op.mnemonic) {
    case 'not':
      writeOperand(ctx, 0, ~readOperand(ctx, 0) >>> 0);
      return;
    case 'neg': case 'inc': case 'dec': {
      const src = readOperand(ctx, 0);
      const outcome = op.mnemonic === 'neg' ? negate(src) : op.mnemonic === 'inc' ? increment(src) : decrement(src);
      writeOperand(ctx, 0, outcome.result);
      regs.eflags = applyFlags(regs.eflags, outcome.flags);
      return;
    }
    default: {
      // Two operands; test and cmp r/m8, imm8 work on bytes (§3.3).
      const width: Width = operandSize(op.operands[0]) === 1 ? 8 : 32;
      const a = readOperand(ctx, 0);
      const b = readOperand(ctx, 1);
      const outcome = aluBinary(op.mnemonic, a, b, regs.eflags, width);
      if (op.mnemonic !== 'cmp' && op.mnemonic !== 'test') writeOperand(ctx, 0, outcome.result);
      regs.eflags = applyFlags(regs.eflags, outcome.flags);
    }
  }
}

const TWO_TO_32 = 2n ** 32n;

function toSigned32(value: number): bigint {
  return BigInt(value | 0);
}

export function executeMulDiv(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  const eax = regs.gpr[REG.EAX];
  const edx = regs.gpr[REG.EDX];
  switch (op.mnemonic) {
    case 'cdq':
      regs.gpr[REG.EDX] = (eax & 0x8000_0000) ? 0xffff_ffff : 0;
      return;
    case 'mul': {
      const product = BigInt(eax) * BigInt(readOperand(ctx, 0));
      const low = Number(product % TWO_TO_32);
      const high = Number(product / TWO_TO_32);
      regs.gpr[REG.EAX] = low;
      regs.gpr[REG.EDX] = high;
      const overflow = high !== 0;
      regs.eflags = applyFlags(regs.eflags, { cf: overflow, of: overflow, zf: low === 0, sf: low >= 0x8000_0000 });
      return;
    }
    case 'imul': {
      if (op.operands.length === 1) {
        const product = toSigned32(eax) * toSigned32(readOperand(ctx, 0));
        const low = Number(BigInt.asUintN(32, product));
        const high = Number(BigInt.asUintN(32, product >> 32n));
        regs.gpr[REG.EAX] = low;
        regs.gpr[REG.EDX] = high;
        const overflow = BigInt.asIntN(32, product) !== product; // edx is not eax's sign extension
        regs.eflags = applyFlags(regs.eflags, { cf: overflow, of: overflow, zf: low === 0, sf: low >= 0x8000_0000 });
        return;
      }
      // imul r32, r/m32 [, imm]: the truncated signed product.
      const left = op.operands.length === 2 ? readOperand(ctx, 0) : readOperand(ctx, 1);
      const right = op.operands.length === 2 ? readOperand(ctx, 1) : readOperand(ctx, 2);
      const product = toSigned32(left) * toSigned32(right);
      const truncated = BigInt.asIntN(32, product);
      const result = Number(BigInt.asUintN(32, product));
      writeOperand(ctx, 0, result);
      const overflow = truncated !== product;
      regs.eflags = applyFlags(regs.eflags, { cf: overflow, of: overflow, zf: result === 0, sf: result >= 0x8000_0000 });
      return;
    }
    case 'div': {
      const divisor = BigInt(readOperand(ctx, 0));
      if (divisor === 0n) throw divideError();
      const dividend = BigInt(edx) * TWO_TO_32 + BigInt(eax);
      const quotient = dividend / divisor;
      if (quotient >= TWO_TO_32) throw divideError();
      regs.gpr[REG.EAX] = Number(quotient);
      regs.gpr[REG.EDX] = Number(dividend % divisor);
      return;
    }
    case 'idiv': {
      const divisor = toSigned32(readOperand(ctx, 0));
      if (divisor === 0n) throw divideError();
      const dividend = BigInt.asIntN(64, BigInt(edx) * TWO_TO_32 + BigInt(eax));
      const quotient = dividend / divisor;   // BigInt division truncates toward zero
      const remainder = dividend % divisor;  // and the remainder takes the dividend's sign
      if (quotient < -(2n ** 31n) || quotient >= 2n ** 31n) throw divideError();
      regs.gpr[REG.EAX] = Number(BigInt.asUintN(32, quotient));
      regs.gpr[REG.EDX] = Number(BigInt.asUintN(32, remainder));
      return;
    }
    default:
      throw new Error(`executeMulDiv: unexpected ${op.mnemonic}`);
  }
}

export function executeShift(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const value = readOperand(ctx, 0); // rmw: translated for writing even when the count is 0
  const count = readOperand(ctx, 1) & 31;
  const outcome = shiftOrRotate(op.mnemonic, value, count);
  if (!outcome) return; // a masked count of 0 changes nothing, flags included
  writeOperand(ctx, 0, outcome.result);
  ctx.regs.eflags = applyFlags(ctx.regs.eflags, outcome.flags);
}

export function executeBits(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  const src = readOperand(ctx, 1);
  if (op.mnemonic === 'popcnt') {
    let count = 0;
    for (let i = 0; i < 32; i++) count += (src >>> i) & 1;
    writeOperand(ctx, 0, count);
    regs.eflags = applyFlags(regs.eflags, { zf: src === 0, cf: false, of: false, sf: false });
    return;
  }
  if (src === 0) {
    regs.eflags = applyFlags(regs.eflags, { zf: true }); // destination unchanged
    return;
  }
  let index = 0;
  if (op.mnemonic === 'bsf') {
    while (((src >>> index) & 1) === 0) index++;
  } else {
    index = 31;
    while (((src >>> index) & 1) === 0) index--;
  }
  writeOperand(ctx, 0, index);
  regs.eflags = applyFlags(regs.eflags, { zf: false });
}

export function executeFlags(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  if (op.mnemonic.startsWith('set')) {
    writeOperand(ctx, 0, conditionHolds(conditionOf(op), regs.eflags) ? 1 : 0);
    return;
  }
  if (op.mnemonic.startsWith('cmov')) {
    const src = readOperand(ctx, 1); // always read: a memory source faults even when false
    if (conditionHolds(conditionOf(op), regs.eflags)) writeOperand(ctx, 0, src);
    return;
  }
  switch (op.mnemonic) {
    case 'clc': regs.setFlag(FLAG.CF, false); return;
    case 'stc': regs.setFlag(FLAG.CF, true); return;
    case 'cmc': regs.setFlag(FLAG.CF, !regs.flag(FLAG.CF)); return;
    case 'cld': regs.setFlag(FLAG.DF, false); return;
    case 'std': regs.setFlag(FLAG.DF, true); return;
    default: throw new Error(`executeFlags: unexpected ${op.mnemonic}`);
  }
}
