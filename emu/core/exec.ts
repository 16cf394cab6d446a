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
// Dispatch is on the entry's inline form (inline-forms.ts), a dense number the
// decoder derives from the opcode-table handler, so that it is one jump table.
//
// Contract of every case: do each access that can fault first; change
// registers, flags and memory only once nothing can fault any more (precise
// exceptions, §5.1). Completed instructions are accounted once, when the block
// stops: eip, cycles (costs, a taken jcc's +2, and what page walks and rep
// elements owe), instructions. A faulting instruction is charged only what it
// owes, then its exception is delivered. int, iret, hlt and in/out work on the
// state in memory, so they flush the block's accounting first (they always end
// a block). After an instruction that sets blockBreak (state.ts) the block
// stops on an exception or a store into code; after a page walk it goes on, its
// cycles counted, checking the budget before each instruction when it must. A block whose last instruction jumps back
// to its first runs again in place, as long as the budget allows, instead of
// returning to the run loop.

import {
  BLOCK_HEADER_SIZE, EV_HALT, INSN_SIZE, STATE_CYCLES, STATE_EIP, STATE_FLAGS_OP, STATE_FLAGS_RES, STATE_HALTED,
  STATE_INSTRUCTIONS, TRACE_MODE,
} from './layout';
import {
  ALU_ADC, ALU_ADD, ALU_AND, ALU_CMP, ALU_OR, ALU_SBB, ALU_SUB, ALU_XOR, SH_ROL, SH_ROR, SH_SAR, SH_SHL,
  SH_SHR, UNARY_DEC, UNARY_INC, UNARY_NEG, UNARY_NOT, alu, shift, unary,
} from './alu';
import { B_COUNT, B_PREFIX_CYCLES, I_COST, I_FORM, I_LEN, I_OP, MEM_FORM } from './codecache';
import { iret } from './deliver';
import { executeOther } from './exec-other';
import {
  FORM_ALU_RM_IMM, FORM_ALU_RM_R, FORM_ALU_R_RM, FORM_CALL_REL, FORM_DEC, FORM_HLT, FORM_INC, FORM_INT, FORM_IRET,
  FORM_JCC_REL, FORM_JMP_REL, FORM_LEA, FORM_LOAD_R_RM, FORM_LOAD_ZX8, FORM_MOV_RM_R, FORM_MOV_R_IMM, FORM_MOV_R_RM,
  FORM_NEG, FORM_NOT, FORM_POP_R, FORM_PORT, FORM_PUSH_IMM, FORM_PUSH_R, FORM_RDTSC, FORM_RET, FORM_SHIFT_IMM,
  FORM_STORE_RM_IMM, FORM_STORE_RM_R, FORM_TEST_RM_R,
} from './inline-forms';
import { VEC_GP, faulted, raise } from './fault';
import { FLAGS_EAGER, condition, lazyLogic } from './flags';
import { read, write } from './memory';
import { ccField, costField, ea, immField, push, regField, rmField } from './operands';
import {
  EAX, EDX, ESP, blockBreak, charge, clearBlockBreak, codeChanged, refreshAttention, reg, setReg, userMode,
} from './state';
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

/**
 * A block that loops on itself returns to the run loop after this many cycles
 * (which also lets the engine replace a long-running first call with optimized code).
 */
const LOOP_CYCLES: u32 = 1 << 16;

