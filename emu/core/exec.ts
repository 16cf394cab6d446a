// The block runner: executes the instructions of one decoded block (docs/isa.md
// §3, §8). The most frequent instruction forms are handled here, in line; the
// rest go to executeOther (exec-other.ts).
//
//   runBlock(b, eip, target, single): u32
//       runs block b, whose first instruction is at eip. single: only the first
//       instruction. Otherwise every instruction of the block, unless the cycle
//       budget could run out inside it: then the budget is checked before each
//       (an instruction starts only while cycles < target). Returns EXEC_DONE,
//       EXEC_STOP (a port access asked the core to stop), EXEC_HALT (hlt retired)
//       or EXEC_TRIPLE_FAULT.
//
// Handlers are the opcode-table case names (generated/opcodes.ts); the decoder
// adds MEM_FORM when the r/m operand is memory, so `case OP_MOV_R32_RM32` is the
// register form and `case OP_MOV_R32_RM32 | MEM_FORM` the load.
//
// Contract of every case: do each access that can fault first; change
// registers, flags and memory only once nothing can fault any more (precise
// exceptions, §5.1). Completed instructions are accounted once, when the block
// stops: eip, cycles (costs, a taken jcc's +2, and what page walks and rep
// elements owe), instructions. A faulting instruction is charged only what it
// owes, then its exception is delivered. int, iret, hlt and in/out work on the
// state in memory, so they flush the block's accounting first (they always end
// a block). The block also stops after any instruction that sets blockBreak
// (state.ts): an exception, a page walk (the budget must be checked again with
// its cycles), or a store into code.

import * as G from './generated/opcodes';
import { BLOCK_HEADER_SIZE, INSN_SIZE, STATE_CYCLES, STATE_EIP, STATE_FLAGS_OP, STATE_FLAGS_RES,
  STATE_HALTED, STATE_INSTRUCTIONS, EV_HALT, TRACE_MODE } from './layout';
import {
  ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL,
  SH_SHR, UNARY_DEC, UNARY_INC, UNARY_NEG, UNARY_NOT, alu, shift, unary,
} from './alu';
import { B_COUNT, B_PREFIX_CYCLES, I_COST, I_LEN, I_OP } from './codecache';
import { MEM_FORM } from './decode';
import { iret } from './deliver';
import { executeOther } from './exec-other';
import { VEC_GP, faulted, raise } from './fault';
import { FLAGS_EAGER, condition, lazyLogic } from './flags';
import { read, write } from './memory';
import { ccField, costField, ea, immField, push, regField, rmField } from './operands';
import { EAX, EDX, ESP, blockBreak, charge, clearBlockBreak, refreshAttention, reg, setReg, userMode } from './state';
import {
  EXEC_DONE, EXEC_HALT, instructionFault, portAccess, retireOne, softwareInterrupt,
} from './system';
import { owedCycles, takeOwedCycles } from './tlb';
import { emit, tracing } from './trace';

export { EXEC_DONE, EXEC_HALT, EXEC_STOP, EXEC_TRIPLE_FAULT, deliverInterrupt, instructionFault } from './system';

const JCC_TAKEN_CYCLES: u32 = 2;

/** Accounts `retired` completed instructions costing `cycles` before pc: the state is then exact at pc. */
@inline function flush(pc: u32, cycles: u32, retired: u32): void {
  store<u32>(0, pc, STATE_EIP);
  charge(<u64>cycles);
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + <u64>retired, STATE_INSTRUCTIONS);
}

