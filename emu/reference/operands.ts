// Operands: effective addresses (docs/isa.md §2) and reading/writing the operands
// an opcode-table entry names (§3), plus the stack accesses of §3.2.
//
//   effectiveAddress(insn, readReg)   ModRM/SIB address; readReg lets pop r/m32 see
//                                     esp after its increment (§3.2)
//   operandSize(kind)                 1, 2 or 4 bytes
//   resolveRm(ctx)                    the r/m operand as a Location; a memory operand
//                                     is translated here, once, with the intent of the
//                                     table's `rm` column (read -> read; write and rmw
//                                     -> write: "translated once, for writing, before
//                                     it is read"). Cached for the instruction.
//   readOperand(ctx, i)/writeOperand(ctx, i, v)
//                                     operand i of the table entry, by its kind
//   readLocation/writeLocation        a register or a translated memory span
//   readStack(ctx, offset)            the dword at esp + offset (a read access)
//   pushDword(ctx, value)             translate [esp-4] for writing, store, then esp -= 4
//   dataAccessIsUser(ctx)             accesses of an instruction are user accesses at CPL 3

import type { OperandKind } from '../../tools/isa/opcodes.ts';
import type { Instruction } from './decode.ts';
import type { ExecutionContext } from './execution-context.ts';
import { REG, type OperandSize } from './registers.ts';
import type { PhysicalSpan } from './translation.ts';

export type Location =
  | { kind: 'register'; index: number; size: OperandSize }
  | { kind: 'memory'; span: PhysicalSpan; size: OperandSize };

export function operandSize(kind: OperandKind): OperandSize {
  switch (kind) {
    case 'rm8': case 'r8': case 'imm8': case 'simm8': case 'rel8': case 'al': case 'cl':
      return 1;
    case 'rm16': case 'r16': case 'imm16': case 'ax': case 'dx':
      return 2;
    default:
      return 4;
  }
}

export function effectiveAddress(insn: Instruction, readReg: (index: number) => number): number {
  const m = insn.modrm;
  if (!m || m.mod === 3) throw new Error('effectiveAddress: the instruction has no memory operand');
  let address = m.displacement;
  if (m.sib) {
    const noBase = m.mod === 0 && m.sib.base === 5;
    if (!noBase) address += readReg(m.sib.base);
    if (m.sib.index !== 4) address += readReg(m.sib.index) * (1 << m.sib.scale);
  } else if (!(m.mod === 0 && m.rm === 5)) {
    address += readReg(m.rm);
  }
  return address >>> 0;
}

export function dataAccessIsUser(ctx: ExecutionContext): boolean {
  return ctx.regs.userMode;
}

/** The r/m operand of the entry; its size comes from the entry's rm8/rm16/rm32 operand. */
export function resolveRm(ctx: ExecutionContext, readReg?: (index: number) => number): Location {
  if (ctx.resolvedRm) return ctx.resolvedRm;
  const kind = ctx.insn.op.operands.find((k) => k === 'rm32' || k === 'rm16' || k === 'rm8');
  if (!kind) throw new Error(`${ctx.insn.op.mnemonic} has no r/m operand`);
  const size = operandSize(kind);
  const m = ctx.insn.modrm!;
  let location: Location;
  if (m.mod === 3) {
    location = { kind: 'register', index: m.rm, size };
  } else {
    const address = effectiveAddress(ctx.insn, readReg ?? ((i) => ctx.regs.gpr[i]));
    const intent = ctx.insn.op.rm === 'read' ? 'read' : 'write';
    location = { kind: 'memory', span: ctx.mmu.translateRange(address, size, intent, dataAccessIsUser(ctx)), size };
  }
  ctx.resolvedRm = location;
  return location;
}

export function readLocation(ctx: ExecutionContext, location: Location): number {
  if (location.kind === 'register') return ctx.regs.read(location.index, location.size);
  return ctx.mmu.readSpan(location.span);
}

export function writeLocation(ctx: ExecutionContext, location: Location, value: number): void {
  if (location.kind === 'register') ctx.regs.write(location.index, location.size, value);
  else ctx.mmu.writeSpan(location.span, value);
}

/** The register a register operand (r32/r16/r8) names. */
function registerOperandIndex(insn: Instruction): number {
  if (insn.opcodeRegister >= 0) return insn.opcodeRegister;
  // In 'cr' encodings the general register sits in the r/m field (mod = 11).
  if (insn.encoding.modrm === 'cr') return insn.modrm!.rm;
  return insn.modrm!.reg;
}

const FIXED_REGISTER: Partial<Record<OperandKind, number>> = {
  al: REG.EAX, ax: REG.EAX, eax: REG.EAX, cl: REG.ECX, dx: REG.EDX,
};

export function readOperand(ctx: ExecutionContext, position: number): number {
  const kind = ctx.insn.op.operands[position];
  switch (kind) {
    case 'rm32': case 'rm16': case 'rm8':
      return readLocation(ctx, resolveRm(ctx));
    case 'r32': case 'r16': case 'r8':
      return ctx.regs.read(registerOperandIndex(ctx.insn), operandSize(kind));
    case 'imm32': case 'imm16': case 'imm8': case 'simm8': case 'rel8': case 'rel32':
      return ctx.insn.immediate;
    case 'al': case 'ax': case 'eax': case 'cl': case 'dx':
      return ctx.regs.read(FIXED_REGISTER[kind]!, operandSize(kind));
    default:
      throw new Error(`readOperand: operand kind ${kind} has no value`);
  }
}

export function writeOperand(ctx: ExecutionContext, position: number, value: number): void {
  const kind = ctx.insn.op.operands[position];
  switch (kind) {
    case 'rm32': case 'rm16': case 'rm8':
      writeLocation(ctx, resolveRm(ctx), value);
      return;
    case 'r32': case 'r16': case 'r8':
      ctx.regs.write(registerOperandIndex(ctx.insn), operandSize(kind), value);
      return;
    case 'al': case 'ax': case 'eax':
      ctx.regs.write(REG.EAX, operandSize(kind), value);
      return;
    default:
      throw new Error(`writeOperand: operand kind ${kind} is not writable`);
  }
}

export function readStack(ctx: ExecutionContext, offset: number): number {
  const address = (ctx.regs.gpr[REG.ESP] + offset) >>> 0;
  return ctx.mmu.readLinear(address, 4, 'read', dataAccessIsUser(ctx));
}

export function pushDword(ctx: ExecutionContext, value: number): void {
  const address = (ctx.regs.gpr[REG.ESP] - 4) >>> 0;
  const span = ctx.mmu.translateRange(address, 4, 'write', dataAccessIsUser(ctx));
  ctx.mmu.writeSpan(span, value >>> 0);
  ctx.regs.gpr[REG.ESP] = address;
}