export function runBlock(b: u32, eip: u32, target: u64, single: bool): u32 {
  const first = b + BLOCK_HEADER_SIZE;
  const count = single ? 1 : load<u32>(b, B_COUNT);
  const end = first + count * INSN_SIZE;
  const prefix = <u64>load<u32>(b, B_PREFIX_CYCLES);
  const start = load<u64>(0, STATE_CYCLES);
  // Cycles this block may spend before an instruction must not start.
  let room: u32 = 0xFFFFFFFF;
  if (!single && start + prefix >= target) room = <u32>(target - start);
  let e = first;
  let pc = eip;
  let next = eip;
  let spent: u32 = 0;
  let passes: u32 = 0; // completed passes of a block that jumps back to its start
  while (true) {
    next = pc + <u32>load<u8>(e, I_LEN);
    switch (<u32>load<u8>(e, I_FORM)) {
      case FORM_ALU_RM_R + ALU_ADD: aluRegRm(e, ALU_ADD); break;
      case FORM_ALU_RM_R + ALU_OR: aluRegRm(e, ALU_OR); break;
      case FORM_ALU_RM_R + ALU_ADC: aluRegRm(e, ALU_ADC); break;
      case FORM_ALU_RM_R + ALU_SBB: aluRegRm(e, ALU_SBB); break;
      case FORM_ALU_RM_R + ALU_AND: aluRegRm(e, ALU_AND); break;
      case FORM_ALU_RM_R + ALU_SUB: aluRegRm(e, ALU_SUB); break;
      case FORM_ALU_RM_R + ALU_XOR: aluRegRm(e, ALU_XOR); break;
      case FORM_ALU_RM_R + ALU_CMP: aluRegRm(e, ALU_CMP); break;
      case FORM_ALU_R_RM + ALU_ADD: aluRegReg(e, ALU_ADD); break;
      case FORM_ALU_R_RM + ALU_OR: aluRegReg(e, ALU_OR); break;
      case FORM_ALU_R_RM + ALU_ADC: aluRegReg(e, ALU_ADC); break;
      case FORM_ALU_R_RM + ALU_SBB: aluRegReg(e, ALU_SBB); break;
      case FORM_ALU_R_RM + ALU_AND: aluRegReg(e, ALU_AND); break;
      case FORM_ALU_R_RM + ALU_SUB: aluRegReg(e, ALU_SUB); break;
      case FORM_ALU_R_RM + ALU_XOR: aluRegReg(e, ALU_XOR); break;
      case FORM_ALU_R_RM + ALU_CMP: aluRegReg(e, ALU_CMP); break;
      case FORM_ALU_RM_IMM + ALU_ADD: aluRegImm(e, ALU_ADD); break;
      case FORM_ALU_RM_IMM + ALU_OR: aluRegImm(e, ALU_OR); break;
      case FORM_ALU_RM_IMM + ALU_ADC: aluRegImm(e, ALU_ADC); break;
      case FORM_ALU_RM_IMM + ALU_SBB: aluRegImm(e, ALU_SBB); break;
      case FORM_ALU_RM_IMM + ALU_AND: aluRegImm(e, ALU_AND); break;
      case FORM_ALU_RM_IMM + ALU_SUB: aluRegImm(e, ALU_SUB); break;
      case FORM_ALU_RM_IMM + ALU_XOR: aluRegImm(e, ALU_XOR); break;
      case FORM_ALU_RM_IMM + ALU_CMP: aluRegImm(e, ALU_CMP); break;
      case FORM_TEST_RM_R: lazyLogic(reg(rmField(e)) & reg(regField(e))); break;

      case FORM_MOV_R_IMM: setReg(regField(e), immField(e)); break;
      case FORM_MOV_RM_R: setReg(rmField(e), reg(regField(e))); break;
      case FORM_STORE_RM_R: write<u32>(ea(e), reg(regField(e))); break;
      case FORM_MOV_R_RM: setReg(regField(e), reg(rmField(e))); break;
      case FORM_LOAD_R_RM: {
        const v = read<u32>(ea(e));
        if (!faulted) setReg(regField(e), v);
        break;
      }
      case FORM_STORE_RM_IMM: write<u32>(ea(e), immField(e)); break;
      case FORM_LOAD_ZX8: {
        const v = read<u8>(ea(e));
        if (!faulted) setReg(regField(e), v);
        break;
      }
      case FORM_LEA: setReg(regField(e), ea(e)); break;

      case FORM_NOT: unaryReg(e, UNARY_NOT); break;
      case FORM_NEG: unaryReg(e, UNARY_NEG); break;
      case FORM_INC: unaryReg(e, UNARY_INC); break;
      case FORM_DEC: unaryReg(e, UNARY_DEC); break;
      case FORM_SHIFT_IMM + SH_SHL: shiftReg(e, SH_SHL); break;
      case FORM_SHIFT_IMM + SH_SHR: shiftReg(e, SH_SHR); break;
      case FORM_SHIFT_IMM + SH_SAR: shiftReg(e, SH_SAR); break;
      case FORM_SHIFT_IMM + SH_ROL: shiftReg(e, SH_ROL); break;
      case FORM_SHIFT_IMM + SH_ROR: shiftReg(e, SH_ROR); break;

      case FORM_PUSH_R: push(reg(regField(e))); break;
      case FORM_PUSH_IMM: push(immField(e)); break;
      case FORM_POP_R: {
        const sp = reg(ESP);
        const v = read<u32>(sp);
        if (faulted) break;
        setReg(ESP, sp + 4);
        setReg(regField(e), v);
        break;
      }

      case FORM_JMP_REL: next += immField(e); break;
      case FORM_JCC_REL: {
        if (jccTaken(ccField(e))) {
          next += immField(e);
          spent += JCC_TAKEN_CYCLES;
        }
        break;
      }
      case FORM_CALL_REL: {
        push(next);
        next += immField(e);
        break;
      }
      case FORM_RET: {
        const sp = reg(ESP);
        const t = read<u32>(sp);
        if (faulted) break;
        setReg(ESP, sp + 4);
        next = t;
        break;
      }
      case FORM_RDTSC: {
        const c = load<u64>(0, STATE_CYCLES) + <u64>spent;
        setReg(EAX, <u32>c);
        setReg(EDX, <u32>(c >>> 32));
        break;
      }

      case FORM_INT: {
        flush(pc, spent, passes * count + (e - first) / INSN_SIZE);
        return softwareInterrupt(e, pc, next);
      }
      case FORM_IRET: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, passes * count + (e - first) / INSN_SIZE);
        if (iret(pc, costField(e))) return EXEC_DONE;
        return instructionFault(pc);
      }
      case FORM_HLT: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, passes * count + (e - first) / INSN_SIZE);
        store<u32>(0, 1, STATE_HALTED);
        if (tracing(TRACE_MODE)) emit(EV_HALT, 0, 0, pc, 0, 0);
        retireOne(e, next);
        refreshAttention();
        return EXEC_HALT;
      }
      case FORM_PORT: {
        if (userMode) { raise(VEC_GP, 0); break; }
        flush(pc, spent, passes * count + (e - first) / INSN_SIZE);
        return portAccess(e, <u32>load<u16>(e, I_OP), next);
      }

      default: next = executeOther(e, <u32>load<u16>(e, I_OP) & ~MEM_FORM, pc, next); break;
    }
    spent += <u32>load<u8>(e, I_COST);
    e += INSN_SIZE;
    if (blockBreak) {
      const stop = codeChanged;
      clearBlockBreak();
      if (faulted) {
        spent -= <u32>load<u8>(e - INSN_SIZE, I_COST);
        flush(pc, spent, passes * count + (e - INSN_SIZE - first) / INSN_SIZE);
        return instructionFault(pc);
      }
      if (stop) break;
      // Page walks: their cycles count from now on; the budget may need checking.
      spent += takeOwedCycles();
      const now = start + <u64>spent;
      if (now >= target) break;
      if (now + prefix >= target) room = <u32>(target - start);
    }
    if (e == end) {
      // A loop that is this whole block runs again here, as long as its next pass
      // may start (and, unchecked, finish) within the budget.
      if (next != eip || single || spent >= LOOP_CYCLES) break;
      const now = start + <u64>spent;
      if (now >= target) break;
      if (now + prefix >= target) room = <u32>(target - start);
      passes++;
      e = first;
      pc = eip;
      continue;
    }
    if (spent >= room) break;
    pc = next;
  }
  store<u32>(0, next, STATE_EIP);
  if (owedCycles != 0) spent += takeOwedCycles();
  charge(<u64>spent);
  const retired = passes * count + (e - first) / INSN_SIZE;
  store<u64>(0, load<u64>(0, STATE_INSTRUCTIONS) + <u64>retired, STATE_INSTRUCTIONS);
  return EXEC_DONE;
}
