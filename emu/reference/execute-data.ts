// Executors for data movement and the stack (docs/isa.md §3.1 `move`, §3.2 `stack`).
//
//   executeMove(ctx)    mov (every form), movzx, movsx, lea, xchg
//   executeStack(ctx)   push (imm32, simm8, r/m32, r32), pop (r/m32, r32), pushfd, popfd, leave
//
// None of these change flags except popfd.

import { signExtend16, signExtend8 } from './decode.ts';
import type { ExecutionContext } from './execution-context.ts';
import {
  dataAccessIsUser, effectiveAddress, operandSize, pushDword, readLocation, readOperand, readStack,
  resolveRm, writeLocation, writeOperand,
} from './operands.ts';
import { FLAG, REG, eflagsFromWord } from './registers.ts';

export function executeMove(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  switch (op.mnemonic) {
    case 'mov':
      // §3.1: low bytes/words only for the 8- and 16-bit forms; no flags.
      writeOperand(ctx, 0, readOperand(ctx, 1));
      return;
    case 'movzx':
      writeOperand(ctx, 0, readOperand(ctx, 1));
      return;
    case 'movsx': {
      const value = readOperand(ctx, 1);
      writeOperand(ctx, 0, operandSize(op.operands[1]) === 1 ? signExtend8(value) : signExtend16(value));
      return;
    }
    case 'lea':
      // §3.1: the effective address, no memory access.
      writeOperand(ctx, 0, effectiveAddress(ctx.insn, (i) => ctx.regs.gpr[i]));
      return;
    case 'xchg': {
      const location = resolveRm(ctx); // rmw: translated for writing before it is read
      const fromRm = readLocation(ctx, location);
      const fromReg = readOperand(ctx, 1);
      writeLocation(ctx, location, fromReg);
      writeOperand(ctx, 1, fromRm);
      return;
    }
    default:
      throw new Error(`executeMove: unexpected ${op.mnemonic}`);
  }
}

export function executeStack(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  switch (op.mnemonic) {
    case 'push':
      // §3.2: the operand (push esp: the old esp; push r/m32: read first) then the store.
      pushDword(ctx, readOperand(ctx, 0));
      return;
    case 'pop': {
      const value = readStack(ctx, 0);
      const incremented = (regs.gpr[REG.ESP] + 4) >>> 0;
      if (op.operands[0] === 'rm32' && ctx.insn.modrm!.mod !== 3) {
        // §3.2: a memory destination's address is computed after the increment.
        const destination = resolveRm(ctx, (i) => (i === REG.ESP ? incremented : regs.gpr[i]));
        writeLocation(ctx, destination, value);
        regs.gpr[REG.ESP] = incremented;
        return;
      }
      regs.gpr[REG.ESP] = incremented;
      writeOperand(ctx, 0, value); // pop esp loads esp
      return;
    }
    case 'pushfd':
      pushDword(ctx, regs.eflags);
      return;
    case 'popfd': {
      const value = readStack(ctx, 0);
      let eflags = eflagsFromWord(value);
      if (regs.cpl === 3) eflags = (eflags & ~FLAG.IF) | (regs.eflags & FLAG.IF); // §3.2, §4
      regs.gpr[REG.ESP] = (regs.gpr[REG.ESP] + 4) >>> 0;
      regs.eflags = eflagsFromWord(eflags);
      return;
    }
    case 'leave': {
      // mov esp, ebp; pop ebp
      const framePointer = regs.gpr[REG.EBP];
      const saved = ctx.mmu.readLinear(framePointer, 4, 'read', dataAccessIsUser(ctx));
      regs.gpr[REG.ESP] = (framePointer + 4) >>> 0;
      regs.gpr[REG.EBP] = saved;
      return;
    }
    default:
      throw new Error(`executeStack: unexpected ${op.mnemonic}`);
  }
}