@inline function aluRegRm(e: u32, k: u32): void {
  const r = rmField(e);
  const v = alu(k, reg(r), reg(regField(e)));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function aluRegReg(e: u32, k: u32): void {
  const r = regField(e);
  const v = alu(k, reg(r), reg(rmField(e)));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function aluRegImm(e: u32, k: u32): void {
  const r = rmField(e);
  const v = alu(k, reg(r), immField(e));
  if (k != ALU_CMP) setReg(r, v);
}

@inline function unaryReg(e: u32, k: u32): void {
  const r = rmField(e);
  setReg(r, unary(k, reg(r)));
}

@inline function shiftReg(e: u32, k: u32): void {
  const n = immField(e) & 31;
  if (n != 0) {
    const r = rmField(e);
    setReg(r, shift(k, reg(r), n));
  }
}

/** jcc's condition, with the common ZF tests on lazy flags in line. */
@inline function jccTaken(cc: u32): bool {
  if ((cc & 0xE) == 4 && load<u32>(0, STATE_FLAGS_OP) != FLAGS_EAGER) {
    return (load<u32>(0, STATE_FLAGS_RES) == 0) == (cc == 4);
  }
  return condition(cc);
}

export function runBlock(b: u32, eip: u32, target: u64, single: bool): u32 {
  const first = b + BLOCK_HEADER_SIZE;
  const end = first + (single ? 1 : load<u32>(b, B_COUNT)) * INSN_SIZE;
  // Cycles this block may spend before an instruction must not start.
  let room: u32 = 0xFFFFFFFF;
  if (!single) {
    const now = load<u64>(0, STATE_CYCLES);
    if (now + <u64>load<u32>(b, B_PREFIX_CYCLES) >= target) room = <u32>(target - now);
  }
  let e = first;
  let pc = eip;
  let next = eip;
  let spent: u32 = 0;
  while (true) {
    const op = <u32>load<u16>(e, I_OP);
    next = pc + <u32>load<u8>(e, I_LEN);
    switch (op) {
      case G.OP_ADD_RM32_R32: aluRegRm(e, ALU_ADD); break;
      case G.OP_ADD_R32_RM32: aluRegReg(e, ALU_ADD); break;
      case G.OP_ADD_RM32_IMM32: case G.OP_ADD_RM32_SIMM8: aluRegImm(e, ALU_ADD); break;
      case G.OP_OR_RM32_R32: aluRegRm(e, ALU_OR); break;
      case G.OP_OR_R32_RM32: aluRegReg(e, ALU_OR); break;
      case G.OP_OR_RM32_IMM32: case G.OP_OR_RM32_SIMM8: aluRegImm(e, ALU_OR); break;
      case G.OP_ADC_RM32_R32: aluRegRm(e, ALU_ADC); break;
      case G.OP_ADC_R32_RM32: aluRegReg(e, ALU_ADC); break;
      case G.OP_ADC_RM32_IMM32: case G.OP_ADC_RM32_SIMM8: aluRegImm(e, ALU_ADC); break;
      case G.OP_SBB_RM32_R32: aluRegRm(e, ALU_SBB); break;
      case G.OP_SBB_R32_RM32: aluRegReg(e, ALU_SBB); break;
      case G.OP_SBB_RM32_IMM32: case G.OP_SBB_RM32_SIMM8: aluRegImm(e, ALU_SBB); break;
      case G.OP_AND_RM32_R32: aluRegRm(e, ALU_AND); break;
      case G.OP_AND_R32_RM32: aluRegReg(e, ALU_AND); break;
      case G.OP_AND_RM32_IMM32: case G.OP_AND_RM32_SIMM8: aluRegImm(e, ALU_AND); break;
      case G.OP_SUB_RM32_R32: aluRegRm(e, ALU_SUB); break;
      case G.OP_SUB_R32_RM32: aluRegReg(e, ALU_SUB); break;
      case G.OP_SUB_RM32_IMM32: case G.OP_SUB_RM32_SIMM8: aluRegImm(e, ALU_SUB); break;
      case G.OP_XOR_RM32_R32: aluRegRm(e, ALU_XOR); break;
      case G.OP_XOR_R32_RM32: aluRegReg(e, ALU_XOR); break;
      case G.OP_XOR_RM32_IMM32: case G.OP_XOR_RM32_SIMM8: aluRegImm(e, ALU_XOR); break;
      case G.OP_CMP_RM32_R32: aluRegRm(e, ALU_CMP); break;
      case G.OP_CMP_R32_RM32: aluRegReg(e, ALU_CMP); break;
      case G.OP_CMP_RM32_IMM32: case G.OP_CMP_RM32_SIMM8: aluRegImm(e, ALU_CMP); break;
      case G.OP_TEST_RM32_R32: lazyLogic(reg(rmField(e)) & reg(regField(e))); break;

      case G.OP_MOV_R32_IMM32: setReg(regField(e), immField(e)); break;
      case G.OP_MOV_RM32_R32: setReg(rmField(e), reg(regField(e))); break;
      case G.OP_MOV_RM32_R32 | MEM_FORM: write<u32>(ea(e), reg(regField(e))); break;
      case G.OP_MOV_R32_RM32: setReg(regField(e), reg(rmField(e))); break;
      case G.OP_MOV_R32_RM32 | MEM_FORM: {
        const v = read<u32>(ea(e));
        if (!faulted) setReg(regField(e), v);
        break;
      }
      case G.OP_MOV_RM32_IMM32 | MEM_FORM: write<u32>(ea(e), immField(e)); break;
      case G.OP_MOVZX_R32_RM8 | MEM_FORM: {
        const v = read<u8>(ea(e));
        if (!faulted) setReg(regField(e), v);
        break;
      }
      case G.OP_LEA_R32_M | MEM_FORM: setReg(regField(e), ea(e)); break;

      case G.OP_NOT_RM32: unaryReg(e, UNARY_NOT); break;
      case G.OP_NEG_RM32: unaryReg(e, UNARY_NEG); break;
      case G.OP_INC_RM32: unaryReg(e, UNARY_INC); break;
      case G.OP_DEC_RM32: unaryReg(e, UNARY_DEC); break;
      case G.OP_SHL_RM32_IMM8: shiftReg(e, SH_SHL); break;
      case G.OP_SHR_RM32_IMM8: shiftReg(e, SH_SHR); break;
      case G.OP_SAR_RM32_IMM8: shiftReg(e, SH_SAR); break;
      case G.OP_ROL_RM32_IMM8: shiftReg(e, SH_ROL); break;
      case G.OP_ROR_RM32_IMM8: shiftReg(e, SH_ROR); break;

      case G.OP_PUSH_R32: push(reg(regField(e))); break;
      case G.OP_PUSH_IMM32: case G.OP_PUSH_SIMM8: push(immField(e)); break;
      case G.OP_POP_R32: {
        const sp = reg(ESP);
        const v = read<u32>(sp);
        if (faulted) break;
        setReg(ESP, sp + 4);
        setReg(regField(e), v);
        break;
      }

      case G.OP_JMP_REL8: case G.OP_JMP_REL32: next += immField(e); break;
      case G.OP_JCC_REL8: case G.OP_JCC_REL32: {
        if (jccTaken(ccField(e))) {
          next += immField(e);
          spent += JCC_TAKEN_CYCLES;
        }
        break;
      }
      case G.OP_CALL_REL32: {
        push(next);
        next += immField(e);
        break;
      }
      case G.OP_RET: {
        const sp = reg(ESP);
        const t = read<u32>(sp);
        if (faulted) break;
        setReg(ESP, sp + 4);
        next = t;
        break;
      }
      case G.OP_RDTSC: {
        const c = load<u64>(0, STATE_CYCLES) + <u64>spent;
        setReg(EAX, <u32>c);
        setReg(EDX, <u32>(c >>> 32));
        break;
      }

      case G.OP_INT_IMM8: {
        flush(pc, spent, <u32>(e - first) / INSN_SIZE);
        return softwareInterrupt(e, pc, next);
      }
      case G.OP_IRET: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, <u32>(e - first) / INSN_SIZE);
        if (iret(pc, costField(e))) return EXEC_DONE;
        return instructionFault(pc);
      }
      case G.OP_HLT: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, <u32>(e - first) / INSN_SIZE);
        store<u32>(0, 1, STATE_HALTED);
        if (tracing(TRACE_MODE)) emit(EV_HALT, 0, 0, pc, 0, 0);
        retireOne(e, next);
        refreshAttention();
        return EXEC_HALT;
      }
      case G.OP_IN_AL_DX: case G.OP_IN_AX_DX: case G.OP_IN_EAX_DX: case G.OP_IN_AL_IMM8:
      case G.OP_IN_EAX_IMM8: case G.OP_OUT_DX_AL: case G.OP_OUT_DX_AX: case G.OP_OUT_DX_EAX:
      case G.OP_OUT_IMM8_AL: case G.OP_OUT_IMM8_EAX: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, <u32>(e - first) / INSN_SIZE);
        return portAccess(e, op, next);
      }

      default: next = executeOther(e, op & ~MEM_FORM, pc, next); break;
    }
    if (blockBreak) {
      clearBlockBreak();
      if (faulted) {
        flush(pc, spent, <u32>(e - first) / INSN_SIZE);
        return instructionFault(pc);
      }
      spent += <u32>load<u8>(e, I_COST);
      e += INSN_SIZE;
      break;
    }
    spent += <u32>load<u8>(e, I_COST);
    e += INSN_SIZE;
    if (e == end || spent >= room) break;
    pc = next;
  }
  store<u32>(0, next, STATE_EIP);
  if (owedCycles != 0) spent += takeOwedCycles();
  charge(<u64>spent);
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + <u64>((e - first) / INSN_SIZE), STATE_INSTRUCTIONS);
  return EXEC_DONE;
}
