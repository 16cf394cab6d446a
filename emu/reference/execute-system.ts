// Executors for the ring-0 instructions and int n (docs/isa.md §3.11 `system`, `io`,
// `interrupts`). The CPU has already raised #GP(0) for a privileged instruction
// at CPL 3 (§4) before any of these runs.
//
//   executeSystem(ctx)      cli sti hlt, mov cr/r32 both ways, invlpg, lidt
//   executeIo(ctx)          in/out, 8/16/32 bits, port in dx or imm8
//   executeInterrupts(ctx)  int imm8 (asks the CPU to deliver it), iret (delivery.ts)

import { CONTROL_REGS } from '../../tools/isa/opcodes.ts';
import { returnFromInterrupt } from './delivery.ts';
import type { ExecutionContext } from './execution-context.ts';
import { dataAccessIsUser, effectiveAddress, operandSize, readOperand, writeOperand } from './operands.ts';
import { CR0_DEFINED, CR3_DEFINED, FLAG } from './registers.ts';

export function executeSystem(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  const regs = ctx.regs;
  switch (op.mnemonic) {
    case 'cli':
      regs.setFlag(FLAG.IF, false);
      return;
    case 'sti':
      // Only an sti that changes IF from 0 to 1 opens the one-instruction shadow.
      if (!regs.flag(FLAG.IF)) ctx.startsStiShadow = true;
      regs.setFlag(FLAG.IF, true);
      return;
    case 'hlt':
      // The CPU reports Halted (IF = 1) or Dead (IF = 0) once the instruction completes.
      regs.halted = true;
      return;
    case 'mov':
      if (op.operands[0] === 'cr') writeControlRegister(ctx, CONTROL_REGS[ctx.insn.modrm!.reg]!, readOperand(ctx, 1));
      else writeOperand(ctx, 0, readControlRegister(ctx, CONTROL_REGS[ctx.insn.modrm!.reg]!));
      return;
    case 'invlpg':
      // No memory access, never faults.
      ctx.mmu.invalidatePage(effectiveAddress(ctx.insn, (i) => regs.gpr[i]));
      return;
    case 'lidt': {
      // 6 bytes: limit (16 bits) then base (32 bits), one read access.
      const address = effectiveAddress(ctx.insn, (i) => regs.gpr[i]);
      const span = ctx.mmu.translateRange(address, 6, 'read', dataAccessIsUser(ctx));
      const limit = ctx.mmu.readSpan(span.slice(0, 2));
      const base = ctx.mmu.readSpan(span.slice(2, 6));
      regs.idtLimit = limit;
      regs.idtBase = base >>> 0;
      return;
    }
    default:
      throw new Error(`executeSystem: unexpected ${op.mnemonic}`);
  }
}

function readControlRegister(ctx: ExecutionContext, name: string): number {
  const regs = ctx.regs;
  switch (name) {
    case 'cr0': return regs.cr0;
    case 'cr2': return regs.cr2;
    case 'cr3': return regs.cr3;
    case 'ksp': return regs.ksp;
    default: throw new Error(`readControlRegister: ${name}`);
  }
}

function writeControlRegister(ctx: ExecutionContext, name: string, value: number): void {
  const regs = ctx.regs;
  switch (name) {
    case 'cr0': {
      const previous = regs.cr0;
      regs.cr0 = (value & CR0_DEFINED) >>> 0;
      ctx.mmu.writtenCr0(previous);
      return;
    }
    case 'cr2':
      regs.cr2 = value >>> 0;
      return;
    case 'cr3':
      regs.cr3 = (value & CR3_DEFINED) >>> 0;
      ctx.mmu.loadedCr3();
      return;
    case 'ksp':
      regs.ksp = value >>> 0;
      return;
    default:
      throw new Error(`writeControlRegister: ${name}`);
  }
}

export function executeIo(ctx: ExecutionContext): void {
  const { op } = ctx.insn;
  ctx.accessedPort = true;
  if (op.mnemonic === 'in') {
    const size = operandSize(op.operands[0]);
    const port = readOperand(ctx, 1);
    const value = ctx.bus.portRead(port, size);
    writeOperand(ctx, 0, size === 4 ? value >>> 0 : value & (size === 2 ? 0xffff : 0xff));
    return;
  }
  const size = operandSize(op.operands[1]);
  const port = readOperand(ctx, 0);
  ctx.bus.portWrite(port, size, readOperand(ctx, 1));
}

export function executeInterrupts(ctx: ExecutionContext): void {
  if (ctx.insn.op.mnemonic === 'int') {
    ctx.softwareInterrupt = ctx.insn.immediate & 0xff;
    return;
  }
  returnFromInterrupt(ctx);
}
