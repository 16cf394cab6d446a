// Executors for control flow, strings and miscellany (docs/isa.md §3.8 `branch`,
// §3.9 `string`, §3.10 `misc`).
//
//   executeBranch(ctx)   jmp (rel8, rel32, r/m32), jcc (rel8, rel32), call (rel32, r/m32),
//                        ret, ret imm16
//   executeString(ctx)   movsb movsd stosb stosd and their rep forms
//   executeMisc(ctx)     nop ud2 rdtsc
//
// Branches set ctx.nextEip; a taken jcc adds its +2 cycles (§8) to ctx.extraCycles.
// A rep instruction commits each element as it completes, so a fault in a
// later element leaves ecx/esi/edi describing the remainder and eip at the
// rep instruction (§3.9); each completed element adds +1 cycle (§8).

import { conditionOf } from '../../tools/isa/opcodes.ts';
import { conditionHolds } from './arithmetic.ts';
import type { ExecutionContext } from './execution-context.ts';
import { undefinedOpcode } from './faults.ts';
import { dataAccessIsUser, pushDword, readOperand, readStack } from './operands.ts';
import { FLAG, REG } from './registers.ts';

/** §8: a taken jcc costs 2 more cycles. */
export const JCC_TAKEN_CYCLES = 2;
/** §8: each element of a rep string instruction costs 1 cycle. */
export const REP_ELEMENT_CYCLES = 1;

export function executeBranch(ctx: ExecutionContext): void {
  const { op, next, immediate } = ctx.insn;
  const relativeTarget = (next + immediate) >>> 0;
  switch (op.mnemonic) {
    case 'jmp':
      ctx.nextEip = op.operands[0] === 'rm32' ? readOperand(ctx, 0) : relativeTarget;
      return;
    case 'call': {
      // §3.8: call r/m32 reads its target before pushing.
      const target = op.operands[0] === 'rm32' ? readOperand(ctx, 0) : relativeTarget;
      pushDword(ctx, next);
      ctx.nextEip = target;
      return;
    }
    case 'ret': {
      const target = readStack(ctx, 0);
      const release = op.operands.length === 1 ? immediate : 0;
      ctx.regs.gpr[REG.ESP] = (ctx.regs.gpr[REG.ESP] + 4 + release) >>> 0;
      ctx.nextEip = target;
      return;
    }
    default:
      // jcc
      if (conditionHolds(conditionOf(op), ctx.regs.eflags)) {
        ctx.nextEip = relativeTarget;
        ctx.extraCycles += JCC_TAKEN_CYCLES;
      }
  }
}

function stringElement(ctx: ExecutionContext, operation: string): void {
  const regs = ctx.regs;
  const size = operation.endsWith('d') ? 4 : 1;
  const step = regs.flag(FLAG.DF) ? -size : size;
  const user = dataAccessIsUser(ctx);
  if (operation.startsWith('movs')) {
    const value = ctx.mmu.readLinear(regs.gpr[REG.ESI], size, 'read', user);
    const destination = ctx.mmu.translateRange(regs.gpr[REG.EDI], size, 'write', user);
    ctx.mmu.writeSpan(destination, value);
    regs.gpr[REG.ESI] = (regs.gpr[REG.ESI] + step) >>> 0;
    regs.gpr[REG.EDI] = (regs.gpr[REG.EDI] + step) >>> 0;
  } else {
    const destination = ctx.mmu.translateRange(regs.gpr[REG.EDI], size, 'write', user);
    ctx.mmu.writeSpan(destination, regs.read(REG.EAX, size));
    regs.gpr[REG.EDI] = (regs.gpr[REG.EDI] + step) >>> 0;
  }
}

export function executeString(ctx: ExecutionContext): void {
  const words = ctx.insn.op.mnemonic.split(' ');
  if (words.length === 1) {
    stringElement(ctx, words[0]);
    return;
  }
  const regs = ctx.regs;
  while (regs.gpr[REG.ECX] !== 0) {
    stringElement(ctx, words[1]);
    regs.gpr[REG.ECX] = (regs.gpr[REG.ECX] - 1) >>> 0;
    ctx.extraCycles += REP_ELEMENT_CYCLES;
  }
}

export function executeMisc(ctx: ExecutionContext): void {
  switch (ctx.insn.op.mnemonic) {
    case 'nop':
      return;
    case 'ud2':
      throw undefinedOpcode();
    case 'rdtsc':
      ctx.regs.gpr[REG.EAX] = Number(BigInt.asUintN(32, ctx.cyclesAtStart));
      ctx.regs.gpr[REG.EDX] = Number(BigInt.asUintN(32, ctx.cyclesAtStart >> 32n));
      return;
    default:
      throw new Error(`executeMisc: unexpected ${ctx.insn.op.mnemonic}`);
  }
}
